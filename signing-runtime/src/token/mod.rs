//! Tokens bought with a signed call: read the provider's answer, keep the token with its expiry,
//! refresh it before it expires, and put it in an `Authorization` header.
//!
//! ```
//! use signing_runtime::token::{AccessTokenResponse, Token};
//! use signing_runtime::Timestamp;
//!
//! let now = Timestamp::from_unix_seconds(1_700_000_000);
//! let body = br#"{"accessToken":"eyJhbGciOi","expiresInSeconds":3600,"tokenType":"Bearer"}"#;
//! let token = Token::from_json::<AccessTokenResponse>(200, body, now)?;
//! assert_eq!(token.expires_at(), Some(Timestamp::from_unix_seconds(1_700_003_600)));
//! assert_eq!(*token.expose_authorization(), "Bearer eyJhbGciOi");
//! # Ok::<(), signing_runtime::Error>(())
//! ```
//!
//! The three shapes the seed providers answer with are built in ([`AccessTokenResponse`],
//! [`CodeMsgResponse`], [`OAuth2Response`]); another provider's shape is a
//! `#[derive(serde::Deserialize)]` struct that implements [`TokenResponse`].
//! [`TokenCache`] hands the token out to many callers and refreshes it, once, before it expires.
//! With feature `shared-tokens`, the instances of a fleet share one token (`SharedTokens`: a
//! store, a refresh lock with a lease, the token sealed under your key); feature `redis` adds
//! the store on Redis. README, *Running a fleet*.

use core::fmt;
use core::time::Duration;

use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

use crate::error::Error;
use crate::time::Timestamp;

mod backoff;
mod cache;
mod clock;
#[cfg(feature = "redis")]
mod redis;
mod refresh_error;
mod response;
#[cfg(feature = "shared-tokens")]
mod seal;
#[cfg(feature = "shared-tokens")]
mod shared;
mod sleep;

pub use self::backoff::parse_retry_after;
pub use self::cache::{TokenCache, TokenCacheBuilder};
pub use self::clock::{Clock, ManualClock, SystemClock};
#[cfg(feature = "redis")]
pub use self::redis::{RedisTokenStore, RedisTokenStoreBuilder};
pub use self::refresh_error::RefreshError;
pub use self::response::{AccessTokenResponse, CodeMsgResponse, OAuth2Response, TokenResponse};
#[cfg(feature = "shared-tokens")]
pub use self::seal::TokenKey;
#[cfg(feature = "shared-tokens")]
pub use self::shared::{MemoryTokenStore, SharedTokens, StoreFuture, TokenStore};

/// An access token with its type and expiry.
///
/// Like a [`Secret`](crate::Secret), its value never reaches `Debug` or an error, and is
/// overwritten with zeros when the token is dropped. `Token` has no `Display`, so it cannot be
/// handed by mistake to something that formats it (reqwest's `bearer_auth` takes any `Display`):
/// take the value with [`expose`](Token::expose) or the header with
/// [`authorization_header`](Token::authorization_header).
///
/// ```
/// use signing_runtime::token::Token;
/// use signing_runtime::Timestamp;
/// let token = Token::new("s3cr3t-token", Some(Timestamp::from_unix_seconds(100)));
/// assert!(!format!("{token:?}").contains("s3cr3t"));
/// ```
#[derive(Clone)]
pub struct Token {
    value: Zeroizing<String>,
    token_type: String,
    expires_at: Option<Timestamp>,
}

impl Token {
    /// A bearer token that expires at `expires_at` (`None`: the provider did not say).
    pub fn new(value: impl Into<String>, expires_at: Option<Timestamp>) -> Token {
        Token::from_zeroizing(Zeroizing::new(value.into()), expires_at)
    }

    pub(crate) fn from_zeroizing(value: Zeroizing<String>, expires_at: Option<Timestamp>) -> Token {
        Token {
            value,
            token_type: "Bearer".to_owned(),
            expires_at,
        }
    }

    /// The same token with another type (OAuth2's `token_type`). Any spelling of `bearer` is
    /// stored as `Bearer`, the scheme RFC 6750 writes in the header.
    #[must_use]
    pub fn with_token_type(mut self, token_type: impl Into<String>) -> Token {
        let token_type = token_type.into();
        self.token_type = if token_type.eq_ignore_ascii_case("bearer") {
            "Bearer".to_owned()
        } else {
            token_type
        };
        self
    }

    /// The token itself. Handle with care: whoever has it can call the API.
    pub fn expose(&self) -> &str {
        &self.value
    }

    /// The token's type, `Bearer` unless the provider said otherwise.
    pub fn token_type(&self) -> &str {
        &self.token_type
    }

    /// When the token expires, if the provider said.
    pub fn expires_at(&self) -> Option<Timestamp> {
        self.expires_at
    }

    /// Whether the token has expired at `at` (a token without an expiry never does).
    pub fn is_expired_at(&self, at: Timestamp) -> bool {
        self.expires_at.is_some_and(|exp| exp <= at)
    }

    /// Whether the token expires within `margin` after `at` (or already has).
    pub fn expires_within(&self, at: Timestamp, margin: Duration) -> bool {
        self.expires_at.is_some_and(|exp| exp <= later(at, margin))
    }

