//! JSON Web Tokens: claim sets declared with `#[signed(jwt = "...")]`, and the server side that
//! checks them.
//!
//! Clients derive `SignedRequest` on a `serde::Serialize` struct; the token is
//! `Signed::signature()`. Servers check tokens with [`decode`] and a [`Validation`], which takes
//! the current time from the caller when asked, so every check is deterministic in tests:
//!
//! ```
//! use signing_runtime::jwt::{self, JwtAlgorithm, Validation};
//! use signing_runtime::{Error, PublicKey, Secret, Timestamp};
//!
//! // RFC 7515 appendix A.1 (HS256); its `exp` is 1300819380.
//! let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.\
//!     eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.\
//!     dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
//! // The JWK's `k`, in standard base64 (`-` -> `+`, `_` -> `/`).
//! let key = PublicKey::hmac(Secret::from_base64(
//!     "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ+EstJQLr/T+1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
//! )?);
//! let at = Timestamp::from_unix_seconds(1_300_819_000);
//! let claims: serde_json::Value = jwt::decode(token, &key, &Validation::new(JwtAlgorithm::Hs256).at(at))?;
//! assert_eq!(claims["iss"], "joe");
//!
//! let later = Timestamp::from_unix_seconds(1_300_819_380 + 3600);
//! let err = jwt::decode::<serde_json::Value>(token, &key, &Validation::new(JwtAlgorithm::Hs256).at(later));
//! assert!(matches!(err, Err(Error::TokenExpired { .. })));
//! # Ok::<(), Error>(())
//! ```
//!
//! # Backend
//! Signatures are made and checked by jsonwebtoken's RustCrypto provider, called directly
//! (`jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER`), never through jsonwebtoken's
//! process-wide default. That default panics when both of jsonwebtoken's `rust_crypto` and
//! `aws_lc_rs` features end up enabled in one dependency tree; this crate never reads it, and
//! never installs one either, so an application stays free to pick its own. HS256 uses this
//! crate's own HMAC (the one MAC requests use), with a constant-time comparison.

use core::fmt;
use std::collections::BTreeMap;
use std::io::Write as _;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER;

use crate::encoding::Encoding;
use crate::error::Error;
use crate::generated::KeyDecl;
use crate::mac::MacAlgorithm;
use crate::message::{Escape, Sink as _};
use crate::signed::{Parts, Placement, Signed, SignedParts};
use crate::time::Timestamp;

mod der;
mod keys;
mod pem;
mod verify;

pub(crate) use keys::{KeyKind, Material, PSS_ONLY_RSA, RSA_NOT_PSS_ONLY};
pub use keys::{PrivateKey, PublicKey, MAX_PEM_BYTES};
pub use verify::{decode, Validation, MAX_TOKEN_BYTES};

/// The clock skew [`Validation`] and the derived `verify` allow by default, in seconds (the same
/// as jsonwebtoken's default).
pub const DEFAULT_LEEWAY: u32 = 60;

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

impl JwtAlgorithm {
    /// The name in the JWT header's `alg` (RFC 7518 §3.1), also the attribute value.
    pub const fn name(self) -> &'static str {
        match self {
            JwtAlgorithm::Rs256 => "RS256",
            JwtAlgorithm::Rs384 => "RS384",
            JwtAlgorithm::Rs512 => "RS512",
            JwtAlgorithm::Ps256 => "PS256",
            JwtAlgorithm::Es256 => "ES256",
            JwtAlgorithm::EdDsa => "EdDSA",
            JwtAlgorithm::Hs256 => "HS256",
        }
    }

    /// What `explain()` calls the scheme.
    const fn scheme(self) -> &'static str {
        match self {
            JwtAlgorithm::Rs256 => "RS256 JWT",
            JwtAlgorithm::Rs384 => "RS384 JWT",
            JwtAlgorithm::Rs512 => "RS512 JWT",
            JwtAlgorithm::Ps256 => "PS256 JWT",
            JwtAlgorithm::Es256 => "ES256 JWT",
            JwtAlgorithm::EdDsa => "EdDSA JWT",
            JwtAlgorithm::Hs256 => "HS256 JWT",
        }
    }

    pub(crate) const fn key_kind(self) -> KeyKind {
        match self {
            JwtAlgorithm::Rs256
            | JwtAlgorithm::Rs384
            | JwtAlgorithm::Rs512
            | JwtAlgorithm::Ps256 => KeyKind::Rsa,
            JwtAlgorithm::Es256 => KeyKind::EcP256,
            JwtAlgorithm::EdDsa => KeyKind::Ed25519,
            JwtAlgorithm::Hs256 => KeyKind::Hmac,
        }
    }

    /// RS256, RS384 and RS512: RSASSA-PKCS1-v1_5, which a key restricted to RSASSA-PSS refuses.
    pub(crate) const fn is_pkcs1_v15(self) -> bool {
        matches!(
            self,
            JwtAlgorithm::Rs256 | JwtAlgorithm::Rs384 | JwtAlgorithm::Rs512
        )
    }

    const fn backend(self) -> jsonwebtoken::Algorithm {
        match self {
            JwtAlgorithm::Rs256 => jsonwebtoken::Algorithm::RS256,
            JwtAlgorithm::Rs384 => jsonwebtoken::Algorithm::RS384,
            JwtAlgorithm::Rs512 => jsonwebtoken::Algorithm::RS512,
            JwtAlgorithm::Ps256 => jsonwebtoken::Algorithm::PS256,
            JwtAlgorithm::Es256 => jsonwebtoken::Algorithm::ES256,
            JwtAlgorithm::EdDsa => jsonwebtoken::Algorithm::EdDSA,
            JwtAlgorithm::Hs256 => jsonwebtoken::Algorithm::HS256,
        }
    }
}

