//! Receiving webhooks signed with RFC 9421 HTTP Message Signatures, on axum on 127.0.0.1: the
//! route checks the `Signature` against the sender's registered Ed25519 key (found by `keyid`),
//! requires it to cover the method, the path and `Content-Digest`, refuses signatures older than
//! five minutes, checks the body against `Content-Digest` (RFC 9530) and refuses a second use
//! of a `nonce`. A sender in the same process then delivers a signed event, the same event
//! again, one with its body changed, and one signed by an unknown key.
//!
//! ```text
//! cargo run --example webhook_rfc9421
//! ```

use std::collections::HashMap;
use std::error::Error;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::routing::post;
use axum::Router;

use signing::asymmetric::SignatureAlgorithm;
use signing::content_digest::{self, HashAlgorithm};
use signing::httpsig::{Component, HttpVerifier, Message, SignatureParams};
use signing::replay::{MemoryNonceStore, ReplayGuard};
use signing::{PrivateKey, PublicKey, Timestamp};

/// RFC 9421 B.1.4's test key: the sender's private key (a real sender keeps its own).
const SENDER_KEY: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF
-----END PRIVATE KEY-----";
/// The same key's public half, as the sender registered it with the receiver.
const SENDER_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=
-----END PUBLIC KEY-----";

struct Receiver {
    /// keyid -> (algorithm the key is registered for, key).
    keys: HashMap<String, (SignatureAlgorithm, PublicKey)>,
    nonces: ReplayGuard<MemoryNonceStore>,
}

async fn webhook(
    State(receiver): State<Arc<Receiver>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let mut request = http::Request::builder().method(method).uri(uri);
    *request.headers_mut().expect("builder") = headers;
    let request = request.body(()).expect("request");
    let message = Message::request(&request).with_scheme("http");
    let verified = HttpVerifier::new(&receiver.keys)
        .require([
            Component::method(),
            Component::path(),
            Component::field("content-digest"),
        ])
        .max_age(300)
        .verify(&message);
    let verified = match verified {
        Ok(verified) => verified,
        Err(e) => return (StatusCode::UNAUTHORIZED, format!("refused: {e}")),
    };
    let digest = request
        .headers()
        .get("content-digest")
        .and_then(|v| v.to_str().ok());
    let accepted = [HashAlgorithm::Sha256, HashAlgorithm::Sha512];
    if let Err(e) = content_digest::verify(digest.unwrap_or(""), &body, &accepted) {
        return (StatusCode::UNAUTHORIZED, format!("refused: {e}"));
    }
    if let Some(nonce) = verified.params.nonce_value() {
        let created = Timestamp::from_unix_seconds(verified.params.created_at().unwrap_or(0));
        if let Err(e) = receiver.nonces.check(nonce, created, Timestamp::now()) {
            return (StatusCode::UNAUTHORIZED, format!("refused: {e}"));
        }
    }
    (
        StatusCode::OK,
        format!(
            "accepted {} bytes signed by {:?}",
            body.len(),
            verified.params.key_id()
        ),
    )
}

/// A delivery as the sender makes it: `Content-Digest`, then an Ed25519 signature over the
/// method, the path and the digest, with a fresh nonce.
fn delivery(
    url: &str,
    body: &[u8],
    key: &PrivateKey,
    keyid: &str,
    nonce: &str,
) -> Result<http::Request<Vec<u8>>, Box<dyn Error>> {
    let mut request = http::Request::post(url)
        .header("content-type", "application/json")
        .header(
            "content-digest",
            content_digest::header_value(body, &[HashAlgorithm::Sha256]),
        )
        .body(body.to_vec())?;
    SignatureParams::new([
        Component::method(),
        Component::path(),
        Component::field("content-digest"),
    ])
    .created(Timestamp::now())
    .keyid(keyid)
    .nonce(nonce)
    .sign(
        &Message::request(&request),
        "sig1",
        SignatureAlgorithm::Ed25519,
        key,
    )?
    .add_to(request.headers_mut())?;
    Ok(request)
}

async fn send(
    http: &reqwest::Client,
    what: &str,
    request: http::Request<Vec<u8>>,
) -> Result<(), Box<dyn Error>> {
    let answer = http.execute(reqwest::Request::try_from(request)?).await?;
    let status = answer.status();
    println!("{what:<30} -> {status}  {}", answer.text().await?);
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut keys = HashMap::new();
    keys.insert(
        "sender-2024".to_owned(),
        (
            SignatureAlgorithm::Ed25519,
            PublicKey::from_pem(SENDER_PUBLIC.as_bytes())?,
        ),
    );
    let receiver = Arc::new(Receiver {
        keys,
        nonces: ReplayGuard::new(MemoryNonceStore::new(100_000), Duration::from_secs(300)),
    });
    let app = Router::new()
        .route("/webhooks/events", post(webhook))
        .with_state(receiver);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhooks/events", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
    });
    println!("webhook receiver on {url}\n");
    let http = reqwest::Client::new();
    let key = PrivateKey::from_pem(SENDER_KEY.as_bytes())?;
    let event = br#"{"id":"evt_1","type":"invoice.paid"}"#;

    let signed = delivery(&url, event, &key, "sender-2024", "n-1")?;
    send(&http, "signed event", copy(&signed)).await?;
    send(&http, "the same event again", signed).await?;
    let mut changed = delivery(&url, event, &key, "sender-2024", "n-2")?;
    *changed.body_mut() = br#"{"id":"evt_1","type":"invoice.paid","amount":1}"#.to_vec();
    send(&http, "body changed", changed).await?;
    send(
        &http,
        "unknown key id",
        delivery(&url, event, &key, "someone-else", "n-3")?,
    )
    .await?;

    let _ = stop.send(());
    server.await??;
    Ok(())
}

fn copy(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}
