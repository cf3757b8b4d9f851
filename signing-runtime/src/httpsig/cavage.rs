//! draft-cavage-http-signatures-12, RFC 9421's predecessor, as the ActivityPub fediverse uses it
//! on every server-to-server POST:
//!
//! ```text
//! Signature: keyId="https://a.example/actor#main-key",algorithm="rsa-sha256",
//!            headers="(request-target) host date digest",signature="<base64>"
//! Digest: SHA-256=<base64 of the body's SHA-256>
//! Date: Tue, 20 Apr 2021 02:07:55 GMT
//! ```
//!
//! The signing string is one `name: value` line per entry of `headers`, joined by `\n` with no
//! final newline; `(request-target)` is the lower-case method, a space, and the path with its
//! query; `(created)` / `(expires)` are the signature's parameters. Injective like RFC 9421's
//! base: a header value holds no newline, and the `headers` list fixes the lines' order.
//!
//! Algorithms: `rsa-sha256` (RSASSA-PKCS1-v1_5 with SHA-256), `hmac-sha256`, and `hs2019`,
//! whose algorithm is the one the key is registered for ([`KeyIdResolver`]), signed as RFC 9421
//! signs it. The verifier pins the algorithm: a header naming another is refused.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::asymmetric::{KeyIdResolver, SignatureAlgorithm};
use crate::error::Error;
use crate::time::{Timestamp, TimestampFormat};
use crate::PrivateKey;

use super::message::Message;

/// The `Signature` header.
pub const SIGNATURE: &str = "signature";

/// The name a signature's `algorithm` parameter gives for `algorithm`: `rsa-sha256` and
/// `hmac-sha256` for the draft's own, `hs2019` for the others.
pub fn algorithm_name(algorithm: SignatureAlgorithm) -> &'static str {
    match algorithm {
        SignatureAlgorithm::RsaV15Sha256 => "rsa-sha256",
        SignatureAlgorithm::HmacSha256 => "hmac-sha256",
        _ => "hs2019",
    }
}

/// A draft-cavage signature to make: the key id, the algorithm, and the headers it covers, in
/// order (lower case; `(request-target)`, `(created)`, `(expires)` included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CavageSigner {
    /// `keyId`.
    pub key_id: String,
    /// The algorithm (written as [`algorithm_name`] names it).
    pub algorithm: SignatureAlgorithm,
    /// `headers`.
    pub headers: Vec<String>,
    /// `(created)`, when covered.
    pub created: Option<Timestamp>,
    /// `(expires)`, when covered.
    pub expires: Option<Timestamp>,
}

impl CavageSigner {
    /// The signature of the Mastodon form: `(request-target) host date digest` (add the `Date`
    /// and `Digest` fields first: [`date_header`], [`digest_header`]).
    pub fn new(key_id: &str, algorithm: SignatureAlgorithm) -> CavageSigner {
        CavageSigner {
            key_id: key_id.to_owned(),
            algorithm,
            headers: ["(request-target)", "host", "date", "digest"]
                .map(str::to_owned)
                .to_vec(),
            created: None,
            expires: None,
        }
    }

    /// The headers covered, in order (names are compared without regard to case).
    #[must_use]
    pub fn headers(mut self, headers: &[&str]) -> CavageSigner {
        self.headers = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
        self
    }

    /// The `Signature` header value for `message`.
    ///
    /// # Errors
    /// [`Error::MissingComponent`] for a covered header the message lacks; the errors of
    /// [`PrivateKey::sign`]; [`Error::SignatureHeader`] for a key id holding `"` or `\`.
    pub fn sign(&self, message: &Message<'_>, key: &PrivateKey) -> Result<String, Error> {
        if self.key_id.contains(['"', '\\']) {
            return Err(Error::SignatureHeader {
                header: "Signature",
                reason: "a keyId may not hold `\"` or `\\`".into(),
            });
        }
        let text = signing_string(message, &self.headers, self.created, self.expires)?;
        let signature = key.sign(self.algorithm, text.as_bytes())?;
        let mut out = format!(
            "keyId=\"{}\",algorithm=\"{}\",",
            self.key_id,
            algorithm_name(self.algorithm)
        );
        if let Some(created) = self.created {
            out.push_str(&format!("created={},", created.unix_seconds()));
        }
        if let Some(expires) = self.expires {
            out.push_str(&format!("expires={},", expires.unix_seconds()));
        }
        out.push_str(&format!(
            "headers=\"{}\",signature=\"",
            self.headers.join(" ")
        ));
        STANDARD.encode_string(&signature, &mut out);
        out.push('"');
        Ok(out)
    }
}

