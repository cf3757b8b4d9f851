//! DER key structures (PKCS#1, SEC1, PKCS#8, SPKI) into jsonwebtoken's keys and the raw keys
//! of `asymmetric`, each refusal saying what the key is and what was expected.

use ed25519_dalek::pkcs8::DecodePrivateKey as _;
use jsonwebtoken::{DecodingKey, EncodingKey};
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use p256::pkcs8::EncodePrivateKey as _;
use rsa::pkcs1::{DecodeRsaPrivateKey as _, DecodeRsaPublicKey as _, EncodeRsaPublicKey as _};
use rsa::pkcs8::spki::SubjectPublicKeyInfoRef;
use rsa::pkcs8::{ObjectIdentifier, PrivateKeyInfo};
use rsa::traits::PublicKeyParts as _;

use crate::asymmetric::raw::{RawPrivate, RawPublic};

use super::keys::KeyKind;

/// Below this RSA modulus size a key is refused (RFC 7518 §3.3: "2048 bits or larger MUST be used").
const MIN_RSA_BITS: usize = 2048;

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const PRIME256V1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const SECP521R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");
const ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");

pub(super) type Private = (EncodingKey, DecodingKey, KeyKind, usize, RawPrivate);

pub(super) fn rsa_private(pkcs1: &[u8], what: &str) -> Result<Private, String> {
    rsa_private_for(pkcs1, what, false)
}

/// `pss_only`: the PKCS#8 algorithm was RSASSA-PSS (RFC 4055), so the key may only sign PSS.
pub(super) fn rsa_private_for(pkcs1: &[u8], what: &str, pss_only: bool) -> Result<Private, String> {
    let key = rsa::RsaPrivateKey::from_pkcs1_der(pkcs1)
        .map_err(|_| format!("{what} whose contents are not a valid PKCS#1 RSA private key"))?;
    let public = key.to_public_key();
    let bits = public.n().bits();
    if bits < MIN_RSA_BITS {
        return Err(format!(
            "{what} holding a {bits}-bit RSA key (RFC 7518 §3.3 requires at least {MIN_RSA_BITS} bits)"
        ));
    }
    let public_der = public
        .to_pkcs1_der()
        .map_err(|_| format!("{what} whose public part cannot be encoded"))?;
    Ok((
        EncodingKey::from_rsa_der(pkcs1),
        DecodingKey::from_rsa_der(public_der.as_bytes()),
        KeyKind::Rsa,
        bits,
        RawPrivate::Rsa { key, pss_only },
    ))
}

pub(super) fn ec_private_pkcs8(pkcs8: &[u8], what: &str) -> Result<Private, String> {
    use p256::pkcs8::DecodePrivateKey as _;
    let key = p256::SecretKey::from_pkcs8_der(pkcs8)
        .map_err(|_| format!("{what} whose contents are not a valid P-256 private key"))?;
    let point = key.public_key().to_encoded_point(false);
    Ok((
        EncodingKey::from_ec_der(pkcs8),
        DecodingKey::from_ec_der(point.as_bytes()),
        KeyKind::EcP256,
        256,
        RawPrivate::P256(key.into()),
    ))
}

pub(super) fn ec_p384_private_pkcs8(pkcs8: &[u8], what: &str) -> Result<Private, String> {
    use p384::pkcs8::DecodePrivateKey as _;
    let key = p384::SecretKey::from_pkcs8_der(pkcs8)
        .map_err(|_| format!("{what} whose contents are not a valid P-384 private key"))?;
    let point =
        p384::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(&key.public_key(), false);
    Ok((
        EncodingKey::from_ec_der(pkcs8),
        DecodingKey::from_ec_der(point.as_bytes()),
        KeyKind::EcP384,
        384,
        RawPrivate::P384(key.into()),
    ))
}

pub(super) fn ec_private_sec1(sec1: &[u8]) -> Result<Private, String> {
    const WHAT: &str = "PEM `EC PRIVATE KEY`";
    // jsonwebtoken's ES256 signer reads PKCS#8; `SecretDocument` zeroizes its bytes on drop.
    let cannot = |_| format!("{WHAT} that cannot be re-encoded as PKCS#8");
    if let Ok(key) = p256::SecretKey::from_sec1_der(sec1) {
        let pkcs8 = key.to_pkcs8_der().map_err(cannot)?;
        return ec_private_pkcs8(pkcs8.as_bytes(), WHAT);
    }
    let key = p384::SecretKey::from_sec1_der(sec1).map_err(|_| {
        format!("{WHAT} whose contents are not a P-256 or P-384 private key (ES256 and ecdsa-p256-sha256 need curve P-256, prime256v1)")
    })?;
    let pkcs8 = p384::pkcs8::EncodePrivateKey::to_pkcs8_der(&key).map_err(cannot)?;
    ec_p384_private_pkcs8(pkcs8.as_bytes(), WHAT)
}

pub(super) fn pkcs8_private(der: &[u8]) -> Result<Private, String> {
    pkcs8_private_as(der, "PEM `PRIVATE KEY`")
}

