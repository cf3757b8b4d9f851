//! One token for a fleet of real OS processes, on a real Redis: this test binary re-runs itself
//! as child processes (the `child` test, which does nothing unless `FLEET_CHILD` is set), each
//! with its own `TokenCache` sharing a `RedisTokenStore`, against one embedded provider in the
//! parent. Redis and the provider listen on 127.0.0.1, on ports chosen at start.
// Redis-backed stores exist with the `redis` feature (README's test command enables all).
#![cfg(feature = "redis")]

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sha2::Digest as _;
use signing::client;
use signing::token::{
    CodeMsgResponse, RedisTokenStore, SharedTokens, Token, TokenKey, TokenStore as _,
};
use signing::{Error, SignedRequest, Timestamp};
use signing_testing::redis_server::{Persistence, RedisServer};
use signing_testing::seeds::bh::{self, BhTokenRequest};
use signing_testing::Provider;

const KEY_HEX: &str = "5f1e0c2b7a9d4e3f8c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f";

fn now_ms() -> i64 {
    Timestamp::now().unix_millis()
}

/// A short fingerprint of a token, to compare the ones the children got without printing them.
fn fingerprint(token: &Token) -> String {
    hex::encode(&sha2::Sha256::digest(token.expose().as_bytes())[..8])
}

/// The child: a cache sharing the fleet's token, whose refresher signs a BH token request.
/// `FLEET_CHILD` is `normal` or `hang` (the refresher, called only by the lock holder, says
/// `HOLDING` and then hangs: to be killed). It gets the token at each instant of `FLEET_AT`
/// (unix ms, comma-separated) and prints `FLEET TOKEN <round> <fingerprint> <unix ms>`.
#[test]
fn child() {
    let Ok(mode) = std::env::var("FLEET_CHILD") else {
        return;
    };
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(child_main(mode));
}

async fn child_main(mode: String) {
    let var = |name: &str| std::env::var(name).unwrap();
    let (redis_url, base) = (var("FLEET_REDIS"), var("FLEET_PROVIDER"));
    let lease = Duration::from_millis(var("FLEET_LEASE_MS").parse().unwrap());
    let store = RedisTokenStore::builder(redis_url).connect().await.unwrap();
    let shared = SharedTokens::new(
        Arc::new(store),
        TokenKey::from_hex(KEY_HEX).unwrap(),
        &base,
        bh::DEMO_API_KEY,
    )
    .lease(lease)
    .poll_interval(Duration::from_millis(50));
    let hang = mode == "hang";
    let cache = client::token_cache::<CodeMsgResponse, _>(reqwest::Client::new(), move || {
        if hang {
            println!("FLEET HOLDING {}", now_ms());
            std::thread::sleep(Duration::from_secs(120));
        }
        BhTokenRequest {
            timestamp: Timestamp::now(),
            api_key: bh::DEMO_API_KEY,
        }
        .sign_with(&signing::Secret::new(bh::DEMO_SECRET))?
        .http_request(&base)
    })
    .shared(shared)
    .refresh_margin(Duration::from_secs(1))
    .sleep(tokio::time::sleep)
    .build();
    let instants = var("FLEET_AT");
    for (round, at) in instants.split(',').enumerate() {
        let at: i64 = at.parse().unwrap();
        let wait = at - now_ms();
        if wait > 0 {
            tokio::time::sleep(Duration::from_millis(wait as u64)).await;
        }
        let token = cache.get().await.unwrap();
        println!("FLEET TOKEN {round} {} {}", fingerprint(&token), now_ms());
    }
}

/// Starts a child in `mode`; its stdout is piped.
fn spawn(mode: &str, redis: &RedisServer, base: &str, lease: Duration, at: &[i64]) -> Child {
    let at: Vec<String> = at.iter().map(i64::to_string).collect();
    Command::new(std::env::current_exe().unwrap())
        .args(["child", "--exact", "--nocapture", "--test-threads=1", "-q"])
        .env("FLEET_CHILD", mode)
        .env("FLEET_REDIS", redis.url())
        .env("FLEET_PROVIDER", base)
        .env("FLEET_LEASE_MS", lease.as_millis().to_string())
        .env("FLEET_AT", at.join(","))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

/// The `FLEET TOKEN` lines of a child that has ended: (round, fingerprint, unix ms).
fn tokens(child: Child) -> Vec<(usize, String, i64)> {
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "a child failed: {:?}",
        output.status
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| line.strip_prefix("FLEET TOKEN "))
        .map(|line| {
            let parts: Vec<&str> = line.split(' ').collect();
            (
                parts[0].parse().unwrap(),
                parts[1].to_owned(),
                parts[2].parse().unwrap(),
            )
        })
        .collect()
}

