//! One token for a whole fleet: the store the instances share, its refresh lock, and the
//! settings a [`TokenCache`](super::TokenCache) needs to use them.
//!
//! # The protocol
//! Every instance's cache keeps its own copy of the token, as before. When its copy goes stale
//! it reads the shared record first: a fresh token there (another instance refreshed) is taken
//! as is. Otherwise it tries to take the refresh lock, a lease that expires by itself:
//! - the holder reads the record once more (someone may have published between the read and
//!   the lock), then calls the provider, publishes the new token, and releases the lock, in
//!   one atomic step that succeeds only if its lease is still the current one (*fencing*: each
//!   lease has a number larger than every earlier one, so a holder that stalled past its lease
//!   cannot overwrite the token of the holder after it);
//! - the others keep using the old token while it has not expired, and look again after the
//!   poll interval; without a usable token they wait, polling, for the holder to publish;
//! - a holder that dies mid-refresh blocks nobody past its lease: the lock expires, the next
//!   instance to poll takes it.
//!
//! So N instances whose token goes stale at once make one token request, and a dead holder
//! costs at most the lease plus one request. The lease must be longer than a refresh takes
//! (all its retries included), or a second instance starts one meanwhile: correct, but two
//! requests.
//!
//! When the shared store cannot be reached, the cache refreshes on its own, as a single
//! process does: the fleet keeps working, at the cost of one token per instance while the
//! store is away.
//!
//! The token is a bearer secret: it is sealed ([`TokenKey`]) before it is handed to the store,
//! bound to its (provider, credential), and never logged.

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::time::Duration;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use sha2::Digest as _;

use super::seal::TokenKey;
use super::Token;
use crate::error::Error;
use crate::time::Timestamp;

/// The future a [`TokenStore`] returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// Where a fleet's instances share their token: sealed records and a refresh lock with a lease
/// and fencing numbers. [`MemoryTokenStore`] in one process (and tests),
/// [`RedisTokenStore`](super::RedisTokenStore) across processes (feature `redis`).
///
/// The futures are boxed so that the trait is dyn-compatible (`Arc<dyn TokenStore>`); a store
/// is consulted only when a token goes stale, so the allocation does not matter.
pub trait TokenStore: Send + Sync {
    /// The record stored under `key`, if any.
    ///
    /// # Errors
    /// [`Error::StoreUnavailable`] when the store cannot be reached.
    fn load<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<Vec<u8>>>;

    /// Takes the refresh lock of `key` for `lease` if no one holds it: `Some(fence)`, a number
    /// larger than every fence handed out before for `key`; `None` when it is held.
    ///
    /// # Errors
    /// [`Error::StoreUnavailable`] when the store cannot be reached.
    fn try_lock<'a>(&'a self, key: &'a str, lease: Duration) -> StoreFuture<'a, Option<u64>>;

    /// Atomically: if the lock of `key` is still held under `fence`, stores `record` (kept for
    /// `ttl`, or until replaced when `None`), releases the lock and answers `true`; otherwise
    /// changes nothing and answers `false`.
    ///
    /// # Errors
    /// [`Error::StoreUnavailable`] when the store cannot be reached.
    fn publish<'a>(
        &'a self,
        key: &'a str,
        fence: u64,
        record: &'a [u8],
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, bool>;

    /// Releases the lock of `key` if it is still held under `fence` (a refresh that failed).
    ///
    /// # Errors
    /// [`Error::StoreUnavailable`] when the store cannot be reached.
    fn unlock<'a>(&'a self, key: &'a str, fence: u64) -> StoreFuture<'a, ()>;
}

/// How a [`TokenCache`](super::TokenCache) shares its token with the rest of a fleet: the
/// store, the key the token is sealed with, and which token this is. Give it to
/// [`TokenCacheBuilder::shared`](super::TokenCacheBuilder::shared).
///
/// ```
/// use std::sync::Arc;
/// use signing_runtime::token::{MemoryTokenStore, SharedTokens, TokenKey};
///
/// let store = Arc::new(MemoryTokenStore::new()); // a RedisTokenStore for a fleet
/// let key = TokenKey::new([0x42; 32]); // from your secret manager
/// let shared = SharedTokens::new(store, key, "https://api.example.com", "app-7");
/// ```
#[derive(Clone)]
pub struct SharedTokens {
    pub(crate) store: Arc<dyn TokenStore>,
    pub(crate) sealer: TokenKey,
    /// The store key: a hash of (provider, credential).
    pub(crate) key: String,
    pub(crate) lease: Duration,
    pub(crate) poll: Duration,
}

