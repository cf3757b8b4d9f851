//! Sending signed requests with [`reqwest`], and fetching the tokens they buy (feature
//! `reqwest`).
//!
//! [`fetch_token`] sends a signed token request and reads the answer into a [`Token`],
//! classifying every failure for the [`TokenCache`]: timeouts, connection failures and HTTP
//! 408, 429 and 5xx are [transient](RefreshError::transient) (retried with backoff), any other
//! refusal is [permanent](RefreshError::permanent) (reported at once). [`token_cache`] wires a
//! signer to a cache in one call:
//!
//! ```no_run
//! use signing::token::AccessTokenResponse;
//! use signing::{Secret, SignedRequest, Timestamp};
//!
//! #[derive(SignedRequest)]
//! #[signed(mac = "hmac-sha256", encoding = "base64", signature = query("signature"),
//!          rename_all = "camelCase")]
//! struct CircleToken<'a> {
//!     customer_id: &'a str,
//!     app_key: &'a str,
//!     #[signed(timestamp = "unix-seconds")]
//!     nonce: Timestamp,
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let secret = Secret::from_env("CIRCLE_SECRET")?;
//! let cache = signing::client::token_cache::<AccessTokenResponse, _>(
//!     reqwest::Client::new(),
//!     move || {
//!         CircleToken { customer_id: "cust-42", app_key: "app-7", nonce: Timestamp::now() }
//!             .sign_with(&secret)? // a new nonce for every refresh
//!             .http_request("https://api.example.com/api/token")
//!     },
//! )
//! .sleep(tokio::time::sleep)
//! .build();
//! let token = cache.get().await?; // fetched once, shared, refreshed before it expires
//! let answer = reqwest::Client::new()
//!     .get("https://api.example.com/api/protected")
//!     .header(reqwest::header::AUTHORIZATION, token.authorization_header()?)
//!     .send()
//!     .await?;
//! # drop(answer);
//! # Ok(()) }
//! ```
//!
//! # TLS
//! This crate turns off reqwest's default features and picks no TLS backend, so that it builds
//! without a C toolchain and leaves the choice to the application: enable one in your own
//! `Cargo.toml` (`reqwest = { version = "0.13", features = ["rustls"] }`, or
//! `default-features = true`); Cargo merges it into the same `reqwest`. Without one, only
//! `http://` URLs can be reached.

use core::future::Future;
use core::pin::Pin;

use serde::de::DeserializeOwned;

use crate::token::{
    parse_retry_after, RefreshError, Token, TokenCache, TokenCacheBuilder, TokenResponse,
};
use crate::{Error, Timestamp};

/// The largest token endpoint answer [`fetch_token`] reads (1 MiB); a longer one is refused.
pub const MAX_TOKEN_RESPONSE_BYTES: usize = 1 << 20;

/// The largest answer [`send`] reads (1 MiB, as [`MAX_TOKEN_RESPONSE_BYTES`]); a longer one is
/// refused with [`SendError::BodyTooLong`]. [`send_limited`] takes another bound.
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// The future a [`token_cache`] refresher returns.
pub type RefreshFuture = Pin<Box<dyn Future<Output = Result<Token, RefreshError>> + Send>>;

/// Why [`send`] returned no answer.
#[derive(Debug)]
#[non_exhaustive]
pub enum SendError {
    /// reqwest could not build or send the request, or read the answer.
    Http(reqwest::Error),
    /// The answer's body is longer than the bound; reading stopped there.
    BodyTooLong {
        /// The bound, in bytes ([`MAX_RESPONSE_BYTES`] for [`send`]).
        limit: usize,
        /// The answer's HTTP status.
        status: u16,
    },
}

impl core::fmt::Display for SendError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            SendError::Http(err) => write!(f, "HTTP request failed: {err}"),
            SendError::BodyTooLong { limit, status } => write!(
                f,
                "the answer (HTTP {status}) is longer than {limit} bytes; refused"
            ),
        }
    }
}

impl std::error::Error for SendError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SendError::Http(err) => Some(err),
            SendError::BodyTooLong { .. } => None,
        }
    }
}

impl From<reqwest::Error> for SendError {
    /// Without the URL: a signed request's URL carries its signature (`signature=..`,
    /// `X-Amz-Signature=..`: a presigned URL is a credential until it expires), and reqwest's
    /// errors print the URL.
    fn from(err: reqwest::Error) -> SendError {
        SendError::Http(err.without_url())
    }
}

/// Sends `request` (from [`Signed::http_request`](crate::Signed::http_request)) with `client`
/// and returns the answer with its whole body, whatever its status. At most
/// [`MAX_RESPONSE_BYTES`] of body are read: a provider (or anything posing as one) cannot make
/// the client buffer an unbounded answer.
///
/// # Errors
/// [`SendError::Http`] when reqwest cannot build the request (a URL reqwest refuses, an
/// `https://` URL without a TLS backend), send it, or read the body;
/// [`SendError::BodyTooLong`] when the body is longer than [`MAX_RESPONSE_BYTES`].
pub async fn send(
    client: &reqwest::Client,
    request: http::Request<Vec<u8>>,
) -> Result<http::Response<Vec<u8>>, SendError> {
    send_limited(client, request, MAX_RESPONSE_BYTES).await
}

