//! Receiving webhooks signed with RFC 9421 HTTP Message Signatures, on axum on 127.0.0.1: the
//! handler takes `VerifiedMessage<Rfc9421>`, so it runs only for a request whose `Signature`
//! verified against the sender's registered Ed25519 key (found by `keyid`), covering the
//! method, the path and `Content-Digest`, made less than five minutes ago, whose body is the one
//! `Content-Digest` (RFC 9530) names, and whose `nonce` was not used before. A sender in the
//! same process then delivers a signed event, the same event again, one with its body changed,
//! and one signed by an unknown key.
//!
//! ```text
//! cargo run --example webhook_rfc9421 --features axum
//! ```

use std::collections::HashMap;
use std::error::Error;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::post;
use axum::Router;

use signing::asymmetric::SignatureAlgorithm;
use signing::content_digest::{self, HashAlgorithm};
use signing::httpsig::{Component, Message, SignatureParams};
use signing::replay::{MemoryNonceStore, ReplayGuard};
use signing::server::{MessageVerifier, Rfc9421, VerifiedMessage};
use signing::{PrivateKey, PublicKey, Timestamp};

/// RFC 9421 B.1.4's test key: the sender's private key (a real sender keeps its own).
const SENDER_KEY: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF
-----END PRIVATE KEY-----";
/// The same key's public half, as the sender registered it with the receiver.
const SENDER_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=
-----END PUBLIC KEY-----";

/// Runs only for a delivery that verified; a refusal was answered for it (401 with
/// `{"error":"<reason>","message":"…"}`, 413 for a body over the bound).
async fn webhook(delivery: VerifiedMessage<Rfc9421>) -> String {
    format!(
        "accepted {} bytes signed by {:?}",
        delivery.body.len(),
        delivery.signature.params.key_id()
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
    // keyid -> (the algorithm the key is registered for, the key).
    let mut keys = HashMap::new();
    keys.insert(
        "sender-2024".to_owned(),
        (
            SignatureAlgorithm::Ed25519,
            PublicKey::from_pem(SENDER_PUBLIC.as_bytes())?,
        ),
    );
    let verifier = MessageVerifier::rfc9421(
        keys,
        ReplayGuard::new(MemoryNonceStore::new(100_000), Duration::from_secs(300)),
    )
    .require([
        Component::method(),
        Component::path(),
        Component::field("content-digest"),
    ])
    .max_age(300)
    .max_body_bytes(64 * 1024)
    .uri_scheme("http"); // a plain listener (behind TLS, the default `https`)
    let app = Router::new()
        .route("/webhooks/events", post(webhook))
        .with_state(Arc::new(verifier));
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
