//! The JSON shapes token endpoints answer with.

use core::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use zeroize::Zeroizing;

use super::Token;
use crate::error::Error;
use crate::time::Timestamp;

/// The most provider text (a message, a code, the start of an HTML page) an error carries.
const MAX_PROVIDER_TEXT: usize = 200;

/// A token endpoint's answer, parsed, that can become a [`Token`].
///
/// Implement it on a `#[derive(serde::Deserialize)]` struct to read a provider whose shape is not
/// built in, then call [`Token::from_json::<YourShape>`](Token::from_json):
///
/// ```
/// use serde::Deserialize;
/// use signing_runtime::token::{Token, TokenResponse};
/// use signing_runtime::{Error, Timestamp};
///
/// #[derive(Deserialize)]
/// struct Session { session_id: String, ttl_minutes: i64 }
///
/// impl TokenResponse for Session {
///     fn into_token(self, now: Timestamp) -> Result<Token, Error> {
///         let expires_at = now.add_seconds(self.ttl_minutes.saturating_mul(60));
///         Ok(Token::new(self.session_id, Some(expires_at)))
///     }
/// }
///
/// let now = Timestamp::from_unix_seconds(1_000);
/// let token = Token::from_json::<Session>(200, br#"{"session_id":"s-1","ttl_minutes":2}"#, now)?;
/// assert_eq!(token.expires_at(), Some(Timestamp::from_unix_seconds(1_120)));
/// # Ok::<(), Error>(())
/// ```
pub trait TokenResponse {
    /// The token this answer carries; lifetimes given in seconds count from `now`.
    ///
    /// # Errors
    /// [`Error::TokenResponse`] (with `status: None`) when the answer reports a refusal;
    /// [`Error::TokenBody`] when a field the token needs is missing or unusable.
    fn into_token(self, now: Timestamp) -> Result<Token, Error>;
}

/// `{"accessToken":"…","expiresInSeconds":3600,"tokenType":"Bearer"}`.
///
/// `expiresInSeconds` may also be a string of digits; `tokenType` may be left out (`Bearer`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessTokenResponse {
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default, deserialize_with = "expires_in_seconds")]
    expires_in_seconds: Option<u64>,
    #[serde(default)]
    token_type: Option<String>,
}

impl TokenResponse for AccessTokenResponse {
    fn into_token(self, now: Timestamp) -> Result<Token, Error> {
        let value = required_token(self.access_token, "accessToken")?;
        let seconds = self
            .expires_in_seconds
            .ok_or_else(|| missing("expiresInSeconds"))?;
        let token = Token::from_zeroizing(value, Some(after_seconds(now, seconds)));
        Ok(match self.token_type {
            Some(token_type) => token.with_token_type(token_type),
            None => token,
        })
    }
}

/// `{"code":0,"msg":"success","data":{"token":"…","expireTime":"1740568725231"}}`.
///
/// `expireTime` is the instant the token expires, in milliseconds since the Unix epoch, as a
/// string or a number. A `code` other than `0` (number or string), or no `data`, is the provider
/// refusing: [`Error::TokenResponse`] with its `code` and `msg`.
#[derive(Deserialize)]
pub struct CodeMsgResponse {
    #[serde(default, deserialize_with = "code")]
    code: Option<String>,
    #[serde(default)]
    msg: Option<String>,
    #[serde(default)]
    data: Option<CodeMsgData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CodeMsgData {
    #[serde(default)]
    token: Option<String>,
    #[serde(default, deserialize_with = "expire_time")]
    expire_time: Option<u64>,
}

impl TokenResponse for CodeMsgResponse {
    fn into_token(self, _now: Timestamp) -> Result<Token, Error> {
        let refused = |code: Option<String>, msg: Option<String>| Error::TokenResponse {
            status: None,
            code: code.as_deref().map(provider_text),
            message: msg.as_deref().map(provider_text).unwrap_or_default(),
        };
        let data = match (self.code.as_deref(), self.data) {
            (None | Some("0"), Some(data)) => data,
            (_, _) => return Err(refused(self.code, self.msg)),
        };
        let value = required_token(data.token, "data.token")?;
        let millis = data.expire_time.ok_or_else(|| missing("data.expireTime"))?;
        let expires_at = Timestamp::from_unix_millis(i64::try_from(millis).unwrap_or(i64::MAX));
        Ok(Token::from_zeroizing(value, Some(expires_at)))
    }
}

/// OAuth2's (RFC 6749 §5.1) `{"access_token":"…","expires_in":3600,"token_type":"Bearer"}`, and
/// its error answer (§5.2) `{"error":"invalid_client","error_description":"…"}`.
///
/// `expires_in` may be a string of digits, or absent (the token then has no expiry);
/// `token_type` may be absent (`Bearer`). Other members (`refresh_token`, `scope`) are ignored.
#[derive(Deserialize)]
pub struct OAuth2Response {
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default, deserialize_with = "expires_in")]
    expires_in: Option<u64>,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
}

