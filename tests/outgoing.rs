//! The client side over loopback HTTP against the embedded provider: the reqwest-middleware
//! `SigningMiddleware` (signed Binance-style orders, a bearer token refreshed once on a 401) and
//! `ClientAssertion` in the `oauth2` crate's client-credentials request and in an RFC 8693 token
//! exchange.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use oauth2::basic::BasicClient;
use oauth2::{ClientId, TokenResponse as _, TokenUrl};
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware};
use signing::middleware::{Sign, SigningMiddleware};
use signing::oauth2::{http_client, WithClientAssertion as _};
use signing::token::{AccessTokenResponse, OAuth2Response, Token, TokenCache};
use signing::{ClientAssertion, PrivateKey, Secret, SignedRequest, Timestamp};
use signing_testing::seeds::circle::{self, CircleToken};
use signing_testing::seeds::exchange::{self, NewOrder};
use signing_testing::seeds::{assertion, oauth2 as idp};
use signing_testing::{Provider, ProviderHandle};

fn order(at: Timestamp) -> NewOrder {
    NewOrder {
        symbol: "BTCUSDT".into(),
        side: "BUY".into(),
        order_type: "LIMIT".into(),
        quantity: "0.01".into(),
        price: "64000.5".into(),
        recv_window: 5000,
        timestamp: at,
        api_key: exchange::DEMO_API_KEY.into(),
    }
}

fn signing_client(secret: &str) -> ClientWithMiddleware {
    ClientBuilder::new(reqwest::Client::new())
        .with(SigningMiddleware::new(Secret::new(secret)))
        .build()
}

/// Status and JSON of an answer.
async fn answer(response: reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    (
        status,
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap(),
    )
}

async fn place(
    client: &ClientWithMiddleware,
    provider: &ProviderHandle,
    sign: Sign<Secret>,
) -> (u16, serde_json::Value) {
    let url = format!("{}{}", provider.base_url(), exchange::ORDER_PATH);
    answer(client.post(url).with_extension(sign).send().await.unwrap()).await
}

#[tokio::test]
async fn middleware_signs_each_order_at_sending_time() {
    let provider = Provider::start().await.unwrap();
    let client = signing_client(exchange::DEMO_SECRET);
    // The same order twice: signed at two times, so two requests, both accepted.
    for _ in 0..2 {
        let (status, body) = place(&client, &provider, Sign::new(order)).await;
        assert_eq!(
            (status, body["status"].as_str()),
            (200, Some("NEW")),
            "{body}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let (status, body) = place(
        &client,
        &provider,
        Sign::new(|_| order(Timestamp::now().add_seconds(-31))),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("stale_timestamp"))
    );
    let wrong_key = signing_client("not-the-exchange-secret");
    let (status, body) = place(&wrong_key, &provider, Sign::new(order)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("signature_mismatch"))
    );
    let unknown = |at| NewOrder {
        api_key: "someone-else".into(),
        ..order(at)
    };
    let (status, body) = place(&client, &provider, Sign::new(unknown)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("unknown_client"))
    );
    // Without a `Sign`, nothing is signed: the provider misses the signature.
    let url = format!("{}{}", provider.base_url(), exchange::ORDER_PATH);
    let (status, body) = answer(client.post(url).send().await.unwrap()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_request")),
        "{body}"
    );
    provider.shutdown().await;
}

/// A cache of the Circle token the provider issues.
fn circle_cache(
    provider: &ProviderHandle,
    refreshes: Arc<AtomicUsize>,
) -> Arc<TokenCache<impl Fn() -> signing::client::RefreshFuture + Send + Sync>> {
    let url = format!("{}{}", provider.base_url(), circle::TOKEN_PATH);
    let cache =
        signing::client::token_cache::<AccessTokenResponse, _>(reqwest::Client::new(), move || {
            // The Circle nonce is in seconds: two refreshes within one second differ by user.
            let n = refreshes.fetch_add(1, Ordering::SeqCst);
            CircleToken {
                customer_id: circle::DEMO_CUSTOMER_ID,
                app_key: circle::DEMO_APP_KEY,
                end_user_id: &format!("trader-{n}@example.com"),
                nonce: Timestamp::now(),
            }
            .sign_with(&Secret::new(circle::DEMO_SECRET))?
            .http_request(&url)
        })
        .sleep(tokio::time::sleep)
        .build();
    Arc::new(cache)
}

