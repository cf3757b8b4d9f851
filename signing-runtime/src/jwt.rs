//! JSON Web Tokens: claim sets declared with `#[signed(jwt = "...")]`.
//!
//! CONTRACT STUB: the signatures below are what generated code calls; bodies are filled in by
//! the JWT work (issue 3).

use core::fmt;

use crate::error::Error;
use crate::request::KeyDecl;
use crate::secret::KeySource;
use crate::signed::{Placement, Signed};
use crate::time::Timestamp;

/// A JWT signature algorithm (`#[signed(jwt = "...")]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JwtAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512,
    /// RSASSA-PSS with SHA-256.
    Ps256,
    /// ECDSA P-256 with SHA-256.
    Es256,
    /// Ed25519.
    EdDsa,
    /// HMAC-SHA256.
    Hs256,
}

impl fmt::Display for JwtAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JwtAlgorithm::Rs256 => "RS256",
            JwtAlgorithm::Rs384 => "RS384",
            JwtAlgorithm::Rs512 => "RS512",
            JwtAlgorithm::Ps256 => "PS256",
            JwtAlgorithm::Es256 => "ES256",
            JwtAlgorithm::EdDsa => "EdDSA",
            JwtAlgorithm::Hs256 => "HS256",
        })
    }
}

/// The static part of a JWT declaration, generated as a constant.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct JwtSpec {
    pub algorithm: JwtAlgorithm,
    /// `lifetime = N`: `nbf = at`, `exp = at + N`.
    pub lifetime: Option<i64>,
    /// `max_lifetime = M`: verify refuses `exp - nbf > M`.
    pub max_lifetime: Option<i64>,
    pub kid: Option<&'static str>,
    pub iat: bool,
    pub jti: bool,
    pub signature: Placement,
    pub method: Option<&'static str>,
    pub path: Option<&'static str>,
    pub key: KeyDecl,
}

/// A private key for signing JWTs.
#[derive(Clone)]
pub struct PrivateKey {
    _private: (),
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKey { .. }")
    }
}

impl PrivateKey {
    /// Loads a PEM key from an environment variable or a file.
    ///
    /// # Errors
    /// The loading errors of [`KeySource::load`], or [`Error::Jwt`] for a key that is not PEM.
    pub fn load(source: KeySource<'_>) -> Result<PrivateKey, Error> {
        let _ = source;
        Err(unimplemented_jwt())
    }
}

/// A public key for verifying JWTs.
#[derive(Clone, Debug)]
pub struct PublicKey {
    _private: (),
}

fn unimplemented_jwt() -> Error {
    Error::Jwt {
        reason: "JWT support is not built yet".into(),
    }
}

#[doc(hidden)]
pub fn jwt_message<T: serde::Serialize + ?Sized>(
    claims: &T,
    spec: &JwtSpec,
    at: Timestamp,
) -> Result<Vec<u8>, Error> {
    let _ = (claims, spec, at);
    Err(unimplemented_jwt())
}

#[doc(hidden)]
pub fn jwt_sign<T: serde::Serialize + ?Sized>(
    claims: &T,
    spec: &JwtSpec,
    key: &PrivateKey,
    at: Timestamp,
) -> Result<Signed, Error> {
    let _ = (claims, spec, key, at);
    Err(unimplemented_jwt())
}

#[doc(hidden)]
pub fn jwt_signature_into<T: serde::Serialize + ?Sized>(
    claims: &T,
    spec: &JwtSpec,
    key: &PrivateKey,
    at: Timestamp,
    out: &mut String,
) -> Result<(), Error> {
    let _ = (claims, spec, key, at, out);
    Err(unimplemented_jwt())
}

#[doc(hidden)]
pub fn jwt_verify<T: serde::Serialize + ?Sized>(
    claims: &T,
    spec: &JwtSpec,
    token: &str,
    key: &PublicKey,
) -> Result<(), Error> {
    let _ = (claims, spec, token, key);
    Err(unimplemented_jwt())
}