impl fmt::Display for JwtAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
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

/// What the derive generates for a JWT claim set: its declaration as a constant (the JWT side's
/// `MacRequest`). The `jwt_*` functions below take it.
#[doc(hidden)]
pub trait JwtRequest {
    /// The declaration.
    const SPEC: JwtSpec;
}

/// Signs a JWS signing input (`BASE64URL(header) "." BASE64URL(payload)`, RFC 7515 §5.1) as is
/// and returns the signature, base64url without padding: the third part of a compact token.
///
/// For tokens whose header and payload bytes are fixed elsewhere (published test vectors,
/// another implementation's output). RS*, ES256 and EdDSA signatures are deterministic; PS256's
/// are randomized.
///
/// # Errors
/// [`Error::KeyMismatch`] when `key` is not of the family `algorithm` needs, or is an RSA key
/// restricted to RSASSA-PSS (PKCS#8 algorithm id-RSASSA-PSS) and `algorithm` is RS256, RS384 or
/// RS512;
/// [`Error::EmptyKey`] for an empty HMAC secret; [`Error::Jwt`] when the backend refuses the key.
pub fn sign_input(
    algorithm: JwtAlgorithm,
    key: &PrivateKey,
    input: &[u8],
) -> Result<String, Error> {
    let mut signature = String::with_capacity(512);
    sign_into(algorithm, key, input, &mut signature)?;
    Ok(signature)
}

/// Appends the base64url signature of `input` to `out`.
fn sign_into(
    algorithm: JwtAlgorithm,
    key: &PrivateKey,
    input: &[u8],
    out: &mut String,
) -> Result<(), Error> {
    key.check_fits(algorithm)?;
    match key.material() {
        Material::Hmac(secret) => {
            if secret.is_empty() {
                return Err(Error::EmptyKey {
                    origin: secret.origin().to_string(),
                });
            }
            let mut mac = secret.mac(MacAlgorithm::HmacSha256);
            mac.write(input);
            Encoding::Base64UrlNoPad.encode_into(mac.finalize().as_bytes(), out);
        }
        // RSA signs with the key parsed at load time: jsonwebtoken's RSA signer would parse
        // (and check) the PKCS#1 key again for every token.
        Material::Jose(_) if algorithm.key_kind() == KeyKind::Rsa => {
            let signature = key
                .raw()
                .and_then(|raw| raw.jwt_rsa_signature(algorithm, input))
                .ok_or_else(|| Error::Jwt {
                    reason: format!("{algorithm} signing failed"),
                })?;
            Encoding::Base64UrlNoPad.encode_into(&signature, out);
        }
        Material::Jose(encoding_key) => {
            let signer = (DEFAULT_PROVIDER.signer_factory)(&algorithm.backend(), encoding_key)
                .map_err(|e| backend_error(algorithm, &e))?;
            let signature = signer.try_sign(input).map_err(|_| Error::Jwt {
                reason: format!("{algorithm} signing failed"),
            })?;
            Encoding::Base64UrlNoPad.encode_into(&signature, out);
        }
    }
    Ok(())
}