#[tokio::test]
async fn bearer_token_refreshed_once_on_a_401() {
    let provider = Provider::start().await.unwrap();
    let refreshes = Arc::new(AtomicUsize::new(0));
    let client = ClientBuilder::new(reqwest::Client::new())
        .with(
            SigningMiddleware::new(Secret::new(exchange::DEMO_SECRET))
                .bearer(circle_cache(&provider, Arc::clone(&refreshes))),
        )
        .build();
    let protected = format!("{}/api/protected", provider.base_url());
    let (status, body) = answer(client.get(&protected).send().await.unwrap()).await;
    assert_eq!((status, body["scheme"].as_str()), (200, Some("circle")));
    let (status, _) = answer(client.get(&protected).send().await.unwrap()).await;
    assert_eq!((status, refreshes.load(Ordering::SeqCst)), (200, 1));
    // Signed and authorized at once.
    let (status, _) = place(&client, &provider, Sign::new(order)).await;
    assert_eq!(status, 200);

    provider.revoke_tokens();
    let (status, body) = answer(client.get(&protected).send().await.unwrap()).await;
    assert_eq!((status, body["ok"].as_bool()), (200, Some(true)), "{body}");
    assert_eq!(refreshes.load(Ordering::SeqCst), 2);
    assert_eq!(provider.tokens_issued(), 2);
    provider.shutdown().await;
}

#[tokio::test]
async fn a_second_401_is_the_answer() {
    let provider = Provider::start().await.unwrap();
    let refreshes = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&refreshes);
    // A token the provider never issued: every call is refused.
    let cache = TokenCache::builder(move || {
        counted.fetch_add(1, Ordering::SeqCst);
        async { Ok(Token::new("tok_never_issued", None)) }
    })
    .build();
    let client = ClientBuilder::new(reqwest::Client::new())
        .with(SigningMiddleware::new(Secret::new(exchange::DEMO_SECRET)).bearer(Arc::new(cache)))
        .build();
    let protected = format!("{}/api/protected", provider.base_url());
    let (status, body) = answer(client.get(&protected).send().await.unwrap()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_token"))
    );
    assert_eq!(
        refreshes.load(Ordering::SeqCst),
        2,
        "one refresh after the 401, then no more"
    );
    provider.shutdown().await;
}

fn demo_key() -> PrivateKey {
    PrivateKey::from_pem(assertion::DEMO_PRIVATE_KEY_PEM.as_bytes()).unwrap()
}

#[tokio::test]
async fn oauth2_client_credentials_with_a_client_assertion() {
    let provider = Provider::start().await.unwrap();
    let token_url = format!("{}{}", provider.base_url(), idp::TOKEN_PATH);
    let client = BasicClient::new(ClientId::new(idp::DEMO_CLIENT_ID.into()))
        .set_token_uri(TokenUrl::new(token_url.clone()).unwrap());
    let http = http_client(&reqwest::Client::new());
    let key = demo_key();
    let token = client
        .exchange_client_credentials()
        .client_assertion(
            &ClientAssertion::new(idp::DEMO_CLIENT_ID, &token_url),
            &key,
            Timestamp::now(),
        )
        .unwrap()
        .request_async(&http)
        .await
        .unwrap();
    assert!(token.expires_in().is_some());
    let protected = reqwest::Client::new()
        .get(format!("{}/api/protected", provider.base_url()))
        .bearer_auth(token.access_token().secret())
        .send()
        .await
        .unwrap();
    let (status, body) = answer(protected).await;
    assert_eq!(
        (status, body["scheme"].as_str(), body["subject"].as_str()),
        (
            200,
            Some("oauth2_client_credentials"),
            Some(idp::DEMO_CLIENT_ID)
        )
    );

    // An assertion for another audience is refused, and so is one from an unknown client.
    let refused = client
        .exchange_client_credentials()
        .client_assertion(
            &ClientAssertion::new(idp::DEMO_CLIENT_ID, "https://elsewhere.example/token"),
            &key,
            Timestamp::now(),
        )
        .unwrap()
        .request_async(&http)
        .await;
    match refused {
        Err(oauth2::RequestTokenError::ServerResponse(err)) => {
            assert_eq!(err.error().as_ref(), "invalid_client");
        }
        other => panic!("expected invalid_client, got {other:?}"),
    }
    // An assertion that expired (minted two minutes ago, it lived 60 s; 60 s of leeway).
    let stale = client
        .exchange_client_credentials()
        .client_assertion(
            &ClientAssertion::new(idp::DEMO_CLIENT_ID, &token_url),
            &key,
            Timestamp::now().add_seconds(-180),
        )
        .unwrap()
        .request_async(&http)
        .await;
    match stale {
        Err(oauth2::RequestTokenError::ServerResponse(err)) => {
            assert_eq!(err.error().as_ref(), "invalid_client");
            let description = err.error_description().unwrap();
            assert!(description.contains("expired"), "{description}");
        }
        other => panic!("expected invalid_client, got {other:?}"),
    }
    provider.shutdown().await;
}

