//! Replay protection shared by a fleet, on a real Redis (`redis-server` started by each test on
//! 127.0.0.1 and a free port; skipped with a message when the binary is absent, an error under
//! `CI`). The instances are embedded providers (`signing_testing`) and replay guards, each
//! with a `RedisNonceStore` (its own connection) on the same Redis.
// Redis-backed stores exist with the `redis` feature (README's test command enables all).
#![cfg(feature = "redis")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use signing::replay::{
    AsyncNonceStore, FailureMode, MemoryNonceStore, RedisNonceStore, ReplayGuard,
};
use signing::{Error, Secret, SignedRequest, Timestamp};
use signing_testing::redis_server::{Persistence, RedisServer};
use signing_testing::seeds::circle::{self, CircleToken};
use signing_testing::{Provider, ProviderHandle};

const WINDOW: Duration = Duration::from_secs(30);

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// A Circle token request for `user`, signed now, for `provider`.
fn circle_request(base: &str, user: &str) -> http::Request<Vec<u8>> {
    CircleToken {
        customer_id: circle::DEMO_CUSTOMER_ID,
        app_key: circle::DEMO_APP_KEY,
        end_user_id: user,
        nonce: Timestamp::now(),
    }
    .sign_with(&Secret::new(circle::DEMO_SECRET))
    .unwrap()
    .http_request(&format!("{base}{}", circle::TOKEN_PATH))
    .unwrap()
}

/// The same request aimed at another instance.
fn to(request: &http::Request<Vec<u8>>, base: &str) -> http::Request<Vec<u8>> {
    let uri = request.uri();
    let mut again = http::Request::new(Vec::new());
    *again.uri_mut() = format!("{base}{}", uri.path_and_query().unwrap())
        .parse()
        .unwrap();
    again
}

/// Sends it: the status and the `error` reason of a refusal ("" when accepted).
async fn send(client: &reqwest::Client, request: http::Request<Vec<u8>>) -> (u16, String) {
    let response = signing::client::send(client, request).await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    let reason = body["error"].as_str().unwrap_or_default().to_owned();
    (response.status().as_u16(), reason)
}

async fn store(redis: &RedisServer) -> RedisNonceStore {
    RedisNonceStore::builder(redis.url())
        .namespace("fleet-test:replay:")
        .connect()
        .await
        .unwrap()
}

