//! The server side: checking a compact token, each failure with its own error.

use core::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Number, Value};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::error::Error;
use crate::time::Timestamp;

use super::{verify_input, JwtAlgorithm, JwtSpec, PublicKey, DEFAULT_LEEWAY};

/// The longest token [`decode`] and the derived `verify` read by default, in bytes: 8 KiB, the
/// same as [`MAX_HEADER_BYTES`](crate::parse::MAX_HEADER_BYTES) for the header that usually
/// carries it. A longer token is refused before any of it is decoded or its signature checked.
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;

/// What [`decode`] accepts: the one algorithm, the time and its leeway, the longest lifetime,
/// the audience and issuer.
///
/// ```
/// use signing_runtime::jwt::{JwtAlgorithm, Validation};
/// use signing_runtime::Timestamp;
/// let validation = Validation::new(JwtAlgorithm::Rs256)
///     .audience("https://api.example.com")
///     .issuer("client-123")
///     .max_lifetime(300)
///     .leeway(30)
///     .at(Timestamp::from_unix_seconds(1_700_000_000));
/// assert_eq!(validation.algorithm(), JwtAlgorithm::Rs256);
/// ```
#[derive(Debug, Clone)]
pub struct Validation {
    algorithm: JwtAlgorithm,
    leeway: i64,
    at: Option<Timestamp>,
    max_lifetime: Option<i64>,
    audience: Audience,
    issuer: Option<String>,
    require_exp: bool,
    max_token_bytes: usize,
}

#[derive(Debug, Clone)]
enum Audience {
    /// No audience configured: a token that names one is refused (RFC 7519 §4.1.3).
    RefuseAny,
    /// The token's `aud` must name one of these.
    OneOf(Vec<String>),
    /// The derived `verify` compares `aud` with the struct's own field instead.
    Unchecked,
}

impl Validation {
    /// Accepts tokens signed with `algorithm` only, checked against the system clock with
    /// [`DEFAULT_LEEWAY`] seconds of leeway, that carry an `exp` and no `aud`.
    pub fn new(algorithm: JwtAlgorithm) -> Validation {
        Validation {
            algorithm,
            leeway: i64::from(DEFAULT_LEEWAY),
            at: None,
            max_lifetime: None,
            audience: Audience::RefuseAny,
            issuer: None,
            require_exp: true,
            max_token_bytes: MAX_TOKEN_BYTES,
        }
    }

    /// The validation the derived `verify` uses for a declaration.
    pub(crate) fn for_spec(spec: &JwtSpec) -> Validation {
        Validation {
            max_lifetime: spec.max_lifetime.or(spec.lifetime),
            audience: Audience::Unchecked,
            // With a lifetime declared, `max_lifetime` is set too and requires `exp` on its
            // own: a mutant forcing this to `false` is equivalent (tests/jwt.rs shows the
            // derived verify refusing a token without `exp`).
            require_exp: spec.lifetime.is_some(),
            ..Validation::new(spec.algorithm)
        }
    }

    /// The algorithm a token's header must name.
    pub fn algorithm(&self) -> JwtAlgorithm {
        self.algorithm
    }

    /// How far `nbf` and `exp` may be off the clock, in seconds.
    #[must_use]
    pub fn leeway(mut self, seconds: u32) -> Validation {
        self.leeway = i64::from(seconds);
        self
    }

    /// Checks `nbf` and `exp` against `now` instead of the system clock.
    #[must_use]
    pub fn at(mut self, now: Timestamp) -> Validation {
        self.at = Some(now);
        self
    }

    /// Refuses tokens whose `exp` minus `nbf` (or `iat` when there is no `nbf`) is more than
    /// `seconds`, tokens whose `exp` is more than `seconds` plus the leeway after the
    /// verifier's time (whatever `nbf` and `iat` say), and tokens without those claims.
    #[must_use]
    pub fn max_lifetime(mut self, seconds: u32) -> Validation {
        self.max_lifetime = Some(i64::from(seconds));
        self
    }

    /// Accepts tokens whose `aud` names `audience` (call again to accept several). Without any,
    /// a token that has an `aud` is refused.
    #[must_use]
    pub fn audience(mut self, audience: impl Into<String>) -> Validation {
        match &mut self.audience {
            Audience::OneOf(list) => list.push(audience.into()),
            other => *other = Audience::OneOf(vec![audience.into()]),
        }
        self
    }

    /// Requires `iss` to be `issuer`.
    #[must_use]
    pub fn issuer(mut self, issuer: impl Into<String>) -> Validation {
        self.issuer = Some(issuer.into());
        self
    }

    /// Whether a token without `exp` (one that never expires) is refused; it is by default.
    #[must_use]
    pub fn require_exp(mut self, required: bool) -> Validation {
        self.require_exp = required;
        self
    }

    /// The longest token accepted, in bytes ([`MAX_TOKEN_BYTES`] by default). A longer one is
    /// refused before any of it is decoded.
    #[must_use]
    pub fn max_token_bytes(mut self, bytes: usize) -> Validation {
        self.max_token_bytes = bytes;
        self
    }
}

