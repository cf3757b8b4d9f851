//! HTTP message signatures received over loopback HTTP by a real axum server: the extractor
//! (`signing::server::VerifiedMessage`) and the tower layer (`signing::tower::MessageVerifyLayer`)
//! for RFC 9421, the extractor for draft-cavage (Mastodon's form). Requests are signed by this
//! crate's signer and by independent Python implementations (`http-message-signatures` for RFC
//! 9421, `httpsig` for cavage; tests/interop, the virtualenv of scripts/test.sh); each refusal
//! is checked for its status and reason, and for quoting no key id, nonce or signature.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::post;
use axum::Router;
use bytes::Bytes;
use http_body_util::Full;
use serde_json::json;
use tower::Layer as _;

use signing::asymmetric::SignatureAlgorithm;
use signing::content_digest::{self, HashAlgorithm};
use signing::httpsig::cavage::{self, CavageSigner};
use signing::httpsig::{Component, Message, SignatureParams};
use signing::replay::{MemoryNonceStore, ReplayGuard};
use signing::server::{Cavage, Keys, MessageVerifier, Rfc9421, VerifiedMessage};
use signing::tower::MessageVerifyLayer;
use signing::{PrivateKey, PublicKey, Timestamp};

#[path = "support/python.rs"]
mod python;
use python::{run_python, signed_post, ROOT};

#[path = "support/rfc9421.rs"]
mod rfc9421_vectors;
use rfc9421_vectors::vector;

const ED_KEYID: &str = "test-key-ed25519";
const RSA_KEYID: &str = "https://social.example/users/bob#main-key";
const MAX_BODY: usize = 1024;
const EVENT: &[u8] = br#"{"id":"evt_1","type":"invoice.paid"}"#;

/// RFC 9421 B.1.4's Ed25519 key (the sender's).
fn ed_private() -> PrivateKey {
    PrivateKey::from_jwk(&vector("test-key-ed25519.jwk.json")).unwrap()
}

/// RFC 9421 B.1.2's RSA key (the fediverse actor's).
fn rsa_private() -> PrivateKey {
    PrivateKey::from_jwk(&vector("test-key-rsa.jwk.json")).unwrap()
}

fn guard(capacity: usize) -> ReplayGuard<MemoryNonceStore> {
    ReplayGuard::new(MemoryNonceStore::new(capacity), Duration::from_secs(300))
}

/// The receiver's RFC 9421 verifier: the sender's public key registered under its key id (in
/// [`Keys`], the same store a derived declaration's verifier takes).
fn rfc9421(capacity: usize) -> MessageVerifier<Rfc9421> {
    let public = PublicKey::from_pem(vector("test-key-ed25519.pub.pem").as_bytes()).unwrap();
    MessageVerifier::rfc9421(
        Keys::by_id("X-Key-Id").key(ED_KEYID, (SignatureAlgorithm::Ed25519, public)),
        guard(capacity),
    )
    .require([
        Component::method(),
        Component::path(),
        Component::field("content-digest"),
    ])
    .max_age(300)
    .uri_scheme("http")
    .max_body_bytes(MAX_BODY)
}

async fn hook(message: VerifiedMessage<Rfc9421>) -> String {
    format!(
        "{} {} {}",
        message.signature.label,
        message.signature.params.key_id().unwrap_or("-"),
        message.body.len()
    )
}

async fn inbox(message: VerifiedMessage<Cavage>) -> String {
    format!("{} {}", message.signature.key_id, message.body.len())
}

