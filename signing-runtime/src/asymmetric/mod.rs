//! Signatures over any message with a [`PrivateKey`], checked with a [`PublicKey`]: the
//! algorithms of RFC 9421's HTTP Signature Algorithms registry (§6.2.2).
//!
//! | [`SignatureAlgorithm`] | name | key | signature |
//! |---|---|---|---|
//! | `RsaPssSha512` | `rsa-pss-sha512` | RSA (also an RSASSA-PSS-restricted PKCS#8 key) | RSASSA-PSS, SHA-512, MGF1-SHA-512, 64-byte salt (randomized) |
//! | `RsaV15Sha256` | `rsa-v1_5-sha256` | RSA | RSASSA-PKCS1-v1_5, SHA-256 |
//! | `HmacSha256` | `hmac-sha256` | [`PrivateKey::hmac`] / [`PublicKey::hmac`] | 32 bytes |
//! | `EcdsaP256Sha256` | `ecdsa-p256-sha256` | EC P-256 | 64 bytes, `r ‖ s` (not DER), RFC 6979 nonces |
//! | `EcdsaP384Sha384` | `ecdsa-p384-sha384` | EC P-384 | 96 bytes, `r ‖ s` (not DER), RFC 6979 nonces |
//! | `Ed25519` | `ed25519` | Ed25519 | 64 bytes; checked with `verify_strict` |
//!
//! Keys come from PEM ([`PrivateKey::from_pem`]), from a JWK (RFC 7517,
//! [`PrivateKey::from_jwk`]), or, on a server, from a key id through a [`KeyIdResolver`].
//!
//! ```
//! use signing_runtime::asymmetric::SignatureAlgorithm;
//! use signing_runtime::{Error, PrivateKey};
//!
//! // RFC 9421 B.1.4, test-key-ed25519.
//! let key = PrivateKey::from_pem(b"-----BEGIN PRIVATE KEY-----
//! MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF
//! -----END PRIVATE KEY-----")?;
//! let signature = key.sign(SignatureAlgorithm::Ed25519, b"any message")?;
//! assert_eq!(signature.len(), 64);
//! let public = key.public_key();
//! assert_eq!(public.verify(SignatureAlgorithm::Ed25519, b"any message", &signature), Ok(()));
//! assert_eq!(
//!     public.verify(SignatureAlgorithm::Ed25519, b"another message", &signature),
//!     Err(Error::SignatureMismatch)
//! );
//! // A key of another family is refused by name, before anything is signed.
//! assert!(matches!(
//!     key.sign(SignatureAlgorithm::EcdsaP256Sha256, b"m"),
//!     Err(Error::KeyMismatch { .. })
//! ));
//! # Ok::<(), Error>(())
//! ```

use core::fmt;

use crate::error::Error;
use crate::jwt::{KeyKind, Material, PSS_ONLY_RSA, RSA_NOT_PSS_ONLY};
use crate::mac::MacAlgorithm;
use crate::{PrivateKey, PublicKey};

pub(crate) mod declared;
mod jwk;
pub(crate) mod raw;
mod resolver;

pub use resolver::KeyIdResolver;

/// A signature algorithm of RFC 9421's registry (§3.3), named as its `alg` parameter names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// `rsa-pss-sha512`: RSASSA-PSS with SHA-512, MGF1-SHA-512 and a 64-byte salt (§3.3.1).
    RsaPssSha512,
    /// `rsa-v1_5-sha256`: RSASSA-PKCS1-v1_5 with SHA-256 (§3.3.2); draft-cavage's `rsa-sha256`.
    RsaV15Sha256,
    /// `hmac-sha256`: HMAC with SHA-256 (§3.3.3).
    HmacSha256,
    /// `ecdsa-p256-sha256`: ECDSA on P-256 with SHA-256, signature `r ‖ s` (§3.3.4).
    EcdsaP256Sha256,
    /// `ecdsa-p384-sha384`: ECDSA on P-384 with SHA-384, signature `r ‖ s` (§3.3.5).
    EcdsaP384Sha384,
    /// `ed25519`: EdDSA on edwards25519 (§3.3.6).
    Ed25519,
}

impl SignatureAlgorithm {
    /// Every algorithm, in the registry's order.
    pub const ALL: [SignatureAlgorithm; 6] = [
        SignatureAlgorithm::RsaPssSha512,
        SignatureAlgorithm::RsaV15Sha256,
        SignatureAlgorithm::HmacSha256,
        SignatureAlgorithm::EcdsaP256Sha256,
        SignatureAlgorithm::EcdsaP384Sha384,
        SignatureAlgorithm::Ed25519,
    ];

