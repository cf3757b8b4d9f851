//! Receiving signed requests, whatever the server framework (features `axum` and `tower`).
//!
//! A [`Verifier`] holds what a route needs to accept a signed request: the keys
//! ([`Keys`], or any [`KeyResolver`]), a [`ReplayGuard`], and a bound on the body. Given the
//! request with its whole body, it reads the declared struct with
//! [`FromSignedQuery::from_request`], verifies the signature with each key the resolver names
//! (several during a rotation), then checks freshness and refuses a second use with the guard,
//! keyed by the request's message. A refusal is a [`Rejection`]: an HTTP status, a stable reason
//! and a sentence, as JSON, that never quotes a key or the signature.
//!
//! [`signing::axum::Verified`](crate::server::Verified) (an extractor) and
//! [`signing::tower::VerifyLayer`](crate::tower::VerifyLayer) run it for you;
//! [`Verifier::verify`] is the same check for anything else.
//!
//! Requests signed with HTTP Message Signatures (RFC 9421, or draft-cavage as the fediverse
//! signs) are received with a `MessageVerifier` (feature `jwt`, on by default): keys by key id,
//! the same replay guard and body bound, the same [`Rejection`]s, and the extractor
//! `VerifiedMessage` / the layer `MessageVerifyLayer`.
//!
//! ```
//! use std::time::Duration;
//! use signing::replay::{MemoryNonceStore, ReplayGuard};
//! use signing::server::{Keys, Verifier};
//! use signing::{FromSignedQuery, Secret, SignedRequest, Timestamp};
//!
//! #[derive(SignedRequest, FromSignedQuery)]
//! #[signed(mac = "hmac-sha256", template = "{timestamp}.{payload}",
//!          signature = header("Stripe-Signature", format = "t={timestamp},v1={signature}"))]
//! struct StripeEvent {
//!     #[signed(timestamp = "unix-seconds")]
//!     timestamp: Timestamp,
//!     #[signed(body)]
//!     payload: Vec<u8>,
//! }
//!
//! let verifier = Verifier::<StripeEvent>::new(
//!     // The new secret first; the old one while the rotation lasts.
//!     Keys::rotating([Secret::new("whsec_new"), Secret::new("whsec_old")]),
//!     ReplayGuard::new(MemoryNonceStore::new(100_000), Duration::from_secs(300)),
//! )
//! .timestamp(|event| Some(event.timestamp)) // the time the guard checks
//! .max_body_bytes(64 * 1024);
//! # let _ = verifier;
//! ```

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use std::collections::HashMap;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use crate::replay::{AsyncNonceStore, ReplayGuard};
use crate::{Error, FromSignedQuery, Timestamp};

#[cfg(feature = "jwt")]
mod message;
#[cfg(feature = "jwt")]
pub use message::{Cavage, MessageVerifier, Rfc9421, Scheme, Trailers, VerifiedMessage};

/// The error type of request bodies.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The largest body a [`Verifier`] reads unless set: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;

/// Why a signed request was refused: an HTTP status, a stable reason for machines, and a
/// sentence for people. Neither ever contains a key, the signature, or a value the client sent.
///
/// | reason | status | when |
/// |---|---|---|
/// | `malformed_request` | 401 | a missing or repeated header or parameter, one the declaration does not name, a value that does not parse ([`Error::MalformedRequest`], [`Error::InvalidTimestamp`]); 400 when the body cannot be read (the connection broke) |
/// | `malformed_signature` | 401 | the signature is not text of the declared encoding; (HTTP message signatures) `Signature-Input` or `Signature` is missing or malformed, has no signature under the label, or the signature's `alg` or `tag` is not the expected one |
/// | `signature_mismatch` | 401 | no key's signature matches, or the signature header's other parameters differ from the request's |
/// | `unknown_key` | 401 | the key id names no key the [`KeyResolver`] (or `KeyIdResolver`) knows, or is missing |
/// | `missing_component` | 401 | (HTTP message signatures) the signature does not cover a component the route requires (the body's digest for a request with a body), or covers one the request lacks |
/// | `digest_mismatch` | 401 | the body is not the one `Content-Digest` / `Digest` names |
/// | `stale_timestamp` | 401 | the request's time is outside the guard's window, or the signature's `created` is too old or in the future, or its `expires` past |
/// | `replayed` | 401 | the guard has accepted this request before |
/// | `body_too_large` | 413 | the body is longer than the verifier's bound |
/// | `replay_store_full` | 503 | the guard cannot remember more requests (it fails closed) |
/// | `replay_store_unavailable` | 503 | the guard's shared store (Redis) cannot be reached (it fails closed) |
/// | `invalid_request` | 401 | any other [`Error`] of the declaration |
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    status: StatusCode,
    reason: &'static str,
    message: String,
}

