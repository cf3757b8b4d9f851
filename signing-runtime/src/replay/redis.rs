//! The store a fleet shares: Redis, one atomic `SET key NX PX` per check.

use core::fmt;
use core::time::Duration;
use std::sync::atomic::{AtomicU64, Ordering};

use redis::aio::ConnectionManager;

use super::{AsyncNonceStore, InsertFuture};
use crate::error::Error;
use crate::redis_conn;
use crate::time::Timestamp;

/// What a [`RedisNonceStore`] does when Redis cannot be reached in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailureMode {
    /// Refuse the request with [`Error::StoreUnavailable`] (the default): a replay guard that
    /// cannot remember must not accept, or an attacker who can slow Redis down can replay.
    #[default]
    Closed,
    /// Accept the request unchecked, counted by [`RedisNonceStore::unchecked`]: for a service
    /// that prefers availability over replay protection while Redis is away. Say so in its
    /// threat model.
    Open,
}

/// A [`ReplayGuard`](super::ReplayGuard) store shared by every instance of a fleet, on Redis
/// (or a Redis-protocol server such as Valkey), through redis-rs's [`ConnectionManager`].
///
/// Each check is one `SET <namespace><hex of SHA-256 of the message> 1 NX PX <ms>`: atomic on
/// the server, so of two instances given the same request at once exactly one accepts it. The
/// key never holds the message itself, and lives as long as the window can accept its request
/// plus a margin for the verifiers' clocks ([`clock_margin`](RedisNonceStoreBuilder::clock_margin),
/// 1 s unless set); the expiry is relative (`PX`), so Redis's own clock does not matter. Concurrent
/// checks share one multiplexed connection and are pipelined on it.
///
/// Every command is bounded by a timeout (1 s unless set); when Redis does not answer in time
/// or answers with an error, the store fails closed ([`Error::StoreUnavailable`]) unless set to
/// [`FailureMode::Open`]. The connection is re-established by itself when Redis comes back.
/// What survives a Redis restart depends on Redis's persistence: README, *Running a fleet*.
///
/// ```no_run
/// use std::time::Duration;
/// use signing_runtime::replay::{RedisNonceStore, ReplayGuard};
/// use signing_runtime::Timestamp;
///
/// # async fn run() -> Result<(), signing_runtime::Error> {
/// let store = RedisNonceStore::builder("redis://127.0.0.1:6379/")
///     .namespace("billing-api:replay:")
///     .timeout(Duration::from_millis(200))
///     .connect()
///     .await?;
/// let guard = ReplayGuard::new(store, Duration::from_secs(30));
/// # let (message, sent) = (b"m", Timestamp::now());
/// // After `verify` accepted the signature:
/// guard.check_async(message, sent, Timestamp::now()).await?;
/// # Ok(()) }
/// ```
pub struct RedisNonceStore {
    connection: ConnectionManager,
    namespace: String,
    timeout: Duration,
    failure: FailureMode,
    clock_margin: Duration,
    unchecked: AtomicU64,
}

/// Settings of a [`RedisNonceStore`]; from [`RedisNonceStore::builder`].
#[derive(Clone)]
pub struct RedisNonceStoreBuilder {
    url: String,
    namespace: String,
    timeout: Duration,
    failure: FailureMode,
    clock_margin: Duration,
}

impl RedisNonceStore {
    /// Settings for a store on the Redis at `url` (`redis://[:password@]host:port/db`), with
    /// namespace `signing:replay:`, a 1 s timeout, failing closed.
    pub fn builder(url: impl Into<String>) -> RedisNonceStoreBuilder {
        RedisNonceStoreBuilder {
            url: url.into(),
            namespace: "signing:replay:".to_owned(),
            timeout: redis_conn::DEFAULT_TIMEOUT,
            failure: FailureMode::Closed,
            clock_margin: Duration::from_secs(1),
        }
    }

    /// How many requests it accepted unchecked because Redis was unreachable
    /// ([`FailureMode::Open`] only).
    pub fn unchecked(&self) -> u64 {
        self.unchecked.load(Ordering::Relaxed)
    }

