//! `Retry-After` end to end: the embedded provider answers 429/503 with the header (seconds or
//! an HTTP-date), `signing::client::fetch_token` reads it, and the token cache waits at least
//! that long before its next attempt. The sleep is recorded (and skipped), not timed.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use signing::client;
use signing::token::CodeMsgResponse;
use signing::{SignedRequest, Timestamp};
use signing_testing::seeds::bh::{self, BhTokenRequest};
use signing_testing::Provider;

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// A cache on `base`'s BH endpoint whose sleeps are recorded in `waits` and not waited.
fn cache(
    base: String,
    waits: &Arc<Mutex<Vec<Duration>>>,
) -> signing::TokenCache<impl Fn() -> client::RefreshFuture + Send + Sync> {
    let waits = Arc::clone(waits);
    client::token_cache::<CodeMsgResponse, _>(http(), move || {
        BhTokenRequest {
            timestamp: Timestamp::now(),
            api_key: bh::DEMO_API_KEY,
        }
        .sign_with(&signing::Secret::new(bh::DEMO_SECRET))?
        .http_request(&base)
    })
    .sleep(move |wait| {
        waits.lock().unwrap().push(wait);
        std::future::ready(())
    })
    .backoff(Duration::from_millis(5), Duration::from_secs(30))
    .build()
}

#[tokio::test]
async fn retry_after_in_seconds_is_waited_out() {
    let provider = Provider::start().await.unwrap();
    provider.fail_next_with_retry_after(1, 429, "7");
    let waits = Arc::new(Mutex::new(Vec::new()));
    let token = cache(provider.base_url().to_owned(), &waits)
        .get()
        .await
        .unwrap();
    assert!(token.expose().starts_with("tok_"));
    assert_eq!(provider.token_requests(), 2);
    let waits = waits.lock().unwrap().clone();
    assert_eq!(waits.len(), 1);
    // Without the header the first wait would be at most 5 ms.
    assert!(waits[0] >= Duration::from_secs(7), "{waits:?}");
    assert!(waits[0] <= Duration::from_millis(8_750), "{waits:?}");
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_waited_out() {
    let provider = Provider::start().await.unwrap();
    // 20 s from now, in the IMF-fixdate form (RFC 9110), written by the `httpdate` crate that
    // hyper uses: whole seconds, so the wait is between 19 and 20 s (plus jitter).
    let at = SystemTime::now() + Duration::from_secs(20);
    provider.fail_next_with_retry_after(1, 503, &httpdate::fmt_http_date(at));
    let waits = Arc::new(Mutex::new(Vec::new()));
    cache(provider.base_url().to_owned(), &waits)
        .get()
        .await
        .unwrap();
    let waits = waits.lock().unwrap().clone();
    assert_eq!(waits.len(), 1);
    assert!(waits[0] >= Duration::from_secs(18), "{waits:?}");
    assert!(waits[0] <= Duration::from_secs(25), "{waits:?}");
}

#[tokio::test]
async fn a_retry_after_beyond_the_maximum_is_reported_with_the_wait() {
    let provider = Provider::start().await.unwrap();
    provider.fail_next_with_retry_after(1, 429, "3600");
    let waits = Arc::new(Mutex::new(Vec::new()));
    let cache = cache(provider.base_url().to_owned(), &waits);
    let err = cache.get().await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3_600)));
    assert!(err.is_transient());
    // Asked again at once: the same answer, and the provider is not called again.
    assert!(cache.get().await.is_err());
    assert_eq!(provider.token_requests(), 1);
    assert!(waits.lock().unwrap().is_empty());
}

/// A Retry-After on another status (a 401) is not a reason to wait: reported at once.
#[tokio::test]
async fn retry_after_counts_on_429_and_503_only() {
    let provider = Provider::start().await.unwrap();
    provider.fail_next_with_retry_after(1, 401, "60");
    let waits = Arc::new(Mutex::new(Vec::new()));
    let err = cache(provider.base_url().to_owned(), &waits)
        .get()
        .await
        .unwrap_err();
    assert_eq!(err.retry_after(), None);
    assert!(!err.is_transient());
}