    /// The `Authorization` header's value, `"Bearer <token>"`. It contains the token: it is
    /// wiped from memory when dropped, and must not be logged.
    pub fn expose_authorization(&self) -> Zeroizing<String> {
        let mut value = Zeroizing::new(String::with_capacity(
            self.token_type.len() + 1 + self.value.len(),
        ));
        value.push_str(&self.token_type);
        value.push(' ');
        value.push_str(&self.value);
        value
    }

    /// The `Authorization` header's value as an [`http::HeaderValue`], marked sensitive so that
    /// `http`, `hyper` and `reqwest` leave it out of their `Debug` output.
    ///
    /// # Errors
    /// [`Error::InvalidHeader`] when the token or its type holds bytes a header cannot carry.
    pub fn authorization_header(&self) -> Result<http::HeaderValue, Error> {
        let mut header =
            http::HeaderValue::from_str(&self.expose_authorization()).map_err(|_| {
                Error::InvalidHeader {
                    name: "authorization".to_owned(),
                    reason: "the token or its type holds characters a header cannot carry",
                }
            })?;
        header.set_sensitive(true);
        Ok(header)
    }

    /// Reads a token endpoint's answer: its HTTP `status` and `body`, in the JSON shape `R`.
    /// Lifetimes given in seconds count from `now`; take it just before sending the request, so
    /// the expiry errs on the early side.
    ///
    /// ```
    /// use signing_runtime::token::{OAuth2Response, Token};
    /// use signing_runtime::{Error, Timestamp};
    ///
    /// let now = Timestamp::from_unix_seconds(0);
    /// let body = br#"{"error":"invalid_client","error_description":"Unknown client"}"#;
    /// let err = Token::from_json::<OAuth2Response>(401, body, now).unwrap_err();
    /// assert_eq!(err, Error::TokenResponse {
    ///     status: Some(401),
    ///     code: Some("invalid_client".into()),
    ///     message: "Unknown client".into(),
    /// });
    /// ```
    ///
    /// # Errors
    /// - [`Error::TokenResponse`] when the provider refused: a status outside 200..=299 (with the
    ///   provider's code and message when the body has them, else the start of a non-JSON body),
    ///   or a body that reports an error (a non-zero `code`, an OAuth2 `error`).
    /// - [`Error::TokenBody`] when a successful answer is not JSON of shape `R` (cut short, a
    ///   field missing or of the wrong type). It names the field or position, never the body.
    pub fn from_json<R>(status: u16, body: &[u8], now: Timestamp) -> Result<Token, Error>
    where
        R: TokenResponse + DeserializeOwned,
    {
        let success = (200..=299).contains(&status);
        match serde_json::from_slice::<R>(body) {
            Ok(shape) => match shape.into_token(now) {
                Ok(token) if success => Ok(token),
                Err(Error::TokenResponse { code, message, .. }) => Err(Error::TokenResponse {
                    status: Some(status),
                    code,
                    message,
                }),
                Err(err) if success => Err(err),
                // A failure status with a body that reads as a token: report the status only.
                Ok(_) | Err(_) => Err(response::failure_from_body(status, body)),
            },
            Err(err) if success => Err(Error::TokenBody {
                reason: response::json_reason(&err),
            }),
            Err(_) => Err(response::failure_from_body(status, body)),
        }
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("token_type", &self.token_type)
            .field("expires_at", &self.expires_at)
            .field("len", &self.value.len())
            .finish_non_exhaustive()
    }
}

/// `at` moved `by` into the future (saturating).
fn later(at: Timestamp, by: Duration) -> Timestamp {
    let micros = i64::try_from(by.as_micros()).unwrap_or(i64::MAX);
    Timestamp::from_unix_micros(at.unix_micros().saturating_add(micros))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_edges() {
        let token = Token::new("t", Some(Timestamp::from_unix_seconds(100)));
        assert!(!token.is_expired_at(Timestamp::from_unix_seconds(99)));
        assert!(token.is_expired_at(Timestamp::from_unix_seconds(100)));
        let at = Timestamp::from_unix_seconds(70);
        assert!(token.expires_within(at, Duration::from_secs(30)));
        assert!(!token.expires_within(at, Duration::from_secs(29)));
        assert!(token.expires_within(at, Duration::MAX));
        let forever = Token::new("t", None);
        assert!(!forever.is_expired_at(Timestamp::from_unix_seconds(i64::MAX)));
        assert!(!forever.expires_within(Timestamp::from_unix_seconds(0), Duration::MAX));
    }

    #[test]
    fn token_type_spelling() {
        let token = Token::new("abc", None).with_token_type("bearer");
        assert_eq!(token.token_type(), "Bearer");
        assert_eq!(*token.expose_authorization(), "Bearer abc");
        let dpop = Token::new("abc", None).with_token_type("DPoP");
        assert_eq!(*dpop.expose_authorization(), "DPoP abc");
    }

    #[test]
    fn authorization_header_is_sensitive_and_checked() {
        let header = Token::new("abc", None).authorization_header().unwrap();
        assert!(header.is_sensitive());
        assert_eq!(header, "Bearer abc");
        let err = Token::new("a\nb", None).authorization_header().unwrap_err();
        assert!(matches!(err, Error::InvalidHeader { .. }));
        assert!(!err.to_string().contains("a\nb"));
    }
}
