//! The trait `#[derive(SignedRequest)]` implements, and the MAC machinery behind it.

use core::ops::Deref;

use crate::encoding::Encoding;
use crate::error::Error;
use crate::header_format::SignatureParams;
use crate::mac::{BufferedMac, MacAlgorithm, MacState};
use crate::message::{Escape, Sink};
use crate::secret::Secret;
use crate::signed::{KeyInfo, Parts, Placement, Signed, SignedParts};
use crate::time::Timestamp;

/// A request whose message layout, algorithm and signature placement are declared with
/// `#[derive(SignedRequest)]` and `#[signed(...)]` attributes.
///
/// MAC requests sign with a [`Secret`]; JWT claim sets sign with a `PrivateKey` and verify with
/// a `PublicKey`.
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

/// Where the declaration says the key is (for `explain()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyDecl {
    /// Only `sign_with(&key)`.
    None,
    /// `key = env("NAME")`.
    Env(&'static str),
    /// `key = file("path")`.
    File(&'static str),
    /// A `#[signed(key)]` field.
    Field(&'static str),
}

/// The static part of a MAC declaration, generated as a constant.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct MacSpec {
    pub algorithm: MacAlgorithm,
    pub encoding: Encoding,
    pub escape: Escape,
    pub signature: Placement,
    pub method: Option<&'static str>,
    pub path: Option<&'static str>,
    pub key: KeyDecl,
    pub strict_keys: bool,
}

/// What the derive generates for a MAC request; the provided functions below do the rest.
#[doc(hidden)]
pub trait MacRequest {
    const SPEC: MacSpec;
    /// Streams the message into `out`.
    fn write_message<S: Sink + ?Sized>(&self, out: &mut S) -> Result<(), Error>;
    /// The parts of the request outside the message: URL query pairs, header fields, body.
    fn write_parts(&self, parts: &mut Parts) -> Result<(), Error>;
    /// The parameters of a `header(.., format = "..")` signature header, signature slot
    /// included; nothing for other placements.
    fn write_signature_params(&self, params: &mut SignatureParams) -> Result<(), Error> {
        let _ = params;
        Ok(())
    }
}

fn check_key(spec: &MacSpec, key: &Secret) -> Result<(), Error> {
    let min = spec.algorithm.output_len();
    if spec.strict_keys && key.len() < min {
        return Err(Error::WeakKey {
            origin: key.origin().to_string(),
            len: key.len(),
            min,
        });
    }
    Ok(())
}

#[doc(hidden)]
pub fn mac_message<R: MacRequest + ?Sized>(request: &R) -> Result<Vec<u8>, Error> {
    let mut message = Vec::with_capacity(128);
    request.write_message(&mut message)?;
    Ok(message)
}

// The functions below are instantiated for every declaration; each keeps to what needs the
// request's type (laying out its message and parts) and hands the rest to a non-generic helper,
// so a crate with many declarations compiles the shared code once.

#[doc(hidden)]
pub fn mac_sign<R: MacRequest + ?Sized>(request: &R, key: &Secret) -> Result<Signed, Error> {
    let spec = R::SPEC;
    check_key(&spec, key)?;
    // The message is laid out once, on the stack, and copied out whole; one longer than the
    // stack buffer is MACed as it streams, then laid out again for the caller.
    let mut mac = BufferedMac::new(key.mac_key(), spec.algorithm);
    request.write_message(&mut mac)?;
    let message = match mac.buffered() {
        Some(message) => message.to_vec(),
        None => mac_message(request)?,
    };
    let mut parts = Parts::new(spec.escape);
    request.write_parts(&mut parts)?;
    request.write_signature_params(&mut parts.signature_params)?;
    Ok(signed(&spec, key, &mut mac, message, parts))
}

fn signed(
    spec: &MacSpec,
    key: &Secret,
    mac: &mut BufferedMac<'_>,
    message: Vec<u8>,
    parts: Parts,
) -> Signed {
    let tag = mac.finalize();
    let mut signature = String::with_capacity(spec.algorithm.output_len() * 2);
    spec.encoding.encode_into(tag.as_bytes(), &mut signature);
    Signed::new(SignedParts {
        scheme: spec.algorithm.name(),
        encoding: Some(spec.encoding),
        message,
        signature,
        placement: spec.signature,
        method: spec.method,
        path: spec.path,
        parts,
        key: KeyInfo::of(key),
    })
}

#[doc(hidden)]
pub fn mac_signature_into<R: MacRequest + ?Sized>(
    request: &R,
    key: &Secret,
    out: &mut String,
) -> Result<(), Error> {
    let spec = R::SPEC;
    check_key(&spec, key)?;
    let mut mac = BufferedMac::new(key.mac_key(), spec.algorithm);
    request.write_message(&mut mac)?;
    spec.encoding.encode_into(mac.finalize().as_bytes(), out);
    Ok(())
}

#[doc(hidden)]
pub fn mac_verify<R: MacRequest + ?Sized>(
    request: &R,
    signature: &str,
    key: &Secret,
) -> Result<(), Error> {
    let spec = R::SPEC;
    if let Placement::HeaderParams {
        name,
        signature: slot,
        ..
    } = spec.signature
    {
        return verify_params(request, signature, key, name, slot);
    }
    let mut expected = [0u8; 64];
    let len = expected_mac(&spec, signature, &mut expected)?;
    let mut mac = BufferedMac::new(key.mac_key(), spec.algorithm);
    request.write_message(&mut mac)?;
    if mac.verify(&expected[..len]) {
        Ok(())
    } else {
        Err(Error::SignatureMismatch)
    }
}

/// Decodes a received signature into `out`, returning its length.
fn expected_mac(spec: &MacSpec, signature: &str, out: &mut [u8; 64]) -> Result<usize, Error> {
    let signature = match spec.signature {
        // Accept the header value with or without its declared prefix (`sha256=`).
        Placement::Header { prefix, .. } => signature.strip_prefix(prefix).unwrap_or(signature),
        _ => signature,
    };
    spec.encoding
        .decode_into(signature, out)
        .ok_or(Error::MalformedSignature {
            expected: spec.encoding,
        })
}

/// `verify` for a `header(.., format = "..")` signature header: the request's own parameters must
/// all be there with its values, and any one of the signature parameters must match.
fn verify_params<R: MacRequest + ?Sized>(
    request: &R,
    received: &str,
    key: &Secret,
    header: &'static str,
    slot: crate::header_format::SignatureParam,
) -> Result<(), Error> {
    let spec = R::SPEC;
    let mut expected = SignatureParams::default();
    request.write_signature_params(&mut expected)?;
    let candidates = expected.check(received, header, slot)?;
    let mut mac = BufferedMac::new(key.mac_key(), spec.algorithm);
    request.write_message(&mut mac)?;
    any_candidate_matches(&spec, &candidates, mac.into_state())
}

/// Whether any of the signatures a parameter list carries is the MAC.
fn any_candidate_matches(spec: &MacSpec, candidates: &[&str], mac: MacState) -> Result<(), Error> {
    let mut well_formed = false;
    for text in candidates.iter().copied() {
        let mut bytes = [0u8; 64];
        let Some(len) = spec.encoding.decode_into(text, &mut bytes) else {
            continue;
        };
        well_formed = true;
        // Constant time for each candidate; which one matched is no secret.
        if mac.clone().verify(&bytes[..len]) {
            return Ok(());
        }
    }
    if well_formed {
        Err(Error::SignatureMismatch)
    } else {
        Err(Error::MalformedSignature {
            expected: spec.encoding,
        })
    }
}
