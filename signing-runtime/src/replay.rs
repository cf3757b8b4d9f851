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

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use sha2::Digest as _;

use crate::error::Error;
use crate::time::Timestamp;

/// Where a [`ReplayGuard`] remembers what it has accepted. Implement it over a shared store
/// (Redis `SET NX EX`, a database table) when several servers verify the same traffic.
pub trait NonceStore: Send + Sync {
    /// Records `id` as used until `expires`.
    ///
    /// # Errors
    /// [`Error::Replayed`] when `id` is already recorded and not expired at `now`;
    /// [`Error::ReplayStoreFull`] when it cannot record more.
    fn insert(&self, id: &[u8; 32], now: Timestamp, expires: Timestamp) -> Result<(), Error>;
}

/// A bounded in-memory [`NonceStore`] for one process.
///
/// It holds at most `capacity` live entries. Expired entries are dropped as new ones arrive; when
/// every entry is still live and the store is full, a new request is refused
/// ([`Error::ReplayStoreFull`]): failing closed, since dropping a live entry would let its
/// request be replayed. Size it as (requests per second) × (window in seconds).
#[derive(Debug)]
pub struct MemoryNonceStore {
    capacity: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    expiry: HashMap<[u8; 32], Timestamp>,
    /// Ids in insertion order; with one window for every entry, that is expiry order too.
    order: VecDeque<([u8; 32], Timestamp)>,
}

impl MemoryNonceStore {
    /// A store that holds at most `capacity` live entries.
    pub fn new(capacity: usize) -> MemoryNonceStore {
        MemoryNonceStore {
            capacity,
            state: Mutex::new(State::default()),
        }
    }

    /// How many entries it holds now (live or not yet purged).
    pub fn len(&self) -> usize {
        self.lock().expiry.len()
    }

    /// Whether it holds no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps inconsistent in a way that
        // matters for safety (at worst an entry is kept longer), so a poisoned lock is used as is.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl NonceStore for MemoryNonceStore {
    fn insert(&self, id: &[u8; 32], now: Timestamp, expires: Timestamp) -> Result<(), Error> {
        let mut state = self.lock();
        while let Some(&(old, at)) = state.order.front() {
            if at > now {
                break;
            }
            state.order.pop_front();
            if state.expiry.get(&old) == Some(&at) {
                state.expiry.remove(&old);
            }
        }
        if let Some(&until) = state.expiry.get(id) {
            if until > now {
                return Err(Error::Replayed);
            }
        }
        if state.expiry.len() >= self.capacity {
            return Err(Error::ReplayStoreFull {
                capacity: self.capacity,
            });
        }
        state.expiry.insert(*id, expires);
        state.order.push_back((*id, expires));
        Ok(())
    }
}

/// Checks a verified request's timestamp against a window and refuses a second use of it.
#[derive(Debug)]
pub struct ReplayGuard<S> {
    store: S,
    max_skew: Duration,
}

impl<S: NonceStore> ReplayGuard<S> {
    /// A guard that allows requests at most `max_skew` away from the verifier's clock, in
    /// either direction, and remembers each for that long.
    pub fn new(store: S, max_skew: Duration) -> ReplayGuard<S> {
        ReplayGuard { store, max_skew }
    }

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
        let skew = i64::try_from(self.max_skew.as_secs()).unwrap_or(i64::MAX);
        let age = now.unix_seconds().saturating_sub(signed_at.unix_seconds());
        if age.saturating_abs() > skew {
            return Err(Error::StaleTimestamp {
                age_seconds: age,
                max_skew_seconds: skew,
            });
        }
        // Fixed-size keys: an attacker's long ids cost the store nothing extra.
        let id: [u8; 32] = sha2::Sha256::digest(id.as_ref()).into();
        // Remembered until the request falls out of the window on the late side.
        self.store
            .insert(&id, now, signed_at.add_seconds(skew).max(now))
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
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