impl Rejection {
    /// A refusal with `status`, a stable `reason` and a `message` (which must not hold a secret).
    pub fn new(status: StatusCode, reason: &'static str, message: impl Into<String>) -> Rejection {
        Rejection {
            status,
            reason,
            message: message.into(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The stable reason (`signature_mismatch`, …).
    pub fn reason(&self) -> &'static str {
        self.reason
    }

    /// The sentence.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// `{"error":"<reason>","message":"<sentence>"}`.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(32 + self.message.len());
        out.push_str("{\"error\":");
        json_string(&mut out, self.reason);
        out.push_str(",\"message\":");
        json_string(&mut out, &self.message);
        out.push('}');
        out
    }

    /// The refusal as an HTTP response with the JSON body.
    pub fn to_response<B: From<String>>(&self) -> http::Response<B> {
        let mut response = http::Response::new(B::from(self.to_json()));
        *response.status_mut() = self.status;
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        response
    }

    pub(crate) fn body_too_large(limit: usize) -> Rejection {
        Rejection::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("the body is longer than {limit} bytes"),
        )
    }

    fn unknown_key(message: impl Into<String>) -> Rejection {
        Rejection::new(StatusCode::UNAUTHORIZED, "unknown_key", message)
    }
}

impl From<Error> for Rejection {
    fn from(err: Error) -> Rejection {
        let reason = match err {
            Error::MalformedRequest { .. } | Error::InvalidTimestamp { .. } => "malformed_request",
            Error::MalformedSignature { .. } => "malformed_signature",
            Error::SignatureMismatch | Error::SignatureHeader { .. } => "signature_mismatch",
            Error::StaleTimestamp { .. } | Error::SignatureExpired { .. } => "stale_timestamp",
            Error::UnknownKey => "unknown_key",
            Error::MissingComponent { .. } => "missing_component",
            Error::DigestMismatch { .. } => "digest_mismatch",
            Error::Replayed => "replayed",
            Error::ReplayStoreFull { .. } => {
                return Rejection::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "replay_store_full",
                    err.to_string(),
                )
            }
            Error::StoreUnavailable { .. } => {
                return Rejection::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "replay_store_unavailable",
                    err.to_string(),
                )
            }
            _ => "invalid_request",
        };
        // `Error`'s Display names fields, headers and encodings, never values or keys.
        Rejection::new(StatusCode::UNAUTHORIZED, reason, err.to_string())
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.reason, self.status, self.message)
    }
}

impl std::error::Error for Rejection {}

/// Writes `text` as a JSON string.
fn json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Finds the keys that may have signed a request, from its header fields: one key, the keys of
/// a rotation, or the key a key-id header names. [`Keys`] covers those; implement it for keys
/// kept elsewhere.
pub trait KeyResolver<K>: Send + Sync {
    /// The keys to try, in order; the request is accepted if one of them verifies it.
    ///
    /// # Errors
    /// A [`Rejection`] (reason `unknown_key`) when the request names no known key.
    fn resolve(&self, headers: &HeaderMap) -> Result<&[K], Rejection>;
}

/// The keys a route accepts: [`Keys::new`] (one), [`Keys::rotating`] (each in turn, while a
/// secret is replaced), or [`Keys::by_id`] (the one a header names).
pub struct Keys<K> {
    header: Option<&'static str>,
    any: Vec<K>,
    by_id: HashMap<String, Vec<K>>,
}

impl<K> Keys<K> {
    /// One key.
    pub fn new(key: K) -> Keys<K> {
        Keys::rotating([key])
    }

