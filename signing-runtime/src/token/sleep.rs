//! How a [`TokenCache`](super::TokenCache) waits between retries without an async runtime of
//! its own.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use core::time::Duration;
use std::sync::{Arc, Mutex, PoisonError};

/// A sleep function, boxed: what [`TokenCacheBuilder::sleep`](super::TokenCacheBuilder::sleep)
/// stores.
pub(crate) type BoxedSleep =
    Box<dyn Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// The default sleep between retries: a helper thread waits, then wakes the task. It needs no
/// runtime; retries are rare, so a thread per wait is cheap enough.
pub(crate) fn thread_sleep(delay: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
    Box::pin(ThreadSleep {
        delay,
        shared: None,
    })
}

struct ThreadSleep {
    delay: Duration,
    /// Set once the thread is started.
    shared: Option<Arc<Mutex<Alarm>>>,
}

struct Alarm {
    /// The time is up.
    rang: bool,
    /// The task to wake then.
    waker: Option<Waker>,
}

impl Future for ThreadSleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.delay.is_zero() {
            return Poll::Ready(());
        }
        if let Some(shared) = &self.shared {
            let mut shared = shared.lock().unwrap_or_else(PoisonError::into_inner);
            if shared.rang {
                return Poll::Ready(());
            }
            shared.waker = Some(cx.waker().clone());
            return Poll::Pending;
        }
        let shared = Arc::new(Mutex::new(Alarm {
            rang: false,
            waker: Some(cx.waker().clone()),
        }));
        let delay = self.delay;
        let for_thread = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("signing-token-backoff".to_owned())
            .spawn(move || {
                std::thread::sleep(delay);
                let mut shared = for_thread.lock().unwrap_or_else(PoisonError::into_inner);
                shared.rang = true;
                let waker = shared.waker.take();
                drop(shared);
                if let Some(waker) = waker {
                    waker.wake();
                }
            });
        if spawned.is_err() {
            // No thread to wait on: retry without waiting rather than never.
            return Poll::Ready(());
        }
        self.shared = Some(shared);
        Poll::Pending
    }
}