/// The signing string (draft-cavage-12 §2.3).
///
/// # Errors
/// [`Error::MissingComponent`] for a covered header the message lacks, or `(created)` /
/// `(expires)` without its value.
pub fn signing_string(
    message: &Message<'_>,
    headers: &[String],
    created: Option<Timestamp>,
    expires: Option<Timestamp>,
) -> Result<String, Error> {
    let mut out = String::with_capacity(256);
    for (i, name) in headers.iter().enumerate() {
        let missing = || Error::MissingComponent {
            component: name.clone(),
            reason: "not in the message",
        };
        if i > 0 {
            out.push('\n');
        }
        out.push_str(name);
        out.push_str(": ");
        match name.as_str() {
            "(request-target)" => {
                out.push_str(&message.method().ok_or_else(missing)?.to_ascii_lowercase());
                out.push(' ');
                let path = message.path().ok_or_else(missing)?;
                out.push_str(if path.is_empty() { "/" } else { path });
                if let Some(query) = message.query() {
                    out.push('?');
                    out.push_str(query);
                }
            }
            "(created)" => out.push_str(&created.ok_or_else(missing)?.unix_seconds().to_string()),
            "(expires)" => out.push_str(&expires.ok_or_else(missing)?.unix_seconds().to_string()),
            "host" => match message.field("host")? {
                Some(host) => out.push_str(&host),
                None => out.push_str(message.authority().ok_or_else(missing)?),
            },
            field => out.push_str(&message.field(field)?.ok_or_else(missing)?),
        }
    }
    Ok(out)
}

/// `Digest: SHA-256=<base64>` (RFC 3230, as the fediverse sends it) of `body`.
pub fn digest_header(body: &[u8]) -> String {
    use sha2::Digest as _;
    format!("SHA-256={}", STANDARD.encode(sha2::Sha256::digest(body)))
}

/// Checks a received `Digest` field against `body`: its `SHA-256=` entry (the algorithm name
/// compared without regard to case) must be the body's digest.
///
/// # Errors
/// [`Error::SignatureHeader`] (header `Digest`) without a `SHA-256` entry;
/// [`Error::DigestMismatch`] when it differs.
pub fn verify_digest(field: &str, body: &[u8]) -> Result<(), Error> {
    let value = field
        .split(',')
        .filter_map(|item| item.trim().split_once('='))
        .find(|(name, _)| name.eq_ignore_ascii_case("sha-256"))
        .map(|(_, value)| value)
        .ok_or_else(|| Error::SignatureHeader {
            header: "Digest",
            reason: "no SHA-256 entry".into(),
        })?;
    if value.trim() == &digest_header(body)["SHA-256=".len()..] {
        Ok(())
    } else {
        Err(Error::DigestMismatch {
            algorithm: "SHA-256",
        })
    }
}

/// `Date: <IMF-fixdate>` for `at`.
pub fn date_header(at: Timestamp) -> String {
    at.format(TimestampFormat::ImfFixdate)
}

/// A verified draft-cavage signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CavageVerified {
    /// `keyId`.
    pub key_id: String,
    /// The headers it covers, in order.
    pub headers: Vec<String>,
    /// The algorithm it was checked with (the key's).
    pub algorithm: SignatureAlgorithm,
    /// `created`, when the signature has one.
    pub created: Option<Timestamp>,
    /// `expires`, when the signature has one.
    pub expires: Option<Timestamp>,
    /// The signing string that was verified: what identifies this request to a replay guard
    /// (one request has one signing string, however its `Signature` header is spelled).
    pub signing_string: String,
}

