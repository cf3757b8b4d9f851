//! Tokens end to end, over real HTTP on loopback: the embedded provider (`signing_testing`)
//! checks requests signed with the declarations of `signing_testing::seeds`, sent with
//! `signing::client`, and the token cache refreshes against it.
//!
//! Every server binds 127.0.0.1 on a port the OS picks; every HTTP call has a 10 s timeout.

use std::sync::Arc;
use std::time::Duration;

use signing::client::{self, fetch_token};
use signing::token::{AccessTokenResponse, CodeMsgResponse, ManualClock, Token};
use signing::{Error, PrivateKey, Secret, SignedRequest, Timestamp};
use signing_testing::seeds::assertion::{self, TokenAssertion};
use signing_testing::seeds::bh::{self, BhTokenRequest};
use signing_testing::seeds::circle::{self, CircleToken};
use signing_testing::seeds::user_key::{self, UserKeyTokenGo, UserKeyTokenJs, UserKeyTokenPython};
use signing_testing::{Provider, ProviderHandle};

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

fn circle_request(base: &str, nonce: Timestamp, secret: &str) -> http::Request<Vec<u8>> {
    CircleToken {
        customer_id: circle::DEMO_CUSTOMER_ID,
        app_key: circle::DEMO_APP_KEY,
        end_user_id: "user@example.com",
        nonce,
    }
    .sign_with(&Secret::new(secret))
    .unwrap()
    .http_request(&format!("{base}{}", circle::TOKEN_PATH))
    .unwrap()
}

fn bh_request(base: &str, secret: &str) -> http::Request<Vec<u8>> {
    BhTokenRequest {
        timestamp: Timestamp::now(),
        api_key: bh::DEMO_API_KEY,
    }
    .sign_with(&Secret::new(secret))
    .unwrap()
    .http_request(base)
    .unwrap()
}

/// `claims` signed with the demo client's key, as the body of `POST /v1/auth/token`.
fn assertion_request<C>(claims: &C, base: &str) -> http::Request<Vec<u8>>
where
    C: SignedRequest<SigningKey = PrivateKey>,
{
    let key = PrivateKey::from_pem(assertion::DEMO_PRIVATE_KEY_PEM.as_bytes()).unwrap();
    let mut request = claims.sign_with(&key).unwrap().http_request(base).unwrap();
    request
        .headers_mut()
        .insert("content-type", "application/jwt".parse().unwrap());
    request
}

/// Sends `request` and returns the status and the JSON answer.
async fn call(request: http::Request<Vec<u8>>) -> (u16, serde_json::Value) {
    let response = client::send(&http(), request).await.unwrap();
    let body = serde_json::from_slice(response.body()).unwrap();
    (response.status().as_u16(), body)
}

/// `GET /api/protected` with `token`: the status and the JSON answer.
async fn protected(provider: &ProviderHandle, token: &Token) -> (u16, serde_json::Value) {
    let mut request = http::Request::new(Vec::new());
    *request.uri_mut() = format!("{}/api/protected", provider.base_url())
        .parse()
        .unwrap();
    request.headers_mut().insert(
        http::header::AUTHORIZATION,
        token.authorization_header().unwrap(),
    );
    call(request).await
}

/// Asserts a refusal: its status and the provider's reason.
fn assert_refused((status, body): (u16, serde_json::Value), want_status: u16, reason: &str) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["error"], reason, "{body}");
}

#[tokio::test]
async fn circle_token_flow() {
    let provider = Provider::start().await.unwrap();
    let request = circle_request(provider.base_url(), Timestamp::now(), circle::DEMO_SECRET);
    let token = fetch_token::<AccessTokenResponse>(&http(), request)
        .await
        .unwrap();
    assert!(token.expose().starts_with("tok_"));
    let (status, body) = protected(&provider, &token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["scheme"], "circle");
    assert_eq!(body["subject"], "cust-42/user@example.com");
    provider.shutdown().await;
}

#[tokio::test]
async fn bh_token_flow() {
    let provider = Provider::start().await.unwrap();
    let before = Timestamp::now();
    let request = bh_request(provider.base_url(), bh::DEMO_SECRET);
    let token = fetch_token::<CodeMsgResponse>(&http(), request)
        .await
        .unwrap();
    // `expireTime` is an instant in milliseconds: the default lifetime after the request.
    let expires = token.expires_at().unwrap().unix_seconds() - before.unix_seconds();
    assert!((299..=301).contains(&expires), "{expires}");
    let (status, body) = protected(&provider, &token).await;
    assert_eq!((status, body["scheme"].as_str()), (200, Some("bh")));
    provider.shutdown().await;
}