impl TokenResponse for OAuth2Response {
    fn into_token(self, now: Timestamp) -> Result<Token, Error> {
        if let Some(error) = self.error {
            return Err(Error::TokenResponse {
                status: None,
                code: Some(provider_text(&error)),
                message: self
                    .error_description
                    .as_deref()
                    .map(provider_text)
                    .unwrap_or_default(),
            });
        }
        let value = required_token(self.access_token, "access_token")?;
        let expires_at = self.expires_in.map(|seconds| after_seconds(now, seconds));
        let token = Token::from_zeroizing(value, expires_at);
        Ok(match self.token_type {
            Some(token_type) => token.with_token_type(token_type),
            None => token,
        })
    }
}

impl fmt::Debug for AccessTokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessTokenResponse")
            .field("expires_in_seconds", &self.expires_in_seconds)
            .field("token_type", &self.token_type)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for CodeMsgResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CodeMsgResponse")
            .field("code", &self.code)
            .field("msg", &self.msg)
            .field(
                "expire_time",
                &self.data.as_ref().and_then(|data| data.expire_time),
            )
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for OAuth2Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth2Response")
            .field("expires_in", &self.expires_in)
            .field("token_type", &self.token_type)
            .field("error", &self.error)
            .field("error_description", &self.error_description)
            .finish_non_exhaustive()
    }
}

/// The token text, wiped when dropped; an empty or missing one is an error naming `field`.
fn required_token(value: Option<String>, field: &'static str) -> Result<Zeroizing<String>, Error> {
    match value.map(Zeroizing::new) {
        Some(value) if !value.is_empty() => Ok(value),
        Some(_) => Err(Error::TokenBody {
            reason: format!("`{field}` is empty"),
        }),
        None => Err(missing(field)),
    }
}

fn missing(field: &'static str) -> Error {
    Error::TokenBody {
        reason: format!("missing `{field}`"),
    }
}

fn after_seconds(now: Timestamp, seconds: u64) -> Timestamp {
    now.add_seconds(i64::try_from(seconds).unwrap_or(i64::MAX))
}

/// The error for a failure status: the provider's code and message when the body is JSON that
/// has them under a usual name, else the start of a body that is not JSON (an HTML error page).
/// Other JSON is not echoed: it is the provider's, and might hold anything.
pub(super) fn failure_from_body(status: u16, body: &[u8]) -> Error {
    #[derive(Deserialize)]
    struct Usual {
        #[serde(default, deserialize_with = "code")]
        error: Option<String>,
        #[serde(default, deserialize_with = "code")]
        code: Option<String>,
        #[serde(default)]
        error_description: Option<String>,
        #[serde(default)]
        message: Option<String>,
        #[serde(default)]
        msg: Option<String>,
    }
    let (code, message) = match serde_json::from_slice::<Usual>(body) {
        Ok(usual) => (
            usual.error.or(usual.code),
            usual.error_description.or(usual.message).or(usual.msg),
        ),
        Err(_) if serde_json::from_slice::<de::IgnoredAny>(body).is_ok() => (None, None),
        Err(_) => (None, Some(String::from_utf8_lossy(body).into_owned())),
    };
    Error::TokenResponse {
        status: Some(status),
        code: code.as_deref().map(provider_text),
        message: message.as_deref().map(provider_text).unwrap_or_default(),
    }
}