/// [`send`] with another bound on the answer's body, in bytes.
///
/// # Errors
/// As [`send`], with `max_bytes` as the bound.
pub async fn send_limited(
    client: &reqwest::Client,
    request: http::Request<Vec<u8>>,
    max_bytes: usize,
) -> Result<http::Response<Vec<u8>>, SendError> {
    let mut response = client.execute(reqwest::Request::try_from(request)?).await?;
    let mut answer = http::Response::builder().status(response.status());
    if let Some(headers) = answer.headers_mut() {
        headers.extend(response.headers().clone());
    }
    let body = read_body(&mut response, max_bytes).await?;
    // The status and headers come from a response that was valid already.
    Ok(answer.body(body).unwrap_or_default())
}

/// Reads `response`'s body chunk by chunk, refusing it as soon as it would pass `max_bytes`
/// (a `Content-Length` over the bound is refused before anything is read).
async fn read_body(
    response: &mut reqwest::Response,
    max_bytes: usize,
) -> Result<Vec<u8>, SendError> {
    let too_long = |response: &reqwest::Response| SendError::BodyTooLong {
        limit: max_bytes,
        status: response.status().as_u16(),
    };
    let announced = match usize::try_from(response.content_length().unwrap_or(0)) {
        Ok(len) if len <= max_bytes => len,
        _ => return Err(too_long(response)),
    };
    let mut body = Vec::with_capacity(announced);
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > max_bytes {
            return Err(too_long(response));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Sends a signed token request and reads the answer, in the JSON shape `R`
/// ([`AccessTokenResponse`](crate::token::AccessTokenResponse),
/// [`CodeMsgResponse`](crate::token::CodeMsgResponse),
/// [`OAuth2Response`](crate::token::OAuth2Response) or your own), into a [`Token`]. The token's
/// lifetime counts from just before the request was sent.
///
/// # Errors
/// A [`RefreshError`]:
/// - transient: a timeout, a failed connection, a connection dropped before the answer was
///   read, and a refusal with HTTP status 408, 429 or 5xx;
/// - permanent: any other refusal (a 401 with the provider's code and message, in an
///   [`Error::TokenResponse`]), an answer that is not JSON of shape `R`
///   ([`Error::TokenBody`]), a body longer than [`MAX_TOKEN_RESPONSE_BYTES`], and a request
///   reqwest cannot send (a bad URL, `https://` without a TLS backend).
///
/// A 429 or 503 with a `Retry-After` header (seconds or an HTTP-date) carries that wait
/// ([`RefreshError::retry_after`]): the [`TokenCache`] makes no new attempt before it.
///
/// The provider's [`Error`] is the cause: [`RefreshError::downcast_ref::<signing::Error>`](RefreshError::downcast_ref).
pub async fn fetch_token<R>(
    client: &reqwest::Client,
    request: http::Request<Vec<u8>>,
) -> Result<Token, RefreshError>
where
    R: TokenResponse + DeserializeOwned,
{
    let request = reqwest::Request::try_from(request).map_err(refresh_error)?;
    let now = Timestamp::now();
    let mut response = client.execute(request).await.map_err(refresh_error)?;
    let status = response.status().as_u16();
    // 429 and 503 may say when to come back; the cache waits at least that long.
    let retry_after = match status {
        429 | 503 => response
            .headers()
            .get(http::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, Timestamp::now())),
        _ => None,
    };
    let body = match read_body(&mut response, MAX_TOKEN_RESPONSE_BYTES).await {
        Ok(body) => body,
        Err(SendError::Http(err)) => return Err(refresh_error(err)),
        Err(SendError::BodyTooLong { .. }) => {
            return Err(RefreshError::permanent(Error::TokenBody {
                reason: format!(
                    "the answer is longer than {MAX_TOKEN_RESPONSE_BYTES} bytes (HTTP {status})"
                ),
            }))
        }
    };
    Token::from_json::<R>(status, &body, now).map_err(|err| {
        let err = RefreshError::from(err);
        match retry_after {
            Some(wait) => err.with_retry_after(wait),
            None => err,
        }
    })
}

/// A reqwest error as a [`RefreshError`]: transient for a timeout, a failed connection and a
/// request or body cut short; permanent otherwise (a request that cannot be built, a redirect
/// loop). For your own refreshers.
pub fn refresh_error(err: reqwest::Error) -> RefreshError {
    // The URL is left out: a signed token request's URL may carry its signature.
    let err = err.without_url();
    if err.is_timeout() || err.is_connect() || err.is_request() || err.is_body() {
        RefreshError::transient(err)
    } else {
        RefreshError::permanent(err)
    }
}

/// A [`TokenCache`] builder whose refresher calls `sign` for a new signed token request (with a
/// new timestamp: it runs for every refresh) and sends it with [`fetch_token`]. Set the sleep
/// of your runtime (`.sleep(tokio::time::sleep)`) and any other setting, then `.build()`.
///
/// An [`Error`] from `sign` is a permanent [`RefreshError`].
pub fn token_cache<R, S>(
    client: reqwest::Client,
    sign: S,
) -> TokenCacheBuilder<impl Fn() -> RefreshFuture + Send + Sync>
where
    R: TokenResponse + DeserializeOwned + 'static,
    S: Fn() -> Result<http::Request<Vec<u8>>, Error> + Send + Sync + 'static,
{
    TokenCache::builder(move || -> RefreshFuture {
        let request = sign();
        let client = client.clone();
        Box::pin(async move { fetch_token::<R>(&client, request?).await })
    })
}