    /// The registered name (the `alg` signature parameter's value).
    pub const fn name(self) -> &'static str {
        match self {
            SignatureAlgorithm::RsaPssSha512 => "rsa-pss-sha512",
            SignatureAlgorithm::RsaV15Sha256 => "rsa-v1_5-sha256",
            SignatureAlgorithm::HmacSha256 => "hmac-sha256",
            SignatureAlgorithm::EcdsaP256Sha256 => "ecdsa-p256-sha256",
            SignatureAlgorithm::EcdsaP384Sha384 => "ecdsa-p384-sha384",
            SignatureAlgorithm::Ed25519 => "ed25519",
        }
    }

    /// The algorithm a registered name names (compared exactly: the registry's names are
    /// lower case, and `alg` is an `sf-string`).
    pub fn from_name(name: &str) -> Option<SignatureAlgorithm> {
        SignatureAlgorithm::ALL
            .into_iter()
            .find(|algorithm| algorithm.name() == name)
    }

    pub(crate) const fn key_kind(self) -> KeyKind {
        match self {
            SignatureAlgorithm::RsaPssSha512 | SignatureAlgorithm::RsaV15Sha256 => KeyKind::Rsa,
            SignatureAlgorithm::HmacSha256 => KeyKind::Hmac,
            SignatureAlgorithm::EcdsaP256Sha256 => KeyKind::EcP256,
            SignatureAlgorithm::EcdsaP384Sha384 => KeyKind::EcP384,
            SignatureAlgorithm::Ed25519 => KeyKind::Ed25519,
        }
    }

    /// Whether two signatures of one message under one key are the same bytes (HMAC, Ed25519,
    /// RSASSA-PKCS1-v1_5, and ECDSA here, whose nonces are RFC 6979's); RSA-PSS salts each one.
    pub const fn is_deterministic(self) -> bool {
        !matches!(self, SignatureAlgorithm::RsaPssSha512)
    }
}

impl fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a key of `kind` cannot do with `algorithm`.
fn mismatch(public: &PublicKey, algorithm: SignatureAlgorithm) -> Error {
    let kind = public.kind();
    let (key, needed) = match (kind, algorithm) {
        // The only way an RSA key fails an RSA algorithm: it is restricted to PSS.
        (KeyKind::Rsa, SignatureAlgorithm::RsaV15Sha256) => (PSS_ONLY_RSA, RSA_NOT_PSS_ONLY),
        _ => (kind.name(), algorithm.key_kind().needed()),
    };
    Error::KeyMismatch {
        origin: public.origin().to_string(),
        key,
        algorithm: algorithm.name(),
        needed,
    }
}

impl PrivateKey {
    /// Signs `message` with `algorithm` and returns the signature's bytes.
    ///
    /// # Errors
    /// [`Error::KeyMismatch`] when this key is not of the family `algorithm` needs (an EC key for
    /// `ed25519`, an RSASSA-PSS-restricted key for `rsa-v1_5-sha256`); [`Error::EmptyKey`] for
    /// an empty HMAC secret.
    pub fn sign(&self, algorithm: SignatureAlgorithm, message: &[u8]) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(64);
        self.sign_into(algorithm, message, &mut out)?;
        Ok(out)
    }

    /// Appends the signature of `message` to `out` (see [`PrivateKey::sign`]).
    ///
    /// # Errors
    /// Those of [`PrivateKey::sign`]; `out` is left as it was.
    pub fn sign_into(
        &self,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(), Error> {
        let public = self.public_ref();
        match (self.material(), algorithm) {
            (Material::Hmac(secret), SignatureAlgorithm::HmacSha256) => {
                if secret.is_empty() {
                    return Err(Error::EmptyKey {
                        origin: secret.origin().to_string(),
                    });
                }
                let tag = secret.with_mac(MacAlgorithm::HmacSha256, |mac| mac.tag_of(message));
                out.extend_from_slice(tag.as_bytes());
                Ok(())
            }
            _ => self
                .raw()
                .and_then(|raw| raw.sign_into(algorithm, message, out))
                .ok_or_else(|| mismatch(public, algorithm)),
        }
    }
}

impl PublicKey {
    /// Checks that `signature` is `algorithm`'s signature of `message` under this key (HMAC in
    /// constant time).
    ///
    /// # Errors
    /// [`Error::KeyMismatch`] when this key is not of the family `algorithm` needs, or is an RSA
    /// key restricted to RSASSA-PSS (SPKI algorithm id-RSASSA-PSS) and `algorithm` is
    /// `rsa-v1_5-sha256`;
    /// [`Error::SignatureMismatch`] when the signature is not this key's signature of `message`
    /// (a wrong length, a DER-encoded ECDSA signature, another key, another message).
    pub fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        let ok = match (self.material(), algorithm) {
            (Material::Hmac(secret), SignatureAlgorithm::HmacSha256) => {
                if secret.is_empty() {
                    return Err(Error::EmptyKey {
                        origin: secret.origin().to_string(),
                    });
                }
                secret.with_mac(MacAlgorithm::HmacSha256, |mac| {
                    mac.verify_of(message, signature)
                })
            }
            _ => self
                .raw()
                .and_then(|raw| raw.verify(algorithm, message, signature))
                .ok_or_else(|| mismatch(self, algorithm))?,
        };
        if ok {
            Ok(())
        } else {
            Err(Error::SignatureMismatch)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for algorithm in SignatureAlgorithm::ALL {
            assert_eq!(
                SignatureAlgorithm::from_name(algorithm.name()),
                Some(algorithm)
            );
            assert_eq!(algorithm.to_string(), algorithm.name());
        }
        assert_eq!(SignatureAlgorithm::from_name("ED25519"), None);
        assert_eq!(SignatureAlgorithm::from_name("rsa-sha256"), None);
    }
}