/// Provider text made safe to show on one line: control characters become spaces, surrounding
/// whitespace goes, and it is cut to [`MAX_PROVIDER_TEXT`] characters.
pub(super) fn provider_text(text: &str) -> String {
    let text = text.trim();
    let mut out: String = text
        .chars()
        .take(MAX_PROVIDER_TEXT)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(MAX_PROVIDER_TEXT).is_some() {
        out.push('…');
    }
    out
}

/// serde_json's account of a parse failure, without the values it quotes (`invalid type: string
/// "…"` could be the token itself), with the position.
pub(super) fn json_reason(err: &serde_json::Error) -> String {
    let full = err.to_string();
    let location = format!(" at line {} column {}", err.line(), err.column());
    let message = full.strip_suffix(location.as_str()).unwrap_or(&full);
    // serde's data errors read "<what was found>, expected <what>"; what was found may quote a
    // value: keep its kind ("string", "integer") and drop the quote.
    let message = match message.split_once(", expected ") {
        Some((found, expected)) => {
            let kind = found
                .split(['"', '`'])
                .next()
                .unwrap_or_default()
                .trim_end();
            format!("{kind}, expected {expected}")
        }
        None => message.to_owned(),
    };
    if err.line() == 0 {
        message
    } else {
        format!("{message} (line {}, column {})", err.line(), err.column())
    }
}

/// Reads a whole non-negative number given as a JSON number or a string of digits; `null` is
/// `None`. Errors name the field, never the value.
struct WholeNumber(&'static str);

impl WholeNumber {
    fn error<E: de::Error>(&self) -> E {
        E::custom(format_args!(
            "`{}` is not a whole non-negative number",
            self.0
        ))
    }
}

impl Visitor<'_> for WholeNumber {
    type Value = Option<u64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` as a whole number or a string of digits", self.0)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        u64::try_from(v).map(Some).map_err(|_| self.error())
    }

    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // 3600.0 is a whole number; the cast saturates above u64::MAX.
        if v.is_finite() && v >= 0.0 && v.fract() == 0.0 {
            Ok(Some(v as u64))
        } else {
            Err(self.error())
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let digits = v.trim();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.error());
        }
        // All digits: the only failure left is overflow, which saturates.
        Ok(Some(digits.parse().unwrap_or(u64::MAX)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

fn expires_in_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    d.deserialize_any(WholeNumber("expiresInSeconds"))
}

fn expires_in<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    d.deserialize_any(WholeNumber("expires_in"))
}

fn expire_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    d.deserialize_any(WholeNumber("data.expireTime"))
}

/// A provider's error code, given as a number or a string; `null` is `None`.
struct Code;

impl Visitor<'_> for Code {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an error code as a number or a string")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

fn code<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(Code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_text_is_one_short_line() {
        assert_eq!(provider_text("  a\r\nb\t "), "a  b");
        let long = "é".repeat(250);
        let cut = provider_text(&long);
        assert_eq!(cut.chars().count(), MAX_PROVIDER_TEXT + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(provider_text(&"x".repeat(200)), "x".repeat(200));
    }

    #[test]
    fn json_reason_drops_quoted_values() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Shape {
            n: u64,
        }
        let err = serde_json::from_str::<Shape>(r#"{"n":"tok-SECRET"}"#).unwrap_err();
        let reason = json_reason(&err);
        assert!(!reason.contains("SECRET"), "{reason}");
        assert!(
            reason.starts_with("invalid type: string, expected u64"),
            "{reason}"
        );
        assert!(reason.ends_with("(line 1, column 17)"), "{reason}");
    }
}
