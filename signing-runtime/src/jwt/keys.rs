//! JWT keys: reading PEM, and saying exactly what is wrong with a key that does not fit.
//!
//! Private keys: PKCS#1 (`RSA PRIVATE KEY`), SEC1 (`EC PRIVATE KEY`, P-256) and PKCS#8
//! (`PRIVATE KEY`: RSA, EC P-256, Ed25519). Public keys: SPKI (`PUBLIC KEY`: the same three) and
//! PKCS#1 (`RSA PUBLIC KEY`). HS256 keys are [`Secret`]s.
//!
//! The DER is read with the RustCrypto crates jsonwebtoken itself links (`rsa`, `p256`,
//! `ed25519-dalek`), so a key is checked once, when it is loaded, and every later failure can
//! only be a key that does not fit the algorithm.

use core::fmt;
use std::path::Path;
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ed25519_dalek::pkcs8::DecodePrivateKey as _;
use jsonwebtoken::{DecodingKey, EncodingKey};
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use p256::pkcs8::EncodePrivateKey as _;
use rsa::pkcs1::{DecodeRsaPrivateKey as _, DecodeRsaPublicKey as _, EncodeRsaPublicKey as _};
use rsa::pkcs8::spki::SubjectPublicKeyInfoRef;
use rsa::pkcs8::{ObjectIdentifier, PrivateKeyInfo};
use rsa::traits::PublicKeyParts as _;
use zeroize::Zeroizing;

use crate::asymmetric::raw::{RawPrivate, RawPublic};
use crate::error::Error;
use crate::secret::{KeyOrigin, KeySource, Secret};
use crate::signed::KeyInfo;

use super::JwtAlgorithm;

/// The longest PEM text read, in bytes: 64 KiB, some twenty times a 4096-bit RSA private key.
/// Key text can come from untrusted hands (public keys that clients register), so a longer one
/// is refused before it is parsed.
pub const MAX_PEM_BYTES: usize = 64 * 1024;

/// The most PEM blocks read from one text (a key file holds one, two with `EC PARAMETERS`; a
/// certificate chain a few).
const MAX_PEM_BLOCKS: usize = 16;

/// The most blocks an error lists.
const MAX_LISTED_BLOCKS: usize = 4;

/// Below this RSA modulus size a key is refused (RFC 7518 §3.3: "2048 bits or larger MUST be used").
const MIN_RSA_BITS: usize = 2048;

const PRIVATE_EXPECTED: &str = "a private key in PEM: `PRIVATE KEY` (PKCS#8: RSA, EC P-256, \
     EC P-384 or Ed25519), `RSA PRIVATE KEY` (PKCS#1) or `EC PRIVATE KEY` (SEC1, P-256 or P-384)";
const PUBLIC_EXPECTED: &str = "a public key in PEM: `PUBLIC KEY` (SPKI: RSA, EC P-256, EC P-384 \
     or Ed25519) or `RSA PUBLIC KEY` (PKCS#1)";

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

/// The family of a key, which decides the algorithms it can serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Rsa,
    EcP256,
    EcP384,
    Ed25519,
    Hmac,
}

impl KeyKind {
    pub(crate) const fn name(self) -> &'static str {
        match self {
            KeyKind::Rsa => "RSA",
            KeyKind::EcP256 => "EC P-256",
            KeyKind::EcP384 => "EC P-384",
            KeyKind::Ed25519 => "Ed25519",
            KeyKind::Hmac => "HMAC secret",
        }
    }

    /// What an algorithm of this family needs, for error messages.
    pub(crate) const fn needed(self) -> &'static str {
        match self {
            KeyKind::Rsa => "an RSA key",
            KeyKind::EcP256 => "an EC P-256 key",
            KeyKind::EcP384 => "an EC P-384 key",
            KeyKind::Ed25519 => "an Ed25519 key",
            KeyKind::Hmac => "an HMAC secret (PrivateKey::hmac / PublicKey::hmac)",
        }
    }
}