/// RFC 8693 token exchange, which `oauth2` 5 has no request for: the form by hand, the client
/// authenticated by the assertion's two parameters.
async fn exchange(
    token_url: &str,
    subject_token: &str,
    pairs: &[(&'static str, String); 2],
) -> (u16, serde_json::Value, Vec<u8>) {
    let mut form = url_form(&[
        ("grant_type", idp::TOKEN_EXCHANGE_GRANT),
        ("subject_token", subject_token),
        ("subject_token_type", idp::ACCESS_TOKEN_TYPE),
    ]);
    form.push('&');
    form.push_str(&url_form(&[
        (pairs[0].0, &pairs[0].1),
        (pairs[1].0, &pairs[1].1),
    ]));
    let response = reqwest::Client::new()
        .post(token_url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap().to_vec();
    (status, serde_json::from_slice(&body).unwrap(), body)
}

fn url_form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| {
            let value: String = value
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                        char::from(b).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{name}={value}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[tokio::test]
async fn token_exchange_with_a_client_assertion() {
    let provider = Provider::start().await.unwrap();
    let token_url = format!("{}{}", provider.base_url(), idp::TOKEN_PATH);
    let key = demo_key();
    let assertion = ClientAssertion::new(idp::DEMO_CLIENT_ID, &token_url);
    // A token to exchange: the Circle one.
    let circle = CircleToken {
        customer_id: circle::DEMO_CUSTOMER_ID,
        app_key: circle::DEMO_APP_KEY,
        end_user_id: "user@example.com",
        nonce: Timestamp::now(),
    }
    .sign_with(&Secret::new(circle::DEMO_SECRET))
    .unwrap()
    .http_request(&format!("{}{}", provider.base_url(), circle::TOKEN_PATH))
    .unwrap();
    let subject =
        signing::client::fetch_token::<AccessTokenResponse>(&reqwest::Client::new(), circle)
            .await
            .unwrap();
    let subject = subject.expose().to_owned();

    let pairs = assertion.form_pairs(&key, Timestamp::now()).unwrap();
    let (status, body, raw) = exchange(&token_url, &subject, &pairs).await;
    assert_eq!(
        (status, body["issued_token_type"].as_str()),
        (200, Some(idp::ACCESS_TOKEN_TYPE)),
        "{body}"
    );
    let exchanged = Token::from_json::<OAuth2Response>(200, &raw, Timestamp::now()).unwrap();
    assert_ne!(exchanged.expose(), subject);

    // The same assertion again: refused (each is accepted once).
    let (status, body, _) = exchange(&token_url, &subject, &pairs).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client")),
        "{body}"
    );
    // A subject token the provider never issued.
    let pairs = assertion.form_pairs(&key, Timestamp::now()).unwrap();
    let (status, body, _) = exchange(&token_url, "tok_unknown", &pairs).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
    provider.shutdown().await;
}

/// A one-shot HTTP/1.1 server on 127.0.0.1 (port chosen by the OS) that answers every request
/// with `body`, chunked when `chunked` (no `Content-Length`: the client must count as it reads)
/// or with its `Content-Length`. Stopped when the returned task is aborted.
async fn raw_server(body: Vec<u8>, chunked: bool) -> (String, tokio::task::JoinHandle<()>) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/oauth2/token", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let body = body.clone();
            tokio::spawn(async move {
                // Read the request head (and whatever body came with it; it is not needed).
                let mut buf = vec![0u8; 16 * 1024];
                let _ = stream.read(&mut buf).await;
                let head = if chunked {
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n".to_owned()
                } else {
                    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len())
                };
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                if chunked {
                    for piece in body.chunks(64 * 1024) {
                        let size = format!("{:x}\r\n", piece.len());
                        let written = async {
                            stream.write_all(size.as_bytes()).await?;
                            stream.write_all(piece).await?;
                            stream.write_all(b"\r\n").await
                        };
                        if written.await.is_err() {
                            return; // the client stopped reading: what the bound is for
                        }
                    }
                    let _ = stream.write_all(b"0\r\n\r\n").await;
                } else {
                    let _ = stream.write_all(&body).await;
                }
                let _ = stream.shutdown().await;
            });
        }
    });
    (url, task)
}