/// Serves `/hook` (extractor), `/layer` (tower layer), `/tiny` (a replay store of one entry)
/// and `/inbox` (cavage) on 127.0.0.1.
async fn serve() -> String {
    let layered = MessageVerifyLayer::new(rfc9421(1000)).layer(tower::service_fn(
        |request: http::Request<Full<Bytes>>| async move {
            let message = request
                .extensions()
                .get::<VerifiedMessage<Rfc9421>>()
                .expect("the layer puts the verified message in the extensions");
            let answer = format!(
                "{} {} {}",
                message.signature.label,
                message.signature.params.key_id().unwrap_or("-"),
                message.body.len()
            );
            Ok::<_, Infallible>(http::Response::new(Full::new(Bytes::from(answer))))
        },
    ));
    let rsa_public = rsa_private().public_key();
    let mut actors = HashMap::new();
    actors.insert(
        RSA_KEYID.to_owned(),
        (SignatureAlgorithm::RsaV15Sha256, rsa_public),
    );
    let cavage = MessageVerifier::cavage(actors, guard(1000))
        .require(&["(request-target)", "host", "date", "digest"])
        .max_body_bytes(MAX_BODY);
    let router = Router::new()
        .merge(
            Router::new()
                .route("/hook", post(hook))
                .with_state(Arc::new(rfc9421(1000))),
        )
        .merge(
            Router::new()
                .route("/tiny", post(hook))
                .with_state(Arc::new(rfc9421(1))),
        )
        .merge(
            Router::new()
                .route("/inbox", post(inbox))
                .with_state(Arc::new(cavage)),
        )
        .route_service("/layer", layered);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    base
}

/// A delivery signed here: `Content-Digest`, then an RFC 9421 signature over `components`.
fn delivery(
    url: &str,
    body: &[u8],
    key: &PrivateKey,
    keyid: &str,
    nonce: Option<&str>,
    created: Timestamp,
    components: &[Component],
) -> http::Request<Vec<u8>> {
    let mut request = http::Request::post(url)
        .header("content-type", "application/json")
        .header(
            "content-digest",
            content_digest::header_value(body, &[HashAlgorithm::Sha256]),
        )
        .body(body.to_vec())
        .unwrap();
    let mut params = SignatureParams::new(components.iter().cloned())
        .created(created)
        .keyid(keyid);
    if let Some(nonce) = nonce {
        params = params.nonce(nonce);
    }
    params
        .sign(
            &Message::request(&request),
            "sig1",
            SignatureAlgorithm::Ed25519,
            key,
        )
        .unwrap()
        .add_to(request.headers_mut())
        .unwrap();
    request
}

fn covered() -> Vec<Component> {
    vec![
        Component::method(),
        Component::path(),
        Component::field("content-digest"),
    ]
}

struct Answer {
    status: u16,
    body: String,
}

impl Answer {
    fn reason(&self) -> String {
        let json: serde_json::Value = serde_json::from_str(&self.body).unwrap();
        json["error"].as_str().unwrap().to_owned()
    }
}

async fn send(request: http::Request<Vec<u8>>) -> Answer {
    let response = reqwest::Client::new()
        .execute(reqwest::Request::try_from(request).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    Answer {
        status,
        body: response.text().await.unwrap(),
    }
}

/// Every RFC 9421 case on one route.
async fn rfc9421_refusals(base: &str, route: &str) {
    let url = format!("{base}{route}");
    let key = ed_private();
    let now = Timestamp::now();
    let sign = |body: &[u8], keyid: &str, nonce: Option<&str>| {
        delivery(&url, body, &key, keyid, nonce, now, &covered())
    };

    let valid = sign(EVENT, ED_KEYID, Some("n-1"));
    let replay = copy(&valid);
    let answer = send(valid).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, format!("sig1 {ED_KEYID} {}", EVENT.len()).as_str()),
        "{route}"
    );

    let mut cases: Vec<(&str, Answer, u16, &str)> = Vec::new();
    cases.push(("replayed nonce", send(replay).await, 401, "replayed"));
    // Without a nonce, the guard remembers the signature base.
    let first = sign(EVENT, ED_KEYID, None);
    let again = copy(&first);
    assert_eq!(send(first).await.status, 200, "{route}");
    cases.push(("replayed base", send(again).await, 401, "replayed"));
    let mut tampered = sign(EVENT, ED_KEYID, Some("n-2"));
    *tampered.body_mut() = br#"{"id":"evt_1","type":"invoice.paid","amount":1}"#.to_vec();
    cases.push((
        "tampered body",
        send(tampered).await,
        401,
        "digest_mismatch",
    ));
    let mut digest_changed = sign(EVENT, ED_KEYID, Some("n-3"));
    let other = br#"{"id":"evt_2"}"#;
    digest_changed.headers_mut().insert(
        "content-digest",
        content_digest::header_value(other, &[HashAlgorithm::Sha256])
            .parse()
            .unwrap(),
    );
    *digest_changed.body_mut() = other.to_vec();
    cases.push((
        "digest and body changed",
        send(digest_changed).await,
        401,
        "signature_mismatch",
    ));
    let unknown = sign(EVENT, "someone-else", Some("n-4"));
    cases.push(("unknown key id", send(unknown).await, 401, "unknown_key"));
    let wrong_key = PrivateKey::from_pem(
        std::fs::read_to_string(format!("{ROOT}/signing-runtime/tests/keys/ed25519.pem"))
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    let forged = delivery(
        &url,
        EVENT,
        &wrong_key,
        ED_KEYID,
        Some("n-5"),
        now,
        &covered(),
    );
    cases.push(("another key", send(forged).await, 401, "signature_mismatch"));
    let partial = delivery(
        &url,
        EVENT,
        &key,
        ED_KEYID,
        Some("n-6"),
        now,
        &[Component::method(), Component::path()],
    );
    cases.push((
        "body not covered",
        send(partial).await,
        401,
        "missing_component",
    ));
    let stale = delivery(
        &url,
        EVENT,
        &key,
        ED_KEYID,
        Some("n-7"),
        now.add_seconds(-1000),
        &covered(),
    );
    cases.push(("stale", send(stale).await, 401, "stale_timestamp"));
    let unsigned = http::Request::post(url.as_str())
        .body(EVENT.to_vec())
        .unwrap();
    cases.push(("unsigned", send(unsigned).await, 401, "malformed_signature"));
    let big = sign(&[b'x'; MAX_BODY + 1], ED_KEYID, Some("n-8"));
    cases.push(("oversize body", send(big).await, 413, "body_too_large"));

    for (what, answer, status, reason) in &cases {
        assert_eq!(
            (answer.status, answer.reason().as_str()),
            (*status, *reason),
            "{route} {what}: {}",
            answer.body
        );
        for secret in ["someone-else", "n-", "sig1=:"] {
            assert!(
                !answer.body.contains(secret),
                "{route} {what} quotes {secret:?}: {}",
                answer.body
            );
        }
    }
}

