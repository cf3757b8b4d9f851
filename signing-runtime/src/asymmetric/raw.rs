//! The parsed RustCrypto keys a [`PrivateKey`](crate::PrivateKey) or
//! [`PublicKey`](crate::PublicKey) carries next to jsonwebtoken's, so that any message (not only
//! a JWS signing input) is signed and verified without parsing the key again.
//!
//! Every private key type here wipes its secret on drop (`rsa::RsaPrivateKey`,
//! `ecdsa::SigningKey` and `ed25519_dalek::SigningKey` are `ZeroizeOnDrop`).

use ed25519_dalek::Signer as _;
use rsa::signature::{RandomizedSigner as _, SignatureEncoding as _, Verifier as _};
use sha2::{Sha256, Sha512};

use super::SignatureAlgorithm;

/// A parsed private key.
pub(crate) enum RawPrivate {
    Rsa {
        key: rsa::RsaPrivateKey,
        /// The PKCS#8 algorithm was RSASSA-PSS (RFC 4055): the key may sign only with PSS.
        pss_only: bool,
    },
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
}

/// A parsed public key.
#[derive(Clone)]
pub(crate) enum RawPublic {
    Rsa {
        key: rsa::RsaPublicKey,
        pss_only: bool,
    },
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
}

impl RawPrivate {
    pub(crate) fn public(&self) -> RawPublic {
        match self {
            RawPrivate::Rsa { key, pss_only } => RawPublic::Rsa {
                key: key.to_public_key(),
                pss_only: *pss_only,
            },
            RawPrivate::P256(key) => RawPublic::P256(*key.verifying_key()),
            RawPrivate::P384(key) => RawPublic::P384(*key.verifying_key()),
            RawPrivate::Ed25519(key) => RawPublic::Ed25519(key.verifying_key()),
        }
    }

    /// Appends the signature of `message` to `out`. `None` when this key cannot make
    /// `algorithm`'s signatures (the caller says why).
    pub(crate) fn sign_into(
        &self,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        out: &mut Vec<u8>,
    ) -> Option<()> {
        let mut rng = rand_core::OsRng;
        match (self, algorithm) {
            (RawPrivate::Ed25519(key), SignatureAlgorithm::Ed25519) => {
                out.extend_from_slice(&key.sign(message).to_bytes());
            }
            (RawPrivate::P256(key), SignatureAlgorithm::EcdsaP256Sha256) => {
                // RFC 6979 deterministic nonce; `to_bytes` is the fixed-size r || s of §3.3.4.
                let signature: p256::ecdsa::Signature = key.sign(message);
                out.extend_from_slice(&signature.to_bytes());
            }
            (RawPrivate::P384(key), SignatureAlgorithm::EcdsaP384Sha384) => {
                let signature: p384::ecdsa::Signature = key.sign(message);
                out.extend_from_slice(&signature.to_bytes());
            }
            (RawPrivate::Rsa { key, .. }, SignatureAlgorithm::RsaPssSha512) => {
                // Salt of 64 bytes (the digest's length), MGF1 with SHA-512 (§3.3.1); blinded,
                // so the private exponentiation's timing does not depend on the message.
                let signer = rsa::pss::BlindedSigningKey::<Sha512>::new(key.clone());
                out.extend_from_slice(&signer.sign_with_rng(&mut rng, message).to_bytes());
            }
            (
                RawPrivate::Rsa {
                    key,
                    pss_only: false,
                },
                SignatureAlgorithm::RsaV15Sha256,
            ) => {
                // `sign_with_rng` blinds the exponentiation; the signature itself is deterministic.
                let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(key.clone());
                out.extend_from_slice(&signer.sign_with_rng(&mut rng, message).to_bytes());
            }
            _ => return None,
        }
        Some(())
    }
}

impl RawPublic {
    /// Whether `signature` is `algorithm`'s signature of `message` under this key; `None` when
    /// this key cannot check `algorithm`'s signatures.
    pub(crate) fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Option<bool> {
        let ok = match (self, algorithm) {
            (RawPublic::Ed25519(key), SignatureAlgorithm::Ed25519) => {
                ed25519_dalek::Signature::from_slice(signature)
                    .is_ok_and(|s| key.verify_strict(message, &s).is_ok())
            }
            (RawPublic::P256(key), SignatureAlgorithm::EcdsaP256Sha256) => {
                // Only the 64-byte r || s form: a DER signature is refused, not guessed at.
                p256::ecdsa::Signature::from_slice(signature)
                    .is_ok_and(|s| key.verify(message, &s).is_ok())
            }
            (RawPublic::P384(key), SignatureAlgorithm::EcdsaP384Sha384) => {
                p384::ecdsa::Signature::from_slice(signature)
                    .is_ok_and(|s| key.verify(message, &s).is_ok())
            }
            (RawPublic::Rsa { key, .. }, SignatureAlgorithm::RsaPssSha512) => {
                let verifier = rsa::pss::VerifyingKey::<Sha512>::new(key.clone());
                rsa::pss::Signature::try_from(signature)
                    .is_ok_and(|s| verifier.verify(message, &s).is_ok())
            }
            (
                RawPublic::Rsa {
                    key,
                    pss_only: false,
                },
                SignatureAlgorithm::RsaV15Sha256,
            ) => {
                let verifier = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key.clone());
                rsa::pkcs1v15::Signature::try_from(signature)
                    .is_ok_and(|s| verifier.verify(message, &s).is_ok())
            }
            _ => return None,
        };
        Some(ok)
    }
}
