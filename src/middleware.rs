//! Signing every outgoing request in a [`reqwest_middleware`] client (feature
//! `reqwest-middleware`): [`SigningMiddleware`].
//!
//! A request says what to sign with a [`Sign`] extension: a function from the time of sending to
//! the declared struct. The middleware calls it at each attempt (so a retry gets a new
//! timestamp), signs with its key, and writes the result into the request: the declaration's
//! query replaces the URL's query, its header fields are set, and its body, if it has one,
//! becomes the request's. Requests without a [`Sign`] pass through unsigned.
//!
//! With [`SigningMiddleware::bearer`], it also sets `Authorization` from a
//! [`TokenCache`] on every request; when the API answers 401, it drops the token, fetches a new
//! one, signs again and sends once more (only once: a second 401 is the answer).
//!
//! ```no_run
//! use reqwest_middleware::ClientBuilder;
//! use signing::middleware::{Sign, SigningMiddleware};
//! use signing::{Secret, SignedRequest, Timestamp};
//!
//! /// Binance's `POST /api/v3/order`: the query form, RFC 3986, hex, `&signature=`.
//! #[derive(SignedRequest)]
//! #[signed(mac = "hmac-sha256", signature = query("signature"), rename_all = "camelCase",
//!          escape = "rfc3986", method = "POST", path = "/api/v3/order")]
//! struct NewOrder {
//!     symbol: String,
//!     side: &'static str,
//!     quantity: String,
//!     #[signed(timestamp = "unix-millis")]
//!     timestamp: Timestamp,
//!     #[signed(header = "X-MBX-APIKEY")]
//!     api_key: &'static str,
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = ClientBuilder::new(reqwest::Client::new())
//!     .with(SigningMiddleware::new(Secret::from_env("EXCHANGE_SECRET")?))
//!     .build();
//! let answer = client
//!     .post("https://api.exchange.example/api/v3/order")
//!     .with_extension(Sign::new(|at| NewOrder {
//!         symbol: "BTCUSDT".into(),
//!         side: "BUY",
//!         quantity: "0.01".into(),
//!         timestamp: at,
//!         api_key: "my-api-key",
//!     }))
//!     .send()
//!     .await?;
//! # drop(answer);
//! # Ok(()) }
//! ```

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use std::sync::Arc;

use http::Extensions;
use reqwest::{Request, Response, StatusCode};
use reqwest_middleware::{Middleware, Next};

use crate::token::{RefreshError, Token, TokenCache};
use crate::{Error, Signed, SignedRequest, Timestamp};

type SignFn<K> = dyn Fn(Timestamp, &K) -> Result<Signed, Error> + Send + Sync;

/// What to sign for one request: put it in the request's extensions with
/// `.with_extension(Sign::new(|at| MyRequest { timestamp: at, .. }))`.
pub struct Sign<K> {
    sign: Arc<SignFn<K>>,
}

impl<K: 'static> Sign<K> {
    /// `declare` makes the declared struct for the time of sending; it is called for each
    /// attempt.
    pub fn new<R, F>(declare: F) -> Sign<K>
    where
        R: SignedRequest<SigningKey = K>,
        F: Fn(Timestamp) -> R + Send + Sync + 'static,
    {
        Sign {
            // The declaration is made for `at` (its timestamp fields); a JWT claim set's
            // `nbf`/`exp` come from the clock `at` was read from a moment before.
            sign: Arc::new(move |at, key| declare(at).sign_with(key)),
        }
    }
}

impl<K> Clone for Sign<K> {
    fn clone(&self) -> Self {
        Sign {
            sign: Arc::clone(&self.sign),
        }
    }
}

impl<K> fmt::Debug for Sign<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sign").finish_non_exhaustive()
    }
}

type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Arc<Token>, RefreshError>> + Send + 'a>>;

/// A [`TokenCache`] whatever its refresher: one object-safe shape.
trait Tokens: Send + Sync {
    fn get(&self) -> TokenFuture<'_>;
    fn invalidate(&self);
}

