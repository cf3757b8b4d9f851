//! An axum extractor for signed requests (feature `axum`): [`Verified<R>`](Verified).
//!
//! A handler that takes `Verified<R>` runs only for a request that verified: the extractor reads
//! the body (bounded), reads the struct `R` declared with `#[derive(SignedRequest,
//! FromSignedQuery)]`, verifies it with the keys of the route's [`Verifier<R>`](Verifier) (found
//! in the application's state through [`FromRef`]), and checks it with the verifier's
//! [`ReplayGuard`](crate::replay::ReplayGuard). Anything else is answered for the handler with a
//! [`Rejection`]: 401 (413 for a long body, 503 for a full replay store) and
//! `{"error":"<reason>","message":"…"}`, which quotes neither a key nor the signature.
//!
//! ```no_run
//! use std::sync::Arc;
//! use std::time::Duration;
//! use axum::{extract::FromRef, routing::post, Router};
//! use signing::replay::{MemoryNonceStore, ReplayGuard};
//! use signing::server::{Keys, Verified, Verifier};
//! use signing::{FromSignedQuery, Secret, SignedRequest};
//!
//! #[derive(SignedRequest, FromSignedQuery)]
//! #[signed(mac = "hmac-sha256", template = "{payload}",
//!          signature = header("X-Hub-Signature-256", format = "sha256={signature}"))]
//! struct GithubDelivery {
//!     #[signed(body)]
//!     payload: Vec<u8>,
//! }
//!
//! #[derive(Clone)]
//! struct AppState {
//!     github: Arc<Verifier<GithubDelivery>>,
//! }
//!
//! impl FromRef<AppState> for Arc<Verifier<GithubDelivery>> {
//!     fn from_ref(state: &AppState) -> Self {
//!         state.github.clone()
//!     }
//! }
//!
//! async fn github(delivery: Verified<GithubDelivery>) -> &'static str {
//!     // `delivery.body`: the raw body; `delivery.payload`: the declared field.
//!     "ok"
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let state = AppState {
//!     github: Arc::new(Verifier::new(
//!         Keys::new(Secret::from_env("GITHUB_WEBHOOK_SECRET")?),
//!         ReplayGuard::new(MemoryNonceStore::new(100_000), Duration::from_secs(300)),
//!     )),
//! };
//! let app: Router = Router::new().route("/github", post(github)).with_state(state);
//! # drop(app);
//! # Ok(()) }
//! ```
//!
//! A router with one signed route can use the verifier as its state directly:
//! `Router::new().route("/hook", post(handler)).with_state(Arc::new(verifier))`.
//!
//! Requests signed with HTTP Message Signatures (RFC 9421, or draft-cavage as the fediverse
//! signs) are received the same way: a handler takes
//! [`VerifiedMessage<Rfc9421>`](VerifiedMessage) (or `VerifiedMessage<Cavage>`), found through an
//! `Arc<`[`MessageVerifier<Rfc9421>`](MessageVerifier)`>` in the state; see
//! [`signing::server::MessageVerifier`](crate::server::MessageVerifier) and
//! examples/webhook_rfc9421.rs.

use std::sync::Arc;

use axum_core::body::Body;
use axum_core::extract::{FromRef, FromRequest, Request};
use axum_core::response::{IntoResponse, Response};

#[cfg(feature = "jwt")]
pub use crate::server::{Cavage, MessageVerifier, Rfc9421, VerifiedMessage};
pub use crate::server::{Keys, Rejection, Verified, Verifier};
use crate::FromSignedQuery;

impl<R, S> FromRequest<S> for Verified<R>
where
    R: FromSignedQuery + Send + 'static,
    R::VerifyingKey: Sync,
    Arc<Verifier<R>>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Rejection> {
        let verifier = Arc::<Verifier<R>>::from_ref(state);
        let (parts, body) = request.into_parts();
        verifier.verify_parts(parts, body).await
    }
}

#[cfg(feature = "jwt")]
impl<Sc, S> FromRequest<S> for VerifiedMessage<Sc>
where
    Sc: crate::server::Scheme,
    Arc<MessageVerifier<Sc>>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Rejection> {
        let verifier = Arc::<MessageVerifier<Sc>>::from_ref(state);
        let (parts, body) = request.into_parts();
        verifier.verify_parts(parts, body).await
    }
}

impl IntoResponse for Rejection {
    /// The status and `{"error":"<reason>","message":"…"}`.
    fn into_response(self) -> Response {
        self.to_response::<Body>()
    }
}