impl SharedTokens {
    /// The token of `credential` (a client id, an API key's id: not a secret) at `provider`
    /// (its token URL, or any name the fleet agrees on), in `store`, sealed with `key`. Lease
    /// 10 s and poll interval 100 ms unless set.
    pub fn new(
        store: Arc<dyn TokenStore>,
        key: TokenKey,
        provider: &str,
        credential: &str,
    ) -> SharedTokens {
        let mut hash = sha2::Sha256::new();
        for part in [provider, credential] {
            hash.update((part.len() as u64).to_be_bytes());
            hash.update(part.as_bytes());
        }
        SharedTokens {
            store,
            sealer: key,
            key: hex::encode(hash.finalize()),
            lease: Duration::from_secs(10),
            poll: Duration::from_millis(100),
        }
    }

    /// How long the refresh lock is held at most (10 s unless set): longer than a refresh
    /// takes with its retries, short enough that a dead holder delays the fleet little.
    #[must_use]
    pub fn lease(mut self, lease: Duration) -> SharedTokens {
        self.lease = lease.max(Duration::from_millis(1));
        self
    }

    /// How often an instance that waits for another's refresh looks again (100 ms unless set).
    #[must_use]
    pub fn poll_interval(mut self, poll: Duration) -> SharedTokens {
        self.poll = poll.max(Duration::from_millis(1));
        self
    }

    /// The shared token and when it was fetched, if there is one sealed under this key.
    pub(crate) async fn load(&self) -> Result<Option<(Arc<Token>, Timestamp)>, Error> {
        let record = self.store.load(&self.key).await?;
        Ok(record
            .and_then(|record| self.sealer.open(&record, &self.key))
            .map(|(token, at)| (Arc::new(token), at)))
    }

    /// Seals and publishes `token` under lease `fence`; whether it was published.
    pub(crate) async fn publish(
        &self,
        fence: u64,
        token: &Token,
        fetched_at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, Error> {
        let record = self.sealer.seal(token, fetched_at, &self.key)?;
        let ttl = token.expires_at().map(|at| {
            let micros = at.unix_micros().saturating_sub(now.unix_micros());
            Duration::from_micros(u64::try_from(micros).unwrap_or(0)).max(Duration::from_millis(1))
        });
        self.store.publish(&self.key, fence, &record, ttl).await
    }
}

impl fmt::Debug for SharedTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedTokens")
            .field("key", &self.key)
            .field("lease", &self.lease)
            .field("poll", &self.poll)
            .finish_non_exhaustive()
    }
}

/// A [`TokenStore`] in memory: the caches of one process share a token through it, and tests
/// run the protocol without a server.
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    state: Mutex<HashMap<String, Slot>>,
}

#[derive(Debug, Default)]
struct Slot {
    record: Option<(Vec<u8>, Option<Instant>)>,
    lock: Option<(u64, Instant)>,
    fences: u64,
}

impl MemoryTokenStore {
    /// An empty store.
    pub fn new() -> MemoryTokenStore {
        MemoryTokenStore::default()
    }

    fn with<T>(&self, key: &str, f: impl FnOnce(&mut Slot, Instant) -> T) -> T {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let slot = state.entry(key.to_owned()).or_default();
        let now = Instant::now();
        if slot.lock.is_some_and(|(_, until)| until <= now) {
            slot.lock = None;
        }
        if slot
            .record
            .as_ref()
            .is_some_and(|(_, until)| until.is_some_and(|until| until <= now))
        {
            slot.record = None;
        }
        f(slot, now)
    }
}

impl TokenStore for MemoryTokenStore {
    fn load<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<Vec<u8>>> {
        let record = self.with(key, |slot, _| slot.record.as_ref().map(|(r, _)| r.clone()));
        Box::pin(core::future::ready(Ok(record)))
    }

    fn try_lock<'a>(&'a self, key: &'a str, lease: Duration) -> StoreFuture<'a, Option<u64>> {
        let fence = self.with(key, |slot, now| {
            if slot.lock.is_some() {
                return None;
            }
            slot.fences += 1;
            slot.lock = Some((slot.fences, now + lease));
            Some(slot.fences)
        });
        Box::pin(core::future::ready(Ok(fence)))
    }

    fn publish<'a>(
        &'a self,
        key: &'a str,
        fence: u64,
        record: &'a [u8],
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, bool> {
        let published = self.with(key, |slot, now| {
            if slot.lock.map(|(held, _)| held) != Some(fence) {
                return false;
            }
            slot.record = Some((record.to_vec(), ttl.map(|ttl| now + ttl)));
            slot.lock = None;
            true
        });
        Box::pin(core::future::ready(Ok(published)))
    }

    fn unlock<'a>(&'a self, key: &'a str, fence: u64) -> StoreFuture<'a, ()> {
        self.with(key, |slot, _| {
            if slot.lock.map(|(held, _)| held) == Some(fence) {
                slot.lock = None;
            }
        });
        Box::pin(core::future::ready(Ok(())))
    }
}
