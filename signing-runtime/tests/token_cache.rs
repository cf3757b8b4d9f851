//! The token cache: staleness on a manual clock, one refresh for many callers, retries with
//! backoff for transient failures only, and hand-off when the refreshing caller goes away.
//! No test sleeps to move time: the clock is a `ManualClock` and the backoff sleep is recorded.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use signing_runtime::token::{
    Clock as _, ManualClock, OAuth2Response, RefreshError, Token, TokenCache,
};
use signing_runtime::{Error, Timestamp};
use tokio::sync::Semaphore;

const START: Timestamp = Timestamp::from_unix_seconds(1_700_000_000);

type Answer = Pin<Box<dyn Future<Output = Result<Token, RefreshError>> + Send>>;

/// A refresher that counts its calls in `calls` and answers call `n` (from 1) with `answer(n)`.
fn counting<F, Fut>(calls: &Arc<AtomicUsize>, answer: F) -> impl Fn() -> Fut + Send + Sync
where
    F: Fn(usize) -> Fut + Send + Sync,
{
    let calls = Arc::clone(calls);
    move || answer(calls.fetch_add(1, Ordering::SeqCst) + 1)
}

/// A token `tok-<n>` valid for an hour from `clock`'s now, once `gate` (if any) lets it through.
fn hourly(clock: &ManualClock, gate: Option<&Arc<Semaphore>>) -> impl Fn(usize) -> Answer {
    let (clock, gate) = (clock.clone(), gate.cloned());
    move |n| {
        let (clock, gate) = (clock.clone(), gate.clone());
        Box::pin(async move {
            if let Some(gate) = gate {
                gate.acquire().await.unwrap().forget();
            }
            let expires_at = clock.now().add_seconds(3_600);
            Ok(Token::new(format!("tok-{n}"), Some(expires_at)))
        })
    }
}

/// `future`, or a failure if it hangs (a broken hand-off would otherwise hang the suite).
async fn within<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), future)
        .await
        .expect("the cache hung")
}

/// A sleep that waits for nothing and records how long it was asked to wait.
fn recorded(waits: &Arc<Mutex<Vec<Duration>>>) -> impl Fn(Duration) -> std::future::Ready<()> {
    let waits = Arc::clone(waits);
    move |delay| {
        waits.lock().unwrap().push(delay);
        std::future::ready(())
    }
}

/// Each recorded wait is its nominal delay with equal jitter: in `[nominal / 2, nominal]`.
fn assert_jittered(waits: &Arc<Mutex<Vec<Duration>>>, nominal_ms: &[u64]) {
    let waits = waits.lock().unwrap();
    assert_eq!(waits.len(), nominal_ms.len(), "{waits:?}");
    for (wait, &nominal) in waits.iter().zip(nominal_ms) {
        let nominal = Duration::from_millis(nominal);
        assert!(
            *wait >= nominal / 2 && *wait <= nominal,
            "{wait:?} for {nominal:?}"
        );
    }
}