fn copy(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

#[tokio::test]
async fn rfc9421_extractor_accepts_once_and_refuses_with_reasons() {
    let base = serve().await;
    rfc9421_refusals(&base, "/hook").await;
}

#[tokio::test]
async fn rfc9421_layer_accepts_once_and_refuses_with_reasons() {
    let base = serve().await;
    rfc9421_refusals(&base, "/layer").await;
}

#[tokio::test]
async fn a_full_replay_store_fails_closed_with_503() {
    let base = serve().await;
    let url = format!("{base}/tiny");
    let key = ed_private();
    let now = Timestamp::now();
    let first = delivery(&url, EVENT, &key, ED_KEYID, Some("a"), now, &covered());
    assert_eq!(send(first).await.status, 200);
    let second = delivery(&url, EVENT, &key, ED_KEYID, Some("b"), now, &covered());
    let answer = send(second).await;
    assert_eq!(
        (answer.status, answer.reason().as_str()),
        (503, "replay_store_full")
    );
}

/// A delivery signed by `http-message-signatures` (Python) is accepted by the extractor and
/// the layer, once each.
#[tokio::test]
async fn signed_by_python_http_message_signatures() {
    let base = serve().await;
    let created = Timestamp::now().unix_seconds();
    for route in ["/hook", "/layer"] {
        let url = format!("{base}{route}");
        let authority = url.split('/').nth(2).unwrap().to_owned();
        // The package computes and covers `Content-Digest` itself, from the body.
        let case = json!({
            "alg": "ed25519", "keyid": ED_KEYID, "label": "py", "method": "POST", "url": url,
            "headers": [["Host", authority], ["Content-Type", "application/json"]],
            "covered": ["@method", "@path", "@authority"],
            "created": created, "nonce": format!("py-{route}"),
            "body": std::str::from_utf8(EVENT).unwrap(),
        });
        let input = json!({
            "keys": {ED_KEYID: format!("{ROOT}/tests/vectors/rfc9421/test-key-ed25519.pem")},
            "cases": [case],
        });
        let signed = run_python("rfc9421.py", "sign", &input);
        let signed = &signed[0];
        let request = signed_post(&url, signed, EVENT.to_vec());
        let again = copy(&request);
        let answer = send(request).await;
        assert_eq!(
            (answer.status, answer.body.as_str()),
            (200, format!("py {ED_KEYID} {}", EVENT.len()).as_str()),
            "{route}"
        );
        assert_eq!(send(again).await.reason(), "replayed", "{route}");
    }
}

/// A Mastodon-style inbox POST: `(request-target) host date digest`, rsa-sha256.
fn inbox_post(
    url: &str,
    body: &[u8],
    date: Timestamp,
    signature: impl FnOnce(&http::Request<Vec<u8>>) -> String,
) -> http::Request<Vec<u8>> {
    let authority = url.split('/').nth(2).unwrap();
    let mut request = http::Request::post(url)
        .header("host", authority)
        .header("date", cavage::date_header(date))
        .header("digest", cavage::digest_header(body))
        .header("content-type", "application/activity+json")
        .body(body.to_vec())
        .unwrap();
    let value = signature(&request);
    request
        .headers_mut()
        .insert("signature", value.parse().unwrap());
    request
}

#[tokio::test]
async fn cavage_inbox_accepts_ours_and_python_httpsig_once() {
    let base = serve().await;
    let url = format!("{base}/inbox");
    let key = rsa_private();
    let activity = br#"{"type":"Create","actor":"https://social.example/users/bob"}"#;
    let now = Timestamp::now();
    let ours = |body: &[u8], date: Timestamp| {
        inbox_post(&url, body, date, |request| {
            CavageSigner::new(RSA_KEYID, SignatureAlgorithm::RsaV15Sha256)
                .sign(&Message::request(request), &key)
                .unwrap()
        })
    };
    let signed = ours(activity, now);
    let again = copy(&signed);
    let answer = send(signed).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, format!("{RSA_KEYID} {}", activity.len()).as_str())
    );
    let mut tampered = ours(activity, now.add_seconds(1));
    *tampered.body_mut() = br#"{"type":"Delete"}"#.to_vec();
    let stale = ours(activity, now.add_seconds(-1000));
    for (request, reason) in [
        (again, "replayed"),
        (tampered, "digest_mismatch"),
        (stale, "stale_timestamp"),
    ] {
        let answer = send(request).await;
        assert_eq!((answer.status, answer.reason().as_str()), (401, reason));
        // Neither the key id nor the signature is quoted back.
        assert!(!answer.body.contains("social.example"), "{}", answer.body);
        assert!(!answer.body.contains("signature=\""), "{}", answer.body);
    }

    // httpsig (Python) signs the same shape.
    let theirs = inbox_post(&url, activity, now.add_seconds(2), |request| {
        let headers: serde_json::Map<String, serde_json::Value> = ["Host", "Date", "Digest"]
            .iter()
            .map(|name| {
                let value = request.headers()[*name].to_str().unwrap();
                ((*name).to_owned(), json!(value))
            })
            .collect();
        let input = json!({
            "private_key": format!("{ROOT}/tests/vectors/rfc9421/test-key-rsa.pem"),
            "cases": [{"key_id": RSA_KEYID, "method": "POST", "path": "/inbox", "headers": headers}],
        });
        run_python("cavage.py", "sign", &input)[0]
            .as_str()
            .unwrap()
            .to_owned()
    });
    let answer = send(theirs).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

