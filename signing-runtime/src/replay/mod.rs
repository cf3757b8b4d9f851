//! Server-side freshness: a timestamp window and a replay guard.
//!
//! A valid signature proves who made a request, not that it is new: a captured request can be
//! sent again. A [`ReplayGuard`] accepts a signed request at most once within its window, and
//! refuses requests whose timestamp is too far from the verifier's clock.
//!
//! ```
//! use std::time::Duration;
//! use signing_runtime::replay::{MemoryNonceStore, ReplayGuard};
//! use signing_runtime::{Error, Timestamp};
//!
//! let guard = ReplayGuard::new(MemoryNonceStore::new(10_000), Duration::from_secs(30));
//! let now = Timestamp::from_unix_seconds(1_700_000_000);
//! let sent = Timestamp::from_unix_seconds(1_699_999_990);
//! // After `verify` accepted the signature, keyed by the request's message:
//! let message = b"customerId=c1&nonce=1699999990";
//! assert_eq!(guard.check(message, sent, now), Ok(()));
//! assert_eq!(guard.check(message, sent, now), Err(Error::Replayed));
//! ```
//!
//! Key the guard by the message (`request.message()`), not by the signature text: one MAC has
//! several accepted spellings (hex in either case, a header with or without its prefix), and one
//! request several query strings (`%2D` or `-`), but a request has exactly one message.
//!
//! # One process or a fleet
//! [`MemoryNonceStore`] remembers what one process accepted: behind a load balancer, a request
//! replayed to another instance is accepted there. A fleet shares one store: with feature
//! `redis`, [`RedisNonceStore`] (one atomic `SET key NX PX` per check) through
//! [`ReplayGuard::check_async`]. README, *Running a fleet*, says what it guarantees.
//!
//! A store is reached through one of two traits. [`NonceStore`] is synchronous, for stores in
//! memory: [`ReplayGuard::check`] stays a plain call without a runtime. [`AsyncNonceStore`] is
//! for stores over a network; every `NonceStore` is one too, so a server written against
//! [`check_async`](ReplayGuard::check_async) runs on one process with a [`MemoryNonceStore`] and
//! on a fleet with a [`RedisNonceStore`] unchanged. Its future is boxed so that the trait is
//! dyn-compatible: a server picks its store at run time (`Arc<dyn AsyncNonceStore>`); one
//! allocation per check is nothing next to a network round trip.

use core::future::Future;
use core::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use sha2::Digest as _;

use crate::error::Error;
use crate::time::Timestamp;

mod memory;
#[cfg(feature = "redis")]
mod redis;

pub use self::memory::MemoryNonceStore;
#[cfg(feature = "redis")]
pub use self::redis::{FailureMode, RedisNonceStore, RedisNonceStoreBuilder};

/// Where a [`ReplayGuard`] remembers what it has accepted, in memory (synchronous). A store
/// over a network implements [`AsyncNonceStore`] instead.
pub trait NonceStore: Send + Sync {
    /// Records `id` as used until `expires` (exclusive: at `expires` it is forgotten).
    ///
    /// # Errors
    /// [`Error::Replayed`] when `id` is already recorded and not expired at `now`;
    /// [`Error::ReplayStoreFull`] when it cannot record more.
    fn insert(&self, id: &[u8; 32], now: Timestamp, expires: Timestamp) -> Result<(), Error>;
}

/// The future an [`AsyncNonceStore`] returns.
pub type InsertFuture<'a> = Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>>;

/// Where a [`ReplayGuard`] remembers what it has accepted, possibly over a network
/// ([`RedisNonceStore`] with feature `redis`). Every [`NonceStore`] is one.
pub trait AsyncNonceStore: Send + Sync {
    /// Records `id` as used until `expires` (exclusive), atomically: of two concurrent
    /// inserts of one id, across every process sharing the store, exactly one succeeds.
    ///
    /// # Errors
    /// [`Error::Replayed`] when `id` is already recorded and not expired;
    /// [`Error::ReplayStoreFull`] when it cannot record more; [`Error::StoreUnavailable`]
    /// when the store cannot be reached in time (a store failing closed).
    fn insert_async<'a>(
        &'a self,
        id: &'a [u8; 32],
        now: Timestamp,
        expires: Timestamp,
    ) -> InsertFuture<'a>;
}