/// Checks draft-cavage signatures for a server: the key by `keyId` through a
/// [`KeyIdResolver`] (which fixes the algorithm: `algorithm` must name it, `hs2019` or its
/// draft name), the covered headers including every required one, and freshness: a covered
/// `Date` within `max_skew` of the verifier's time, `(created)` not in the future, `(expires)`
/// not past.
pub struct CavageVerifier<'r, R: ?Sized> {
    resolver: &'r R,
    required: Vec<String>,
    max_skew: i64,
    now: Option<Timestamp>,
}

impl<'r, R: KeyIdResolver + ?Sized> CavageVerifier<'r, R> {
    /// A verifier requiring `(request-target)`, `host` and `date` (add `digest` for requests
    /// with a body), 300 s of skew on `Date`, the system clock.
    pub fn new(resolver: &'r R) -> CavageVerifier<'r, R> {
        CavageVerifier {
            resolver,
            required: ["(request-target)", "host", "date"]
                .map(str::to_owned)
                .to_vec(),
            max_skew: 300,
            now: None,
        }
    }

    /// Headers every accepted signature must cover (replacing the defaults).
    #[must_use]
    pub fn require(mut self, headers: &[&str]) -> Self {
        self.required = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
        self
    }

    /// How far `Date` may be from the verifier's time, in seconds.
    #[must_use]
    pub fn max_skew(mut self, seconds: u32) -> Self {
        self.max_skew = i64::from(seconds);
        self
    }

    /// The verifier's time (default: the system clock).
    #[must_use]
    pub fn at(mut self, now: Timestamp) -> Self {
        self.now = Some(now);
        self
    }

    /// Verifies the `Signature` header of `message`.
    ///
    /// # Errors
    /// [`Error::SignatureHeader`] when the header is missing or malformed, or names another
    /// algorithm than the key's; [`Error::UnknownKey`]; [`Error::MissingComponent`] for a
    /// required header not covered (or a covered one missing); [`Error::StaleTimestamp`] /
    /// [`Error::SignatureExpired`]; [`Error::InvalidTimestamp`] for a `Date` that is not
    /// IMF-fixdate; [`Error::KeyMismatch`], [`Error::SignatureMismatch`] from the key.
    pub fn verify(&self, message: &Message<'_>) -> Result<CavageVerified, Error> {
        let header_err = |reason: &str| Error::SignatureHeader {
            header: "Signature",
            reason: reason.to_owned(),
        };
        let value = message
            .field(SIGNATURE)?
            .ok_or_else(|| header_err("missing"))?;
        let params = auth_params(&value)
            .ok_or_else(|| header_err("not a list of name=\"value\" parameters"))?;
        let get = |name: &str| -> Result<Option<&str>, Error> {
            let mut found = params.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name));
            let first = found.next().map(|(_, v)| v.as_str());
            if found.next().is_some() {
                return Err(header_err("a parameter is given twice"));
            }
            Ok(first)
        };
        let key_id = get("keyId")?.ok_or_else(|| header_err("no keyId"))?;
        let signature = get("signature")?.ok_or_else(|| header_err("no signature"))?;
        let signature = STANDARD
            .decode(signature)
            .map_err(|_| header_err("signature is not base64"))?;
        // draft-cavage-12 §2.1.6: without `headers`, only `(created)` is signed.
        let headers: Vec<String> = get("headers")?
            .unwrap_or("(created)")
            .split(' ')
            .filter(|h| !h.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        if let Some(missing) = self.required.iter().find(|r| !headers.contains(r)) {
            return Err(Error::MissingComponent {
                component: missing.clone(),
                reason: "not covered by the signature",
            });
        }
        let number = |name: &str| -> Result<Option<Timestamp>, Error> {
            get(name)?
                .map(|v| {
                    v.parse::<i64>()
                        .map(Timestamp::from_unix_seconds)
                        .map_err(|_| header_err("created/expires is not an integer"))
                })
                .transpose()
        };
        let (created, expires) = (number("created")?, number("expires")?);
        let (algorithm, key) = self.resolver.resolve(key_id).ok_or(Error::UnknownKey)?;
        if let Some(named) = get("algorithm")? {
            if named != "hs2019" && named != algorithm_name(algorithm) {
                return Err(header_err(&format!(
                    "names an algorithm other than its key's ({})",
                    algorithm_name(algorithm)
                )));
            }
        }
        self.check_time(message, &headers, created, expires)?;
        let text = signing_string(message, &headers, created, expires)?;
        key.verify(algorithm, text.as_bytes(), &signature)?;
        Ok(CavageVerified {
            key_id: key_id.to_owned(),
            headers,
            algorithm,
            created,
            expires,
            signing_string: text,
        })
    }

