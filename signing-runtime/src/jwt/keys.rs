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

use jsonwebtoken::{DecodingKey, EncodingKey};

use crate::asymmetric::raw::{RawPrivate, RawPublic};
use crate::error::Error;
use crate::secret::{KeyOrigin, KeySource, Secret};
use crate::signed::KeyInfo;

use super::der::{
    ec_private_sec1, pkcs8_private, pkcs8_private_as, rsa_private, rsa_public, spki_public,
    spki_public_as, Private,
};
use super::pem::{describe_blocks, pem_blocks, Want};
use super::JwtAlgorithm;

pub use super::pem::MAX_PEM_BYTES;

const PRIVATE_EXPECTED: &str = "a private key in PEM: `PRIVATE KEY` (PKCS#8: RSA, EC P-256, \
     EC P-384 or Ed25519), `RSA PRIVATE KEY` (PKCS#1) or `EC PRIVATE KEY` (SEC1, P-256 or P-384)";
const PUBLIC_EXPECTED: &str = "a public key in PEM: `PUBLIC KEY` (SPKI: RSA, EC P-256, EC P-384 \
     or Ed25519) or `RSA PUBLIC KEY` (PKCS#1)";

/// The family of an RSA key whose PKCS#8 or SPKI algorithm is id-RSASSA-PSS
/// (1.2.840.113549.1.1.10, RFC 4055 §1.2), in [`Error::KeyMismatch`].
pub(crate) const PSS_ONLY_RSA: &str = "RSASSA-PSS-only RSA";

/// What RSASSA-PKCS1-v1_5 (RS256/RS384/RS512, `rsa-v1_5-sha256`) needs when given a key
/// restricted to PSS, in [`Error::KeyMismatch`].
pub(crate) const RSA_NOT_PSS_ONLY: &str = "an RSA key not restricted to RSASSA-PSS: PKCS#8/SPKI \
     algorithm rsaEncryption (1.2.840.113549.1.1.1), `RSA PRIVATE KEY` or `RSA PUBLIC KEY`; this \
     one's is id-RSASSA-PSS (1.2.840.113549.1.1.10), which allows only PSS signatures (PS256, \
     rsa-pss-sha512)";

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

    /// Whether this is an RSA key restricted to RSASSA-PSS (its PKCS#8 or SPKI algorithm is
    /// id-RSASSA-PSS): it must not make or pass RSASSA-PKCS1-v1_5 signatures.
    pub(crate) fn pss_only(&self) -> bool {
        matches!(
            self.raw.as_deref(),
            Some(RawPublic::Rsa { pss_only: true, .. })
        )
    }

    pub(crate) fn check_fits(&self, algorithm: JwtAlgorithm) -> Result<(), Error> {
        let needed = algorithm.key_kind();
        if self.kind == needed {
            if self.pss_only() && algorithm.is_pkcs1_v15() {
                return Err(Error::KeyMismatch {
                    origin: self.origin.to_string(),
                    key: PSS_ONLY_RSA,
                    algorithm: algorithm.name(),
                    needed: RSA_NOT_PSS_ONLY,
                });
            }
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