/// Checks a compact token and deserializes its claims.
///
/// In order: the token's length; its shape; its header's `alg` (`none` and any algorithm but the one in
/// `validation` are refused before the key is touched); the key's family; the signature; then
/// `exp`, `nbf`, the lifetime, `aud` and `iss`.
///
/// # Errors
/// Each failure has its own variant: [`Error::MalformedToken`] (longer than
/// [`Validation::max_token_bytes`], not three base64url parts of JSON objects, a member given
/// twice in the header or the claims, or a `crit` header), [`Error::UnsecuredToken`] (`alg: none`),
/// [`Error::AlgorithmMismatch`], [`Error::KeyMismatch`] (an EC key for RS256, an RSA key
/// restricted to RSASSA-PSS for RS256/RS384/RS512), [`Error::SignatureMismatch`] (wrong key, or a tampered header or payload),
/// [`Error::TokenExpired`], [`Error::TokenNotYetValid`], [`Error::TokenIssuedInFuture`],
/// [`Error::LifetimeTooLong`], [`Error::ExpiryTooFar`], [`Error::MissingClaim`], [`Error::WrongAudience`], [`Error::WrongIssuer`], and
/// [`Error::InvalidClaims`] when the verified claims do not deserialize into `T`.
pub fn decode<T: DeserializeOwned>(
    token: &str,
    key: &PublicKey,
    validation: &Validation,
) -> Result<T, Error> {
    let claims = verified_claims(token, key, validation)?;
    serde_json::from_value(Value::Object(claims)).map_err(|e| Error::InvalidClaims {
        reason: e.to_string(),
    })
}

/// The claims of a token that passed every check of `validation`.
pub(crate) fn verified_claims(
    token: &str,
    key: &PublicKey,
    validation: &Validation,
) -> Result<Map<String, Value>, Error> {
    if token.len() > validation.max_token_bytes {
        return Err(malformed(
            "it is longer than the verifier accepts (`Validation::max_token_bytes`, 8 KiB by default)",
        ));
    }
    let token = token.trim();
    let Some((input, signature)) = token.rsplit_once('.') else {
        return Err(malformed("it is not three `.`-separated parts"));
    };
    let Some((header, payload)) = input.split_once('.') else {
        return Err(malformed("it is not three `.`-separated parts"));
    };
    if payload.contains('.') {
        return Err(malformed("it has more than three `.`-separated parts"));
    }

    let header = json_object(header, Part::Header)?;
    let alg = header
        .get("alg")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("its header has no `alg`"))?;
    if alg.eq_ignore_ascii_case("none") {
        return Err(Error::UnsecuredToken);
    }
    if alg != validation.algorithm.name() {
        return Err(Error::AlgorithmMismatch {
            expected: validation.algorithm.name(),
            found: alg.chars().take(32).collect(),
        });
    }
    if header.contains_key("crit") {
        return Err(malformed(
            "its header has `crit` extensions, which must be understood and are not",
        ));
    }

    verify_input(validation.algorithm, key, input.as_bytes(), signature)?;

    let claims = json_object(payload, Part::Payload)?;
    check_claims(&claims, validation)?;
    Ok(claims)
}

fn malformed(reason: &'static str) -> Error {
    Error::MalformedToken { reason }
}

/// Decodes one base64url part holding a JSON object; `what` names it in the error.
fn json_object(part: &str, what: Part) -> Result<Map<String, Value>, Error> {
    let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|_| {
        malformed(match what {
            Part::Header => "its header is not base64url",
            Part::Payload => "its payload is not base64url",
        })
    })?;
    match serde_json::from_slice(&bytes) {
        Ok(Unique(Value::Object(map))) => Ok(map),
        Err(e) if e.to_string().starts_with(DUPLICATE) => Err(malformed(match what {
            Part::Header => "its header has a member twice (RFC 7515 §5.2: refused, not last-wins)",
            Part::Payload => "its claims have a member twice (RFC 7519 §4: refused, not last-wins)",
        })),
        _ => Err(malformed(match what {
            Part::Header => "its header is not a JSON object",
            Part::Payload => "its payload is not a JSON object",
        })),
    }
}

/// The start of the error [`Unique`] gives for a member given twice.
const DUPLICATE: &str = "duplicate member";

/// A JSON value whose objects, at any depth, name each member once. `serde_json::Value` keeps
/// the last of two members with the same name, so `{"alg":"none","alg":"HS256"}` would be read
/// as HS256 here and perhaps as `none` by another parser of the same token; RFC 7515 §5.2 and
/// RFC 7519 §4 allow refusing such a token, which is what this does.
struct Unique(Value);

impl<'de> Deserialize<'de> for Unique {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Unique, D::Error> {
        deserializer.deserialize_any(UniqueVisitor)
    }
}

struct UniqueVisitor;

impl<'de> Visitor<'de> for UniqueVisitor {
    type Value = Unique;