/// A body followed by trailer fields (chunked HTTP/1.1, HTTP/2).
struct WithTrailers {
    data: Option<Bytes>,
    trailers: Option<http::HeaderMap>,
}

impl http_body::Body for WithTrailers {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
        let frame = match self.data.take() {
            Some(data) => Some(http_body::Frame::data(data)),
            None => self.trailers.take().map(http_body::Frame::trailers),
        };
        std::task::Poll::Ready(frame.map(Ok))
    }
}

/// A signature covering a trailer field (`"x-checksum";tr`, RFC 9421 §2.1.4) verifies with the
/// trailers the body brought, through the layer; without them it is refused.
#[tokio::test]
async fn trailers_read_after_the_body_are_covered() {
    use tower::ServiceExt as _;
    let key = ed_private();
    let url = "http://hooks.example/layer";
    let mut trailers = http::HeaderMap::new();
    trailers.insert("x-checksum", "c0ffee".parse().unwrap());
    let mut signed = http::Request::post(url)
        .header(
            "content-digest",
            content_digest::header_value(EVENT, &[HashAlgorithm::Sha256]),
        )
        .body(())
        .unwrap();
    let mut components = covered();
    components.push(Component::field("x-checksum").tr());
    SignatureParams::new(components)
        .created(Timestamp::now())
        .keyid(ED_KEYID)
        .nonce("tr-1")
        .sign(
            &Message::request(&signed).with_trailers(&trailers),
            "sig1",
            SignatureAlgorithm::Ed25519,
            &key,
        )
        .unwrap()
        .add_to(signed.headers_mut())
        .unwrap();
    let service = MessageVerifyLayer::new(rfc9421(10)).layer(tower::service_fn(
        |request: http::Request<Full<Bytes>>| async move {
            let message = request
                .extensions()
                .get::<VerifiedMessage<Rfc9421>>()
                .unwrap();
            let components = message.signature.params.components().len();
            Ok::<_, Infallible>(http::Response::new(Full::new(Bytes::from(
                components.to_string(),
            ))))
        },
    ));
    let send = |trailers: Option<http::HeaderMap>| {
        let (parts, ()) = copy_parts(&signed);
        let body = WithTrailers {
            data: Some(Bytes::from_static(EVENT)),
            trailers,
        };
        service
            .clone()
            .oneshot(http::Request::from_parts(parts, body))
    };
    let without = send(None).await.unwrap();
    assert_eq!(without.status(), 401);
    let with = send(Some(trailers.clone())).await.unwrap();
    assert_eq!(with.status(), 200);
}

