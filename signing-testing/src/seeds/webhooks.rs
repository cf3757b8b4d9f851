//! Webhooks as they are received: GitHub, Stripe and Slack, declared with owned fields so that
//! a server reads them back with `FromSignedQuery` (`signing::server::Verified` in axum).
//!
//! | declaration | header | signed message |
//! |---|---|---|
//! | [`GithubDelivery`] | `X-Hub-Signature-256: sha256=<hex>` | the raw body |
//! | [`StripeEvent`] | `Stripe-Signature: t=<unix s>,v1=<hex>[,v1=…]` | `{t}.{body}` |
//! | [`SlackRequest`] | `X-Slack-Signature: v0=<hex>`, `X-Slack-Request-Timestamp: <unix s>` | `v0:{timestamp}:{body}` |
//!
//! All three are lowercase hex HMAC-SHA256 with the endpoint's signing secret.

use signing::{FromSignedQuery, SignedRequest, Timestamp};

/// A GitHub webhook delivery: HMAC-SHA256 of the raw body. It carries no signed time.
#[derive(Debug, Clone, SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", template = "{payload}",
         signature = header("X-Hub-Signature-256", format = "sha256={signature}"))]
pub struct GithubDelivery {
    /// The body, as received.
    #[signed(body)]
    pub payload: Vec<u8>,
}

/// A Stripe event: `Stripe-Signature: t=..,v1=..` over `{t}.{payload}` (one `v1` per live
/// secret while a secret is rotated).
#[derive(Debug, Clone, SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", template = "{timestamp}.{payload}",
         signature = header("Stripe-Signature", format = "t={timestamp},v1={signature}"))]
pub struct StripeEvent {
    /// `t`: when Stripe signed it, in seconds.
    #[signed(timestamp = "unix-seconds")]
    pub timestamp: Timestamp,
    /// The body, as received.
    #[signed(body)]
    pub payload: Vec<u8>,
}

/// A Slack request (slash command, event, interaction): `v0=` and the hex HMAC-SHA256 of
/// `v0:{X-Slack-Request-Timestamp}:{body}`.
#[derive(Debug, Clone, SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", template = "v0:{timestamp}:{body}",
         signature = header("X-Slack-Signature", prefix = "v0="))]
pub struct SlackRequest {
    /// When Slack sent it, in seconds.
    #[signed(header = "X-Slack-Request-Timestamp", timestamp = "unix-seconds")]
    pub timestamp: Timestamp,
    /// The body, as received.
    #[signed(body)]
    pub body: Vec<u8>,
}

/// Demo GitHub webhook secret.
pub const DEMO_GITHUB_SECRET: &str = "github-demo-webhook-secret";
/// Demo Stripe endpoint secret.
pub const DEMO_STRIPE_SECRET: &str = "whsec_stripe_demo_secret";
/// Demo Slack signing secret.
pub const DEMO_SLACK_SECRET: &str = "slack-demo-signing-secret";
