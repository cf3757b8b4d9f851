//! The axum extractor (`signing::server::Verified`) and the tower layer
//! (`signing::tower::VerifyLayer`) over loopback HTTP: each refusal with its status and reason,
//! and 10,000 concurrent signed deliveries, each accepted once.

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{FromRef, State};
use axum::routing::post;
use axum::Router;
use bytes::Bytes;
use http_body_util::Full;
use tower::Layer as _;

use signing::replay::{MemoryNonceStore, ReplayGuard};
use signing::server::{Keys, Verified, Verifier};
use signing::tower::VerifyLayer;
use signing::{Secret, SignedRequest, Timestamp};
// Stripe's and Slack's webhooks as received, read back with FromSignedQuery.
use signing_testing::seeds::webhooks::{SlackRequest, StripeEvent};

const PAYLOAD: &[u8] = br#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded"}"#;
const SECRET: &str = "whsec_test_secret_for_signing_crate";
const OLD_SECRET: &str = "whsec_previous_secret_before_rotation";
// printf '%s' '{"id":"evt_1","object":"event","type":"payment_intent.succeeded"}' | python3 -c "import hmac,hashlib,sys;print(hmac.new(b'whsec_test_secret_for_signing_crate',b'1700000000.'+sys.stdin.buffer.read(),hashlib.sha256).hexdigest())"
const V1: &str = "2aa0c86e240bdb16d9e5bf0aa1c0a52efcbfa9ab044d17a92a764c6f8a497f96";
// The same with b'whsec_previous_secret_before_rotation' and b'1700000001.' (one second later:
// a second request, not a replay of the first).
const V1_OLD: &str = "7970b3f99814f651e87308d73920d8b0d931db0489bce3124234b43f28a009e3";
const SIGNED_AT: i64 = 1_700_000_000;
const MAX_BODY: usize = 1024;

/// The verifier's clock in the refusal tests: the time the known-answer signatures were made.
fn fixed_now() -> Timestamp {
    Timestamp::from_unix_seconds(SIGNED_AT)
}

/// Keys named by `X-Key-Id`: `current` and, while it is rotated out, `previous`.
fn verifier(now: fn() -> Timestamp) -> Verifier<StripeEvent> {
    Verifier::new(
        Keys::by_id("X-Key-Id")
            .key("current", Secret::new(SECRET))
            .key("previous", Secret::new(OLD_SECRET)),
        ReplayGuard::new(MemoryNonceStore::new(20_000), Duration::from_secs(300)),
    )
    .timestamp(|event: &StripeEvent| Some(event.timestamp))
    .max_body_bytes(MAX_BODY)
    .clock(now)
}

#[derive(Clone)]
struct App {
    stripe: Arc<Verifier<StripeEvent>>,
    accepted: Arc<AtomicUsize>,
}

impl FromRef<App> for Arc<Verifier<StripeEvent>> {
    fn from_ref(app: &App) -> Self {
        Arc::clone(&app.stripe)
    }
}

/// The extractor's handler: answers with the raw body it was given.
async fn stripe(State(app): State<App>, event: Verified<StripeEvent>) -> Bytes {
    assert_eq!(event.payload, event.body);
    app.accepted.fetch_add(1, Ordering::SeqCst);
    event.body
}

/// Serves `/extractor` (the axum extractor) and `/layer` (a tower `service_fn` behind the
/// layer), each with its own verifier on `now`.
async fn serve(now: fn() -> Timestamp) -> (String, Arc<AtomicUsize>) {
    let accepted = Arc::new(AtomicUsize::new(0));
    let app = App {
        stripe: Arc::new(verifier(now)),
        accepted: Arc::clone(&accepted),
    };
    let layered = VerifyLayer::new(verifier(now)).layer(tower::service_fn(
        |request: http::Request<Full<Bytes>>| async move {
            let event = request
                .extensions()
                .get::<Verified<StripeEvent>>()
                .expect("the layer puts the verified request in the extensions");
            Ok::<_, Infallible>(http::Response::new(Full::new(event.body.clone())))
        },
    ));
    let router = Router::new()
        .route("/extractor", post(stripe))
        .route_service("/layer", layered)
        .with_state(app);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (base, accepted)
}

struct Answer {
    status: u16,
    body: String,
}

impl Answer {
    /// The refusal's `error` field.
    fn reason(&self) -> String {
        let json: serde_json::Value = serde_json::from_str(&self.body).unwrap();
        json["error"].as_str().unwrap().to_owned()
    }
}

async fn post_to(
    http: &reqwest::Client,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut request = http.post(url).body(body.to_vec());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    Answer { status, body }
}