/// Key material: jsonwebtoken's key types for the asymmetric families (their bytes are zeroized
/// on drop), a [`Secret`] for HMAC.
#[derive(Clone)]
pub(crate) enum Material<K> {
    Jose(K),
    /// Boxed: a `Secret` carries its cached HMAC key schedule.
    Hmac(Box<Secret>),
}

/// A private key for signing JWTs: RSA (RS256/RS384/RS512/PS256), EC P-256 (ES256), Ed25519
/// (EdDSA), or an HMAC secret (HS256).
///
/// The key is parsed and checked when it is loaded. Its bytes never reach `Debug`, errors or
/// logs, and are zeroized when it is dropped.
///
/// ```
/// use signing_runtime::{Error, PrivateKey};
/// let err = PrivateKey::from_pem(b"hunter2").unwrap_err();
/// assert!(matches!(err, Error::KeyFormat { .. }));
/// assert!(err.to_string().contains("found not PEM"), "{err}");
/// ```
#[derive(Clone)]
pub struct PrivateKey {
    signing: Material<EncodingKey>,
    /// The same key parsed once for signatures over any message (`asymmetric`); `None` for HMAC.
    raw: Option<Arc<RawPrivate>>,
    public: PublicKey,
}

/// A public key for verifying JWTs: RSA, EC P-256, Ed25519, or the HMAC secret for HS256.
#[derive(Clone)]
pub struct PublicKey {
    verifying: Material<DecodingKey>,
    raw: Option<Arc<RawPublic>>,
    kind: KeyKind,
    bits: usize,
    origin: KeyOrigin,
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("kind", &self.public.kind.name())
            .field("bits", &self.public.bits)
            .field("origin", &self.public.origin)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("kind", &self.kind.name())
            .field("bits", &self.bits)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl PrivateKey {
    /// Reads a PEM private key: PKCS#8 (`PRIVATE KEY`: RSA, EC P-256, Ed25519), PKCS#1
    /// (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`, P-256). Other blocks in the text (the
    /// `EC PARAMETERS` that `openssl ecparam -genkey` writes, certificates) are skipped, and a
    /// key delivered on one line (line breaks turned into spaces, removed, written as bare `\r`
    /// or as literal `\n` escapes) is accepted. At most [`MAX_PEM_BYTES`] are read.
    ///
    /// # Errors
    /// [`Error::KeyFormat`] naming the format found (the PEM label, or "not PEM") and the formats
    /// expected: a public key, an encrypted key, a curve other than P-256, an RSA key under 2048
    /// bits, contents that do not parse, or a text over [`MAX_PEM_BYTES`] or of more than 16
    /// blocks.
    pub fn from_pem(pem: &[u8]) -> Result<PrivateKey, Error> {
        PrivateKey::parse(pem, KeyOrigin::Inline)
    }

    /// Reads a PEM private key from a file (see [`PrivateKey::from_pem`]).
    ///
    /// # Errors
    /// [`Error::KeyFile`] when the file cannot be read, [`Error::EmptyKey`] when it is empty, or
    /// the errors of [`PrivateKey::from_pem`], naming the file.
    pub fn from_pem_file(path: impl AsRef<Path>) -> Result<PrivateKey, Error> {
        let text = Secret::from_file(path)?;
        PrivateKey::parse(text.expose(), text.origin().clone())
    }

    /// Reads a PEM private key from an environment variable (see [`PrivateKey::from_pem`]).
    ///
    /// # Errors
    /// [`Error::MissingEnv`], [`Error::EnvNotUnicode`], [`Error::EmptyKey`], or the errors of
    /// [`PrivateKey::from_pem`], naming the variable.
    pub fn from_env(var: &str) -> Result<PrivateKey, Error> {
        PrivateKey::load(KeySource::Env(var))
    }

    /// Loads a PEM key from an environment variable or a file (`#[signed(key = env(..))]`).
    ///
    /// # Errors
    /// The loading errors of [`KeySource::load`], or those of [`PrivateKey::from_pem`].
    pub fn load(source: KeySource<'_>) -> Result<PrivateKey, Error> {
        let text = source.load(crate::encoding::KeyEncoding::Utf8, false)?;
        PrivateKey::parse(text.expose(), text.origin().clone())
    }

    /// An HS256 key. The same secret verifies: [`PublicKey::hmac`], or [`PrivateKey::public_key`].
    pub fn hmac(secret: Secret) -> PrivateKey {
        PrivateKey {
            signing: Material::Hmac(Box::new(secret.clone())),
            raw: None,
            public: PublicKey::hmac(secret),
        }
    }

    /// The public half of this key (for HS256, the same secret).
    pub fn public_key(&self) -> PublicKey {
        self.public.clone()
    }

    /// Size of the key in bits: the RSA modulus, 256 for P-256 and Ed25519, the secret's length
    /// for HMAC.
    pub fn bits(&self) -> usize {
        self.public.bits
    }

    /// Where the key came from.
    pub fn origin(&self) -> &KeyOrigin {
        &self.public.origin
    }

    pub(crate) fn material(&self) -> &Material<EncodingKey> {
        &self.signing
    }

    pub(crate) fn raw(&self) -> Option<&RawPrivate> {
        self.raw.as_deref()
    }

    pub(crate) fn public_ref(&self) -> &PublicKey {
        &self.public
    }

    /// A PKCS#8 private key in DER (what a JWK is turned into); `what` names it in errors.
    pub(crate) fn from_pkcs8_der(
        der: &[u8],
        what: &'static str,
        origin: KeyOrigin,
    ) -> Result<PrivateKey, String> {
        let parsed = pkcs8_private_as(der, what)?;
        Ok(PrivateKey::assemble(parsed, origin))
    }

    fn assemble((signing, verifying, kind, bits, raw): Private, origin: KeyOrigin) -> PrivateKey {
        let public = raw.public();
        PrivateKey {
            signing: Material::Jose(signing),
            raw: Some(Arc::new(raw)),
            public: PublicKey {
                verifying: Material::Jose(verifying),
                raw: Some(Arc::new(public)),
                kind,
                bits,
                origin,
            },
        }
    }

    pub(crate) fn info(&self) -> KeyInfo {
        self.public.info()
    }

    /// [`Error::KeyMismatch`] unless this key can sign `algorithm`.
    pub(crate) fn check_fits(&self, algorithm: JwtAlgorithm) -> Result<(), Error> {
        self.public.check_fits(algorithm)
    }

    fn parse(text: &[u8], origin: KeyOrigin) -> Result<PrivateKey, Error> {
        let fail = |found: String| Error::KeyFormat {
            origin: origin.to_string(),
            found,
            expected: PRIVATE_EXPECTED,
        };
        let blocks = pem_blocks(text).map_err(fail)?;
        let Some(block) = blocks.iter().find(|b| {
            matches!(
                b.label.as_str(),
                "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY"
            )
        }) else {
            return Err(fail(describe_blocks(&blocks, Want::Private)));
        };
        if block.encrypted {
            return Err(fail(format!(
                "PEM `{}` encrypted with a passphrase (decrypt it: `openssl pkey -in key.pem -out plain.pem`)",
                block.label
            )));
        }
        let parsed = match block.label.as_str() {
            "RSA PRIVATE KEY" => rsa_private(&block.der, "PEM `RSA PRIVATE KEY`"),
            "EC PRIVATE KEY" => ec_private_sec1(&block.der),
            _ => pkcs8_private(&block.der),
        };
        let parsed = parsed.map_err(fail)?;
        Ok(PrivateKey::assemble(parsed, origin))
    }
}

impl PublicKey {
    /// Reads a PEM public key: SPKI (`PUBLIC KEY`: RSA, EC P-256, Ed25519) or PKCS#1
    /// (`RSA PUBLIC KEY`), read as leniently as [`PrivateKey::from_pem`] reads private keys, and
    /// as bounded: at most [`MAX_PEM_BYTES`] and 16 blocks, in time linear in the text, with an
    /// error of bounded length, so it is safe for key text from untrusted hands.
    ///
    /// # Errors
    /// [`Error::KeyFormat`] naming the format found (the PEM label, or "not PEM") and the formats
    /// expected: a private key or a certificate where a public key belongs, a curve other than
    /// P-256, contents that do not parse, or a text over [`MAX_PEM_BYTES`] or of more than 16
    /// blocks.
    pub fn from_pem(pem: &[u8]) -> Result<PublicKey, Error> {
        PublicKey::parse(pem, KeyOrigin::Inline)
    }

