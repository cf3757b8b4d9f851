//! GitHub, Stripe and Slack webhooks in one axum app, on 127.0.0.1: the GitHub and Stripe routes
//! take the `Verified<T>` extractor, the Slack route is a plain tower service behind
//! `VerifyLayer`. A client in the same process then sends each a signed event, a tampered one,
//! and a replay, and prints what the server answered.
//!
//! ```text
//! cargo run --example webhook_server --features axum,tower
//! ```

use std::convert::Infallible;
use std::error::Error;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;
use axum::routing::post;
use axum::Router;
use bytes::Bytes;
use http_body_util::Full;
use tower::Layer as _;

use signing::replay::{MemoryNonceStore, ReplayGuard};
use signing::server::{Keys, Verified, Verifier};
use signing::tower::VerifyLayer;
use signing::{Secret, SignedRequest, Timestamp};
// The three declarations (GitHub: the raw body; Stripe: `t={timestamp},v1=..` over
// `{t}.{body}`; Slack: `v0=..` over `v0:{timestamp}:{body}`) and demo secrets.
use signing_testing::seeds::webhooks::{
    GithubDelivery, SlackRequest, StripeEvent, DEMO_GITHUB_SECRET as GITHUB_SECRET,
    DEMO_SLACK_SECRET as SLACK_SECRET, DEMO_STRIPE_SECRET as STRIPE_SECRET,
};

/// Five minutes either way, and each delivery accepted once (the providers' own tolerance).
fn guard() -> ReplayGuard<MemoryNonceStore> {
    ReplayGuard::new(MemoryNonceStore::new(100_000), Duration::from_secs(300))
}

#[derive(Clone)]
struct AppState {
    github: Arc<Verifier<GithubDelivery>>,
    stripe: Arc<Verifier<StripeEvent>>,
}

impl FromRef<AppState> for Arc<Verifier<GithubDelivery>> {
    fn from_ref(state: &AppState) -> Self {
        Arc::clone(&state.github)
    }
}

impl FromRef<AppState> for Arc<Verifier<StripeEvent>> {
    fn from_ref(state: &AppState) -> Self {
        Arc::clone(&state.stripe)
    }
}

async fn github(delivery: Verified<GithubDelivery>) -> String {
    format!("github: {} bytes accepted", delivery.body.len())
}

async fn stripe(event: Verified<StripeEvent>) -> String {
    format!(
        "stripe: event of {} accepted ({} bytes)",
        event.timestamp.unix_seconds(),
        event.payload.len()
    )
}

fn app() -> Router {
    let state = AppState {
        github: Arc::new(Verifier::new(
            Keys::new(Secret::new(GITHUB_SECRET)),
            guard(),
        )),
        stripe: Arc::new(
            Verifier::new(Keys::new(Secret::new(STRIPE_SECRET)), guard())
                .timestamp(|event: &StripeEvent| Some(event.timestamp)),
        ),
    };
    let slack = Verifier::new(Keys::new(Secret::new(SLACK_SECRET)), guard())
        .timestamp(|request: &SlackRequest| Some(request.timestamp))
        .max_body_bytes(64 * 1024);
    let slack = VerifyLayer::new(slack).layer(tower::service_fn(
        |request: http::Request<Full<Bytes>>| async move {
            let verified = request.extensions().get::<Verified<SlackRequest>>();
            let size = verified.map_or(0, |v| v.body.len());
            let answer = format!("slack: command of {size} bytes accepted");
            Ok::<_, Infallible>(http::Response::new(Full::new(Bytes::from(answer))))
        },
    ));
    Router::new()
        .route("/webhooks/github", post(github))
        .route("/webhooks/stripe", post(stripe))
        .route_service("/webhooks/slack", slack)
        .with_state(state)
}

async fn send(
    http: &reqwest::Client,
    what: &str,
    request: http::Request<Vec<u8>>,
) -> Result<(), Box<dyn Error>> {
    let answer = http.execute(reqwest::Request::try_from(request)?).await?;
    let status = answer.status();
    println!("{what:<28} -> {status}  {}", answer.text().await?);
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app())
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
    });
    println!("webhook server on {base}\n");
    let http = reqwest::Client::new();

    let push = br#"{"ref":"refs/heads/main","commits":[]}"#.to_vec();
    let github = GithubDelivery { payload: push }.sign_with(&Secret::new(GITHUB_SECRET))?;
    let github = github.http_request(&format!("{base}/webhooks/github"))?;
    send(&http, "GitHub push", clone(&github)).await?;
    send(&http, "the same delivery again", github).await?;

    let paid = br#"{"id":"evt_1","type":"invoice.paid"}"#.to_vec();
    let stripe = StripeEvent {
        timestamp: Timestamp::now(),
        payload: paid,
    }
    .sign_with(&Secret::new(STRIPE_SECRET))?
    .http_request(&format!("{base}/webhooks/stripe"))?;
    send(&http, "Stripe invoice.paid", clone(&stripe)).await?;
    let mut tampered = stripe;
    *tampered.body_mut() = br#"{"id":"evt_1","type":"invoice.paid","amount":1}"#.to_vec();
    send(&http, "Stripe, body changed", tampered).await?;

    let command = b"command=%2Fdeploy&text=staging&user_id=U2CERLKJA".to_vec();
    let slack = SlackRequest {
        timestamp: Timestamp::now(),
        body: command,
    }
    .sign_with(&Secret::new(SLACK_SECRET))?
    .http_request(&format!("{base}/webhooks/slack"))?;
    send(&http, "Slack /deploy", clone(&slack)).await?;
    let mut unsigned = slack;
    unsigned.headers_mut().remove("X-Slack-Signature");
    send(&http, "Slack, no signature", unsigned).await?;

    let _ = stop.send(());
    server.await??;
    Ok(())
}

/// A copy of a request to send twice.
fn clone(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}
