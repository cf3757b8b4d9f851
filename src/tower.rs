//! A tower [`Layer`] that verifies signed requests before any service sees them (feature
//! `tower`): [`VerifyLayer`].
//!
//! For routes that take no extractor (a hyper service, tonic-web, a whole axum `Router`):
//! the layer does what [`Verified`] does as an extractor (bounded body, the declared struct
//! read with `FromSignedQuery`, keys, replay guard) and either answers the
//! [`Rejection`] itself or calls the inner service with the request, its body as received
//! (an [`http_body_util::Full`]), and the [`Verified<R>`](Verified) in its extensions.
//!
//! ```no_run
//! use std::convert::Infallible;
//! use std::time::Duration;
//! use http_body_util::Full;
//! use signing::replay::{MemoryNonceStore, ReplayGuard};
//! use signing::server::{Keys, Verified, Verifier};
//! use signing::tower::VerifyLayer;
//! use signing::{FromSignedQuery, Secret, SignedRequest};
//! use tower::{Layer, ServiceExt};
//!
//! #[derive(Clone, SignedRequest, FromSignedQuery)]
//! #[signed(mac = "hmac-sha256", template = "{payload}",
//!          signature = header("X-Hub-Signature-256", format = "sha256={signature}"))]
//! struct GithubDelivery {
//!     #[signed(body)]
//!     payload: Vec<u8>,
//! }
//!
//! # fn run() -> Result<(), signing::Error> {
//! let verifier = Verifier::<GithubDelivery>::new(
//!     Keys::new(Secret::from_env("GITHUB_WEBHOOK_SECRET")?),
//!     ReplayGuard::new(MemoryNonceStore::new(100_000), Duration::from_secs(300)),
//! );
//! let service = VerifyLayer::new(verifier).layer(tower::service_fn(
//!     |request: http::Request<Full<bytes::Bytes>>| async move {
//!         let delivery = request.extensions().get::<Verified<GithubDelivery>>();
//!         Ok::<_, Infallible>(http::Response::new(Full::new(bytes::Bytes::from("ok"))))
//!     },
//! ));
//! // Serve `service` with hyper, or mount it: axum's `Router::route_service("/github", service)`.
//! # drop(service);
//! # Ok(()) }
//! ```
//!
//! [`MessageVerifyLayer`] does the same for requests signed with HTTP Message Signatures
//! (RFC 9421 or draft-cavage), with a [`MessageVerifier`]: the inner service finds the
//! [`VerifiedMessage`] in the request's extensions.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{Either, Full};
use tower_layer::Layer;
use tower_service::Service;

pub use crate::server::{Keys, Rejection, Verified, Verifier};
#[cfg(feature = "jwt")]
pub use crate::server::{MessageVerifier, VerifiedMessage};
use crate::FromSignedQuery;

/// Verifies requests declared by `R` before the inner service; see the [module](self).
pub struct VerifyLayer<R: FromSignedQuery> {
    verifier: Arc<Verifier<R>>,
}

impl<R: FromSignedQuery> VerifyLayer<R> {
    /// A layer that verifies with `verifier` (or an `Arc` of one shared with other routes).
    pub fn new(verifier: impl Into<Arc<Verifier<R>>>) -> VerifyLayer<R> {
        VerifyLayer {
            verifier: verifier.into(),
        }
    }
}

impl<R: FromSignedQuery> Clone for VerifyLayer<R> {
    fn clone(&self) -> Self {
        VerifyLayer {
            verifier: Arc::clone(&self.verifier),
        }
    }
}

impl<R: FromSignedQuery> core::fmt::Debug for VerifyLayer<R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifyLayer")
            .field("verifier", &self.verifier)
            .finish()
    }
}

impl<R: FromSignedQuery, S> Layer<S> for VerifyLayer<R> {
    type Service = VerifyService<R, S>;

    fn layer(&self, inner: S) -> VerifyService<R, S> {
        VerifyService {
            verifier: Arc::clone(&self.verifier),
            inner,
        }
    }
}

/// The service [`VerifyLayer`] makes.
pub struct VerifyService<R: FromSignedQuery, S> {
    verifier: Arc<Verifier<R>>,
    inner: S,
}

impl<R: FromSignedQuery, S: Clone> Clone for VerifyService<R, S> {
    fn clone(&self) -> Self {
        VerifyService {
            verifier: Arc::clone(&self.verifier),
            inner: self.inner.clone(),
        }
    }
}

impl<R: FromSignedQuery, S> core::fmt::Debug for VerifyService<R, S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifyService")
            .field("verifier", &self.verifier)
            .finish_non_exhaustive()
    }
}

/// The response of a [`VerifyService`]: the inner service's, or a [`Rejection`]'s JSON.
pub type VerifyResponse<B> = http::Response<Either<B, Full<Bytes>>>;