    /// Several keys, tried in turn (put the newest first): a secret being rotated.
    pub fn rotating(keys: impl IntoIterator<Item = K>) -> Keys<K> {
        Keys {
            header: None,
            any: keys.into_iter().collect(),
            by_id: HashMap::new(),
        }
    }

    /// Keys named by the value of header `header` (`X-Key-Id`); add them with [`Keys::key`]. A
    /// request without the header, or naming no key added, is refused (`unknown_key`).
    pub fn by_id(header: &'static str) -> Keys<K> {
        Keys {
            header: Some(header),
            any: Vec::new(),
            by_id: HashMap::new(),
        }
    }

    /// Adds `key` under `id` (for [`Keys::by_id`]; several keys under one id are tried in turn),
    /// or to the keys tried in turn otherwise.
    #[must_use]
    pub fn key(mut self, id: impl Into<String>, key: K) -> Keys<K> {
        if self.header.is_some() {
            self.by_id.entry(id.into()).or_default().push(key);
        } else {
            self.any.push(key);
        }
        self
    }
}

impl<K> fmt::Debug for Keys<K> {
    /// Counts and ids only: never a key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut ids: Vec<&str> = self.by_id.keys().map(String::as_str).collect();
        ids.sort_unstable();
        f.debug_struct("Keys")
            .field("header", &self.header)
            .field("keys", &self.any.len())
            .field("ids", &ids)
            .finish()
    }
}

impl<K: Send + Sync> KeyResolver<K> for Keys<K> {
    fn resolve(&self, headers: &HeaderMap) -> Result<&[K], Rejection> {
        let Some(header) = self.header else {
            return Ok(&self.any);
        };
        let id = headers
            .get(header)
            .ok_or_else(|| Rejection::unknown_key(format!("header `{header}` is missing")))?;
        // The id the client sent is not quoted back.
        id.to_str()
            .ok()
            .and_then(|id| self.by_id.get(id))
            .map(Vec::as_slice)
            .ok_or_else(|| {
                Rejection::unknown_key(format!("header `{header}` names no key of this route"))
            })
    }
}

/// [`Keys`] of `(algorithm, public key)` pairs are also the [`KeyIdResolver`] of a
/// [`MessageVerifier`]: one set of keys serves both a derived declaration's [`Verifier`] and
/// HTTP message signatures. An RFC 9421 `keyid` (a draft-cavage `keyId`) is looked up among the
/// ids of [`Keys::by_id`] (the header name is not used: the signature names the key); the key
/// of [`Keys::new`] answers every key id; [`Keys::rotating`] with several keys answers none (a
/// signature names its key: give each an id).
///
/// ```
/// use signing::asymmetric::{KeyIdResolver, SignatureAlgorithm};
/// use signing::server::Keys;
/// use signing::{PublicKey, Secret};
///
/// let key = PublicKey::hmac(Secret::new("shared"));
/// let keys = Keys::by_id("X-Key-Id").key("2024-06", (SignatureAlgorithm::HmacSha256, key));
/// assert!(keys.resolve("2024-06").is_some());
/// assert!(keys.resolve("2023-01").is_none());
/// ```
///
/// [`KeyIdResolver`]: crate::asymmetric::KeyIdResolver
#[cfg(feature = "jwt")]
impl crate::asymmetric::KeyIdResolver
    for Keys<(crate::asymmetric::SignatureAlgorithm, crate::PublicKey)>
{
    fn resolve(
        &self,
        keyid: &str,
    ) -> Option<(
        crate::asymmetric::SignatureAlgorithm,
        std::borrow::Cow<'_, crate::PublicKey>,
    )> {
        let found = match self.header {
            Some(_) => self.by_id.get(keyid).and_then(|keys| keys.first()),
            None if self.any.len() == 1 => self.any.first(),
            None => None,
        };
        found.map(|(algorithm, key)| (*algorithm, std::borrow::Cow::Borrowed(key)))
    }
}

/// The replay check, whatever the guard's store: one object-safe shape.
trait Replay: Send + Sync {
    fn check<'a>(
        &'a self,
        id: &'a [u8],
        signed_at: Timestamp,
        now: Timestamp,
    ) -> Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>>;

    fn check_until<'a>(
        &'a self,
        id: &'a [u8],
        signed_at: Timestamp,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>>;
}

