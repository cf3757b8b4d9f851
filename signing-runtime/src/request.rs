//! The traits `#[derive(SignedRequest)]` implements. The MAC machinery behind the generated
//! impls is in the crate-private `generated` module (reachable only through `__private`).

use core::ops::Deref;

use crate::error::Error;
use crate::signed::Signed;
use crate::time::Timestamp;

/// A request whose message layout, algorithm and signature placement are declared with
/// `#[derive(SignedRequest)]` and `#[signed(...)]` attributes.
///
/// MAC requests sign with a [`Secret`](crate::Secret); JWT claim sets and messages declared with
/// `algorithm = ".."` sign with a `PrivateKey` and verify with a `PublicKey`.
pub trait SignedRequest {
    /// The key `sign_with` (and a JWT's `sign_at`) take.
    type SigningKey;
    /// The key `verify` takes.
    type VerifyingKey;

    /// The exact bytes that are signed.
    ///
    /// # Errors
    /// [`Error::AmbiguousValue`] when, under `escape = "strict"`, a value contains the separator
    /// that follows it.
    fn message(&self) -> Result<Vec<u8>, Error>;

    /// Signs with `key`. A MAC request's timestamps are its own fields, so it reads no clock; a
    /// JWT claim set computes `nbf`/`exp`/`iat` from the system clock ([`TimedRequest::sign_at`]
    /// takes the time instead).
    ///
    /// # Errors
    /// As [`SignedRequest::message`], plus key errors ([`Error::WeakKey`] under `strict_keys`,
    /// [`Error::KeyMismatch`] for a key that does not fit the JWT algorithm).
    fn sign_with(&self, key: &Self::SigningKey) -> Result<Signed, Error>;

    /// Signs with the key the declaration names (`key = env(..)`, `key = file(..)` or a
    /// `#[signed(key)]` field). Only exists when the declaration names one.
    ///
    /// # Errors
    /// As [`SignedRequest::sign_with`], plus the loading errors of [`crate::KeySource::load`].
    fn sign(&self) -> Result<Signed, Error>
    where
        Self: DeclaredKey,
    {
        let key = self.declared_key()?;
        self.sign_with(&key)
    }

    /// Writes the signature text alone into `out` (appending), without keeping the message:
    /// the allocation-free path for hot loops.
    ///
    /// # Errors
    /// As [`SignedRequest::sign_with`].
    fn signature_into(&self, key: &Self::SigningKey, out: &mut String) -> Result<(), Error>;

    /// Checks `signature` against this request, in constant time.
    ///
    /// # Errors
    /// [`Error::MalformedSignature`] when the text is not in the declared encoding,
    /// [`Error::SignatureMismatch`] when it does not match, or the errors of
    /// [`SignedRequest::message`].
    fn verify(&self, signature: &str, key: &Self::VerifyingKey) -> Result<(), Error>;
}

/// A request whose signature depends on the time it is made and checked at: a JWT claim set
/// (`#[signed(jwt = "..")]`), whose `nbf`, `exp` and `iat` are computed when it is signed and
/// checked when it is verified. These are the forms of `sign_with` and `verify` that take the
/// time, so a test can sign and verify a fixed (published) token deterministically.
///
/// MAC requests do not implement it: their timestamps are their own fields, set by the caller,
/// and nothing in signing or verifying them reads a clock (their `sign_at` used to take a time
/// and ignore it).
pub trait TimedRequest: SignedRequest {
    /// Signs with `key` as of `at`: `nbf = at`, `exp = at + lifetime`, `iat = at`.
    ///
    /// # Errors
    /// As [`SignedRequest::sign_with`].
    fn sign_at(&self, key: &Self::SigningKey, at: Timestamp) -> Result<Signed, Error>;

    /// [`SignedRequest::verify`] as of `now`: `nbf`, `exp` and `iat` are checked against `now`
    /// instead of the system clock.
    ///
    /// # Errors
    /// As [`SignedRequest::verify`].
    fn verify_at(
        &self,
        signature: &str,
        key: &Self::VerifyingKey,
        now: Timestamp,
    ) -> Result<(), Error>;
}

/// Implemented by requests whose declaration says where the key is; gives them `sign()`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` declares no key source, so it has no `sign()`",
    label = "no `key` in its #[signed(...)] attributes",
    note = "add #[signed(key = env(\"VAR\"))] or #[signed(key = file(\"path\"))] to the struct, \
            or a `#[signed(key)]` field, or call `sign_with(&key)`"
)]
pub trait DeclaredKey: SignedRequest {
    /// Loads (or borrows) the declared key.
    ///
    /// # Errors
    /// The loading errors of [`crate::KeySource::load`].
    fn declared_key(&self) -> Result<KeyRef<'_, Self::SigningKey>, Error>;
}

/// A key either borrowed from a `#[signed(key)]` field or loaded for one call.
#[derive(Debug)]
pub enum KeyRef<'a, K> {
    /// Borrowed from the request.
    Borrowed(&'a K),
    /// Loaded from the environment or a file.
    Owned(K),
}

impl<K> Deref for KeyRef<'_, K> {
    type Target = K;
    fn deref(&self) -> &K {
        match self {
            KeyRef::Borrowed(k) => k,
            KeyRef::Owned(k) => k,
        }
    }
}
