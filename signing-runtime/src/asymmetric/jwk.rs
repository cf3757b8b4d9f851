//! Keys from JSON Web Keys (RFC 7517, members of RFC 7518 §6): `RSA`, `EC` (`P-256`, `P-384`),
//! `OKP` (`Ed25519`, RFC 8037) and `oct` (an HMAC secret).
//!
//! The JSON is read in place: the members are borrowed from the caller's text, never copied, and
//! every decoded secret is wiped on drop. An asymmetric JWK is turned into PKCS#8 / SPKI DER and
//! read by the same code that reads PEM, so a key is checked the same way whatever its form.

use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use rsa::pkcs8::{EncodePrivateKey as _, EncodePublicKey as _};
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::error::Error;
use crate::secret::{KeyOrigin, Secret};
use crate::{PrivateKey, PublicKey};

const PRIVATE_EXPECTED: &str = "a private JWK (RFC 7517): `kty` \"RSA\" with `n`, `e`, `d`, `p`, \
     `q`; \"EC\" with `crv` \"P-256\" or \"P-384\", `x`, `y`, `d`; \"OKP\" with `crv` \"Ed25519\", \
     `x`, `d`; or \"oct\" with `k`";
const PUBLIC_EXPECTED: &str = "a public JWK (RFC 7517): `kty` \"RSA\" with `n`, `e`; \"EC\" with \
     `crv` \"P-256\" or \"P-384\", `x`, `y`; \"OKP\" with `crv` \"Ed25519\", `x`; or \"oct\" with `k`";

/// base64url as RFC 7515 §2 writes it (no padding); padding is tolerated, as many tools add it.
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The members read; the rest (`kid`, `use`, `alg`, `key_ops`, `x5c`, ...) are ignored.
#[derive(Deserialize)]
struct Jwk<'a> {
    kty: &'a str,
    #[serde(borrow)]
    crv: Option<&'a str>,
    #[serde(borrow)]
    n: Option<&'a str>,
    #[serde(borrow)]
    e: Option<&'a str>,
    #[serde(borrow)]
    d: Option<&'a str>,
    #[serde(borrow)]
    p: Option<&'a str>,
    #[serde(borrow)]
    q: Option<&'a str>,
    #[serde(borrow)]
    x: Option<&'a str>,
    #[serde(borrow)]
    y: Option<&'a str>,
    #[serde(borrow)]
    k: Option<&'a str>,
    /// RFC 7518 §6.3.2.7: more than two primes, which is not supported.
    oth: Option<serde::de::IgnoredAny>,
}

/// What an error may say about a `kty` or `crv` value: the value itself when it is a short
/// token (every registered one is), never a long or odd text that could be key material.
fn shown(value: &str) -> String {
    if value.len() <= 16
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        format!("{value:?}")
    } else {
        format!("a value of {} characters", value.chars().count())
    }
}

fn parse(text: &str) -> Result<Jwk<'_>, String> {
    serde_json::from_str(text).map_err(|e| {
        // serde_json's messages name the member and position, never a string's contents.
        format!(
            "text that is not a JWK object ({} at line {} column {})",
            match e.classify() {
                serde_json::error::Category::Data => "a member of the wrong type or missing",
                serde_json::error::Category::Syntax => "not JSON",
                serde_json::error::Category::Eof => "cut short",
                serde_json::error::Category::Io => "unreadable",
            },
            e.line(),
            e.column()
        )
    })
}

fn member<'a>(value: Option<&'a str>, kty: &str, name: &str) -> Result<&'a str, String> {
    value.ok_or_else(|| format!("a JWK of `kty` {} without member `{name}`", shown(kty)))
}

fn decode(value: &str, name: &str) -> Result<Zeroizing<Vec<u8>>, String> {
    let mut out = Zeroizing::new(Vec::with_capacity(value.len() / 4 * 3 + 3));
    B64URL
        .decode_vec(value, &mut out)
        .map_err(|_| format!("a JWK whose member `{name}` is not base64url"))?;
    Ok(out)
}

fn uint(value: &str, name: &str) -> Result<rsa::BigUint, String> {
    Ok(rsa::BigUint::from_bytes_be(&decode(value, name)?))
}

/// The fixed-size field element `name` of curve `crv` (`len` bytes).
fn coordinate(
    value: &str,
    name: &str,
    crv: &str,
    len: usize,
) -> Result<Zeroizing<Vec<u8>>, String> {
    let bytes = decode(value, name)?;
    if bytes.len() != len {
        return Err(format!(
            "a JWK whose `{name}` is {} bytes, not the {len} of {crv}",
            bytes.len()
        ));
    }
    Ok(bytes)
}