pub(super) fn pkcs8_private_as(der: &[u8], what: &str) -> Result<Private, String> {
    let info = PrivateKeyInfo::try_from(der)
        .map_err(|_| format!("{what} whose contents are not PKCS#8"))?;
    let oid = info.algorithm.oid;
    if oid == RSA_ENCRYPTION || oid == RSASSA_PSS {
        rsa_private_for(info.private_key, what, oid == RSASSA_PSS)
    } else if oid == EC_PUBLIC_KEY {
        let curve = info.algorithm.parameters_oid().ok();
        if curve == Some(PRIME256V1) {
            ec_private_pkcs8(der, what)
        } else if curve == Some(SECP384R1) {
            ec_p384_private_pkcs8(der, what)
        } else {
            Err(format!("{what} holding an EC key on {}", curve_name(curve)))
        }
    } else if oid == ED25519 {
        let key = ed25519_dalek::SigningKey::from_pkcs8_der(der)
            .map_err(|_| format!("{what} whose contents are not a valid Ed25519 private key"))?;
        Ok((
            EncodingKey::from_ed_der(der),
            DecodingKey::from_ed_der(key.verifying_key().as_bytes()),
            KeyKind::Ed25519,
            256,
            RawPrivate::Ed25519(key),
        ))
    } else {
        Err(format!("{what} holding {}", algorithm_name(oid)))
    }
}

pub(super) type Public = (DecodingKey, KeyKind, usize, RawPublic);

pub(super) fn rsa_public(pkcs1: &[u8], what: &str) -> Result<Public, String> {
    rsa_public_for(pkcs1, what, false)
}

pub(super) fn rsa_public_for(pkcs1: &[u8], what: &str, pss_only: bool) -> Result<Public, String> {
    let key = rsa::RsaPublicKey::from_pkcs1_der(pkcs1)
        .map_err(|_| format!("{what} whose contents are not a valid PKCS#1 RSA public key"))?;
    Ok((
        DecodingKey::from_rsa_der(pkcs1),
        KeyKind::Rsa,
        key.n().bits(),
        RawPublic::Rsa { key, pss_only },
    ))
}

pub(super) fn spki_public(der: &[u8]) -> Result<Public, String> {
    spki_public_as(der, "PEM `PUBLIC KEY`")
}

pub(super) fn spki_public_as(der: &[u8], what: &str) -> Result<Public, String> {
    let info = SubjectPublicKeyInfoRef::try_from(der)
        .map_err(|_| format!("{what} whose contents are not SPKI"))?;
    let oid = info.algorithm.oid;
    let bytes = info
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| format!("{what} whose key bits are not whole bytes"))?;
    if oid == RSA_ENCRYPTION || oid == RSASSA_PSS {
        rsa_public_for(bytes, what, oid == RSASSA_PSS)
    } else if oid == EC_PUBLIC_KEY {
        let curve = info.algorithm.parameters_oid().ok();
        if curve == Some(SECP384R1) {
            let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(bytes)
                .map_err(|_| format!("{what} whose contents are not a valid P-384 point"))?;
            return Ok((
                DecodingKey::from_ec_der(bytes),
                KeyKind::EcP384,
                384,
                RawPublic::P384(key),
            ));
        }
        if curve != Some(PRIME256V1) {
            return Err(format!("{what} holding an EC key on {}", curve_name(curve)));
        }
        let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes)
            .map_err(|_| format!("{what} whose contents are not a valid P-256 point"))?;
        Ok((
            DecodingKey::from_ec_der(bytes),
            KeyKind::EcP256,
            256,
            RawPublic::P256(key),
        ))
    } else if oid == ED25519 {
        let raw: &[u8; 32] = bytes
            .try_into()
            .map_err(|_| format!("{what} whose Ed25519 key is not 32 bytes"))?;
        let key = ed25519_dalek::VerifyingKey::from_bytes(raw)
            .map_err(|_| format!("{what} whose contents are not a valid Ed25519 point"))?;
        Ok((
            DecodingKey::from_ed_der(raw),
            KeyKind::Ed25519,
            256,
            RawPublic::Ed25519(key),
        ))
    } else {
        Err(format!("{what} holding {}", algorithm_name(oid)))
    }
}

pub(super) fn curve_name(curve: Option<ObjectIdentifier>) -> String {
    let name = match curve {
        Some(c) if c == SECP521R1 => "P-521 (secp521r1)".to_owned(),
        Some(c) if c == SECP256K1 => "secp256k1".to_owned(),
        Some(c) => format!("curve {c}"),
        None => "an unnamed curve".to_owned(),
    };
    format!("{name}, not P-256 (prime256v1, ES256's curve) or P-384 (secp384r1)")
}

pub(super) fn algorithm_name(oid: ObjectIdentifier) -> String {
    if oid == X25519 {
        "an X25519 key (a key-agreement key; EdDSA needs Ed25519)".into()
    } else if oid == ED448 {
        "an Ed448 key (EdDSA here means Ed25519)".into()
    } else {
        format!("a key of algorithm {oid}")
    }
}