/// Every case on one route: status, reason, and no secret or signature in the answer.
async fn refusals(route: &str) {
    let (base, _) = serve(fixed_now).await;
    let url = format!("{base}{route}");
    let http = reqwest::Client::new();
    let header = format!("t={SIGNED_AT},v1={V1}");
    let current: &[(&str, &str)] = &[("Stripe-Signature", &header), ("X-Key-Id", "current")];

    let valid = post_to(&http, &url, current, PAYLOAD).await;
    assert_eq!(
        (valid.status, valid.body.as_bytes()),
        (200, PAYLOAD),
        "{route}"
    );

    let mut cases: Vec<(&str, Answer, u16, &str)> = Vec::new();
    let replayed = post_to(&http, &url, current, PAYLOAD).await;
    cases.push(("replayed", replayed, 401, "replayed"));
    let tampered = PAYLOAD
        .iter()
        .map(|&b| if b == b'1' { b'2' } else { b })
        .collect::<Vec<u8>>();
    let answer = post_to(&http, &url, current, &tampered).await;
    cases.push(("tampered", answer, 401, "signature_mismatch"));
    // Signed with the previous secret, named by its id: accepted during the rotation.
    let old_header = format!("t={},v1={V1_OLD}", SIGNED_AT + 1);
    let previous = post_to(
        &http,
        &url,
        &[("Stripe-Signature", &old_header), ("X-Key-Id", "previous")],
        PAYLOAD,
    )
    .await;
    assert_eq!(previous.status, 200, "{route}: {}", previous.body);
    let old_payload = br#"{"id":"evt_2"}"#;
    let stale_secret = Secret::new(SECRET);
    let stale = StripeEvent {
        timestamp: Timestamp::from_unix_seconds(SIGNED_AT - 301),
        payload: old_payload.to_vec(),
    }
    .sign_with(&stale_secret)
    .unwrap();
    let stale_header = stale.headers().next().unwrap().1;
    let answer = post_to(
        &http,
        &url,
        &[("Stripe-Signature", stale_header), ("X-Key-Id", "current")],
        old_payload,
    )
    .await;
    cases.push(("stale", answer, 401, "stale_timestamp"));
    let answer = post_to(&http, &url, current, &[b'x'; MAX_BODY + 1]).await;
    cases.push(("oversize body", answer, 413, "body_too_large"));
    let answer = post_to(
        &http,
        &url,
        &[("Stripe-Signature", &header), ("X-Key-Id", "retired")],
        PAYLOAD,
    )
    .await;
    cases.push(("unknown key id", answer, 401, "unknown_key"));
    let answer = post_to(&http, &url, &[("Stripe-Signature", &header)], PAYLOAD).await;
    cases.push(("missing key id", answer, 401, "unknown_key"));
    let answer = post_to(&http, &url, &[("X-Key-Id", "current")], PAYLOAD).await;
    cases.push(("missing signature header", answer, 401, "malformed_request"));
    let answer = post_to(
        &http,
        &url,
        &[
            ("Stripe-Signature", &format!("t={SIGNED_AT},v1=zz")),
            ("X-Key-Id", "current"),
        ],
        PAYLOAD,
    )
    .await;
    cases.push(("not hex", answer, 401, "malformed_signature"));

    for (case, answer, status, reason) in &cases {
        assert_eq!(
            (answer.status, answer.reason().as_str()),
            (*status, *reason),
            "{route}, {case}: {}",
            answer.body
        );
        for secret in [SECRET, OLD_SECRET, V1, V1_OLD, stale.signature()] {
            assert!(
                !answer.body.contains(secret),
                "{route}, {case} quotes a secret or signature: {}",
                answer.body
            );
        }
    }
    let oversize = &cases
        .iter()
        .find(|case| case.0 == "oversize body")
        .unwrap()
        .1;
    assert!(oversize.body.contains("1024 bytes"), "{}", oversize.body);
}

#[tokio::test]
async fn extractor_refusals_with_status_and_reason() {
    refusals("/extractor").await;
}

#[tokio::test]
async fn layer_refusals_with_status_and_reason() {
    refusals("/layer").await;
}