    fn check_time(
        &self,
        message: &Message<'_>,
        headers: &[String],
        created: Option<Timestamp>,
        expires: Option<Timestamp>,
    ) -> Result<(), Error> {
        let now = self.now.unwrap_or_else(Timestamp::now).unix_seconds();
        let mut fresh = false;
        if headers.iter().any(|h| h == "date") {
            let date = message
                .field("date")?
                .ok_or_else(|| Error::MissingComponent {
                    component: "date".into(),
                    reason: "not in the message",
                })?;
            let date = Timestamp::parse(&date, TimestampFormat::ImfFixdate)?.unix_seconds();
            let age = now.saturating_sub(date);
            if age.abs() > self.max_skew {
                return Err(Error::StaleTimestamp {
                    age_seconds: age,
                    max_skew_seconds: self.max_skew,
                });
            }
            fresh = true;
        }
        if let Some(created) = created.filter(|_| headers.iter().any(|h| h == "(created)")) {
            let age = now.saturating_sub(created.unix_seconds());
            if age < -self.max_skew || age > self.max_skew {
                return Err(Error::StaleTimestamp {
                    age_seconds: age,
                    max_skew_seconds: self.max_skew,
                });
            }
            fresh = true;
        }
        if let Some(expires) = expires {
            if now > expires.unix_seconds() {
                return Err(Error::SignatureExpired {
                    expires: expires.unix_seconds(),
                    now,
                });
            }
        }
        if fresh {
            Ok(())
        } else {
            Err(Error::MissingComponent {
                component: "date".into(),
                reason: "not covered by the signature (nor `(created)`): its age is unknown",
            })
        }
    }
}

/// `name="quoted value",name=token` parameters (RFC 9110 §5.6.6 auth-params separated by `,`,
/// spaces allowed around them); `None` when malformed.
fn auth_params(value: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut rest = value.trim_matches([' ', '\t']);
    while !rest.is_empty() {
        let (name, after) = rest.split_once('=')?;
        let name = name.trim_matches([' ', '\t']);
        if name.is_empty() || name.contains([' ', ',', '"']) {
            return None;
        }
        let after = after.trim_start_matches([' ', '\t']);
        let (value, after) = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let end = loop {
                let (i, c) = chars.next()?;
                match c {
                    '"' => break i,
                    '\\' => value.push(chars.next()?.1),
                    c => value.push(c),
                }
            };
            (value, &quoted[end + 1..])
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (
                after[..end].trim_end_matches([' ', '\t']).to_owned(),
                &after[end..],
            )
        };
        out.push((name.to_owned(), value));
        let after = after.trim_start_matches([' ', '\t']);
        rest = match after.strip_prefix(',') {
            Some(next) => next.trim_start_matches([' ', '\t']),
            None if after.is_empty() => after,
            None => return None,
        };
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_params_read_quoted_and_bare_values() {
        let p =
            auth_params(r#"keyId="a,b", algorithm=rsa-sha256 ,headers="x \"y\"",signature="AA==""#)
                .unwrap();
        assert_eq!(
            p,
            vec![
                ("keyId".into(), "a,b".into()),
                ("algorithm".into(), "rsa-sha256".into()),
                ("headers".into(), "x \"y\"".into()),
                ("signature".into(), "AA==".into()),
            ]
        );
        for bad in [r#"keyId="a"#, "keyId", r#"keyId="a" x"#, "=a"] {
            assert_eq!(auth_params(bad), None, "{bad}");
        }
    }
}