#[tokio::test]
async fn user_key_token_flow_in_each_timestamp_form() {
    let provider = Provider::start().await.unwrap();
    let secret = Secret::new(user_key::DEMO_SECRET);
    let (username, api_key) = (user_key::DEMO_USERNAME, user_key::DEMO_API_KEY);
    let now = Timestamp::now();
    let signed = [
        UserKeyTokenJs {
            username,
            api_key,
            timestamp: now,
        }
        .sign_with(&secret)
        .unwrap(),
        UserKeyTokenPython {
            username,
            api_key,
            timestamp: now,
        }
        .sign_with(&secret)
        .unwrap(),
        UserKeyTokenGo {
            username,
            api_key,
            timestamp: now,
        }
        .sign_with(&secret)
        .unwrap(),
    ];
    for signed in signed {
        let request = signed.http_request(provider.base_url()).unwrap();
        let token = fetch_token::<AccessTokenResponse>(&http(), request)
            .await
            .unwrap();
        let (status, body) = protected(&provider, &token).await;
        assert_eq!((status, body["subject"].as_str()), (200, Some("alice")));
    }
    assert_eq!(provider.tokens_issued(), 3);
    provider.shutdown().await;
}

#[tokio::test]
async fn client_assertion_token_flow() {
    let provider = Provider::start().await.unwrap();
    let claims = TokenAssertion {
        aud: [provider.base_url()],
        client_key_id: assertion::DEMO_CLIENT_KEY_ID,
    };
    let request = assertion_request(&claims, provider.base_url());
    let token = fetch_token::<AccessTokenResponse>(&http(), request)
        .await
        .unwrap();
    let (status, body) = protected(&provider, &token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["subject"], assertion::DEMO_CLIENT_KEY_ID);
    provider.shutdown().await;
}

#[tokio::test]
async fn tampered_requests_are_refused() {
    let provider = Provider::start().await.unwrap();
    // Circle: another end user under the same signature.
    let mut request = circle_request(provider.base_url(), Timestamp::now(), circle::DEMO_SECRET);
    let tampered = request.uri().to_string().replace("user%40", "mallory%40");
    assert!(tampered.contains("mallory"));
    *request.uri_mut() = tampered.parse().unwrap();
    assert_refused(call(request).await, 401, "signature_mismatch");
    // BH: the code/msg shape, with a non-zero code.
    let mut request = bh_request(provider.base_url(), bh::DEMO_SECRET);
    let tampered = request
        .uri()
        .to_string()
        .replace("timestamp=1", "timestamp=2");
    assert!(tampered.contains("timestamp=2"));
    *request.uri_mut() = tampered.parse().unwrap();
    let (status, body) = call(request).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["code"], 1001, "{body}");
    assert!(body["msg"]
        .as_str()
        .unwrap()
        .starts_with("signature_mismatch"));
    assert_eq!(provider.tokens_issued(), 0);
    provider.shutdown().await;
}

#[tokio::test]
async fn stale_timestamp_is_refused() {
    let provider = Provider::start().await.unwrap();
    let ten_minutes_ago = Timestamp::now().add_seconds(-600);
    let request = circle_request(provider.base_url(), ten_minutes_ago, circle::DEMO_SECRET);
    let (status, body) = call(request).await;
    assert_refused((status, body.clone()), 401, "stale_timestamp");
    assert!(body["message"].as_str().unwrap().contains("30"), "{body}");
    provider.shutdown().await;
}

#[tokio::test]
async fn replayed_nonce_is_refused() {
    let provider = Provider::start().await.unwrap();
    let request = circle_request(provider.base_url(), Timestamp::now(), circle::DEMO_SECRET);
    let again = request.clone();
    assert_eq!(call(request).await.0, 200);
    assert_refused(call(again).await, 401, "replayed");
    assert_eq!(provider.tokens_issued(), 1);
    provider.shutdown().await;
}

/// The seed's claims, declared with a lifetime of an hour: the provider allows 60 s.
#[derive(SignedRequest, serde::Serialize)]
#[signed(jwt = "RS256", lifetime = 3600, max_lifetime = 3600,
         signature = body, method = "POST", path = "/v1/auth/token")]