fn copy_parts(request: &http::Request<()>) -> (http::request::Parts, ()) {
    let mut copy = http::Request::new(());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy.into_parts()
}

/// Two servers sharing one Redis (a fleet, `RedisNonceStore`): a delivery accepted by one is
/// refused by the other as a replay. Skipped when `redis-server` is absent (an error under CI).
#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_sharing_redis_accepts_a_delivery_once() {
    use signing::replay::RedisNonceStore;
    use signing_testing::redis_server::{Persistence, RedisServer};
    let Some(redis) = RedisServer::start(Persistence::None).unwrap() else {
        return;
    };
    let mut bases = Vec::new();
    for _ in 0..2 {
        let store = RedisNonceStore::builder(redis.url())
            .namespace("httpsig-test:replay:")
            .connect()
            .await
            .unwrap();
        let public = PublicKey::from_pem(vector("test-key-ed25519.pub.pem").as_bytes()).unwrap();
        let mut keys = HashMap::new();
        keys.insert(ED_KEYID.to_owned(), (SignatureAlgorithm::Ed25519, public));
        let verifier =
            MessageVerifier::rfc9421(keys, ReplayGuard::new(store, Duration::from_secs(300)))
                .require(covered())
                .uri_scheme("http");
        let router = Router::new()
            .route("/hook", post(hook))
            .with_state(Arc::new(verifier));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        bases.push(format!("http://{}", listener.local_addr().unwrap()));
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    }
    let key = ed_private();
    // Signed for the first server; the same bytes then sent to the second (`@authority` is
    // not covered, as behind a load balancer).
    let first = delivery(
        &format!("{}/hook", bases[0]),
        EVENT,
        &key,
        ED_KEYID,
        Some("fleet-1"),
        Timestamp::now(),
        &covered(),
    );
    let mut second = copy(&first);
    *second.uri_mut() = format!("{}/hook", bases[1]).parse().unwrap();
    assert_eq!(send(first).await.status, 200);
    let answer = send(second).await;
    assert_eq!((answer.status, answer.reason().as_str()), (401, "replayed"));
}

/// A verifier's `Debug` shows its settings, never a key (an HMAC secret here).
#[test]
fn a_verifier_debug_shows_no_key() {
    let secret = "hmac-secret-never-shown";
    let mut keys = HashMap::new();
    keys.insert(
        "k".to_owned(),
        (
            SignatureAlgorithm::HmacSha256,
            PublicKey::hmac(signing::Secret::new(secret)),
        ),
    );
    let verifier = MessageVerifier::rfc9421(keys, guard(1)).label("sig1");
    let shown = format!("{verifier:?}");
    let layer = format!("{:?}", MessageVerifyLayer::new(verifier));
    let shown = format!("{shown} {layer}");
    assert!(shown.contains("sig1"), "{shown}");
    assert!(!shown.contains(secret), "{shown}");
}