/// 10,000 signed deliveries, 64 at a time, through the extractor on a multi-threaded server:
/// each accepted once, then each of a sample refused as replayed. Prints the rate (not asserted:
/// the machine is shared).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_deliveries_each_accepted_once() {
    const DELIVERIES: usize = 10_000;
    const IN_FLIGHT: usize = 64;
    let (base, accepted) = serve(Timestamp::now).await;
    let url = format!("{base}/extractor");
    let http = reqwest::Client::new();
    let secret = Arc::new(Secret::new(SECRET));
    let permits = Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT));
    let mut tasks = tokio::task::JoinSet::new();
    let started = Instant::now();
    for n in 0..DELIVERIES {
        let permit = Arc::clone(&permits).acquire_owned().await.unwrap();
        let (http, url, secret) = (http.clone(), url.clone(), Arc::clone(&secret));
        tasks.spawn(async move {
            let payload = format!(r#"{{"id":"evt_{n}","type":"invoice.paid"}}"#).into_bytes();
            let signed = StripeEvent {
                timestamp: Timestamp::now(),
                payload: payload.clone(),
            }
            .sign_with(&secret)
            .unwrap();
            let header = signed.headers().next().unwrap().1.to_owned();
            let answer = post_to(
                &http,
                &url,
                &[("Stripe-Signature", &header), ("X-Key-Id", "current")],
                &payload,
            )
            .await;
            drop(permit);
            (answer.status, header, payload)
        });
    }
    let mut sample = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (status, header, payload) = done.unwrap();
        assert_eq!(status, 200);
        if sample.len() < 100 {
            sample.push((header, payload));
        }
    }
    let elapsed = started.elapsed();
    assert_eq!(accepted.load(Ordering::SeqCst), DELIVERIES);
    println!(
        "{DELIVERIES} signed deliveries through the axum extractor, {IN_FLIGHT} in flight: \
         {:.2} s, {:.0} per second",
        elapsed.as_secs_f64(),
        DELIVERIES as f64 / elapsed.as_secs_f64()
    );
    for (header, payload) in &sample {
        let again = post_to(
            &http,
            &url,
            &[("Stripe-Signature", header), ("X-Key-Id", "current")],
            payload,
        )
        .await;
        assert_eq!((again.status, again.reason().as_str()), (401, "replayed"));
    }
    assert_eq!(accepted.load(Ordering::SeqCst), DELIVERIES);
}

/// Slack's published example request (api.slack.com, "Verifying requests from Slack").
const SLACK_SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
const SLACK_TIMESTAMP: i64 = 1_531_420_618;
const SLACK_BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
// python3 -c "import hmac,hashlib,sys; print('v0='+hmac.new(b'8f742231b10e8888abcd99yyyzzz85a5', b'v0:1531420618:'+sys.argv[1].encode(), hashlib.sha256).hexdigest())" "$SLACK_BODY"
// (the same value Slack's documentation shows)
const SLACK_SIGNATURE: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

fn slack_now() -> Timestamp {
    Timestamp::from_unix_seconds(SLACK_TIMESTAMP + 10)
}

#[tokio::test]
async fn slack_known_answer_through_the_extractor() {
    async fn handler(request: Verified<SlackRequest>) -> Bytes {
        request.body
    }
    let verifier = Verifier::new(
        Keys::new(Secret::new(SLACK_SECRET)),
        ReplayGuard::new(MemoryNonceStore::new(16), Duration::from_secs(300)),
    )
    .timestamp(|request: &SlackRequest| Some(request.timestamp))
    .clock(slack_now);
    let router = Router::new()
        .route("/slack", post(handler))
        .with_state(Arc::new(verifier));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/slack", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let http = reqwest::Client::new();
    let timestamp = SLACK_TIMESTAMP.to_string();
    let sent = [
        ("X-Slack-Request-Timestamp", timestamp.as_str()),
        ("X-Slack-Signature", SLACK_SIGNATURE),
    ];
    let answer = post_to(&http, &url, &sent, SLACK_BODY.as_bytes()).await;
    assert_eq!((answer.status, answer.body.as_str()), (200, SLACK_BODY));
    // The library signs it the same way.
    let signed = SlackRequest {
        timestamp: Timestamp::from_unix_seconds(SLACK_TIMESTAMP),
        body: SLACK_BODY.as_bytes().to_vec(),
    }
    .sign_with(&Secret::new(SLACK_SECRET))
    .unwrap();
    assert_eq!(format!("v0={}", signed.signature()), SLACK_SIGNATURE);
    let moved = (SLACK_TIMESTAMP + 1).to_string();
    let answer = post_to(
        &http,
        &url,
        &[
            ("X-Slack-Request-Timestamp", &moved),
            ("X-Slack-Signature", SLACK_SIGNATURE),
        ],
        SLACK_BODY.as_bytes(),
    )
    .await;
    assert_eq!(
        (answer.status, answer.reason().as_str()),
        (401, "signature_mismatch")
    );
}
