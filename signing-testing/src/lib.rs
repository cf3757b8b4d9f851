//! # signing-testing
//!
//! The test kit of `signing` (not published): the seed providers' declarations ([`seeds`]),
//! and an embedded token provider ([`Provider`]) that serves the four seed providers' token
//! endpoints and one protected route, on `127.0.0.1`, in your process. The facade's examples and
//! tests use it as a dev-dependency, so the library itself never builds axum or tokio.
//!
//! ```no_run
//! use signing_testing::Provider;
//!
//! # async fn run() -> std::io::Result<()> {
//! let provider = Provider::start().await?; // 127.0.0.1, a port the OS picks
//! println!("{}", provider.base_url()); // http://127.0.0.1:PORT
//! // ... sign token requests with the declarations of `signing_testing::seeds`, send them ...
//! provider.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! It checks every request with the generated `verify` of the very declarations clients sign
//! with ([`crate::seeds`]), then its freshness with a [`ReplayGuard`](signing::replay::ReplayGuard): a timestamp more than
//! `max_skew` (30 s unless set) from its clock, or a request it has already accepted, is refused.
//! It knows the demo credentials of [`crate::seeds`] and no others. Several providers given
//! one shared store ([`ProviderBuilder::replay_store`], a
//! [`RedisNonceStore`](signing::replay::RedisNonceStore)) act as one fleet: a request one of
//! them accepted is refused by the others. [`redis_server`] starts a throwaway Redis for tests.
//!
//! | endpoint | request | answer |
//! |---|---|---|
//! | `GET /api/token` | Circle: query `customerId`, `appKey`, `endUserId`, `nonce` (unix seconds), `signature` (base64 HMAC-SHA256 of the query form), [`CircleToken`] | `{"accessToken","expiresInSeconds","tokenType":"Bearer"}` |
//! | `GET /v2/token/generate` | BH: query `timestamp` (unix ms), `signature` (hex), header `X-BH-APIKEY`, [`BhTokenRequest`] | `{"code":0,"msg":"success","data":{"token","expireTime":"<ms>"}}` |
//! | `POST /api/user-token` | `username:api_key@timestamp`: headers `X-Username`, `X-Api-Key`, `X-Timestamp` (any of the three forms of [`crate::seeds::user_key`]), `X-Signature` (hex) | `{"accessToken","expiresInSeconds","tokenType":"Bearer"}` |
//! | `POST /v1/auth/token` | body: an RS256 JWT, claims `aud` = `[base_url]`, `clientKeyId`, `nbf`, `exp` with `exp - nbf` ≤ 60, [`TokenAssertion`] | `{"accessToken","expiresInSeconds","tokenType":"Bearer"}` |
//! | `GET /api/protected` | `Authorization: Bearer <token>` from any of the four | `{"ok":true,"scheme","subject","expiresInSeconds"}` |
//! | `POST /api/v3/order` | Binance-style signed query and `X-MBX-APIKEY`, [`NewOrder`] (read back with `FromSignedQuery`) | `{"orderId","symbol","side","status":"NEW"}` |
//! | `POST /oauth2/token` | OAuth 2.0 form with a `private_key_jwt` client assertion ([`crate::seeds::oauth2`]): client credentials or RFC 8693 token exchange | `{"access_token","token_type":"Bearer","expires_in"}` |
//!
//! A refusal is HTTP 401 (400 for a request it cannot read) with a JSON reason:
//! `{"error":"signature_mismatch","message":"…"}`, or on the BH endpoint
//! `{"code":1001,"msg":"signature_mismatch: …"}`. The reasons: `signature_mismatch`,
//! `malformed_signature`, `stale_timestamp`, `replayed`, `lifetime_too_long`,
//! `assertion_expired`, `invalid_assertion`, `unknown_client`, `invalid_request`,
//! `invalid_token`, `token_expired`, `injected_fault` (from
//! [`ProviderHandle::fail_next`]), and with HTTP 503 `busy` (a full replay store) and
//! `replay_store_unavailable` (a shared replay store that does not answer: it fails closed).
//!
//! Tokens are 128 random bits, live [`DEFAULT_TOKEN_LIFETIME`] unless set, and are known only to
//! the provider that issued them.
//!
//! [`CircleToken`]: crate::seeds::circle::CircleToken
//! [`BhTokenRequest`]: crate::seeds::bh::BhTokenRequest
//! [`TokenAssertion`]: crate::seeds::assertion::TokenAssertion
//! [`NewOrder`]: crate::seeds::exchange::NewOrder

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod provider;
pub mod redis_server;
pub mod seeds;

pub use crate::provider::{
    Provider, ProviderBuilder, ProviderHandle, DEFAULT_MAX_SKEW, DEFAULT_TOKEN_LIFETIME,
};