impl PrivateKey {
    /// Reads a private key from a JWK (RFC 7517): RSA (two primes), EC P-256 / P-384, OKP
    /// Ed25519, or `oct` (an HMAC secret, as [`PrivateKey::hmac`]). The public members (`x`,
    /// `y`) must be those of the private key. Members this reader does not use (`kid`, `alg`,
    /// `use`, the RSA CRT values, which are recomputed) are ignored.
    ///
    /// ```
    /// use signing_runtime::PrivateKey;
    /// // RFC 9421 B.1.4, test-key-ed25519.
    /// let key = PrivateKey::from_jwk(r#"{"kty": "OKP", "crv": "Ed25519",
    ///     "kid": "test-key-ed25519",
    ///     "d": "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU",
    ///     "x": "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs"}"#)?;
    /// assert_eq!(key.bits(), 256);
    /// # Ok::<(), signing_runtime::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::KeyFormat`] naming what is wrong (not JSON, a missing member, a member that is
    /// not base64url, an unsupported `kty` or `crv`, a public part that does not match, an RSA
    /// key under 2048 bits or whose numbers do not form a key), never a member's value.
    pub fn from_jwk(jwk: &str) -> Result<PrivateKey, Error> {
        let origin = KeyOrigin::Inline;
        private_jwk(jwk, &origin).map_err(|found| Error::KeyFormat {
            origin: origin.to_string(),
            found,
            expected: PRIVATE_EXPECTED,
        })
    }

    /// Loads a private JWK from an environment variable or a file (`#[signed(key = env(..),
    /// key_format = "jwk")]`; see [`PrivateKey::from_jwk`]).
    ///
    /// # Errors
    /// The loading errors of [`KeySource::load`](crate::KeySource::load), or
    /// [`Error::KeyFormat`] as [`PrivateKey::from_jwk`], naming the variable or file.
    pub fn load_jwk(source: crate::KeySource<'_>) -> Result<PrivateKey, Error> {
        let text = source.load(crate::encoding::KeyEncoding::Utf8, false)?;
        let origin = text.origin().clone();
        let fail = |found: String| Error::KeyFormat {
            origin: origin.to_string(),
            found,
            expected: PRIVATE_EXPECTED,
        };
        // Loaded as UTF-8 text, so this holds.
        let jwk = core::str::from_utf8(text.expose()).map_err(|_| fail("not UTF-8".into()))?;
        private_jwk(jwk, &origin).map_err(fail)
    }
}

impl PublicKey {
    /// Reads a public key from a JWK (RFC 7517): RSA, EC P-256 / P-384, OKP Ed25519, or `oct`
    /// (an HMAC secret, as [`PublicKey::hmac`]). Private members, if present, are ignored.
    ///
    /// # Errors
    /// [`Error::KeyFormat`] naming what is wrong, as [`PrivateKey::from_jwk`].
    pub fn from_jwk(jwk: &str) -> Result<PublicKey, Error> {
        let origin = KeyOrigin::Inline;
        public_jwk(jwk, &origin).map_err(|found| Error::KeyFormat {
            origin: origin.to_string(),
            found,
            expected: PUBLIC_EXPECTED,
        })
    }
}

const WHAT: &str = "JWK";

fn private_jwk(text: &str, origin: &KeyOrigin) -> Result<PrivateKey, String> {
    let jwk = parse(text)?;
    let kty = jwk.kty;
    let der = match kty {
        "RSA" => {
            if jwk.oth.is_some() {
                return Err("an RSA JWK with more than two primes (`oth`), not supported".into());
            }
            let key = rsa::RsaPrivateKey::from_components(
                uint(member(jwk.n, kty, "n")?, "n")?,
                uint(member(jwk.e, kty, "e")?, "e")?,
                uint(member(jwk.d, kty, "d")?, "d")?,
                vec![
                    uint(member(jwk.p, kty, "p")?, "p")?,
                    uint(member(jwk.q, kty, "q")?, "q")?,
                ],
            )
            .map_err(|_| "an RSA JWK whose numbers do not form an RSA key".to_owned())?;
            key.validate()
                .map_err(|_| "an RSA JWK whose numbers do not form an RSA key".to_owned())?;
            key.to_pkcs8_der()
                .map_err(|_| "an RSA JWK that cannot be encoded as PKCS#8".to_owned())?
        }
        "EC" => {
            let crv = member(jwk.crv, kty, "crv")?;
            let x = member(jwk.x, kty, "x")?;
            let y = member(jwk.y, kty, "y")?;
            let d = member(jwk.d, kty, "d")?;
            match crv {
                "P-256" => {
                    let key = p256::SecretKey::from_slice(&coordinate(d, "d", crv, 32)?)
                        .map_err(|_| "an EC JWK whose `d` is not a P-256 scalar".to_owned())?;
                    let point = p256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(
                        &key.public_key(),
                        false,
                    );
                    check_point(point.as_bytes(), x, y, crv, 32)?;
                    key.to_pkcs8_der()
                        .map_err(|_| "an EC JWK that cannot be encoded as PKCS#8".to_owned())?
                }
                "P-384" => {
                    let key = p384::SecretKey::from_slice(&coordinate(d, "d", crv, 48)?)
                        .map_err(|_| "an EC JWK whose `d` is not a P-384 scalar".to_owned())?;
                    let point = p384::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(
                        &key.public_key(),
                        false,
                    );
                    check_point(point.as_bytes(), x, y, crv, 48)?;
                    key.to_pkcs8_der()
                        .map_err(|_| "an EC JWK that cannot be encoded as PKCS#8".to_owned())?
                }
                other => return Err(format!("an EC JWK on curve {}", shown(other))),
            }
        }
        "OKP" => {
            let crv = member(jwk.crv, kty, "crv")?;
            if crv != "Ed25519" {
                return Err(format!(
                    "an OKP JWK on curve {} (only Ed25519 signs)",
                    shown(crv)
                ));
            }
            let d = coordinate(member(jwk.d, kty, "d")?, "d", crv, 32)?;
            let mut seed = Zeroizing::new([0u8; 32]);
            seed.copy_from_slice(&d);
            let key = ed25519_dalek::SigningKey::from_bytes(&seed);
            let x = coordinate(member(jwk.x, kty, "x")?, "x", crv, 32)?;
            if key.verifying_key().as_bytes()[..] != x[..] {
                return Err("an OKP JWK whose `x` is not the public key of its `d`".into());
            }
            key.to_pkcs8_der()
                .map_err(|_| "an OKP JWK that cannot be encoded as PKCS#8".to_owned())?
        }
        "oct" => {
            let k = decode(member(jwk.k, kty, "k")?, "k")?;
            return Ok(PrivateKey::hmac(Secret::new(k.to_vec())));
        }
        other => return Err(format!("a JWK of `kty` {}", shown(other))),
    };
    PrivateKey::from_pkcs8_der(der.as_bytes(), WHAT, origin.clone())
}