    /// The Redis key of an entry: the namespace and the id in hex.
    fn key(&self, id: &[u8; 32]) -> String {
        let mut key = String::with_capacity(self.namespace.len() + 64);
        key.push_str(&self.namespace);
        key.push_str(&hex::encode(id));
        key
    }

    async fn insert(&self, id: &[u8; 32], now: Timestamp, expires: Timestamp) -> Result<(), Error> {
        // Whole milliseconds, rounded up: the entry never leaves before the window closes, on
        // this verifier's clock or on one up to `clock_margin` behind it.
        let margin = i64::try_from(self.clock_margin.as_micros()).unwrap_or(i64::MAX);
        let micros = expires
            .unix_micros()
            .saturating_sub(now.unix_micros())
            .saturating_add(margin);
        let millis = (micros.saturating_add(999) / 1_000).max(1);
        let mut connection = self.connection.clone();
        let mut set = redis::cmd("SET");
        set.arg(self.key(id))
            .arg(1u8)
            .arg("NX")
            .arg("PX")
            .arg(millis);
        let answer = redis_conn::within(
            "replay",
            self.timeout,
            set.query_async::<redis::Value>(&mut connection),
        )
        .await;
        match answer {
            Ok(redis::Value::Okay) => Ok(()),
            Ok(redis::Value::Nil) => Err(Error::Replayed),
            Ok(other) => Err(Error::StoreUnavailable {
                store: "replay",
                reason: format!("unexpected answer to SET NX: {other:?}"),
            }),
            Err(err) => match self.failure {
                FailureMode::Closed => Err(err),
                FailureMode::Open => {
                    self.unchecked.fetch_add(1, Ordering::Relaxed);
                    Ok(())
                }
            },
        }
    }
}

impl AsyncNonceStore for RedisNonceStore {
    fn insert_async<'a>(
        &'a self,
        id: &'a [u8; 32],
        now: Timestamp,
        expires: Timestamp,
    ) -> InsertFuture<'a> {
        Box::pin(self.insert(id, now, expires))
    }
}

impl RedisNonceStoreBuilder {
    /// The prefix of every key (`signing:replay:` unless set): one per service, so that two
    /// services sharing a Redis do not refuse each other's requests.
    #[must_use]
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = namespace.into();
        self
    }

    /// How long one command (and one connection attempt) may take (1 s unless set).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// What a check does when Redis cannot be reached ([`FailureMode::Closed`] unless set).
    #[must_use]
    pub fn failure_mode(mut self, failure: FailureMode) -> Self {
        self.failure = failure;
        self
    }

    /// How much longer than the window an entry is kept (1 s unless set): the verifiers of a
    /// fleet each check the window on their own clock, and one whose clock is behind the
    /// verifier that stored an entry would accept a replay once the entry is gone. Set it to
    /// the largest clock difference between the fleet's servers.
    #[must_use]
    pub fn clock_margin(mut self, margin: Duration) -> Self {
        self.clock_margin = margin;
        self
    }

    /// Connects. Call it within a tokio runtime.
    ///
    /// # Errors
    /// [`Error::StoreUnavailable`] when the URL is not a Redis URL or Redis cannot be reached
    /// within three timeouts.
    pub async fn connect(self) -> Result<RedisNonceStore, Error> {
        let connection = redis_conn::connect("replay", &self.url, self.timeout).await?;
        Ok(self.with_connection(connection))
    }

    /// The store over a connection you already have (shared with your other Redis calls).
    pub fn with_connection(self, connection: ConnectionManager) -> RedisNonceStore {
        RedisNonceStore {
            connection,
            namespace: self.namespace,
            timeout: self.timeout,
            failure: self.failure,
            clock_margin: self.clock_margin,
            unchecked: AtomicU64::new(0),
        }
    }
}

impl fmt::Debug for RedisNonceStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisNonceStore")
            .field("namespace", &self.namespace)
            .field("timeout", &self.timeout)
            .field("failure", &self.failure)
            .field("clock_margin", &self.clock_margin)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for RedisNonceStoreBuilder {
    /// Without the URL: it may hold a password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisNonceStoreBuilder")
            .field("namespace", &self.namespace)
            .field("timeout", &self.timeout)
            .field("failure", &self.failure)
            .finish_non_exhaustive()
    }
}
