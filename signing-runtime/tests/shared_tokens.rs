//! One token shared by several caches through a `TokenStore`, in memory: the protocol of
//! `SharedTokens` (single flight across caches, the old token used while another refreshes, a
//! dead holder's lease, falling back to an own refresh when the store fails). The same
//! protocol on Redis, across OS processes, is tested in the facade's tests/fleet_tokens.rs.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use signing_runtime::token::{
    Clock as _, ManualClock, MemoryTokenStore, RefreshError, SharedTokens, StoreFuture, Token,
    TokenCache, TokenKey, TokenStore,
};
use signing_runtime::{Error, Timestamp};
use tokio::sync::Semaphore;

type Answer = Pin<Box<dyn Future<Output = Result<Token, RefreshError>> + Send>>;

fn shared(store: &Arc<dyn TokenStore>) -> SharedTokens {
    SharedTokens::new(
        Arc::clone(store),
        TokenKey::new([9; 32]),
        "https://p.example",
        "client",
    )
    .lease(Duration::from_millis(300))
    .poll_interval(Duration::from_millis(10))
}

/// A refresher counting into `calls`, answering `tok-<n>` valid `life` from `clock`, once
/// `gate` lets it through.
fn refresher(
    calls: &Arc<AtomicUsize>,
    clock: &ManualClock,
    gate: &Arc<Semaphore>,
    life: i64,
) -> impl Fn() -> Answer + Send + Sync {
    let (calls, clock, gate) = (Arc::clone(calls), clock.clone(), Arc::clone(gate));
    move || {
        let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
        let (clock, gate) = (clock.clone(), Arc::clone(&gate));
        Box::pin(async move {
            gate.acquire().await.unwrap().forget();
            Ok(Token::new(
                format!("tok-{n}"),
                Some(clock.now().add_seconds(life)),
            ))
        })
    }
}

fn cache(
    store: &Arc<dyn TokenStore>,
    calls: &Arc<AtomicUsize>,
    clock: &ManualClock,
    gate: &Arc<Semaphore>,
) -> TokenCache<impl Fn() -> Answer + Send + Sync> {
    TokenCache::builder(refresher(calls, clock, gate, 3_600))
        .clock(clock.clone())
        .shared(shared(store))
        .sleep(tokio::time::sleep)
        .build()
}