    /// Reads a PEM public key from a file (see [`PublicKey::from_pem`]).
    ///
    /// # Errors
    /// [`Error::KeyFile`] when the file cannot be read, [`Error::EmptyKey`] when it is empty, or
    /// the errors of [`PublicKey::from_pem`], naming the file.
    pub fn from_pem_file(path: impl AsRef<Path>) -> Result<PublicKey, Error> {
        let text = Secret::from_file(path)?;
        PublicKey::parse(text.expose(), text.origin().clone())
    }

    /// Reads a PEM public key from an environment variable (see [`PublicKey::from_pem`]).
    ///
    /// # Errors
    /// [`Error::MissingEnv`], [`Error::EnvNotUnicode`], [`Error::EmptyKey`], or the errors of
    /// [`PublicKey::from_pem`], naming the variable.
    pub fn from_env(var: &str) -> Result<PublicKey, Error> {
        PublicKey::load(KeySource::Env(var))
    }

    /// Loads a PEM public key from an environment variable or a file.
    ///
    /// # Errors
    /// The loading errors of [`KeySource::load`], or those of [`PublicKey::from_pem`].
    pub fn load(source: KeySource<'_>) -> Result<PublicKey, Error> {
        let text = source.load(crate::encoding::KeyEncoding::Utf8, false)?;
        PublicKey::parse(text.expose(), text.origin().clone())
    }