struct HourLongAssertion<'a> {
    aud: [&'a str; 1],
    #[serde(rename = "clientKeyId")]
    client_key_id: &'a str,
}

#[tokio::test]
async fn too_long_jwt_is_refused() {
    let provider = Provider::start().await.unwrap();
    let claims = HourLongAssertion {
        aud: [provider.base_url()],
        client_key_id: assertion::DEMO_CLIENT_KEY_ID,
    };
    let request = assertion_request(&claims, provider.base_url());
    assert_refused(call(request).await, 401, "lifetime_too_long");
    provider.shutdown().await;
}

#[tokio::test]
async fn protected_route_refuses_unknown_tokens() {
    let provider = Provider::start().await.unwrap();
    let forged = Token::new("tok_00000000000000000000000000000000", None);
    assert_refused(protected(&provider, &forged).await, 401, "invalid_token");
    provider.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_callers_on_an_expiring_token_cause_one_refresh() {
    let provider = Provider::start().await.unwrap();
    let base = provider.base_url().to_owned();
    let clock = ManualClock::new(Timestamp::now());
    let cache = Arc::new(
        client::token_cache::<CodeMsgResponse, _>(http(), move || {
            BhTokenRequest {
                timestamp: Timestamp::now(),
                api_key: bh::DEMO_API_KEY,
            }
            .sign_with(&Secret::new(bh::DEMO_SECRET))?
            .http_request(&base)
        })
        .clock(clock.clone())
        .sleep(tokio::time::sleep)
        .build(),
    );
    let first = cache.get().await.unwrap();
    assert_eq!(provider.tokens_issued(), 1);

    // 280 s into a 300 s token: stale (30 s margin), not expired.
    clock.advance(Duration::from_secs(280));
    let start = Arc::new(tokio::sync::Barrier::new(100));
    let callers: Vec<_> = (0..100)
        .map(|_| {
            let (cache, start) = (Arc::clone(&cache), Arc::clone(&start));
            tokio::spawn(async move {
                start.wait().await;
                cache.get().await.map(|token| token.expose().to_owned())
            })
        })
        .collect();
    let mut tokens = Vec::new();
    for caller in callers {
        let token = tokio::time::timeout(Duration::from_secs(20), caller)
            .await
            .unwrap();
        tokens.push(token.unwrap().unwrap());
    }
    assert_eq!(provider.tokens_issued(), 2);
    assert_eq!(provider.token_requests(), 2);
    assert!(tokens.iter().all(|token| *token == tokens[0]));
    assert_ne!(tokens[0], first.expose());
    provider.shutdown().await;
}

#[tokio::test]
async fn two_503s_then_a_token() {
    let provider = Provider::start().await.unwrap();
    provider.fail_next(2, 503);
    let base = provider.base_url().to_owned();
    let cache = client::token_cache::<CodeMsgResponse, _>(http(), move || {
        BhTokenRequest {
            timestamp: Timestamp::now(),
            api_key: bh::DEMO_API_KEY,
        }
        .sign_with(&Secret::new(bh::DEMO_SECRET))?
        .http_request(&base)
    })
    .sleep(tokio::time::sleep)
    .backoff(Duration::from_millis(5), Duration::from_millis(20))
    .build();
    let token = cache.get().await.unwrap();
    assert!(token.expose().starts_with("tok_"));
    assert_eq!(provider.token_requests(), 3);
    assert_eq!(provider.tokens_issued(), 1);
    provider.shutdown().await;
}

#[tokio::test]
async fn a_401_is_reported_not_retried() {
    let provider = Provider::start().await.unwrap();
    let base = provider.base_url().to_owned();
    let cache = client::token_cache::<AccessTokenResponse, _>(http(), move || {
        Ok(circle_request(&base, Timestamp::now(), "not-the-secret"))
    })
    .sleep(tokio::time::sleep)
    .backoff(Duration::from_millis(5), Duration::from_millis(20))
    .build();
    let err = cache.get().await.unwrap_err();
    assert!(!err.is_transient());
    assert_eq!(err.attempts(), 1);
    assert_eq!(provider.token_requests(), 1);
    assert!(matches!(
        err.downcast_ref::<Error>(),
        Some(Error::TokenResponse { status: Some(401), code: Some(code), .. })
            if code == "signature_mismatch"
    ));
    provider.shutdown().await;
}
