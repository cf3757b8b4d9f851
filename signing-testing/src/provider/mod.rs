//! The server: settings, the running handle, and the state its endpoints share.

use core::fmt;
use core::time::Duration;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use signing::replay::{AsyncNonceStore, MemoryNonceStore, ReplayGuard};
use signing::{PublicKey, Secret, Timestamp};

mod endpoints;

/// How long an issued token lives unless set: 5 minutes.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(300);
/// How far a request's timestamp may be from the provider's clock unless set: 30 seconds.
pub const DEFAULT_MAX_SKEW: Duration = Duration::from_secs(30);
/// How long [`ProviderHandle::shutdown`] waits for open connections before it stops the server.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// The most requests the replay guard remembers at once.
const REPLAY_CAPACITY: usize = 100_000;

/// The embedded provider. [`Provider::start`] with the defaults, or [`Provider::builder`].
#[derive(Debug, Clone, Copy)]
pub struct Provider {
    _private: (),
}

impl Provider {
    /// Starts a provider with the defaults on `127.0.0.1` and a port the OS picks. Call it
    /// within a tokio runtime: the server runs as a task of that runtime.
    ///
    /// # Errors
    /// The I/O error when no loopback port can be bound.
    pub async fn start() -> std::io::Result<ProviderHandle> {
        Provider::builder().start().await
    }

    /// A provider with settings of your own.
    pub fn builder() -> ProviderBuilder {
        ProviderBuilder {
            token_lifetime: DEFAULT_TOKEN_LIFETIME,
            max_skew: DEFAULT_MAX_SKEW,
            replay_store: None,
        }
    }
}

/// Settings of a [`Provider`].
#[derive(Clone)]
pub struct ProviderBuilder {
    token_lifetime: Duration,
    max_skew: Duration,
    replay_store: Option<Arc<dyn AsyncNonceStore>>,
}

impl fmt::Debug for ProviderBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderBuilder")
            .field("token_lifetime", &self.token_lifetime)
            .field("max_skew", &self.max_skew)
            .field("shared_replay_store", &self.replay_store.is_some())
            .finish()
    }
}

impl ProviderBuilder {
    /// How long the tokens it issues live ([`DEFAULT_TOKEN_LIFETIME`] unless set; at least one
    /// second).
    #[must_use]
    pub fn token_lifetime(mut self, lifetime: Duration) -> ProviderBuilder {
        self.token_lifetime = lifetime.max(Duration::from_secs(1));
        self
    }

    /// How far a request's timestamp may be from the provider's clock, either way
    /// ([`DEFAULT_MAX_SKEW`] unless set).
    #[must_use]
    pub fn max_skew(mut self, skew: Duration) -> ProviderBuilder {
        self.max_skew = skew;
        self
    }

    /// Where its replay guard remembers the requests it accepted: a store shared by several
    /// providers (a [`RedisNonceStore`](signing::replay::RedisNonceStore)) makes them one
    /// fleet, so a request accepted by one is refused by the others. Unless set, a
    /// [`MemoryNonceStore`] of its own.
    #[must_use]
    pub fn replay_store(mut self, store: Arc<dyn AsyncNonceStore>) -> ProviderBuilder {
        self.replay_store = Some(store);
        self
    }

    /// Starts the provider on `127.0.0.1` and a port the OS picks, within the current tokio
    /// runtime.
    ///
    /// # Errors
    /// The I/O error when no loopback port can be bound.
    pub async fn start(self) -> std::io::Result<ProviderHandle> {
        let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://{addr}");
        // The provider knows the demo client's public key only.
        let client_key =
            PublicKey::from_pem(crate::seeds::assertion::DEMO_PUBLIC_KEY_PEM.as_bytes())
                .map_err(std::io::Error::other)?;
        let shared = Arc::new(Shared {
            base_url: base_url.clone(),
            token_lifetime: self.token_lifetime,
            guard: ReplayGuard::new(
                self.replay_store
                    .unwrap_or_else(|| Arc::new(MemoryNonceStore::new(REPLAY_CAPACITY))),
                self.max_skew,
            ),
            issued: Mutex::new(HashMap::new()),
            faults: Mutex::new(Faults::default()),
            token_requests: AtomicU64::new(0),
            tokens_issued: AtomicU64::new(0),
            orders: AtomicU64::new(0),
            credentials: Credentials::demo(client_key),
        });
        let router = endpoints::router(Arc::clone(&shared));
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            // An accept error other than a full fd table ends `serve`; nothing to report it to.
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(ProviderHandle {
            addr,
            base_url,
            shared,
            stop: Some(stop),
            server: Some(server),
        })
    }
}