    /// The HS256 key that verifies tokens signed with the same secret.
    pub fn hmac(secret: Secret) -> PublicKey {
        PublicKey {
            kind: KeyKind::Hmac,
            bits: secret.len().saturating_mul(8),
            origin: secret.origin().clone(),
            verifying: Material::Hmac(Box::new(secret)),
            raw: None,
        }
    }

    /// Size of the key in bits: the RSA modulus, 256 for P-256 and Ed25519, the secret's length
    /// for HMAC.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// Where the key came from.
    pub fn origin(&self) -> &KeyOrigin {
        &self.origin
    }

    pub(crate) fn material(&self) -> &Material<DecodingKey> {
        &self.verifying
    }

    pub(crate) fn raw(&self) -> Option<&RawPublic> {
        self.raw.as_deref()
    }

    pub(crate) fn kind(&self) -> KeyKind {
        self.kind
    }

    /// An SPKI public key in DER (what a JWK is turned into); `what` names it in errors.
    pub(crate) fn from_spki_der(
        der: &[u8],
        what: &'static str,
        origin: KeyOrigin,
    ) -> Result<PublicKey, String> {
        let (verifying, kind, bits, raw) = spki_public_as(der, what)?;
        Ok(PublicKey {
            verifying: Material::Jose(verifying),
            raw: Some(Arc::new(raw)),
            kind,
            bits,
            origin,
        })
    }

    pub(crate) fn check_fits(&self, algorithm: JwtAlgorithm) -> Result<(), Error> {
        let needed = algorithm.key_kind();
        if self.kind == needed {
            return Ok(());
        }
        Err(Error::KeyMismatch {
            origin: self.origin.to_string(),
            key: self.kind.name(),
            algorithm: algorithm.name(),
            needed: needed.needed(),
        })
    }