/// 8 processes, one shared token: their first `get` at the same instant makes one token
/// request; the token expires, their next `get` at the same instant makes one more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_processes_make_one_token_request_per_lifetime() {
    let Some(redis) = RedisServer::start(Persistence::None).unwrap() else {
        return;
    };
    let provider = Provider::builder()
        .token_lifetime(Duration::from_secs(4))
        .start()
        .await
        .unwrap();
    // All start at `first`; the token (4 s) has expired at `second`.
    let first = now_ms() + 2_000;
    let second = first + 5_500;
    let children: Vec<Child> = (0..8)
        .map(|_| {
            spawn(
                "normal",
                &redis,
                provider.base_url(),
                Duration::from_secs(5),
                &[first, second],
            )
        })
        .collect();
    let children =
        tokio::task::spawn_blocking(move || children.into_iter().map(tokens).collect::<Vec<_>>())
            .await
            .unwrap();
    let mut rounds: [Vec<String>; 2] = Default::default();
    for lines in &children {
        assert_eq!(lines.len(), 2, "{lines:?}");
        for (round, fingerprint, _) in lines {
            rounds[*round].push(fingerprint.clone());
        }
    }
    for round in &rounds {
        assert_eq!(round.len(), 8);
        assert!(round.iter().all(|f| *f == round[0]), "{rounds:?}");
    }
    assert_ne!(
        rounds[0][0], rounds[1][0],
        "the expired token was handed out again"
    );
    assert_eq!(provider.token_requests(), 2);
    assert_eq!(provider.tokens_issued(), 2);
}

/// The lock holder is killed (SIGKILL) in the middle of its refresh: the 7 others, waiting,
/// get a token within the lease plus one request, and the provider sees one request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_holder_killed_mid_refresh_blocks_no_one_past_its_lease() {
    let Some(redis) = RedisServer::start(Persistence::None).unwrap() else {
        return;
    };
    let provider = Provider::start().await.unwrap();
    let lease = Duration::from_secs(2);
    let base = provider.base_url().to_owned();
    let mut holder = spawn("hang", &redis, &base, lease, &[now_ms()]);
    // Its refresher runs only once it holds the lock: wait for it to say so.
    let stdout = holder.stdout.take().unwrap();
    let locked_at = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stdout).lines();
        loop {
            let line = lines.next().expect("the holder ended").unwrap();
            if let Some(at) = line.strip_prefix("FLEET HOLDING ") {
                return at.parse::<i64>().unwrap();
            }
        }
    })
    .await
    .unwrap();
    let others: Vec<Child> = (0..7)
        .map(|_| spawn("normal", &redis, &base, lease, &[now_ms()]))
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    holder.kill().unwrap(); // SIGKILL
    holder.wait().unwrap();
    let killed_at = now_ms();
    let others =
        tokio::task::spawn_blocking(move || others.into_iter().map(tokens).collect::<Vec<_>>())
            .await
            .unwrap();
    let fingerprints: Vec<&String> = others.iter().map(|lines| &lines[0].1).collect();
    assert!(
        fingerprints.iter().all(|f| *f == fingerprints[0]),
        "{fingerprints:?}"
    );
    // The lease ran from `locked_at`; one token request on loopback takes milliseconds: a
    // second of slack covers it, the poll interval (50 ms) and a loaded machine.
    let deadline = locked_at + lease.as_millis() as i64 + 1_000;
    let got: Vec<i64> = others.iter().map(|lines| lines[0].2 - locked_at).collect();
    eprintln!(
        "lock taken at 0, holder killed at +{} ms, lease {} ms; the 7 others got the token at +{got:?} ms",
        killed_at - locked_at,
        lease.as_millis()
    );
    for lines in &others {
        let got_at = lines[0].2;
        assert!(
            got_at <= deadline,
            "a token {} ms after the lease ended",
            got_at - deadline + 1_000
        );
    }
    assert!(
        killed_at < locked_at + lease.as_millis() as i64,
        "killed after the lease: no test"
    );
    assert_eq!(provider.token_requests(), 1);
    assert_eq!(provider.tokens_issued(), 1);
}