impl<R, S, B, ResBody> Service<http::Request<B>> for VerifyService<R, S>
where
    R: FromSignedQuery + Clone + Send + Sync + 'static,
    R::VerifyingKey: Sync,
    S: Service<http::Request<Full<Bytes>>, Response = http::Response<ResBody>>
        + Clone
        + Send
        + 'static,
    S::Future: Send,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = VerifyResponse<ResBody>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let verifier = Arc::clone(&self.verifier);
        // The clone is the one that was made ready (tower's usual swap).
        let clone = self.inner.clone();
        let inner = core::mem::replace(&mut self.inner, clone);
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let outcome = verifier
                .read_and_verify(parts, body)
                .await
                .map(|(request, parsed)| {
                    let body = request.body().clone();
                    (
                        request,
                        Verified {
                            request: parsed,
                            body,
                        },
                    )
                });
            forward(inner, outcome).await
        })
    }
}

/// Calls `inner` with the verified request, `extension` in its extensions, or answers the
/// refusal.
async fn forward<S, ResBody, E>(
    mut inner: S,
    outcome: Result<(http::Request<Bytes>, E), Rejection>,
) -> Result<VerifyResponse<ResBody>, S::Error>
where
    S: Service<http::Request<Full<Bytes>>, Response = http::Response<ResBody>>,
    E: Clone + Send + Sync + 'static,
{
    match outcome {
        Ok((request, extension)) => {
            let (mut parts, body) = request.into_parts();
            parts.extensions.insert(extension);
            let request = http::Request::from_parts(parts, Full::new(body));
            let response = inner.call(request).await?;
            Ok(response.map(Either::Left))
        }
        Err(rejection) => Ok(rejection.to_response::<Full<Bytes>>().map(Either::Right)),
    }
}

/// Verifies requests signed with HTTP Message Signatures (a [`MessageVerifier`]) before the
/// inner service, which finds the [`VerifiedMessage`] in the request's extensions; see the
/// [module](self).
#[cfg(feature = "jwt")]
pub struct MessageVerifyLayer<Sc: crate::server::Scheme> {
    verifier: Arc<MessageVerifier<Sc>>,
}

#[cfg(feature = "jwt")]
impl<Sc: crate::server::Scheme> MessageVerifyLayer<Sc> {
    /// A layer that verifies with `verifier` (or an `Arc` of one shared with other routes).
    pub fn new(verifier: impl Into<Arc<MessageVerifier<Sc>>>) -> MessageVerifyLayer<Sc> {
        MessageVerifyLayer {
            verifier: verifier.into(),
        }
    }
}

#[cfg(feature = "jwt")]
impl<Sc: crate::server::Scheme> Clone for MessageVerifyLayer<Sc> {
    fn clone(&self) -> Self {
        MessageVerifyLayer {
            verifier: Arc::clone(&self.verifier),
        }
    }
}

#[cfg(feature = "jwt")]
impl<Sc: crate::server::Scheme> core::fmt::Debug for MessageVerifyLayer<Sc> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MessageVerifyLayer")
            .field("verifier", &self.verifier)
            .finish()
    }
}

#[cfg(feature = "jwt")]
impl<Sc: crate::server::Scheme, S> Layer<S> for MessageVerifyLayer<Sc> {
    type Service = MessageVerifyService<Sc, S>;

    fn layer(&self, inner: S) -> MessageVerifyService<Sc, S> {
        MessageVerifyService {
            verifier: Arc::clone(&self.verifier),
            inner,
        }
    }
}

/// The service [`MessageVerifyLayer`] makes.
#[cfg(feature = "jwt")]
pub struct MessageVerifyService<Sc: crate::server::Scheme, S> {
    verifier: Arc<MessageVerifier<Sc>>,
    inner: S,
}

#[cfg(feature = "jwt")]
impl<Sc: crate::server::Scheme, S: Clone> Clone for MessageVerifyService<Sc, S> {
    fn clone(&self) -> Self {
        MessageVerifyService {
            verifier: Arc::clone(&self.verifier),
            inner: self.inner.clone(),
        }
    }
}

#[cfg(feature = "jwt")]
impl<Sc: crate::server::Scheme, S> core::fmt::Debug for MessageVerifyService<Sc, S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MessageVerifyService")
            .field("verifier", &self.verifier)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "jwt")]
impl<Sc, S, B, ResBody> Service<http::Request<B>> for MessageVerifyService<Sc, S>
where
    Sc: crate::server::Scheme + Clone,
    S: Service<http::Request<Full<Bytes>>, Response = http::Response<ResBody>>
        + Clone
        + Send
        + 'static,
    S::Future: Send,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = VerifyResponse<ResBody>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let verifier = Arc::clone(&self.verifier);
        // The clone is the one that was made ready (tower's usual swap).
        let clone = self.inner.clone();
        let inner = core::mem::replace(&mut self.inner, clone);
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let outcome =
                verifier
                    .read_and_verify(parts, body)
                    .await
                    .map(|(request, signature)| {
                        let body = request.body().clone();
                        (request, VerifiedMessage::<Sc> { signature, body })
                    });
            forward(inner, outcome).await
        })
    }
}