    pub(crate) fn info(&self) -> KeyInfo {
        match &self.verifying {
            Material::Hmac(secret) => KeyInfo::of(secret),
            Material::Jose(_) => KeyInfo {
                origin: self.origin.clone(),
                len: self.bits.div_ceil(8),
                edge_whitespace: false,
            },
        }
    }

    fn parse(text: &[u8], origin: KeyOrigin) -> Result<PublicKey, Error> {
        let fail = |found: String| Error::KeyFormat {
            origin: origin.to_string(),
            found,
            expected: PUBLIC_EXPECTED,
        };
        let blocks = pem_blocks(text).map_err(fail)?;
        let Some(block) = blocks
            .iter()
            .find(|b| matches!(b.label.as_str(), "PUBLIC KEY" | "RSA PUBLIC KEY"))
        else {
            return Err(fail(describe_blocks(&blocks, Want::Public)));
        };
        let parsed = if block.label == "RSA PUBLIC KEY" {
            rsa_public(&block.der, "PEM `RSA PUBLIC KEY`")
        } else {
            spki_public(&block.der)
        };
        let (verifying, kind, bits, raw) = parsed.map_err(fail)?;
        Ok(PublicKey {
            verifying: Material::Jose(verifying),
            raw: Some(Arc::new(raw)),
            kind,
            bits,
            origin,
        })
    }
}

type Private = (EncodingKey, DecodingKey, KeyKind, usize, RawPrivate);

fn rsa_private(pkcs1: &[u8], what: &str) -> Result<Private, String> {
    rsa_private_for(pkcs1, what, false)
}

/// `pss_only`: the PKCS#8 algorithm was RSASSA-PSS (RFC 4055), so the key may only sign PSS.
fn rsa_private_for(pkcs1: &[u8], what: &str, pss_only: bool) -> Result<Private, String> {
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

fn ec_private_pkcs8(pkcs8: &[u8], what: &str) -> Result<Private, String> {
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

fn ec_p384_private_pkcs8(pkcs8: &[u8], what: &str) -> Result<Private, String> {
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

fn ec_private_sec1(sec1: &[u8]) -> Result<Private, String> {
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

fn pkcs8_private(der: &[u8]) -> Result<Private, String> {
    pkcs8_private_as(der, "PEM `PRIVATE KEY`")
}

fn pkcs8_private_as(der: &[u8], what: &str) -> Result<Private, String> {
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

type Public = (DecodingKey, KeyKind, usize, RawPublic);

fn rsa_public(pkcs1: &[u8], what: &str) -> Result<Public, String> {
    rsa_public_for(pkcs1, what, false)
}

fn rsa_public_for(pkcs1: &[u8], what: &str, pss_only: bool) -> Result<Public, String> {
    let key = rsa::RsaPublicKey::from_pkcs1_der(pkcs1)
        .map_err(|_| format!("{what} whose contents are not a valid PKCS#1 RSA public key"))?;
    Ok((
        DecodingKey::from_rsa_der(pkcs1),
        KeyKind::Rsa,
        key.n().bits(),
        RawPublic::Rsa { key, pss_only },
    ))
}

fn spki_public(der: &[u8]) -> Result<Public, String> {
    spki_public_as(der, "PEM `PUBLIC KEY`")
}

fn spki_public_as(der: &[u8], what: &str) -> Result<Public, String> {
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

fn curve_name(curve: Option<ObjectIdentifier>) -> String {
    let name = match curve {
        Some(c) if c == SECP521R1 => "P-521 (secp521r1)".to_owned(),
        Some(c) if c == SECP256K1 => "secp256k1".to_owned(),
        Some(c) => format!("curve {c}"),
        None => "an unnamed curve".to_owned(),
    };
    format!("{name}, not P-256 (prime256v1, ES256's curve) or P-384 (secp384r1)")
}

fn algorithm_name(oid: ObjectIdentifier) -> String {
    if oid == X25519 {
        "an X25519 key (a key-agreement key; EdDSA needs Ed25519)".into()
    } else if oid == ED448 {
        "an Ed448 key (EdDSA here means Ed25519)".into()
    } else {
        format!("a key of algorithm {oid}")
    }
}

/// One `-----BEGIN label-----` … `-----END label-----` block.
struct PemBlock {
    label: String,
    der: Zeroizing<Vec<u8>>,
    /// The legacy OpenSSL `Proc-Type: 4,ENCRYPTED` header is present.
    encrypted: bool,
}

#[derive(Clone, Copy)]
enum Want {
    Private,
    Public,
}

/// The longest PEM label quoted in an error. RFC 7468's labels are at most 26 characters
/// (`SSH2 ENCRYPTED PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`).
const MAX_QUOTED_LABEL: usize = 40;

/// `label` is worth quoting in an error: an RFC 7468 label (`labelchar *( ["-" / SP] labelchar )`,
/// labelchar = printable ASCII but `-`), at most [`MAX_QUOTED_LABEL`] characters, and spelled the
/// way every registered label is (capital letters, digits, single spaces and hyphens).
///
/// Anything else is not quoted, because a text with a broken boundary line makes the reader take
/// key material for the label: a PEM delivered on one line, or one whose `-----` went missing,
/// puts the base64 body right after `-----BEGIN ` (issue 16, finding 1). Base64 of a key has
/// lower-case letters, `+` or `/`, and runs longer than any label, so it never passes.
fn is_quotable_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    let labelchar = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    label.len() <= MAX_QUOTED_LABEL
        && bytes.first().is_none_or(|&b| labelchar(b))
        && bytes.last().is_none_or(|&b| labelchar(b))
        && bytes
            .iter()
            .all(|&b| labelchar(b) || b == b' ' || b == b'-')
        && !bytes
            .windows(2)
            .any(|w| matches!(w[0], b' ' | b'-') && matches!(w[1], b' ' | b'-'))
}

/// Every PEM block in `text`. Lenient where tools differ (CRLF, bare CR, any line width, text
/// around the blocks, a key delivered on one line: its line breaks turned into spaces, removed,
/// or written as literal `\n` escapes); the error says what was found, and quotes a label only
/// when [`is_quotable_label`] says it cannot be key material.
///
/// The boundaries are found in the text, not line by line (RFC 7468 §2 puts them on lines of
/// their own, which a one-line delivery loses): a block runs from `-----BEGIN label-----` to the
/// next `-----END label-----`, and its body is every line between that is not an RFC 1421
/// header (`Proc-Type: 4,ENCRYPTED`, `DEK-Info`), whitespace dropped.
///
/// Bounded for text from untrusted hands (issue 16, finding 6: 4 MiB of empty blocks took 6.5 s
/// and gave a 1.1 MB error): at most [`MAX_PEM_BYTES`] and [`MAX_PEM_BLOCKS`], each byte looked
/// at a bounded number of times, each block's buffer sized for that block alone.
fn pem_blocks(text: &[u8]) -> Result<Vec<PemBlock>, String> {
    const BEGIN: &str = "-----BEGIN ";
    const DASHES: &str = "-----";
    if text.len() > MAX_PEM_BYTES {
        return Err(format!(
            "{} bytes of key text, more than the {MAX_PEM_BYTES} read (a key in PEM is a few KiB)",
            text.len()
        ));
    }
    let Ok(text) = core::str::from_utf8(text) else {
        return Err("not PEM (binary data; a DER key converts with `openssl pkey -inform DER -in key.der -out key.pem`)".into());
    };
    let unescaped;
    let text = if text.contains(BEGIN) && text.contains("\\n") {
        // Each step's copy of the key text is wiped, not only the last.
        let crlf = Zeroizing::new(text.replace("\\r\\n", "\n"));
        unescaped = Zeroizing::new(crlf.replace("\\n", "\n"));
        unescaped.as_str()
    } else {
        text
    };
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(BEGIN) {
        if blocks.len() == MAX_PEM_BLOCKS {
            return Err(format!(
                "more than {MAX_PEM_BLOCKS} PEM blocks (a key file holds one or two)"
            ));
        }
        let after = &rest[at + BEGIN.len()..];
        let Some(label_len) = after.find(DASHES) else {
            return Err("a `-----BEGIN` line that does not end in `-----` (not PEM)".into());
        };
        let label = &after[..label_len];
        if !is_quotable_label(label) {
            return Err(format!(
                "a `-----BEGIN` line whose label is not a PEM label ({} characters, not shown: \
                 key material where the label belongs means the PEM's line breaks were lost \
                 or its `-----` cut)",
                label.chars().count()
            ));
        }
        let after = &after[label_len + DASHES.len()..];
        let end = format!("-----END {label}-----");
        let Some(body_len) = after.find(&end) else {
            return Err(format!(
                "PEM `{label}` without its `{end}` line (cut short?)"
            ));
        };
        let raw = &after[..body_len];
        rest = &after[body_len + end.len()..];
        // Sized for the whole body, so it never grows: a reallocation would leave a copy of
        // the key's base64 behind, unwiped.
        let mut body = Zeroizing::new(String::with_capacity(raw.len()));
        let mut encrypted = false;
        for line in raw.split(['\n', '\r']) {
            if let Some((name, value)) = line.split_once(':') {
                // RFC 1421 headers of legacy OpenSSL PEM (`Proc-Type: 4,ENCRYPTED`, `DEK-Info`).
                // On one line the headers run into each other and into the body; base64 has no
                // `:`, so such a line is never key material to decode.
                encrypted |= name.trim().ends_with("Proc-Type") && value.contains("ENCRYPTED");
                continue;
            }
            body.extend(line.chars().filter(|c| !c.is_whitespace()));
        }
        let mut der = Zeroizing::new(Vec::with_capacity(body.len() / 4 * 3 + 3));
        if !encrypted {
            STANDARD
                .decode_vec(body.as_bytes(), &mut der)
                .map_err(|_| format!("PEM `{label}` whose body is not base64"))?;
        }
        blocks.push(PemBlock {
            label: label.to_owned(),
            der,
            encrypted,
        });
    }
    if blocks.is_empty() {
        return Err("not PEM (no `-----BEGIN ...-----` line)".into());
    }
    Ok(blocks)
}

/// What the blocks are, when none is the kind of key wanted.
fn describe_blocks(blocks: &[PemBlock], want: Want) -> String {
    let mut found = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i == MAX_LISTED_BLOCKS {
            found.push_str(&format!(" and {} more blocks", blocks.len() - i));
            break;
        }
        if i > 0 {
            found.push_str(", ");
        }
        found.push_str("PEM `");
        found.push_str(&block.label);
        found.push('`');
        let hint = match (block.label.as_str(), want) {
            ("PUBLIC KEY" | "RSA PUBLIC KEY", Want::Private) => {
                " (a public key: signing needs the private key)"
            }
            ("PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY", Want::Public) => {
                " (a private key: give verifiers only its public half, `openssl pkey -in key.pem -pubout`)"
            }
            ("ENCRYPTED PRIVATE KEY", _) => {
                " (encrypted with a passphrase: decrypt it, `openssl pkey -in key.pem -out plain.pem`)"
            }
            ("CERTIFICATE", Want::Public) => {
                " (a certificate: extract its key, `openssl x509 -in cert.pem -pubkey -noout`)"
            }
            ("CERTIFICATE", Want::Private) => " (a certificate, which holds no private key)",
            _ => "",
        };
        found.push_str(hint);
    }
    found
}
