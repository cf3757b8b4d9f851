//! The parsed RustCrypto keys a [`PrivateKey`](crate::PrivateKey) or
//! [`PublicKey`](crate::PublicKey) carries next to jsonwebtoken's, so that any message (not only
//! a JWS signing input) is signed and verified without parsing the key again.
//!
//! Every private key type here wipes its secret on drop (`rsa::RsaPrivateKey`,
//! `ecdsa::SigningKey` and `ed25519_dalek::SigningKey` are `ZeroizeOnDrop`).

use ed25519_dalek::Signer as _;
use rsa::pkcs8::AssociatedOid;
use rsa::signature::Verifier as _;
use sha2::digest::DynDigest;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::SignatureAlgorithm;
use crate::jwt::JwtAlgorithm;

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
                out.extend_from_slice(&rsa_sign::<Sha512>(key, true, message)?);
            }
            (
                RawPrivate::Rsa {
                    key,
                    pss_only: false,
                },
                SignatureAlgorithm::RsaV15Sha256,
            ) => {
                // Blinded exponentiation; the signature itself is deterministic.
                out.extend_from_slice(&rsa_sign::<Sha256>(key, false, message)?);
            }
            _ => return None,
        }
        Some(())
    }

    /// The RSA signature of a JWS signing input for `algorithm` (RS256, RS384, RS512: RSASSA-
    /// PKCS1-v1_5; PS256: RSASSA-PSS, SHA-256, MGF1-SHA-256, 32-byte salt, as RFC 7518 §3.5 and
    /// jsonwebtoken make it), with the key parsed once when it was loaded (jsonwebtoken's signer
    /// parses its PKCS#1 bytes again for every signature). `None` when this is not an RSA key,
    /// the algorithm is not RSA, or a PSS-only key is asked for PKCS#1 v1.5.
    pub(crate) fn jwt_rsa_signature(
        &self,
        algorithm: JwtAlgorithm,
        input: &[u8],
    ) -> Option<Vec<u8>> {
        let RawPrivate::Rsa { key, pss_only } = self else {
            return None;
        };
        match algorithm {
            JwtAlgorithm::Ps256 => rsa_sign::<Sha256>(key, true, input),
            _ if *pss_only => None,
            JwtAlgorithm::Rs256 => rsa_sign::<Sha256>(key, false, input),
            JwtAlgorithm::Rs384 => rsa_sign::<Sha384>(key, false, input),
            JwtAlgorithm::Rs512 => rsa_sign::<Sha512>(key, false, input),
            _ => None,
        }
    }
}

/// `message` signed with `key` under RSASSA-PSS (salt as long as `D`'s output, MGF1 with `D`)
/// or RSASSA-PKCS1-v1_5, hashed with `D`. The key is borrowed, not cloned; the private
/// exponentiation is blinded with the OS random source. `None` only if `rsa` fails (a key that
/// passed its checks at load time does not).
fn rsa_sign<D>(key: &rsa::RsaPrivateKey, pss: bool, message: &[u8]) -> Option<Vec<u8>>
where
    D: 'static + Digest + DynDigest + AssociatedOid + Send + Sync,
{
    let digest = D::digest(message);
    let mut rng = rand_core::OsRng;
    let signature = if pss {
        key.sign_with_rng(&mut rng, rsa::Pss::new_blinded::<D>(), &digest)
    } else {
        key.sign_with_rng(&mut rng, rsa::Pkcs1v15Sign::new::<D>(), &digest)
    };
    signature.ok()
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
