//! The in-memory store: one process.

use core::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Mutex;

use super::NonceStore;
use crate::error::Error;
use crate::time::Timestamp;

/// A bounded in-memory [`NonceStore`] for one process.
///
/// It holds at most `capacity` live entries. Expired entries are dropped as new ones arrive; when
/// every entry is still live and the store is full, a new request is refused
/// ([`Error::ReplayStoreFull`]): failing closed, since dropping a live entry would let its
/// request be replayed. Size it as (requests per second) × (window in seconds, twice the skew).
#[derive(Debug)]
pub struct MemoryNonceStore {
    capacity: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    expiry: HashMap<[u8; 32], Timestamp>,
    /// Every entry by expiry, soonest first. Expiry comes from the client's `signed_at`, so
    /// insertion order is not expiry order (issue 16, finding 5: one entry from a client whose
    /// clock is ahead used to pin every entry behind it, and the store reported itself full).
    by_expiry: BinaryHeap<Reverse<(Timestamp, [u8; 32])>>,
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
        while let Some(&Reverse((at, old))) = state.by_expiry.peek() {
            if at > now {
                break;
            }
            state.by_expiry.pop();
            if state.expiry.get(&old) == Some(&at) {
                state.expiry.remove(&old);
            }
        }
        // Every entry expiring at or before `now` was purged above: one still here is live.
        if state.expiry.contains_key(id) {
            return Err(Error::Replayed);
        }
        if state.expiry.len() >= self.capacity {
            return Err(Error::ReplayStoreFull {
                capacity: self.capacity,
            });
        }
        state.expiry.insert(*id, expires);
        state.by_expiry.push(Reverse((expires, *id)));
        Ok(())
    }
}