/// A running [`Provider`]. Dropping it stops the server too, without waiting.
pub struct ProviderHandle {
    addr: SocketAddr,
    base_url: String,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl ProviderHandle {
    /// `http://127.0.0.1:<port>`: the base URL of every endpoint, and the `aud` client
    /// assertions must name.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The next `count` token requests, on any of the four token endpoints, are answered with
    /// HTTP `status` (503, 429, 401 …) and reason `injected_fault`, without being checked:
    /// to test retries. Replaces what is left of an earlier call.
    pub fn fail_next(&self, count: u32, status: u16) {
        *lock(&self.shared.faults) = Faults {
            remaining: count,
            status,
            retry_after: None,
        };
    }

    /// [`fail_next`](ProviderHandle::fail_next), each answer with the header
    /// `Retry-After: <retry_after>` (seconds or an HTTP-date, sent as given).
    pub fn fail_next_with_retry_after(&self, count: u32, status: u16, retry_after: &str) {
        *lock(&self.shared.faults) = Faults {
            remaining: count,
            status,
            retry_after: Some(retry_after.to_owned()),
        };
    }

    /// How many token requests it has received (refused or not).
    pub fn token_requests(&self) -> u64 {
        self.shared.token_requests.load(Ordering::SeqCst)
    }

    /// How many tokens it has issued.
    pub fn tokens_issued(&self) -> u64 {
        self.shared.tokens_issued.load(Ordering::SeqCst)
    }

    /// Forgets every token it has issued, as a provider that revokes them: the next call with
    /// one is refused (401, `invalid_token`). To test a client's refresh on 401.
    pub fn revoke_tokens(&self) {
        lock(&self.shared.issued).clear();
    }

    /// Stops accepting connections, lets open ones finish (for at most 5 seconds), and returns
    /// when the server has stopped.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut server) = self.server.take() {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut server)
                .await
                .is_err()
            {
                server.abort();
            }
        }
    }
}

impl Drop for ProviderHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl fmt::Debug for ProviderHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderHandle")
            .field("base_url", &self.base_url)
            .field("token_requests", &self.token_requests())
            .field("tokens_issued", &self.tokens_issued())
            .finish_non_exhaustive()
    }
}

/// What the server's handlers share.
struct Shared {
    base_url: String,
    token_lifetime: Duration,
    guard: ReplayGuard<Arc<dyn AsyncNonceStore>>,
    issued: Mutex<HashMap<String, Issued>>,
    faults: Mutex<Faults>,
    token_requests: AtomicU64,
    tokens_issued: AtomicU64,
    orders: AtomicU64,
    credentials: Credentials,
}

#[derive(Default)]
struct Faults {
    remaining: u32,
    status: u16,
    retry_after: Option<String>,
}

/// An issued token's record.
struct Issued {
    scheme: &'static str,
    subject: String,
    expires_at: Timestamp,
}

/// The clients the provider knows: the demo credentials of [`crate::seeds`].
struct Credentials {
    circle: (&'static str, &'static str, Secret),
    bh: (&'static str, Secret),
    user_key: (&'static str, &'static str, Secret),
    assertion: (&'static str, PublicKey),
    exchange: Secret,
    oauth2: (&'static str, PublicKey),
}

impl Credentials {
    fn demo(client_key: PublicKey) -> Credentials {
        use crate::seeds::{assertion, bh, circle, exchange, oauth2, user_key};
        Credentials {
            circle: (
                circle::DEMO_CUSTOMER_ID,
                circle::DEMO_APP_KEY,
                Secret::new(circle::DEMO_SECRET),
            ),
            bh: (bh::DEMO_API_KEY, Secret::new(bh::DEMO_SECRET)),
            user_key: (
                user_key::DEMO_USERNAME,
                user_key::DEMO_API_KEY,
                Secret::new(user_key::DEMO_SECRET),
            ),
            assertion: (assertion::DEMO_CLIENT_KEY_ID, client_key.clone()),
            exchange: Secret::new(exchange::DEMO_SECRET),
            oauth2: (oauth2::DEMO_CLIENT_ID, client_key),
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing panics while these locks are held; a poisoned one is still consistent.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