/// Fencing on the real store: a holder whose lease ran out cannot publish over the next one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_holder_cannot_publish() {
    let Some(redis) = RedisServer::start(Persistence::None).unwrap() else {
        return;
    };
    let store = RedisTokenStore::builder(redis.url())
        .connect()
        .await
        .unwrap();
    let first = store
        .try_lock("k", Duration::from_millis(100))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store.try_lock("k", Duration::from_secs(5)).await.unwrap(),
        None
    );
    tokio::time::sleep(Duration::from_millis(150)).await;
    let second = store
        .try_lock("k", Duration::from_secs(5))
        .await
        .unwrap()
        .unwrap();
    assert!(second > first);
    assert!(!store.publish("k", first, b"old", None).await.unwrap());
    store.unlock("k", first).await.unwrap(); // not its lock any more: no effect
    assert_eq!(
        store.try_lock("k", Duration::from_secs(5)).await.unwrap(),
        None
    );
    assert!(store.publish("k", second, b"new", None).await.unwrap());
    assert_eq!(store.load("k").await.unwrap().as_deref(), Some(&b"new"[..]));
    // Published means released.
    assert!(
        store
            .try_lock("k", Duration::from_secs(5))
            .await
            .unwrap()
            .unwrap()
            > second
    );
}

/// At rest the token is sealed: Redis holds neither the token nor the credential's name.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_is_stored_sealed() {
    let Some(redis) = RedisServer::start(Persistence::None).unwrap() else {
        return;
    };
    let store = Arc::new(
        RedisTokenStore::builder(redis.url())
            .connect()
            .await
            .unwrap(),
    );
    let shared = SharedTokens::new(
        store,
        TokenKey::from_hex(KEY_HEX).unwrap(),
        "https://p.example",
        "client-9",
    );
    let cache = signing::TokenCache::builder(|| async {
        Ok(Token::new(
            "tok_plaintext_secret",
            Some(Timestamp::now().add_seconds(600)),
        ))
    })
    .shared(shared)
    .build();
    cache.get().await.unwrap();
    let keys = redis.command("KEYS *").unwrap();
    assert!(keys.contains(":token") && keys.contains(":fence"), "{keys}");
    assert!(
        !keys.contains("client-9") && !keys.contains("p.example"),
        "{keys}"
    );
    let token_key = keys.lines().find(|l| l.ends_with(":token")).unwrap();
    let raw = redis.command(&format!("GET {token_key}")).unwrap();
    assert!(!raw.contains("plaintext"), "{raw}");
    let ttl = redis.command(&format!("PTTL {token_key}")).unwrap();
    let ttl: i64 = ttl.trim_start_matches(':').trim_end().parse().unwrap();
    assert!((590_000..=600_000).contains(&ttl), "{ttl}");
}

/// Redis gone: the caches fall back to refreshing on their own (typed errors stay inside); the
/// token still comes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_redis_each_cache_refreshes_on_its_own() {
    let Some(mut redis) = RedisServer::start(Persistence::None).unwrap() else {
        return;
    };
    let store = RedisTokenStore::builder(redis.url())
        .timeout(Duration::from_millis(200))
        .connect()
        .await
        .unwrap();
    redis.kill();
    let err = store.load("k").await.unwrap_err();
    assert!(
        matches!(err, Error::StoreUnavailable { store: "token", .. }),
        "{err:?}"
    );
    let shared = SharedTokens::new(
        Arc::new(store),
        TokenKey::from_hex(KEY_HEX).unwrap(),
        "p",
        "c",
    );
    let started = Instant::now();
    let cache = signing::TokenCache::builder(|| async { Ok(Token::new("own", None)) })
        .shared(shared)
        .build();
    assert_eq!(cache.get().await.unwrap().expose(), "own");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}