async fn provider(redis: &RedisServer) -> ProviderHandle {
    Provider::builder()
        .replay_store(Arc::new(store(redis).await))
        .start()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replay_to_a_second_provider_is_refused() {
    let Some(redis) = RedisServer::start(Persistence::None).unwrap() else {
        return;
    };
    let (a, b) = (provider(&redis).await, provider(&redis).await);
    let client = http();

    let request = circle_request(a.base_url(), "alice");
    let replay = to(&request, b.base_url());
    assert_eq!(send(&client, request).await, (200, String::new()));
    assert_eq!(send(&client, replay).await, (401, "replayed".to_owned()));
    assert_eq!((a.tokens_issued(), b.tokens_issued()), (1, 0));

    // The same pair of providers each on its own memory store: the replay goes through. That
    // is the hole a shared store closes.
    let (c, d) = (
        Provider::start().await.unwrap(),
        Provider::start().await.unwrap(),
    );
    let request = circle_request(c.base_url(), "bob");
    let replay = to(&request, d.base_url());
    assert_eq!(send(&client, request).await.0, 200);
    assert_eq!(send(&client, replay).await.0, 200);
}

/// 100,000 distinct requests (`FLEET_REQUESTS` to change it), from 16 concurrent senders
/// across 4 instances sharing one Redis. Each request is raced: checked at the same moment on
/// two different instances. Exactly one of the two accepts it, for every request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn distinct_requests_across_four_instances_are_each_accepted_once() {
    let Some(redis) = RedisServer::start(Persistence::None).unwrap() else {
        return;
    };
    let total: usize = std::env::var("FLEET_REQUESTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let mut instances = Vec::new();
    for _ in 0..4 {
        instances.push(Arc::new(ReplayGuard::new(store(&redis).await, WINDOW)));
    }
    let instances = Arc::new(instances);
    let started = Instant::now();
    let mut senders = Vec::new();
    for sender in 0..16 {
        let instances = Arc::clone(&instances);
        senders.push(tokio::spawn(async move {
            let (mut accepted, mut refused) = (0usize, 0usize);
            for i in (sender..total).step_by(16) {
                let message = format!("customerId=c&endUserId=u{i}&nonce={sender}");
                let now = Timestamp::now();
                let (first, second) = (&instances[i % 4], &instances[(i + 1) % 4]);
                let (one, two) = tokio::join!(
                    first.check_async(&message, now, now),
                    second.check_async(&message, now, now),
                );
                match (one, two) {
                    (Ok(()), Err(Error::Replayed)) | (Err(Error::Replayed), Ok(())) => {
                        accepted += 1;
                        refused += 1;
                    }
                    other => panic!("request {i}: {other:?}"),
                }
            }
            (accepted, refused)
        }));
    }
    let (mut accepted, mut refused) = (0, 0);
    for sender in senders {
        let (a, r) = sender.await.unwrap();
        accepted += a;
        refused += r;
    }
    assert_eq!((accepted, refused), (total, total));
    eprintln!(
        "{total} requests, each raced on two of 4 instances: {accepted} accepted once, in {:?}",
        started.elapsed()
    );
}

/// The same over HTTP: 16 senders, 4 embedded providers, each request sent to one and replayed
/// to the next (`FLEET_HTTP_REQUESTS`, 2,000 unless set: every request is a full token issue).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn distinct_requests_across_four_providers_are_each_accepted_once() {
    let Some(redis) = RedisServer::start(Persistence::None).unwrap() else {
        return;
    };
    let total: usize = std::env::var("FLEET_HTTP_REQUESTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let mut providers = Vec::new();
    for _ in 0..4 {
        providers.push(provider(&redis).await);
    }
    let bases: Arc<Vec<String>> =
        Arc::new(providers.iter().map(|p| p.base_url().to_owned()).collect());
    let client = http();
    let mut senders = Vec::new();
    for sender in 0..16 {
        let (bases, client) = (Arc::clone(&bases), client.clone());
        senders.push(tokio::spawn(async move {
            for i in (sender..total).step_by(16) {
                let request = circle_request(&bases[i % 4], &format!("user-{i}"));
                let replay = to(&request, &bases[(i + 1) % 4]);
                assert_eq!(send(&client, request).await, (200, String::new()), "{i}");
                assert_eq!(
                    send(&client, replay).await,
                    (401, "replayed".to_owned()),
                    "{i}"
                );
            }
        }));
    }
    for sender in senders {
        sender.await.unwrap();
    }
    let issued: u64 = providers.iter().map(ProviderHandle::tokens_issued).sum();
    assert_eq!(issued, total as u64);
}

/// Redis killed mid-run: a typed error within the timeout, the provider answers 503, a store
/// set to fail open accepts unchecked (and counts it); Redis back on the same port: the same
/// stores work again, without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_stopped_mid_run_fails_closed_and_recovers() {
    let Some(mut redis) = RedisServer::start(Persistence::None).unwrap() else {
        return;
    };
    let timeout = Duration::from_millis(300);
    let closed = ReplayGuard::new(
        RedisNonceStore::builder(redis.url())
            .timeout(timeout)
            .connect()
            .await
            .unwrap(),
        WINDOW,
    );
    let open = ReplayGuard::new(
        RedisNonceStore::builder(redis.url())
            .timeout(timeout)
            .failure_mode(FailureMode::Open)
            .connect()
            .await
            .unwrap(),
        WINDOW,
    );
    let shared: Arc<dyn AsyncNonceStore> = Arc::new(
        RedisNonceStore::builder(redis.url())
            .timeout(timeout)
            .connect()
            .await
            .unwrap(),
    );
    let provider = Provider::builder()
        .replay_store(Arc::clone(&shared))
        .start()
        .await
        .unwrap();
    let client = http();
    let now = Timestamp::now();
    assert_eq!(closed.check_async("before", now, now).await, Ok(()));
    assert_eq!(
        send(&client, circle_request(provider.base_url(), "u1"))
            .await
            .0,
        200
    );

    redis.kill();
    for round in 0..3 {
        let started = Instant::now();
        let now = Timestamp::now();
        let err = closed
            .check_async(format!("during-{round}"), now, now)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::StoreUnavailable {
                    store: "replay",
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(started.elapsed() < timeout * 4, "{:?}", started.elapsed());
        assert!(!err.to_string().contains("during"), "{err}");
        assert_eq!(
            open.check_async(format!("open-{round}"), now, now).await,
            Ok(())
        );
    }
    assert_eq!(open.store().unchecked(), 3);
    let refused = send(&client, circle_request(provider.base_url(), "u2")).await;
    assert_eq!(refused, (503, "replay_store_unavailable".to_owned()));

    redis.restart().unwrap();
    // The connection manager reconnects on the next commands; no store is rebuilt.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut n = 0;
    loop {
        n += 1;
        let now = Timestamp::now();
        match closed.check_async(format!("after-{n}"), now, now).await {
            Ok(()) => break,
            Err(Error::StoreUnavailable { .. }) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            other => panic!("not recovered: {other:?}"),
        }
    }
    let now = Timestamp::now();
    assert_eq!(closed.check_async("after", now, now).await, Ok(()));
    assert_eq!(
        closed.check_async("after", now, now).await,
        Err(Error::Replayed)
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match send(&client, circle_request(provider.base_url(), "u3")).await {
            (200, _) => break,
            (503, _) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(1_100)).await;
            }
            other => panic!("provider not recovered: {other:?}"),
        }
    }
    assert_eq!(open.check_async("open-after", now, now).await, Ok(()));
    assert_eq!(
        open.check_async("open-after", now, now).await,
        Err(Error::Replayed)
    );
}

