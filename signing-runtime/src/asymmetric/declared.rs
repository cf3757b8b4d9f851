//! Used by generated code only (re-exported through `__private`): a declared message signed with
//! a [`PrivateKey`] and checked with a [`PublicKey`] (`#[signed(algorithm = "ed25519")]`).
//!
//! The message, the request's parts and the signature header's parameters are laid out by the
//! same generated [`MacRequest`] writers as a MAC request's; only the signature differs. Its
//! `MacSpec::algorithm` is not read here: the algorithm is [`SignatureRequest::ALGORITHM`].

use crate::error::Error;
use crate::generated::{mac_message, without_prefixes, MacRequest};
use crate::header_format::SignatureParams;
use crate::secret::KeySource;
use crate::signed::{Parts, Placement, Signed, SignedParts};
use crate::{KeyEncoding, PrivateKey, PublicKey, Secret};

use super::SignatureAlgorithm;

/// The largest signature `verify` decodes: an RSA-8192 signature (1024 bytes).
const MAX_SIGNATURE_BYTES: usize = 1024;

/// What the derive generates for a declaration with `algorithm = ".."`, beside [`MacRequest`].
#[doc(hidden)]
pub trait SignatureRequest: MacRequest {
    /// `algorithm = ".."`.
    const ALGORITHM: SignatureAlgorithm;
}

#[doc(hidden)]
pub fn signature_sign<R: SignatureRequest + ?Sized>(
    request: &R,
    key: &PrivateKey,
) -> Result<Signed, Error> {
    let spec = R::SPEC;
    let message = mac_message(request)?;
    let mut signature = String::new();
    encode_signature(R::ALGORITHM, spec.encoding, key, &message, &mut signature)?;
    // The message first, so a `strict` query form whose message is its URL query keeps it once.
    let mut parts = Parts::with_message(spec.escape, &message, 256);
    request.write_parts(&mut parts)?;
    // Only a parameter-list header (`header(.., format = "..")`) has them.
    if let Placement::HeaderParams { .. } = spec.signature {
        let mut params = SignatureParams::default();
        request.write_signature_params(&mut params)?;
        parts.set_signature_params(params);
    }
    Ok(Signed::new(SignedParts {
        scheme: R::ALGORITHM.name(),
        encoding: Some(spec.encoding),
        message,
        signature,
        placement: spec.signature,
        method: spec.method,
        path: spec.path,
        parts,
        key: key.info(),
    }))
}

#[doc(hidden)]
pub fn signature_signature_into<R: SignatureRequest + ?Sized>(
    request: &R,
    key: &PrivateKey,
    out: &mut String,
) -> Result<(), Error> {
    let message = mac_message(request)?;
    encode_signature(R::ALGORITHM, R::SPEC.encoding, key, &message, out)
}

fn encode_signature(
    algorithm: SignatureAlgorithm,
    encoding: crate::Encoding,
    key: &PrivateKey,
    message: &[u8],
    out: &mut String,
) -> Result<(), Error> {
    let mut bytes = Vec::with_capacity(64);
    key.sign_into(algorithm, message, &mut bytes)?;
    encoding.encode_into(&bytes, out);
    Ok(())
}

/// Checks `signature` (as received: with its declared `prefix`, or the whole signature header
/// of a `format`) against the request's message.
#[doc(hidden)]
pub fn signature_verify<R: SignatureRequest + ?Sized>(
    request: &R,
    signature: &str,
    key: &PublicKey,
) -> Result<(), Error> {
    let spec = R::SPEC;
    // The request's own prefix (one that names fields) and a declared one are taken off as
    // `mac_verify` does (without this the header as received never verified: its prefix was
    // decoded as the signature).
    let signature = without_prefixes(request, signature)?;
    let candidates = match spec.signature {
        Placement::HeaderParams {
            name,
            signature: slot,
            ..
        } => {
            let mut expected = SignatureParams::default();
            request.write_signature_params(&mut expected)?;
            expected.check(signature, name, slot)?
        }
        _ => vec![signature],
    };
    let message = mac_message(request)?;
    let mut well_formed = false;
    for text in candidates {
        let mut bytes = [0u8; MAX_SIGNATURE_BYTES];
        let Some(len) = spec.encoding.decode_into(text, &mut bytes) else {
            continue;
        };
        well_formed = true;
        match key.verify(R::ALGORITHM, &message, &bytes[..len]) {
            Ok(()) => return Ok(()),
            Err(Error::SignatureMismatch) => {}
            Err(other) => return Err(other),
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

/// The private key a declaration names (`key = env(..)` / `file(..)`): a PEM key, a JWK
/// (`key_format = "jwk"`), or for `hmac-sha256` a secret read as `key_encoding` says.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyText {
    /// PEM (the default for every algorithm but `hmac-sha256`).
    Pem,
    /// A JWK (RFC 7517).
    Jwk,
    /// An HMAC secret's text (`hmac-sha256` without `key_format`).
    Secret(KeyEncoding, bool),
}

#[doc(hidden)]
pub fn load_private_key(source: KeySource<'_>, text: KeyText) -> Result<PrivateKey, Error> {
    match text {
        KeyText::Pem => PrivateKey::load(source),
        KeyText::Jwk => PrivateKey::load_jwk(source),
        KeyText::Secret(encoding, trim) => {
            let secret: Secret = source.load(encoding, trim)?;
            Ok(PrivateKey::hmac(secret))
        }
    }
}