impl<S: AsyncNonceStore + 'static> Replay for ReplayGuard<S> {
    fn check<'a>(
        &'a self,
        id: &'a [u8],
        signed_at: Timestamp,
        now: Timestamp,
    ) -> Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>> {
        Box::pin(self.check_async(id, signed_at, now))
    }

    fn check_until<'a>(
        &'a self,
        id: &'a [u8],
        signed_at: Timestamp,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>> {
        Box::pin(self.check_until_async(id, signed_at, expires_at, now))
    }
}

type SignedAt<R> = dyn Fn(&R) -> Option<Timestamp> + Send + Sync;

/// Everything a route needs to accept requests declared by `R`: keys, a replay guard, a body
/// bound. Share one per route (`Arc<Verifier<R>>` in the application's state).
pub struct Verifier<R: FromSignedQuery> {
    keys: Box<dyn KeyResolver<R::VerifyingKey>>,
    guard: Box<dyn Replay>,
    signed_at: Box<SignedAt<R>>,
    expires_at: Box<SignedAt<R>>,
    clock: fn() -> Timestamp,
    max_body_bytes: usize,
    _request: PhantomData<fn() -> R>,
}

impl<R: FromSignedQuery> Verifier<R> {
    /// A verifier that accepts requests signed with one of `keys` and refuses a second use with
    /// `guard` (the window is the guard's). Until [`Verifier::timestamp`] says which field holds
    /// the request's time, the guard sees the time of receipt: it then refuses the same request
    /// within its window, and nothing older (GitHub's deliveries carry no signed time).
    pub fn new<S: AsyncNonceStore + 'static>(
        keys: impl KeyResolver<R::VerifyingKey> + 'static,
        guard: ReplayGuard<S>,
    ) -> Verifier<R> {
        Verifier {
            keys: Box::new(keys),
            guard: Box::new(guard),
            signed_at: Box::new(|_| None),
            expires_at: Box::new(|_| None),
            clock: Timestamp::now,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            _request: PhantomData,
        }
    }

    /// The request's signed time, for the guard's window (`|event| Some(event.timestamp)`).
    #[must_use]
    pub fn timestamp(
        mut self,
        signed_at: impl Fn(&R) -> Option<Timestamp> + Send + Sync + 'static,
    ) -> Verifier<R> {
        self.signed_at = Box::new(signed_at);
        self
    }

    /// When the request expires, for one that says so (a presigned URL:
    /// `|url| Some(url.timestamp.add_seconds(i64::try_from(url.expires).ok()?))`, `X-Amz-Date`
    /// plus `X-Amz-Expires`). With it the guard accepts the request once, from its
    /// [`timestamp`](Verifier::timestamp) less the guard's skew until then
    /// ([`ReplayGuard::check_until`]); without it, within the skew around its timestamp.
    #[must_use]
    pub fn expires(
        mut self,
        expires_at: impl Fn(&R) -> Option<Timestamp> + Send + Sync + 'static,
    ) -> Verifier<R> {
        self.expires_at = Box::new(expires_at);
        self
    }

    /// The longest body read ([`DEFAULT_MAX_BODY_BYTES`] unless set); a longer one is refused
    /// with 413 before it is all read.
    #[must_use]
    pub fn max_body_bytes(mut self, limit: usize) -> Verifier<R> {
        self.max_body_bytes = limit;
        self
    }

    /// The verifier's clock (`Timestamp::now` unless set): for tests.
    #[must_use]
    pub fn clock(mut self, now: fn() -> Timestamp) -> Verifier<R> {
        self.clock = now;
        self
    }

    /// The body bound.
    pub fn body_limit(&self) -> usize {
        self.max_body_bytes
    }

    /// Reads `request` (its whole body in hand) into `R`, verifies its signature with the keys
    /// the resolver names, then checks it with the replay guard, keyed by its message.
    ///
    /// # Errors
    /// A [`Rejection`]: see its table of reasons.
    pub async fn verify(&self, request: &http::Request<Bytes>) -> Result<R, Rejection> {
        if request.body().len() > self.max_body_bytes {
            return Err(Rejection::body_too_large(self.max_body_bytes));
        }
        let (parsed, signature) = R::from_request(request)?;
        let keys = self.keys.resolve(request.headers())?;
        let mut outcome = Err(Error::SignatureMismatch);
        for key in keys {
            outcome = parsed.verify(&signature, key);
            match outcome {
                Err(Error::SignatureMismatch) => continue,
                _ => break,
            }
        }
        outcome?;
        let message = parsed.message()?;
        let now = (self.clock)();
        let signed_at = (self.signed_at)(&parsed).unwrap_or(now);
        match (self.expires_at)(&parsed) {
            Some(expires_at) => {
                self.guard
                    .check_until(&message, signed_at, expires_at, now)
                    .await?;
            }
            None => self.guard.check(&message, signed_at, now).await?,
        }
        Ok(parsed)
    }

    /// Reads `body` (at most [`Verifier::body_limit`] bytes), then [`Verifier::verify`]s the
    /// request made of `parts` and it.
    ///
    /// # Errors
    /// `body_too_large` (413) for a longer body, `malformed_request` when the body cannot be
    /// read, and those of [`Verifier::verify`].
    pub async fn verify_parts<B>(
        &self,
        parts: http::request::Parts,
        body: B,
    ) -> Result<Verified<R>, Rejection>
    where
        B: http_body::Body,
        B::Error: Into<BoxError>,
    {
        let (request, parsed) = self.read_and_verify(parts, body).await?;
        Ok(Verified {
            request: parsed,
            body: request.into_body(),
        })
    }

    /// [`Verifier::verify_parts`], giving the request back with its body read.
    pub(crate) async fn read_and_verify<B>(
        &self,
        parts: http::request::Parts,
        body: B,
    ) -> Result<(http::Request<Bytes>, R), Rejection>
    where
        B: http_body::Body,
        B::Error: Into<BoxError>,
    {
        let body = read_body(&parts.headers, body, self.max_body_bytes).await?;
        let request = http::Request::from_parts(parts, body);
        let parsed = self.verify(&request).await?;
        Ok((request, parsed))
    }
}