impl<R, F> Tokens for TokenCache<R>
where
    R: Fn() -> F + Send + Sync,
    F: Future<Output = Result<Token, RefreshError>> + Send + 'static,
{
    fn get(&self) -> TokenFuture<'_> {
        Box::pin(TokenCache::get(self))
    }

    fn invalidate(&self) {
        TokenCache::invalidate(self);
    }
}

/// Signs requests that carry a [`Sign`] with its key `K` (a [`Secret`](crate::Secret), or a
/// `PrivateKey` for a JWT declaration), and adds a bearer token if given one; see the
/// [module](self).
pub struct SigningMiddleware<K> {
    key: K,
    tokens: Option<Arc<dyn Tokens>>,
}

impl<K> SigningMiddleware<K> {
    /// A middleware that signs with `key`.
    pub fn new(key: K) -> SigningMiddleware<K> {
        SigningMiddleware { key, tokens: None }
    }

    /// Also sets `Authorization` from `tokens` on every request (a cache of your own
    /// `Arc`, shared with other clients, or one made with
    /// [`client::token_cache`](crate::client::token_cache)), and on a 401 fetches a new token
    /// and sends the request once more.
    #[must_use]
    pub fn bearer<R, F>(mut self, tokens: Arc<TokenCache<R>>) -> SigningMiddleware<K>
    where
        R: Fn() -> F + Send + Sync + 'static,
        F: Future<Output = Result<Token, RefreshError>> + Send + 'static,
    {
        self.tokens = Some(tokens);
        self
    }

    /// Signs (when `extensions` has a [`Sign`]) and authorizes one attempt of `request`.
    async fn prepare(
        &self,
        mut request: Request,
        extensions: &Extensions,
    ) -> reqwest_middleware::Result<Request>
    where
        K: 'static,
    {
        if let Some(sign) = extensions.get::<Sign<K>>() {
            let signed = (sign.sign)(Timestamp::now(), &self.key).map_err(middleware_error)?;
            apply(&mut request, &signed).map_err(middleware_error)?;
        }
        if let Some(tokens) = &self.tokens {
            let token = tokens
                .get()
                .await
                .map_err(reqwest_middleware::Error::middleware)?;
            let header = token.authorization_header().map_err(middleware_error)?;
            request
                .headers_mut()
                .insert(reqwest::header::AUTHORIZATION, header);
        }
        Ok(request)
    }
}

impl<K> fmt::Debug for SigningMiddleware<K> {
    /// Never the key nor a token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningMiddleware")
            .field("bearer", &self.tokens.is_some())
            .finish_non_exhaustive()
    }
}

fn middleware_error(err: Error) -> reqwest_middleware::Error {
    reqwest_middleware::Error::middleware(err)
}

/// Writes what `signed` sends into `request`: its query (replacing the URL's), header fields
/// and body.
fn apply(request: &mut Request, signed: &Signed) -> Result<(), Error> {
    let query = signed.query();
    if !query.is_empty() {
        request.url_mut().set_query(Some(&query));
    }
    let headers = signed.http_headers()?;
    for name in headers.keys() {
        request.headers_mut().remove(name);
    }
    for (name, value) in &headers {
        request.headers_mut().append(name, value.clone());
    }
    if let Some(body) = signed.body() {
        *request.body_mut() = Some(body.to_vec().into());
    }
    Ok(())
}

#[async_trait::async_trait]
impl<K: Send + Sync + 'static> Middleware for SigningMiddleware<K> {
    async fn handle(
        &self,
        request: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        // Kept for one more attempt after a 401 (not possible for a streamed body).
        let again = self.tokens.as_ref().and(request.try_clone());
        let first = self.prepare(request, extensions).await?;
        let response = next.clone().run(first, extensions).await?;
        match (response.status(), again, &self.tokens) {
            (StatusCode::UNAUTHORIZED, Some(again), Some(tokens)) => {
                tokens.invalidate();
                let second = self.prepare(again, extensions).await?;
                next.run(second, extensions).await
            }
            _ => Ok(response),
        }
    }
}