#[tokio::test]
async fn cached_until_the_margin_then_refreshed() {
    let clock = ManualClock::new(START);
    let calls = Arc::new(AtomicUsize::new(0));
    let cache = TokenCache::builder(counting(&calls, hourly(&clock, None)))
        .clock(clock.clone())
        .build();

    assert_eq!(cache.get().await.unwrap().expose(), "tok-1");
    // Expires at START + 3600; the default margin makes it stale at START + 3570.
    clock.advance(Duration::from_secs(3_569));
    assert_eq!(cache.get().await.unwrap().expose(), "tok-1");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(1));
    let token = cache.get().await.unwrap();
    assert_eq!(token.expose(), "tok-2");
    // START + 3570 + 3600
    assert_eq!(
        token.expires_at(),
        Some(Timestamp::from_unix_seconds(1_700_007_170))
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn margin_is_configurable_and_invalidate_forces_a_refresh() {
    let clock = ManualClock::new(START);
    let calls = Arc::new(AtomicUsize::new(0));
    let cache = TokenCache::builder(counting(&calls, hourly(&clock, None)))
        .clock(clock.clone())
        .refresh_margin(Duration::from_secs(600))
        .build();
    assert!(cache.cached().is_none());
    cache.get().await.unwrap();
    clock.advance(Duration::from_secs(2_999));
    assert_eq!(cache.get().await.unwrap().expose(), "tok-1");
    clock.advance(Duration::from_secs(1));
    // Stale (within 600 s of expiry) but not expired: `cached` still hands it out.
    assert_eq!(cache.cached().unwrap().expose(), "tok-1");
    assert_eq!(cache.get().await.unwrap().expose(), "tok-2");

    cache.invalidate();
    assert!(cache.cached().is_none());
    assert_eq!(cache.get().await.unwrap().expose(), "tok-3");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_callers_one_refresh() {
    let clock = ManualClock::new(START);
    let calls = Arc::new(AtomicUsize::new(0));
    // The refresh blocks until the test opens the gate, so every caller arrives during it.
    let gate = Arc::new(Semaphore::new(0));
    let cache = TokenCache::builder(counting(&calls, hourly(&clock, Some(&gate))))
        .clock(clock.clone())
        .build();
    let cache = Arc::new(cache);
    gate.add_permits(1);
    assert_eq!(cache.get().await.unwrap().expose(), "tok-1");

    // The token is about to expire: 100 callers at once.
    clock.advance(Duration::from_secs(3_590));
    let callers: Vec<_> = (0..100)
        .map(|_| {
            let cache = Arc::clone(&cache);
            tokio::spawn(async move { cache.get().await })
        })
        .collect();
    within(async {
        while calls.load(Ordering::SeqCst) < 2 {
            tokio::task::yield_now().await;
        }
    })
    .await;
    // Let the other callers reach the wait (no timing is asserted: only the count below).
    tokio::time::sleep(Duration::from_millis(50)).await;
    gate.add_permits(1);
    for caller in callers {
        assert_eq!(within(caller).await.unwrap().unwrap().expose(), "tok-2");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn transient_failures_are_retried_with_backoff() {
    let calls = Arc::new(AtomicUsize::new(0));
    let waits = Arc::new(Mutex::new(Vec::new()));
    let refresher = counting(&calls, |n| async move {
        match n {
            1 => Err(RefreshError::transient("connection reset")),
            2 => Err(RefreshError::from_status(503, "service unavailable")),
            _ => Ok(Token::new("tok", None)),
        }
    });
    let cache = TokenCache::builder(refresher)
        .clock(ManualClock::new(START))
        .sleep(recorded(&waits))
        .build();
    assert_eq!(cache.get().await.unwrap().expose(), "tok");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    assert_jittered(&waits, &[250, 500]);
}

/// Jitter: a fleet whose refresh failed at the same moment does not retry in lockstep. Fifty
/// caches failing the same way draw fifty different waits, spread over the upper half.
#[tokio::test]
async fn backoff_waits_are_jittered() {
    let waits = Arc::new(Mutex::new(Vec::new()));
    for _ in 0..50 {
        let calls = Arc::new(AtomicUsize::new(0));
        let refresher = counting(&calls, |n| async move {
            match n {
                1 => Err(RefreshError::transient("connection reset")),
                _ => Ok(Token::new("tok", None)),
            }
        });
        let cache = TokenCache::builder(refresher)
            .sleep(recorded(&waits))
            .backoff(Duration::from_secs(1), Duration::from_secs(10))
            .build();
        cache.get().await.unwrap();
    }
    assert_jittered(&waits, &[1_000; 50]);
    let mut distinct = waits.lock().unwrap().clone();
    distinct.sort();
    distinct.dedup();
    assert!(distinct.len() >= 45, "{distinct:?}");
    let (low, high) = (distinct[0], distinct[distinct.len() - 1]);
    assert!(high - low > Duration::from_millis(250), "{low:?}..{high:?}");
}

/// A 429 or 503 with `Retry-After`: the next attempt waits at least that long (plus at most a
/// quarter of it), whatever the backoff would have said.
#[tokio::test]
async fn retry_after_is_honoured() {
    let calls = Arc::new(AtomicUsize::new(0));
    let waits = Arc::new(Mutex::new(Vec::new()));
    let refresher = counting(&calls, |n| async move {
        match n {
            1 => Err(RefreshError::from_status(429, "slow down")
                .with_retry_after(Duration::from_secs(3))),
            2 => {
                Err(RefreshError::from_status(503, "maintenance").with_retry_after(Duration::ZERO))
            }
            _ => Ok(Token::new("tok", None)),
        }
    });
    let cache = TokenCache::builder(refresher)
        .clock(ManualClock::new(START))
        .sleep(recorded(&waits))
        .build();
    assert_eq!(cache.get().await.unwrap().expose(), "tok");
    let waits = waits.lock().unwrap().clone();
    assert_eq!(waits.len(), 2);
    assert!(
        waits[0] >= Duration::from_secs(3) && waits[0] <= Duration::from_millis(3_750),
        "{waits:?}"
    );
    assert_eq!(waits[1], Duration::ZERO);
}

/// A `Retry-After` longer than the backoff's maximum: reported at once (no retry sooner than
/// asked, no caller held for minutes), and until it has passed `get` answers with the same
/// failure without calling the provider; after it, a new refresh.
#[tokio::test]
async fn a_long_retry_after_is_reported_and_respected() {
    let calls = Arc::new(AtomicUsize::new(0));
    let waits = Arc::new(Mutex::new(Vec::new()));
    let clock = ManualClock::new(START);
    let refresher =
        counting(&calls, |n| async move {
            match n {
                1 => Err(RefreshError::from_status(429, "quota")
                    .with_retry_after(Duration::from_secs(60))),
                _ => Ok(Token::new("tok", None)),
            }
        });
    let cache = TokenCache::builder(refresher)
        .clock(clock.clone())
        .sleep(recorded(&waits))
        .build();
    let err = cache.get().await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(60)));
    assert_eq!(err.attempts(), 1);
    assert!(waits.lock().unwrap().is_empty());
    clock.advance(Duration::from_secs(59));
    let again = cache.get().await.unwrap_err();
    assert_eq!(again.retry_after(), Some(Duration::from_secs(60)));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(1));
    assert_eq!(cache.get().await.unwrap().expose(), "tok");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn transient_failures_give_up_after_max_attempts() {
    let calls = Arc::new(AtomicUsize::new(0));
    let waits = Arc::new(Mutex::new(Vec::new()));
    let refresher = counting(&calls, |_| async {
        Err::<Token, _>(RefreshError::transient("timed out"))
    });
    let cache = TokenCache::builder(refresher)
        .sleep(recorded(&waits))
        .max_attempts(5)
        .backoff(Duration::from_secs(1), Duration::from_millis(2_500))
        .build();
    let err = cache.get().await.unwrap_err();
    assert!(err.is_transient());
    assert_eq!(err.attempts(), 5);
    assert_eq!(calls.load(Ordering::SeqCst), 5);
    assert_jittered(&waits, &[1_000, 2_000, 2_500, 2_500]);
    assert_eq!(
        err.to_string(),
        "token refresh failed after 5 attempts (transient): timed out"
    );
}

#[tokio::test]
async fn permanent_failure_is_reported_not_retried() {
    let calls = Arc::new(AtomicUsize::new(0));
    let waits = Arc::new(Mutex::new(Vec::new()));
    let refresher = counting(&calls, |_| async {
        let body = br#"{"error":"invalid_client","error_description":"bad secret"}"#;
        // `?` turns the parse error into a RefreshError classified by its status.
        let token = Token::from_json::<OAuth2Response>(401, body, START)?;
        Ok(token)
    });
    let cache = TokenCache::builder(refresher)
        .sleep(recorded(&waits))
        .build();
    let err = cache.get().await.unwrap_err();
    assert!(!err.is_transient());
    assert_eq!(err.attempts(), 1);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert!(waits.lock().unwrap().is_empty());
    assert_eq!(
        err.downcast_ref::<Error>(),
        Some(&Error::TokenResponse {
            status: Some(401),
            code: Some("invalid_client".into()),
            message: "bad secret".into(),
        })
    );
    // Into the library's error, for callers that return `signing::Error`.
    let err = Error::from(err);
    assert!(matches!(
        err,
        Error::TokenRefresh {
            transient: false,
            attempts: 1,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "token refresh failed after 1 attempt (permanent failure, not retried): token endpoint \
         refused the request (HTTP 401, code `invalid_client`): bad secret"
    );
    // The next call tries again.
    cache.get().await.unwrap_err();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waiting_callers_share_the_failure() {
    let calls = Arc::new(AtomicUsize::new(0));
    let gate = Arc::new(tokio::sync::Semaphore::new(0));
    let refresher = counting(&calls, {
        let gate = Arc::clone(&gate);
        move |_| {
            let gate = Arc::clone(&gate);
            async move {
                gate.acquire().await.unwrap().forget();
                Err::<Token, _>(RefreshError::permanent("401 Unauthorized"))
            }
        }
    });
    let cache = Arc::new(TokenCache::new(refresher));
    let callers: Vec<_> = (0..10)
        .map(|_| {
            let cache = Arc::clone(&cache);
            tokio::spawn(async move { cache.get().await })
        })
        .collect();
    while calls.load(Ordering::SeqCst) < 1 {
        tokio::task::yield_now().await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    gate.add_permits(1);
    for caller in callers {
        let err = within(caller).await.unwrap().unwrap_err();
        assert_eq!(
            err.to_string(),
            "token refresh failed after 1 attempt (permanent): 401 Unauthorized"
        );
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_refresh_is_taken_over() {
    let calls = Arc::new(AtomicUsize::new(0));
    let refresher = counting(&calls, |n| async move {
        if n == 1 {
            // The first refresh hangs until its caller gives up.
            std::future::pending::<()>().await;
        }
        Ok(Token::new(format!("tok-{n}"), None))
    });
    let cache = Arc::new(TokenCache::new(refresher));
    let leader = {
        let cache = Arc::clone(&cache);
        tokio::spawn(
            async move { tokio::time::timeout(Duration::from_millis(100), cache.get()).await },
        )
    };
    while calls.load(Ordering::SeqCst) < 1 {
        tokio::task::yield_now().await;
    }
    let follower = {
        let cache = Arc::clone(&cache);
        tokio::spawn(async move { cache.get().await })
    };
    assert!(
        within(leader).await.unwrap().is_err(),
        "the leader timed out"
    );
    assert_eq!(within(follower).await.unwrap().unwrap().expose(), "tok-2");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn runs_without_an_async_runtime() {
    // A minimal executor, and the default sleep (a helper thread), to show nothing needs tokio.
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    fn block_on<F: Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
        let mut cx = Context::from_waker(&waker);
        loop {
            if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                return out;
            }
            std::thread::park();
        }
    }

    let calls = Arc::new(AtomicUsize::new(0));
    let refresher = counting(&calls, |n| async move {
        if n == 1 {
            Err(RefreshError::transient("timeout"))
        } else {
            Ok(Token::new("tok", None))
        }
    });
    let cache = TokenCache::builder(refresher)
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build();
    assert_eq!(block_on(cache.get()).unwrap().expose(), "tok");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    // A token without an expiry is never refreshed.
    assert_eq!(block_on(cache.get()).unwrap().expose(), "tok");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn debug_never_shows_the_token() {
    let cache = TokenCache::new(|| async { Ok(Token::new("tok-SECRET", None)) });
    let shown = format!("{cache:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
}