impl<R: FromSignedQuery> fmt::Debug for Verifier<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("request", &core::any::type_name::<R>())
            .field("max_body_bytes", &self.max_body_bytes)
            .finish_non_exhaustive()
    }
}

/// Reads a whole body, refusing one longer than `limit` (by its `Content-Length` first, then
/// as it arrives).
pub(crate) async fn read_body<B>(
    headers: &HeaderMap,
    body: B,
    limit: usize,
) -> Result<Bytes, Rejection>
where
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    read_body_and_trailers(headers, body, limit)
        .await
        .map(|(body, _)| body)
}

/// [`read_body`], and the trailer fields that followed the body, if any.
pub(crate) async fn read_body_and_trailers<B>(
    headers: &HeaderMap,
    body: B,
    limit: usize,
) -> Result<(Bytes, Option<HeaderMap>), Rejection>
where
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    use http_body_util::BodyExt as _;
    let declared = headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(Rejection::body_too_large(limit));
    }
    match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => {
            let trailers = collected.trailers().cloned();
            Ok((collected.to_bytes(), trailers))
        }
        Err(err) if err.is::<http_body_util::LengthLimitError>() => {
            Err(Rejection::body_too_large(limit))
        }
        Err(_) => Err(Rejection::new(
            StatusCode::BAD_REQUEST,
            "malformed_request",
            "the body could not be read",
        )),
    }
}

/// A request that verified: the declared struct (`Deref`s to it) and the raw body, exactly as
/// received. An axum extractor with feature `axum`; what [`VerifyLayer`](crate::tower::VerifyLayer)
/// puts in the request's extensions with feature `tower`.
#[derive(Debug, Clone)]
pub struct Verified<R> {
    /// The declared struct, read from the request.
    pub request: R,
    /// The body as received.
    pub body: Bytes,
}

impl<R> core::ops::Deref for Verified<R> {
    type Target = R;
    fn deref(&self) -> &R {
        &self.request
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes() {
        let r = Rejection::new(StatusCode::UNAUTHORIZED, "x", "a \"b\"\n\u{1}");
        assert_eq!(r.to_json(), r#"{"error":"x","message":"a \"b\"\n\u0001"}"#);
    }
}