async fn within<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), future)
        .await
        .expect("hung")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_caches_one_refresh() {
    let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::new());
    let calls = Arc::new(AtomicUsize::new(0));
    let clock = ManualClock::new(Timestamp::from_unix_seconds(1_700_000_000));
    let gate = Arc::new(Semaphore::new(0));
    let caches: Vec<_> = (0..8)
        .map(|_| Arc::new(cache(&store, &calls, &clock, &gate)))
        .collect();
    let tasks: Vec<_> = caches
        .iter()
        .map(|cache| {
            let cache = Arc::clone(cache);
            tokio::spawn(async move { cache.get().await.unwrap().expose().to_owned() })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(50)).await;
    gate.add_permits(100);
    for task in tasks {
        assert_eq!(within(task).await.unwrap(), "tok-1");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // An hour later every copy is stale at once: still one refresh between them.
    clock.advance(Duration::from_secs(3_600));
    for cache in &caches {
        assert_eq!(within(cache.get()).await.unwrap().expose(), "tok-2");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_old_token_is_used_while_another_cache_refreshes() {
    let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::new());
    let calls = Arc::new(AtomicUsize::new(0));
    let clock = ManualClock::new(Timestamp::from_unix_seconds(1_700_000_000));
    let gate = Arc::new(Semaphore::new(1));
    let (a, b) = (
        Arc::new(cache(&store, &calls, &clock, &gate)),
        cache(&store, &calls, &clock, &gate),
    );
    assert_eq!(a.get().await.unwrap().expose(), "tok-1");
    assert_eq!(b.get().await.unwrap().expose(), "tok-1");
    // Stale (within the 30 s margin) but valid: A refreshes, held at the gate.
    clock.advance(Duration::from_secs(3_590));
    let refreshing = {
        let a = Arc::clone(&a);
        tokio::spawn(async move { a.get().await.unwrap().expose().to_owned() })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    // B does not wait for it.
    assert_eq!(within(b.get()).await.unwrap().expose(), "tok-1");
    gate.add_permits(1);
    assert_eq!(within(refreshing).await.unwrap(), "tok-2");
    // B's copy was marked to look again soon: it finds the new one without a refresh.
    tokio::time::sleep(Duration::from_millis(20)).await;
    clock.advance(Duration::from_millis(20));
    assert_eq!(within(b.get()).await.unwrap().expose(), "tok-2");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

/// The refreshing cache's future is dropped while it holds the lock (its task died): the
/// others, with no usable token, wait for the lease to run out, then one of them refreshes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_holder_blocks_no_one_past_its_lease() {
    let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::new());
    let calls = Arc::new(AtomicUsize::new(0));
    let clock = ManualClock::new(Timestamp::from_unix_seconds(1_700_000_000));
    let stuck = Arc::new(Semaphore::new(0));
    let holder = Arc::new(cache(&store, &calls, &clock, &stuck));
    let started = Instant::now();
    let task = {
        let holder = Arc::clone(&holder);
        tokio::spawn(async move { holder.get().await })
    };
    tokio::time::sleep(Duration::from_millis(30)).await;
    task.abort();
    let open = Arc::new(Semaphore::new(10));
    let other = cache(&store, &calls, &clock, &open);
    assert_eq!(within(other.get()).await.unwrap().expose(), "tok-2");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
    assert!(waited < Duration::from_millis(1_300), "{waited:?}");
}

/// A store that always fails.
struct Down;

impl TokenStore for Down {
    fn load<'a>(&'a self, _: &'a str) -> StoreFuture<'a, Option<Vec<u8>>> {
        Box::pin(async { Err(down()) })
    }
    fn try_lock<'a>(&'a self, _: &'a str, _: Duration) -> StoreFuture<'a, Option<u64>> {
        Box::pin(async { Err(down()) })
    }
    fn publish<'a>(
        &'a self,
        _: &'a str,
        _: u64,
        _: &'a [u8],
        _: Option<Duration>,
    ) -> StoreFuture<'a, bool> {
        Box::pin(async { Err(down()) })
    }
    fn unlock<'a>(&'a self, _: &'a str, _: u64) -> StoreFuture<'a, ()> {
        Box::pin(async { Err(down()) })
    }
}

fn down() -> Error {
    Error::StoreUnavailable {
        store: "token",
        reason: "down".to_owned(),
    }
}

#[tokio::test]
async fn an_unreachable_store_means_an_own_refresh() {
    let store: Arc<dyn TokenStore> = Arc::new(Down);
    let calls = Arc::new(AtomicUsize::new(0));
    let clock = ManualClock::new(Timestamp::from_unix_seconds(1_700_000_000));
    let gate = Arc::new(Semaphore::new(10));
    let cache = cache(&store, &calls, &clock, &gate);
    assert_eq!(cache.get().await.unwrap().expose(), "tok-1");
    assert_eq!(cache.get().await.unwrap().expose(), "tok-1");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

/// A record sealed under another key (a fleet rotating its key) is ignored and replaced.
#[tokio::test]
async fn a_record_under_another_key_is_replaced() {
    let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::new());
    let clock = ManualClock::new(Timestamp::from_unix_seconds(1_700_000_000));
    let old = TokenCache::builder(|| async { Ok(Token::new("old-key-token", None)) })
        .clock(clock.clone())
        .shared(SharedTokens::new(
            Arc::clone(&store),
            TokenKey::new([1; 32]),
            "p",
            "c",
        ))
        .build();
    old.get().await.unwrap();
    let new = TokenCache::builder(|| async { Ok(Token::new("new-key-token", None)) })
        .clock(clock.clone())
        .shared(SharedTokens::new(
            Arc::clone(&store),
            TokenKey::new([2; 32]),
            "p",
            "c",
        ))
        .build();
    assert_eq!(new.get().await.unwrap().expose(), "new-key-token");
    let debug = format!(
        "{:?}",
        SharedTokens::new(store, TokenKey::new([2; 32]), "p", "c")
    );
    assert!(!debug.contains("new-key-token"), "{debug}");
}
