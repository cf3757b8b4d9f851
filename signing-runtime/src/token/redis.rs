//! The token store a fleet shares, on Redis (feature `redis`).

use core::fmt;
use core::time::Duration;

use redis::aio::ConnectionManager;

use super::shared::{StoreFuture, TokenStore};
use crate::error::Error;
use crate::redis_conn;

/// Takes the lock if free, with a fence one above the last: `KEYS = [lock, fence]`,
/// `ARGV = [lease in ms]`; the fence, or nil when the lock is held.
const LOCK: &str = r"
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], fence, 'PX', ARGV[1])
return fence
";

/// Stores the record and releases the lock only while the lock holds this fence:
/// `KEYS = [lock, token]`, `ARGV = [fence, record, ttl in ms or 0]`; 1 if stored.
const PUBLISH: &str = r"
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
else
  redis.call('SET', KEYS[2], ARGV[2])
end
redis.call('DEL', KEYS[1])
return 1
";

/// Releases the lock if it holds this fence: `KEYS = [lock]`, `ARGV = [fence]`.
const UNLOCK: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
";

/// A [`TokenStore`] on Redis (or Valkey), through redis-rs's [`ConnectionManager`]: the sealed
/// token, the refresh lock (`SET PX` lease) and its fence counter (`INCR`) under
/// `<namespace>{<hash of provider and credential>}:token|lock|fence` (one hash slot, so it
/// works on a cluster too). Each operation is one atomic script or command, bounded by a
/// timeout (1 s unless set); an unreachable Redis is an [`Error::StoreUnavailable`], on which
/// the cache refreshes on its own.
///
/// ```no_run
/// use std::sync::Arc;
/// use signing_runtime::token::{RedisTokenStore, SharedTokens, TokenKey};
///
/// # async fn run() -> Result<(), signing_runtime::Error> {
/// let store = RedisTokenStore::builder("redis://127.0.0.1:6379/").connect().await?;
/// let key = TokenKey::from_hex(&std::env::var("TOKEN_KEY").unwrap_or_default())?;
/// let shared = SharedTokens::new(Arc::new(store), key, "https://api.example.com", "app-7");
/// // TokenCache::builder(refresher).shared(shared).sleep(tokio::time::sleep).build()
/// # Ok(()) }
/// ```
pub struct RedisTokenStore {
    connection: ConnectionManager,
    namespace: String,
    timeout: Duration,
    lock: redis::Script,
    publish: redis::Script,
    unlock: redis::Script,
}

/// Settings of a [`RedisTokenStore`]; from [`RedisTokenStore::builder`].
#[derive(Clone)]
pub struct RedisTokenStoreBuilder {
    url: String,
    namespace: String,
    timeout: Duration,
}

impl RedisTokenStore {
    /// Settings for a store on the Redis at `url`, with namespace `signing:token:` and a 1 s
    /// timeout.
    pub fn builder(url: impl Into<String>) -> RedisTokenStoreBuilder {
        RedisTokenStoreBuilder {
            url: url.into(),
            namespace: "signing:token:".to_owned(),
            timeout: redis_conn::DEFAULT_TIMEOUT,
        }
    }

    fn keys(&self, key: &str) -> [String; 3] {
        ["token", "lock", "fence"].map(|part| format!("{}{{{key}}}:{part}", self.namespace))
    }
}

impl TokenStore for RedisTokenStore {
    fn load<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<Vec<u8>>> {
        Box::pin(async move {
            let [token, _, _] = self.keys(key);
            let mut connection = self.connection.clone();
            let mut get = redis::cmd("GET");
            get.arg(token);
            redis_conn::within("token", self.timeout, get.query_async(&mut connection)).await
        })
    }

    fn try_lock<'a>(&'a self, key: &'a str, lease: Duration) -> StoreFuture<'a, Option<u64>> {
        Box::pin(async move {
            let [_, lock, fence] = self.keys(key);
            let millis = u64::try_from(lease.as_millis()).unwrap_or(u64::MAX).max(1);
            let mut connection = self.connection.clone();
            let mut call = self.lock.prepare_invoke();
            call.key(lock).key(fence).arg(millis);
            redis_conn::within("token", self.timeout, call.invoke_async(&mut connection)).await
        })
    }

    fn publish<'a>(
        &'a self,
        key: &'a str,
        fence: u64,
        record: &'a [u8],
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let [token, lock, _] = self.keys(key);
            let ttl = ttl.map_or(0, |ttl| {
                u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1)
            });
            let mut connection = self.connection.clone();
            let mut call = self.publish.prepare_invoke();
            call.key(lock).key(token).arg(fence).arg(record).arg(ttl);
            let stored: i64 =
                redis_conn::within("token", self.timeout, call.invoke_async(&mut connection))
                    .await?;
            Ok(stored == 1)
        })
    }

    fn unlock<'a>(&'a self, key: &'a str, fence: u64) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let [_, lock, _] = self.keys(key);
            let mut connection = self.connection.clone();
            let mut call = self.unlock.prepare_invoke();
            call.key(lock).arg(fence);
            let _: i64 =
                redis_conn::within("token", self.timeout, call.invoke_async(&mut connection))
                    .await?;
            Ok(())
        })
    }
}

impl RedisTokenStoreBuilder {
    /// The prefix of every key (`signing:token:` unless set).
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

    /// Connects. Call it within a tokio runtime.
    ///
    /// # Errors
    /// [`Error::StoreUnavailable`] when the URL is not a Redis URL or Redis cannot be reached
    /// within three timeouts.
    pub async fn connect(self) -> Result<RedisTokenStore, Error> {
        let connection = redis_conn::connect("token", &self.url, self.timeout).await?;
        Ok(self.with_connection(connection))
    }

    /// The store over a connection you already have.
    pub fn with_connection(self, connection: ConnectionManager) -> RedisTokenStore {
        RedisTokenStore {
            connection,
            namespace: self.namespace,
            timeout: self.timeout,
            lock: redis::Script::new(LOCK),
            publish: redis::Script::new(PUBLISH),
            unlock: redis::Script::new(UNLOCK),
        }
    }
}

impl fmt::Debug for RedisTokenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisTokenStore")
            .field("namespace", &self.namespace)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for RedisTokenStoreBuilder {
    /// Without the URL: it may hold a password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisTokenStoreBuilder")
            .field("namespace", &self.namespace)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}