impl<S: NonceStore + ?Sized> AsyncNonceStore for S {
    fn insert_async<'a>(
        &'a self,
        id: &'a [u8; 32],
        now: Timestamp,
        expires: Timestamp,
    ) -> InsertFuture<'a> {
        Box::pin(core::future::ready(self.insert(id, now, expires)))
    }
}

/// A store shared behind an `Arc`, chosen at run time: `ReplayGuard<Arc<dyn AsyncNonceStore>>`.
impl AsyncNonceStore for Arc<dyn AsyncNonceStore> {
    fn insert_async<'a>(
        &'a self,
        id: &'a [u8; 32],
        now: Timestamp,
        expires: Timestamp,
    ) -> InsertFuture<'a> {
        (**self).insert_async(id, now, expires)
    }
}

/// Checks a verified request's timestamp against a window and refuses a second use of it.
#[derive(Debug)]
pub struct ReplayGuard<S> {
    store: S,
    max_skew: Duration,
}

impl<S> ReplayGuard<S> {
    /// A guard that allows requests at most `max_skew` away from the verifier's clock, in
    /// either direction, and remembers each for as long as the window can accept it.
    pub fn new(store: S, max_skew: Duration) -> ReplayGuard<S> {
        ReplayGuard { store, max_skew }
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The window check, then the store's key (a SHA-256 of `id`) and how long to keep it.
    fn admit(
        &self,
        id: &[u8],
        signed_at: Timestamp,
        now: Timestamp,
    ) -> Result<([u8; 32], Timestamp), Error> {
        let skew = i64::try_from(self.max_skew.as_secs()).unwrap_or(i64::MAX);
        let age = now.unix_seconds().saturating_sub(signed_at.unix_seconds());
        if age.saturating_abs() > skew {
            return Err(Error::StaleTimestamp {
                age_seconds: age,
                max_skew_seconds: skew,
            });
        }
        // Fixed-size keys: an attacker's long ids cost the store nothing extra.
        let key: [u8; 32] = sha2::Sha256::digest(id).into();
        // The window compares whole seconds: it accepts this request until the second after
        // `signed_at + skew` ends. The entry lives exactly that long (issue 16, finding 2:
        // it used to expire at `signed_at + skew` in microseconds, leaving up to a second in
        // which every replay was accepted).
        let window_end = Timestamp::from_unix_seconds(signed_at.unix_seconds())
            .add_seconds(skew)
            .add_seconds(1);
        Ok((key, window_end.max(now)))
    }

    /// The window of a request that says when it expires (a presigned URL's `X-Amz-Date` plus
    /// `X-Amz-Expires`): from `signed_at` less the skew (a client's clock may run ahead) until
    /// `expires_at` (exclusive), remembered until then.
    fn admit_until(
        &self,
        id: &[u8],
        signed_at: Timestamp,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<([u8; 32], Timestamp), Error> {
        let skew = i64::try_from(self.max_skew.as_secs()).unwrap_or(i64::MAX);
        let age = now.unix_seconds().saturating_sub(signed_at.unix_seconds());
        if age < -skew {
            return Err(Error::StaleTimestamp {
                age_seconds: age,
                max_skew_seconds: skew,
            });
        }
        if now >= expires_at {
            return Err(Error::SignatureExpired {
                expires: expires_at.unix_seconds(),
                now: now.unix_seconds(),
            });
        }
        let key: [u8; 32] = sha2::Sha256::digest(id).into();
        Ok((key, expires_at))
    }
}

impl<S: AsyncNonceStore> ReplayGuard<S> {
    /// [`check`](ReplayGuard::check) with a store that may be over a network (and any
    /// [`NonceStore`]): what a fleet's servers call with a shared store.
    ///
    /// # Errors
    /// [`Error::StaleTimestamp`] outside the window, [`Error::Replayed`] for a second use
    /// (on any server sharing the store), [`Error::ReplayStoreFull`] from a full
    /// [`MemoryNonceStore`], and [`Error::StoreUnavailable`] from a store that cannot be
    /// reached (when it fails closed, the default).
    pub async fn check_async(
        &self,
        id: impl AsRef<[u8]>,
        signed_at: Timestamp,
        now: Timestamp,
    ) -> Result<(), Error> {
        let (key, until) = self.admit(id.as_ref(), signed_at, now)?;
        self.store.insert_async(&key, now, until).await
    }

    /// [`check_until`](ReplayGuard::check_until) with a store that may be over a network.
    ///
    /// # Errors
    /// Those of [`check_until`](ReplayGuard::check_until), and [`Error::StoreUnavailable`]
    /// from a store that cannot be reached (when it fails closed, the default).
    pub async fn check_until_async(
        &self,
        id: impl AsRef<[u8]>,
        signed_at: Timestamp,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<(), Error> {
        let (key, until) = self.admit_until(id.as_ref(), signed_at, expires_at, now)?;
        self.store.insert_async(&key, now, until).await
    }
}

impl<S: NonceStore> ReplayGuard<S> {
    /// Call after the signature verified: `id` identifies the request (its message is the
    /// natural choice: one request has exactly one message, while the signature text can be
    /// respelled, hex in either case), `signed_at` is the time the request carries, and `now`
    /// is the verifier's clock.
    ///
    /// # Errors
    /// [`Error::StaleTimestamp`] outside the window, [`Error::Replayed`] for a second use, and
    /// [`Error::ReplayStoreFull`] from a full [`MemoryNonceStore`].
    pub fn check(
        &self,
        id: impl AsRef<[u8]>,
        signed_at: Timestamp,
        now: Timestamp,
    ) -> Result<(), Error> {
        let (key, until) = self.admit(id.as_ref(), signed_at, now)?;
        self.store.insert(&key, now, until)
    }

    /// For a request that carries its own expiry (a presigned URL: `X-Amz-Date` plus
    /// `X-Amz-Expires`): accepted from `signed_at` (less the guard's skew, for a client clock
    /// running ahead) until `expires_at`, once. Call it after the signature verified, with the
    /// expiry computed from the verified fields. A server that lets a URL be used more than once
    /// until it expires checks `now < expires_at` alone instead.
    ///
    /// # Errors
    /// [`Error::StaleTimestamp`] for a request signed more than the skew in the future,
    /// [`Error::SignatureExpired`] at or after `expires_at`, [`Error::Replayed`] for a second
    /// use, and [`Error::ReplayStoreFull`] from a full [`MemoryNonceStore`].
    pub fn check_until(
        &self,
        id: impl AsRef<[u8]>,
        signed_at: Timestamp,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<(), Error> {
        let (key, until) = self.admit_until(id.as_ref(), signed_at, expires_at, now)?;
        self.store.insert(&key, now, until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> Timestamp {
        Timestamp::from_unix_seconds(s)
    }

    #[test]
    fn window_both_ways() {
        let g = ReplayGuard::new(MemoryNonceStore::new(8), Duration::from_secs(30));
        assert_eq!(g.check("a", t(970), t(1000)), Ok(()));
        assert_eq!(g.check("b", t(1030), t(1000)), Ok(()));
        assert_eq!(
            g.check("c", t(969), t(1000)),
            Err(Error::StaleTimestamp {
                age_seconds: 31,
                max_skew_seconds: 30
            })
        );
        assert_eq!(
            g.check("d", t(1031), t(1000)),
            Err(Error::StaleTimestamp {
                age_seconds: -31,
                max_skew_seconds: 30
            })
        );
    }

    #[test]
    fn second_use_is_refused_until_it_expires() {
        let g = ReplayGuard::new(MemoryNonceStore::new(8), Duration::from_secs(30));
        assert_eq!(g.check("sig", t(1000), t(1000)), Ok(()));
        assert_eq!(g.check("sig", t(1000), t(1010)), Err(Error::Replayed));
        // Once out of the window, the timestamp check refuses it instead.
        assert!(matches!(
            g.check("sig", t(1000), t(1031)),
            Err(Error::StaleTimestamp { .. })
        ));
    }

    #[test]
    fn a_window_that_ends_when_the_request_says() {
        let g = ReplayGuard::new(MemoryNonceStore::new(8), Duration::from_secs(30));
        // Signed at 1000 for 600 s: accepted once until 1600, from 970 on.
        assert_eq!(g.check_until("a", t(1000), t(1600), t(1599)), Ok(()));
        assert_eq!(
            g.check_until("a", t(1000), t(1600), t(1500)),
            Err(Error::Replayed)
        );
        assert_eq!(g.check_until("b", t(1000), t(1600), t(970)), Ok(()));
        assert_eq!(
            g.check_until("c", t(1000), t(1600), t(1600)),
            Err(Error::SignatureExpired {
                expires: 1600,
                now: 1600
            })
        );
        assert_eq!(
            g.check_until("d", t(1000), t(1600), t(969)),
            Err(Error::StaleTimestamp {
                age_seconds: -31,
                max_skew_seconds: 30
            })
        );
    }

    /// A request's own times come from the request (a presigned URL's `X-Amz-Date` and
    /// `X-Amz-Expires`, a signature's `created`): the extremes a `Timestamp` holds, and a
    /// skew past `i64`, give an answer, never an overflow.
    #[test]
    fn extreme_times_and_skews_do_not_overflow() {
        let (min, max) = (
            Timestamp::from_unix_micros(i64::MIN),
            Timestamp::from_unix_micros(i64::MAX),
        );
        let g = ReplayGuard::new(MemoryNonceStore::new(16), Duration::from_secs(u64::MAX));
        assert_eq!(g.check_until("a", min, max, t(1000)), Ok(()));
        assert_eq!(g.check_until("b", max, max, min), Ok(()));
        assert!(g.check_until("c", min, min, max).is_err());
        // Any answer will do here, as long as there is one.
        let _ = g.check("d", min, max);
        let _ = g.check("e", max, min);
        let g = ReplayGuard::new(MemoryNonceStore::new(16), Duration::from_secs(30));
        assert!(matches!(
            g.check_until("f", max, max, min),
            Err(Error::StaleTimestamp { .. })
        ));
        assert!(matches!(
            g.check_until("g", min, t(0).add_seconds(i64::from(u32::MAX)), max),
            Err(Error::SignatureExpired { .. })
        ));
        assert!(matches!(
            g.check("h", min, max),
            Err(Error::StaleTimestamp { .. })
        ));
        assert!(matches!(
            g.check("i", max, min),
            Err(Error::StaleTimestamp { .. })
        ));
    }

    #[test]
    fn bounded_and_fails_closed() {
        let g = ReplayGuard::new(MemoryNonceStore::new(2), Duration::from_secs(10));
        assert_eq!(g.check("1", t(100), t(100)), Ok(()));
        assert_eq!(g.check("2", t(100), t(100)), Ok(()));
        assert_eq!(
            g.check("3", t(100), t(100)),
            Err(Error::ReplayStoreFull { capacity: 2 })
        );
        // Expired entries make room.
        assert_eq!(g.check("3", t(111), t(111)), Ok(()));
        assert_eq!(g.store().len(), 1);
    }
}

#[cfg(test)]
mod regressions {
    use super::*;

    fn t(s: i64) -> Timestamp {
        Timestamp::from_unix_seconds(s)
    }

    fn us(micros: i64) -> Timestamp {
        Timestamp::from_unix_micros(micros)
    }

    /// Issue 16, finding 2: the window accepts a request until a whole second after
    /// `signed_at + max_skew`; the store must hold it as long.
    #[test]
    fn no_replay_in_the_last_second_of_the_window() {
        let g = ReplayGuard::new(MemoryNonceStore::new(8), Duration::from_secs(30));
        assert_eq!(g.check("m", t(1000), t(1000)), Ok(()));
        for at in [30_000_000, 30_250_000, 30_999_999] {
            assert_eq!(
                g.check("m", t(1000), us(1_000_000_000 + at)),
                Err(Error::Replayed),
                "replay at +{at} µs"
            );
        }
        assert!(matches!(
            g.check("m", t(1000), t(1031)),
            Err(Error::StaleTimestamp { .. })
        ));
        // The same from the future side, and for a timestamp with a fraction of a second.
        let g = ReplayGuard::new(MemoryNonceStore::new(8), Duration::from_secs(30));
        let sent = us(1_030_500_000);
        assert_eq!(g.check("f", sent, t(1000)), Ok(()));
        assert_eq!(g.check("f", sent, us(1_060_999_999)), Err(Error::Replayed));
    }

    /// A replay at exactly `signed_at + max_skew` is refused (the mutant `>` -> `>=` on the
    /// store's expiry kept it alive on the old code), and an entry is gone at exactly its
    /// expiry (the mutant `>` -> `>=` now: an entry still live at `until == now`).
    #[test]
    fn expiry_boundaries() {
        let g = ReplayGuard::new(MemoryNonceStore::new(8), Duration::from_secs(30));
        assert_eq!(g.check("x", t(1000), t(1000)), Ok(()));
        assert_eq!(g.check("x", t(1000), t(1030)), Err(Error::Replayed));

        let store = MemoryNonceStore::new(1);
        let id = [7; 32];
        assert_eq!(store.insert(&id, t(10), t(20)), Ok(()));
        assert_eq!(
            store.insert(&id, us(19_999_999), t(30)),
            Err(Error::Replayed)
        );
        // At its expiry the entry is gone: the id is accepted again, and its slot is free.
        assert_eq!(store.insert(&id, t(20), t(30)), Ok(()));
        assert_eq!(store.len(), 1);
        assert_eq!(store.insert(&[8; 32], t(30), t(40)), Ok(()));
    }

    /// The async path is the same check: window, then the store (a replay refused, and an
    /// entry's slot freed at the window's end).
    #[tokio::test]
    async fn check_async_is_the_same_check() {
        let g = ReplayGuard::new(MemoryNonceStore::new(1), Duration::from_secs(30));
        assert!(g.store().is_empty());
        assert_eq!(g.check_async("m", t(1000), t(1000)).await, Ok(()));
        assert!(!g.store().is_empty());
        assert_eq!(
            g.check_async("m", t(1000), t(1030)).await,
            Err(Error::Replayed)
        );
        assert!(matches!(
            g.check_async("m", t(1000), t(1031)).await,
            Err(Error::StaleTimestamp { .. })
        ));
        assert_eq!(
            g.check_async("n", t(1010), t(1010)).await,
            Err(Error::ReplayStoreFull { capacity: 1 })
        );
        assert_eq!(g.check_async("n", t(1031), t(1031)).await, Ok(()));
        let shared: Arc<dyn AsyncNonceStore> = Arc::new(MemoryNonceStore::new(4));
        let g = ReplayGuard::new(shared, Duration::from_secs(30));
        assert_eq!(g.check_async("m", t(1000), t(1000)).await, Ok(()));
        assert_eq!(
            g.check_async("m", t(1000), t(1000)).await,
            Err(Error::Replayed)
        );
    }

    /// Issue 16, finding 5: expiry comes from the client's clock, so insertion order is not
    /// expiry order; an entry from a client ahead must not pin the ones behind it.
    #[test]
    fn purges_by_expiry_not_insertion_order() {
        let g = ReplayGuard::new(MemoryNonceStore::new(2), Duration::from_secs(30));
        assert_eq!(g.check("A", t(1030), t(1000)), Ok(()));
        assert_eq!(g.check("B", t(970), t(1000)), Ok(()));
        // One second later B is out of the window, so it makes room for C.
        assert_eq!(g.check("C", t(1001), t(1001)), Ok(()));
        assert_eq!(g.store().len(), 2);
        // Still full of live entries: refused.
        assert_eq!(
            g.check("D", t(1001), t(1001)),
            Err(Error::ReplayStoreFull { capacity: 2 })
        );
    }
}