/// What README says about a Redis restart: with `appendonly yes` and `appendfsync always`,
/// every accepted request is still refused after Redis is killed (SIGKILL) and restarted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepted_once_survives_a_redis_crash_with_appendfsync_always() {
    let Some(mut redis) = RedisServer::start(Persistence::AofAlways).unwrap() else {
        return;
    };
    let guard = ReplayGuard::new(store(&redis).await, WINDOW);
    let now = Timestamp::now();
    for i in 0..200 {
        assert_eq!(guard.check_async(format!("m{i}"), now, now).await, Ok(()));
    }
    redis.restart().unwrap(); // SIGKILL, then start on the same port and directory
    let now = Timestamp::now();
    let guard = ReplayGuard::new(store(&redis).await, WINDOW);
    for i in 0..200 {
        assert_eq!(
            guard.check_async(format!("m{i}"), now, now).await,
            Err(Error::Replayed),
            "m{i} accepted again after the restart"
        );
    }
}

/// And the limit README admits to: without persistence a restart forgets the window, so a
/// request accepted before it is accepted once more after it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_persistence_a_restart_forgets_the_window() {
    let Some(mut redis) = RedisServer::start(Persistence::None).unwrap() else {
        return;
    };
    let guard = ReplayGuard::new(store(&redis).await, WINDOW);
    let now = Timestamp::now();
    assert_eq!(guard.check_async("m", now, now).await, Ok(()));
    redis.restart().unwrap();
    let guard = ReplayGuard::new(store(&redis).await, WINDOW);
    assert_eq!(guard.check_async("m", now, now).await, Ok(()));
}

/// The memory store through the async trait: one process, nothing changes.
#[tokio::test]
async fn the_memory_store_is_an_async_store_too() {
    let shared: Arc<dyn AsyncNonceStore> = Arc::new(MemoryNonceStore::new(10));
    let guard = ReplayGuard::new(shared, WINDOW);
    let now = Timestamp::now();
    assert_eq!(guard.check_async("m", now, now).await, Ok(()));
    assert_eq!(guard.check_async("m", now, now).await, Err(Error::Replayed));
}

/// Keys are the namespace and a hash: the message itself never reaches Redis.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_are_namespaced_hashes_with_the_window_as_expiry() {
    let Some(redis) = RedisServer::start(Persistence::None).unwrap() else {
        return;
    };
    let guard = ReplayGuard::new(store(&redis).await, WINDOW);
    let now = Timestamp::now();
    let message = "customerId=secret-looking&nonce=1";
    guard.check_async(message, now, now).await.unwrap();
    // `printf %s 'customerId=secret-looking&nonce=1' | sha256sum`
    let key = "fleet-test:replay:54e903f2126258b15c0887cab89633ef89b0e46740fac97e61a745a556166f82";
    let keys = redis.command("KEYS *").unwrap();
    assert_eq!(keys, format!("*1\r\n${}\r\n{key}\r\n", key.len()));
    let ttl = redis.command(&format!("PTTL {key}")).unwrap();
    let ttl: i64 = ttl.trim_start_matches(':').trim_end().parse().unwrap();
    // The window ends 31 s after the whole second of `signed_at`; plus the 1 s clock margin.
    assert!((30_000..=32_000).contains(&ttl), "{ttl}");
}