    // Only serde's "invalid type" messages call this, and `deserialize_any` takes every type:
    // a mutant returning `Ok(())` here is equivalent.
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Unique, E> {
        Ok(Unique(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Unique, E> {
        Ok(Unique(Value::Number(v.into())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Unique, E> {
        Ok(Unique(Value::Number(v.into())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Unique, E> {
        // As `serde_json::Value` reads it (JSON has no infinities or NaN to lose).
        Ok(Unique(
            Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Unique, E> {
        Ok(Unique(Value::String(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Unique, E> {
        Ok(Unique(Value::String(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Unique, E> {
        Ok(Unique(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
        let mut items = Vec::new();
        while let Some(Unique(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Unique(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Unique, A::Error> {
        let mut map = Map::new();
        while let Some(name) = access.next_key::<String>()? {
            if map.contains_key(&name) {
                return Err(de::Error::custom(DUPLICATE));
            }
            let Unique(value) = access.next_value()?;
            map.insert(name, value);
        }
        Ok(Unique(Value::Object(map)))
    }
}

#[derive(Clone, Copy)]
enum Part {
    Header,
    Payload,
}

/// A NumericDate claim (RFC 7519 §2): seconds, possibly fractional (rounded down).
fn numeric_date(claims: &Map<String, Value>, name: &'static str) -> Result<Option<i64>, Error> {
    let Some(value) = claims.get(name) else {
        return Ok(None);
    };
    let seconds = value.as_i64().or_else(|| {
        value
            .as_f64()
            .filter(|f| f.is_finite())
            // Saturating float-to-int conversion; a date past i64 is simply far away.
            .map(|f| f.floor() as i64)
    });
    seconds.map(Some).ok_or_else(|| Error::InvalidClaims {
        reason: format!("`{name}` is not a NumericDate (seconds since the epoch)"),
    })
}

fn check_claims(claims: &Map<String, Value>, validation: &Validation) -> Result<(), Error> {
    let now = validation.at.unwrap_or_else(Timestamp::now).unix_seconds();
    let leeway = validation.leeway;
    let exp = numeric_date(claims, "exp")?;
    let nbf = numeric_date(claims, "nbf")?;
    let iat = numeric_date(claims, "iat")?;

    match exp {
        // RFC 7519 §4.1.4: not accepted "on or after" `exp`.
        Some(exp) if now >= exp.saturating_add(leeway) => {
            return Err(Error::TokenExpired { exp, now });
        }
        None if validation.require_exp => return Err(Error::MissingClaim { claim: "exp" }),
        _ => {}
    }
    if let Some(nbf) = nbf {
        // RFC 7519 §4.1.5: not accepted "before" `nbf`.
        if now.saturating_add(leeway) < nbf {
            return Err(Error::TokenNotYetValid { nbf, now });
        }
    }
    if let Some(max) = validation.max_lifetime {
        let exp = exp.ok_or(Error::MissingClaim { claim: "exp" })?;
        let start = nbf.or(iat).ok_or(Error::MissingClaim { claim: "nbf" })?;
        let lifetime = exp.saturating_sub(start);
        if lifetime > max {
            return Err(Error::LifetimeTooLong { lifetime, max });
        }
        // The lifetime is also measured from the verifier's clock, not only between the token's
        // own claims: `{"iat": now + 10 years - 60, "exp": now + 10 years}` claims 60 s (issue
        // 16, finding 3). The `iat` check below refuses that token too (and with the `nbf`
        // check above, this bound follows from the lifetime one); this one says what is wrong.
        if exp.saturating_sub(now) > max.saturating_add(leeway) {
            return Err(Error::ExpiryTooFar { exp, now, max });
        }
    }
    if let Some(iat) = iat {
        // RFC 7519 §4.1.6 gives no rule; a token issued in the future is refused as one not yet
        // valid is (PyJWT does the same), with or without `max_lifetime`.
        if now.saturating_add(leeway) < iat {
            return Err(Error::TokenIssuedInFuture { iat, now });
        }
    }

    match (&validation.audience, claims.get("aud")) {
        (Audience::Unchecked, _) | (Audience::RefuseAny, None) => {}
        (Audience::RefuseAny, Some(_)) => {
            return Err(Error::WrongAudience {
                expected: Vec::new(),
            })
        }
        (Audience::OneOf(_), None) => return Err(Error::MissingClaim { claim: "aud" }),
        (Audience::OneOf(accepted), Some(aud)) => {
            let named = match aud {
                Value::String(one) => vec![one.as_str()],
                Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !named.iter().any(|a| accepted.iter().any(|b| a == b)) {
                return Err(Error::WrongAudience {
                    expected: accepted.clone(),
                });
            }
        }
    }

    if let Some(issuer) = &validation.issuer {
        match claims.get("iss").and_then(Value::as_str) {
            None => return Err(Error::MissingClaim { claim: "iss" }),
            Some(iss) if iss != issuer => {
                return Err(Error::WrongIssuer {
                    expected: issuer.clone(),
                })
            }
            Some(_) => {}
        }
    }
    Ok(())
}