/// The uncompressed point `04 ‖ x ‖ y` of a private key against the JWK's `x` and `y`.
fn check_point(point: &[u8], x: &str, y: &str, crv: &str, len: usize) -> Result<(), String> {
    let x = coordinate(x, "x", crv, len)?;
    let y = coordinate(y, "y", crv, len)?;
    if point.get(1..1 + len) != Some(&x[..]) || point.get(1 + len..) != Some(&y[..]) {
        return Err("an EC JWK whose `x`, `y` are not the public key of its `d`".into());
    }
    Ok(())
}

fn public_jwk(text: &str, origin: &KeyOrigin) -> Result<PublicKey, String> {
    let jwk = parse(text)?;
    let kty = jwk.kty;
    let der = match kty {
        "RSA" => {
            let key = rsa::RsaPublicKey::new(
                uint(member(jwk.n, kty, "n")?, "n")?,
                uint(member(jwk.e, kty, "e")?, "e")?,
            )
            .map_err(|_| "an RSA JWK whose `n`, `e` do not form an RSA public key".to_owned())?;
            key.to_public_key_der()
                .map_err(|_| "an RSA JWK that cannot be encoded as SPKI".to_owned())?
        }
        "EC" => {
            let crv = member(jwk.crv, kty, "crv")?;
            let len = match crv {
                "P-256" => 32,
                "P-384" => 48,
                other => return Err(format!("an EC JWK on curve {}", shown(other))),
            };
            let mut point = vec![0x04];
            point.extend_from_slice(&coordinate(member(jwk.x, kty, "x")?, "x", crv, len)?);
            point.extend_from_slice(&coordinate(member(jwk.y, kty, "y")?, "y", crv, len)?);
            let not_point = |_| format!("an EC JWK whose `x`, `y` are not a point of {crv}");
            if len == 32 {
                p256::PublicKey::from_sec1_bytes(&point)
                    .map_err(not_point)?
                    .to_public_key_der()
            } else {
                p384::PublicKey::from_sec1_bytes(&point)
                    .map_err(not_point)?
                    .to_public_key_der()
            }
            .map_err(|_| "an EC JWK that cannot be encoded as SPKI".to_owned())?
        }
        "OKP" => {
            let crv = member(jwk.crv, kty, "crv")?;
            if crv != "Ed25519" {
                return Err(format!(
                    "an OKP JWK on curve {} (only Ed25519 signs)",
                    shown(crv)
                ));
            }
            let x = coordinate(member(jwk.x, kty, "x")?, "x", crv, 32)?;
            let mut raw = [0u8; 32];
            raw.copy_from_slice(&x);
            let key = ed25519_dalek::VerifyingKey::from_bytes(&raw)
                .map_err(|_| "an OKP JWK whose `x` is not an Ed25519 point".to_owned())?;
            key.to_public_key_der()
                .map_err(|_| "an OKP JWK that cannot be encoded as SPKI".to_owned())?
        }
        "oct" => {
            let k = decode(member(jwk.k, kty, "k")?, "k")?;
            return Ok(PublicKey::hmac(Secret::new(k.to_vec())));
        }
        other => return Err(format!("a JWK of `kty` {}", shown(other))),
    };
    PublicKey::from_spki_der(der.as_bytes(), WHAT, origin.clone())
}
