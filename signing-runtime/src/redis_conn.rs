//! What the Redis-backed stores share (feature `redis`): connecting with bounded waits, a
//! deadline on every command, and Redis errors turned into [`Error::StoreUnavailable`].

use core::future::Future;
use core::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use crate::error::Error;

/// How long one command may take unless set: loopback or a LAN answers in well under a
/// millisecond, so a second means the server is gone or stalled.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1);

/// A [`ConnectionManager`] to `url` whose connection attempts and answers are bounded by
/// `timeout`. The manager reconnects by itself after the server comes back.
pub(crate) async fn connect(
    store: &'static str,
    url: &str,
    timeout: Duration,
) -> Result<ConnectionManager, Error> {
    // The URL may hold a password: it is never put into an error.
    let client = redis::Client::open(url).map_err(|err| Error::StoreUnavailable {
        store,
        reason: format!("the Redis URL is not valid ({:?})", err.kind()),
    })?;
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(timeout)
        .set_response_timeout(timeout)
        // Reconnection is retried on the next command; within one, try twice, briefly.
        .set_number_of_retries(1)
        .set_factor(10)
        .set_max_delay(u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX));
    within(
        store,
        timeout.saturating_mul(3),
        ConnectionManager::new_with_config(client, config),
    )
    .await
}

/// Runs one Redis call, bounded by `timeout`.
pub(crate) async fn within<T>(
    store: &'static str,
    timeout: Duration,
    call: impl Future<Output = redis::RedisResult<T>>,
) -> Result<T, Error> {
    match tokio::time::timeout(timeout, call).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(unavailable(store, &err)),
        Err(_) => Err(Error::StoreUnavailable {
            store,
            reason: format!("no answer within {} ms", timeout.as_millis()),
        }),
    }
}

/// A Redis error as a typed one: the kind and the client's text (which names neither keys'
/// values nor the URL's password).
pub(crate) fn unavailable(store: &'static str, err: &redis::RedisError) -> Error {
    Error::StoreUnavailable {
        store,
        reason: format!("{:?}: {err}", err.kind()),
    }
}