/// Checks a base64url `signature` over `input`: constant time for HS256.
pub(crate) fn verify_input(
    algorithm: JwtAlgorithm,
    key: &PublicKey,
    input: &[u8],
    signature: &str,
) -> Result<(), Error> {
    key.check_fits(algorithm)?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| Error::MalformedToken {
            reason: "its signature is not base64url",
        })?;
    let valid = match key.material() {
        Material::Hmac(secret) => {
            let mut mac = secret.mac(MacAlgorithm::HmacSha256);
            mac.write(input);
            mac.verify(&signature)
        }
        Material::Jose(decoding_key) => {
            let verifier = (DEFAULT_PROVIDER.verifier_factory)(&algorithm.backend(), decoding_key)
                .map_err(|e| backend_error(algorithm, &e))?;
            verifier.verify(input, &signature).is_ok()
        }
    };
    if valid {
        Ok(())
    } else {
        Err(Error::SignatureMismatch)
    }
}

/// A key the backend refuses after this crate accepted it (the family was checked before).
fn backend_error(algorithm: JwtAlgorithm, error: &jsonwebtoken::errors::Error) -> Error {
    Error::Jwt {
        reason: format!("the {algorithm} backend refused the key: {error}"),
    }
}

/// `BASE64URL(header) "." BASE64URL(payload)` for `claims` signed at `at`.
fn signing_input<T: serde::Serialize + ?Sized>(
    claims: &T,
    spec: &JwtSpec,
    at: Timestamp,
) -> Result<String, Error> {
    let mut header = Vec::with_capacity(64);
    header.extend_from_slice(br#"{"alg":""#);
    header.extend_from_slice(spec.algorithm.name().as_bytes());
    header.extend_from_slice(br#"","typ":"JWT""#);
    if let Some(kid) = spec.kid {
        header.extend_from_slice(br#","kid":"#);
        serde_json::to_writer(&mut header, kid).map_err(claims_error)?;
    }
    header.push(b'}');
    let payload = payload(claims, spec, at)?;
    let mut input = String::with_capacity((header.len() + payload.len()) * 4 / 3 + 4);
    Encoding::Base64UrlNoPad.encode_into(&header, &mut input);
    input.push('.');
    Encoding::Base64UrlNoPad.encode_into(&payload, &mut input);
    Ok(input)
}

/// The claims' JSON object, followed by the claims computed at signing time. A computed claim
/// the struct already has is an error ([`Error::DuplicateClaim`]), never a silent choice.
fn payload<T: serde::Serialize + ?Sized>(
    claims: &T,
    spec: &JwtSpec,
    at: Timestamp,
) -> Result<Vec<u8>, Error> {
    let mut json = serde_json::to_vec(claims).map_err(claims_error)?;
    if json.first() != Some(&b'{') || json.last() != Some(&b'}') {
        return Err(not_an_object());
    }
    let now = at.unix_seconds();
    let mut computed: Vec<(&'static str, String)> = Vec::with_capacity(4);
    if spec.iat {
        computed.push(("iat", now.to_string()));
    }
    if let Some(lifetime) = spec.lifetime {
        let exp = now
            .checked_add(lifetime)
            .ok_or_else(|| Error::InvalidClaims {
                reason: format!("`exp` = {now} + {lifetime} overflows"),
            })?;
        computed.push(("nbf", now.to_string()));
        computed.push(("exp", exp.to_string()));
    }
    if spec.jti {
        let mut id = [0u8; 16];
        getrandom::getrandom(&mut id).map_err(|e| Error::Jwt {
            reason: format!("the OS random source failed while making `jti`: {e}"),
        })?;
        computed.push(("jti", format!("\"{}\"", hex::encode(id))));
    }
    if computed.is_empty() {
        return Ok(json);
    }
    let own: BTreeMap<String, serde::de::IgnoredAny> =
        serde_json::from_slice(&json).map_err(claims_error)?;
    if let Some((name, _)) = computed.iter().find(|(name, _)| own.contains_key(*name)) {
        return Err(Error::DuplicateClaim { claim: name });
    }
    json.pop();
    for (name, value) in computed {
        if json.last() != Some(&b'{') {
            json.push(b',');
        }
        // Writing into a Vec cannot fail.
        let _ = write!(json, "\"{name}\":{value}");
    }
    json.push(b'}');
    Ok(json)
}

fn claims_error(error: serde_json::Error) -> Error {
    Error::InvalidClaims {
        reason: error.to_string(),
    }
}

fn not_an_object() -> Error {
    Error::InvalidClaims {
        reason: "the claims do not serialize to a JSON object (a claim set is a struct with named fields)"
            .into(),
    }
}

/// The message of a JWT request: its signing input at `at`. With `jti`, every call differs.
///
/// # Errors
/// [`Error::InvalidClaims`] when the claims do not serialize to a JSON object;
/// [`Error::DuplicateClaim`] when the struct has a claim the declaration computes.
#[doc(hidden)]
pub fn jwt_message<T: serde::Serialize + ?Sized>(
    claims: &T,
    spec: &JwtSpec,
    at: Timestamp,
) -> Result<Vec<u8>, Error> {
    signing_input(claims, spec, at).map(String::into_bytes)
}

/// Signs `claims` at `at`: the message is the signing input, the signature the compact token.
///
/// # Errors
/// The errors of [`jwt_message`] and [`sign_input`].
#[doc(hidden)]
pub fn jwt_sign<T: serde::Serialize + ?Sized>(
    claims: &T,
    spec: &JwtSpec,
    key: &PrivateKey,
    at: Timestamp,
) -> Result<Signed, Error> {
    key.check_fits(spec.algorithm)?;
    let input = signing_input(claims, spec, at)?;
    let mut token = String::with_capacity(input.len() + 1 + 512);
    token.push_str(&input);
    token.push('.');
    sign_into(spec.algorithm, key, input.as_bytes(), &mut token)?;
    Ok(Signed::new(SignedParts {
        scheme: spec.algorithm.scheme(),
        encoding: None,
        message: input.into_bytes(),
        signature: token,
        placement: spec.signature,
        method: spec.method,
        path: spec.path,
        parts: Parts::new(Escape::Rfc3986),
        key: key.info(),
    }))
}

/// Appends the compact token to `out` (nothing, on error).
///
/// # Errors
/// As [`jwt_sign`].
#[doc(hidden)]
pub fn jwt_signature_into<T: serde::Serialize + ?Sized>(
    claims: &T,
    spec: &JwtSpec,
    key: &PrivateKey,
    at: Timestamp,
    out: &mut String,
) -> Result<(), Error> {
    key.check_fits(spec.algorithm)?;
    let input = signing_input(claims, spec, at)?;
    let start = out.len();
    out.push_str(&input);
    out.push('.');
    sign_into(spec.algorithm, key, input.as_bytes(), out).inspect_err(|_| out.truncate(start))
}

/// Checks `token` against `claims` with the system clock: see [`jwt_verify_at`].
///
/// # Errors
/// As [`jwt_verify_at`].
#[doc(hidden)]
pub fn jwt_verify<T: serde::Serialize + ?Sized>(
    claims: &T,
    spec: &JwtSpec,
    token: &str,
    key: &PublicKey,
) -> Result<(), Error> {
    jwt_verify_with(claims, spec, token, key, Validation::for_spec(spec))
}

/// Checks `token` against `claims` at `now`: its signature and `alg`, `nbf`/`exp`/`iat` with
/// [`DEFAULT_LEEWAY`], `exp - nbf` and `exp - now` against `max_lifetime` (or `lifetime` when only
/// that is declared), and that every claim `claims` serializes is in the token with the same
/// value. A declared header prefix (`Bearer `) is accepted.
///
/// # Errors
/// The errors of [`decode`], and [`Error::ClaimMismatch`] naming the first claim that differs.
#[doc(hidden)]
pub fn jwt_verify_at<T: serde::Serialize + ?Sized>(
    claims: &T,
    spec: &JwtSpec,
    token: &str,
    key: &PublicKey,
    now: Timestamp,
) -> Result<(), Error> {
    jwt_verify_with(claims, spec, token, key, Validation::for_spec(spec).at(now))
}

fn jwt_verify_with<T: serde::Serialize + ?Sized>(
    claims: &T,
    spec: &JwtSpec,
    token: &str,
    key: &PublicKey,
    validation: Validation,
) -> Result<(), Error> {
    let token = match spec.signature {
        Placement::Header { prefix, .. } => token.strip_prefix(prefix).unwrap_or(token),
        _ => token,
    };
    let got = verify::verified_claims(token, key, &validation)?;
    let serde_json::Value::Object(expected) = serde_json::to_value(claims).map_err(claims_error)?
    else {
        return Err(not_an_object());
    };
    for (name, value) in expected {
        if got.get(&name) != Some(&value) {
            return Err(Error::ClaimMismatch { claim: name });
        }
    }
    Ok(())
}