/// 1 MiB = 1 << 20 = 1048576 bytes (the documented bound of `client::send`).
const ONE_MIB: usize = 1_048_576;

#[tokio::test]
async fn send_refuses_an_answer_over_one_mib_with_a_typed_error() {
    use signing::client::{self, SendError};
    assert_eq!(client::MAX_RESPONSE_BYTES, ONE_MIB);
    let http = reqwest::Client::new();
    let get = |url: &str| http::Request::builder().uri(url).body(Vec::new()).unwrap();
    for chunked in [true, false] {
        // Exactly 1 MiB is read whole.
        let (url, server) = raw_server(vec![b' '; ONE_MIB], chunked).await;
        let answer = client::send(&http, get(&url)).await.unwrap();
        assert_eq!(
            (answer.status().as_u16(), answer.body().len()),
            (200, ONE_MIB)
        );
        server.abort();

        // One byte more (and far more) is refused, by type, with the bound and the status.
        for len in [ONE_MIB + 1, 8 * ONE_MIB] {
            let (url, server) = raw_server(vec![b' '; len], chunked).await;
            let err = client::send(&http, get(&url)).await.unwrap_err();
            assert!(
                matches!(
                    err,
                    SendError::BodyTooLong {
                        limit: ONE_MIB,
                        status: 200
                    }
                ),
                "chunked {chunked}, {len} bytes: {err:?}"
            );
            assert!(
                err.to_string().contains("longer than 1048576 bytes"),
                "{err}"
            );
            // Another bound, chosen by the caller.
            let answer = client::send_limited(&http, get(&url), len).await.unwrap();
            assert_eq!(answer.body().len(), len);
            server.abort();
        }
    }
}

#[tokio::test]
async fn oauth2_http_client_refuses_an_oversized_token_answer() {
    // A token endpoint that answers with 2 MiB of JSON whitespace (chunked, no length).
    let (url, server) = raw_server(vec![b' '; 2 * ONE_MIB], true).await;
    let client = BasicClient::new(ClientId::new(idp::DEMO_CLIENT_ID.into()))
        .set_token_uri(TokenUrl::new(url.clone()).unwrap());
    let http = http_client(&reqwest::Client::new());
    let refused = client
        .exchange_client_credentials()
        .client_assertion(
            &ClientAssertion::new(idp::DEMO_CLIENT_ID, &url),
            &demo_key(),
            Timestamp::now(),
        )
        .unwrap()
        .request_async(&http)
        .await;
    match refused {
        Err(oauth2::RequestTokenError::Request(
            err @ signing::client::SendError::BodyTooLong { .. },
        )) => assert!(err.to_string().contains("1048576"), "{err}"),
        other => panic!("expected a refused oversized answer, got {other:?}"),
    }
    server.abort();
}
