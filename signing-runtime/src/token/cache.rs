//! A token shared by many callers and refreshed, once, before it expires.
//!
//! Single flight without an async runtime: the state sits behind a `std::sync::Mutex` that is
//! never held across an `.await`. The first caller to find the token stale becomes the refresh's
//! *leader* and runs the refresher in its own future; the others park a [`Waker`] in the state
//! and are woken when the leader lands. If the leader's future is dropped mid-refresh (a caller's
//! timeout), a guard clears the flight and wakes the others, and one of them takes over.

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use core::time::Duration;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::backoff::{random_fraction, Backoff};
use super::clock::{Clock, SystemClock};
use super::sleep::{thread_sleep, BoxedSleep};
use super::{RefreshError, Token};
use crate::time::Timestamp;

/// Hands out the current token and refreshes it before it expires.
///
/// - [`get`](TokenCache::get) returns the cached token while it is more than the refresh margin
///   (30 s unless set) from its expiry, or half its remaining lifetime at the time it was fetched
///   when that comes later (a 20 s token is not refetched on every call);
/// - once it is stale, exactly one caller runs the refresher while every other caller waits for
///   that refresh's result, success or failure;
/// - a [transient](RefreshError::transient) failure is retried with exponential backoff
///   (4 attempts, 250 ms doubling to at most 10 s, unless set), each wait drawn at random
///   from its upper half so that a fleet does not retry in lockstep; a
///   [permanent](RefreshError::permanent) one is reported at once;
/// - a failure that carries the provider's `Retry-After`
///   ([`RefreshError::with_retry_after`]) is retried no sooner than that (plus up to a quarter
///   of it at random); when it asks for more than the backoff's maximum, the failure is
///   reported at once, and until the time has passed `get` answers with it without calling
///   the refresher.
///
/// It works under any async runtime: it needs no timer except to sleep between retries, and the
/// sleep function is yours to give (the default sleeps on a helper thread). With tokio:
///
/// ```
/// use std::time::Duration;
/// use signing_runtime::token::{RefreshError, Token, TokenCache};
/// use signing_runtime::Timestamp;
///
/// # async fn fetch() -> Result<Token, RefreshError> {
/// #     Ok(Token::new("t", Some(Timestamp::now().add_seconds(3600))))
/// # }
/// # async fn run() -> Result<(), RefreshError> {
/// // `fetch` signs the token request, sends it, and reads the answer with `Token::from_json`.
/// let cache = TokenCache::builder(|| fetch())
///     .sleep(tokio::time::sleep)
///     .refresh_margin(Duration::from_secs(60))
///     .build();
/// let token = cache.get().await?;
/// let header = token.authorization_header();
/// # Ok(())
/// # }
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(run()).unwrap();
/// ```
pub struct TokenCache<R> {
    refresher: R,
    settings: Settings,
    state: Mutex<State>,
}

/// Configures a [`TokenCache`]; from [`TokenCache::builder`].
pub struct TokenCacheBuilder<R> {
    refresher: R,
    settings: Settings,
}

/// What the builder sets.
struct Settings {
    clock: Box<dyn Clock>,
    sleep: BoxedSleep,
    margin: Duration,
    max_attempts: u32,
    backoff: Backoff,
    #[cfg(feature = "shared-tokens")]
    shared: Option<super::SharedTokens>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            clock: Box::new(SystemClock),
            sleep: Box::new(thread_sleep),
            margin: Duration::from_secs(30),
            max_attempts: 4,
            backoff: Backoff {
                first: Duration::from_millis(250),
                max: Duration::from_secs(10),
            },
            #[cfg(feature = "shared-tokens")]
            shared: None,
        }
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("margin", &self.margin)
            .field("max_attempts", &self.max_attempts)
            .field("first_delay", &self.backoff.first)
            .field("max_delay", &self.backoff.max)
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct State {
    entry: Option<Entry>,
    /// A refresh is under way; its ticket is `started`.
    refreshing: bool,
    /// Tickets of the last refresh started and the last one that ran to its end.
    started: u64,
    finished: u64,
    /// The failure of refresh `finished`, if it failed.
    last_error: Option<RefreshError>,
    /// No refresh before this instant: the provider's `Retry-After` of `last_error`.
    not_before: Option<Timestamp>,
    /// Callers waiting for refresh `started`, each with its id.
    waiters: Vec<(u64, Waker)>,
    next_waiter: u64,
}

struct Entry {
    token: Arc<Token>,
    /// When the token goes stale (`None`: never, it has no expiry).
    refresh_at: Option<Timestamp>,
}

impl Entry {
    fn new(token: Arc<Token>, fetched_at: Timestamp, margin: Duration) -> Entry {
        let refresh_at = token.expires_at().map(|expires_at| {
            let expires = i128::from(expires_at.unix_micros());
            let fetched = i128::from(fetched_at.unix_micros());
            let margin = i128::try_from(margin.as_micros()).unwrap_or(i128::MAX);
            let at = (expires.saturating_sub(margin)).max(fetched + (expires - fetched) / 2);
            Timestamp::from_unix_micros(i64::try_from(at).unwrap_or(if at < 0 {
                i64::MIN
            } else {
                i64::MAX
            }))
        });
        Entry { token, refresh_at }
    }

    fn is_fresh(&self, now: Timestamp) -> bool {
        !self.token.is_expired_at(now) && self.refresh_at.is_none_or(|at| now < at)
    }
}

enum Role {
    Fresh(Arc<Token>),
    /// The provider asked to wait, and the wait is not over: its failure again.
    Wait(RefreshError),
    Lead(u64),
    Follow(u64),
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // Nothing panics while the lock is held; if something did, the state is still consistent.
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

fn wake_all(mut state: MutexGuard<'_, State>) {
    let waiters = core::mem::take(&mut state.waiters);
    drop(state);
    for (_, waker) in waiters {
        waker.wake();
    }
}

impl<R, Fut> TokenCache<R>
where
    R: Fn() -> Fut,
    Fut: Future<Output = Result<Token, RefreshError>>,
{
    /// A cache that calls `refresher` for a new token, with the defaults.
    pub fn new(refresher: R) -> TokenCache<R> {
        TokenCache::builder(refresher).build()
    }

    /// A builder for a cache that calls `refresher` for a new token.
    ///
    /// The refresher signs and sends the token request and reads the answer, typically with
    /// [`Token::from_json`] (whose [`Error`](crate::Error) converts to a [`RefreshError`] with `?`, classified
    /// by HTTP status); transport errors go through [`RefreshError::transient`].
    pub fn builder(refresher: R) -> TokenCacheBuilder<R> {
        TokenCacheBuilder {
            refresher,
            settings: Settings::default(),
        }
    }

    /// The current token, refreshed first if it is stale (see [`TokenCache`]). When a refresh is
    /// already under way, waits for it and returns its result.
    ///
    /// # Errors
    /// The refresher's [`RefreshError`] when the refresh fails: at once for a permanent failure,
    /// after the last attempt for a transient one. Callers that waited for the same refresh get
    /// the same error; the next call tries again.
    pub async fn get(&self) -> Result<Arc<Token>, RefreshError> {
        loop {
            match self.enter() {
                Role::Fresh(token) => return Ok(token),
                Role::Wait(err) => return Err(err),
                Role::Lead(ticket) => {
                    let flight = Flight {
                        state: &self.state,
                        ticket,
                        landed: false,
                    };
                    let outcome = self.fetch().await;
                    let now = self.settings.clock.now();
                    let token = match &outcome {
                        Ok(entry) => Ok(Arc::clone(&entry.token)),
                        Err(err) => Err(err.clone()),
                    };
                    flight.land(outcome, now);
                    return token;
                }
                Role::Follow(ticket) => {
                    Follow {
                        state: &self.state,
                        ticket,
                        id: None,
                    }
                    .await;
                    if let Some(outcome) = self.outcome_since(ticket) {
                        return outcome;
                    }
                    // The leader's future was dropped before it finished: start over.
                }
            }
        }
    }

    fn enter(&self) -> Role {
        let mut state = lock(&self.state);
        let now = self.settings.clock.now();
        if let Some(entry) = state.entry.as_ref().filter(|entry| entry.is_fresh(now)) {
            return Role::Fresh(Arc::clone(&entry.token));
        }
        if let (Some(not_before), Some(err)) = (state.not_before, &state.last_error) {
            if now < not_before {
                return Role::Wait(err.clone());
            }
        }
        if state.refreshing {
            Role::Follow(state.started)
        } else {
            state.refreshing = true;
            state.started += 1;
            Role::Lead(state.started)
        }
    }

    /// The result of the latest refresh, if it is refresh `ticket` or a later one.
    fn outcome_since(&self, ticket: u64) -> Option<Result<Arc<Token>, RefreshError>> {
        let state = lock(&self.state);
        if state.finished < ticket {
            return None;
        }
        match (&state.last_error, &state.entry) {
            (Some(err), _) => Some(Err(err.clone())),
            (None, Some(entry)) => Some(Ok(Arc::clone(&entry.token))),
            // Invalidated since: start over.
            (None, None) => None,
        }
    }

    /// A new entry: from the refresher, or with a shared store from the fleet.
    async fn fetch(&self) -> Result<Entry, RefreshError> {
        #[cfg(feature = "shared-tokens")]
        if let Some(shared) = &self.settings.shared {
            return self.fetch_shared(shared).await;
        }
        self.fetch_own().await
    }

    /// A new token from the refresher, for this process alone.
    async fn fetch_own(&self) -> Result<Entry, RefreshError> {
        let token = self.refresh().await?;
        let now = self.settings.clock.now();
        Ok(Entry::new(Arc::new(token), now, self.settings.margin))
    }

    /// The fleet's token (see [`SharedTokens`](super::SharedTokens) for the protocol).
    #[cfg(feature = "shared-tokens")]
    async fn fetch_shared(&self, shared: &super::SharedTokens) -> Result<Entry, RefreshError> {
        let margin = self.settings.margin;
        loop {
            let now = self.settings.clock.now();
            let Ok(current) = shared.load().await else {
                return self.fetch_own().await;
            };
            if let Some((token, fetched_at)) = &current {
                let entry = Entry::new(Arc::clone(token), *fetched_at, margin);
                if entry.is_fresh(now) {
                    return Ok(entry);
                }
            }
            let fence = match shared.store.try_lock(&shared.key, shared.lease).await {
                Ok(Some(fence)) => fence,
                Ok(None) => {
                    // Another instance is refreshing: keep the old token while it is valid
                    // and look again soon; without one, wait for theirs.
                    if let Some((token, _)) = current.filter(|(t, _)| !t.is_expired_at(now)) {
                        let refresh_at = Some(super::later(now, shared.poll));
                        return Ok(Entry { token, refresh_at });
                    }
                    (self.settings.sleep)(shared.poll).await;
                    continue;
                }
                Err(_) => return self.fetch_own().await,
            };
            return self.refresh_holding(shared, fence).await;
        }
    }

    /// Holding the fleet's lock under `fence`: refresh, publish, release.
    #[cfg(feature = "shared-tokens")]
    async fn refresh_holding(
        &self,
        shared: &super::SharedTokens,
        fence: u64,
    ) -> Result<Entry, RefreshError> {
        let margin = self.settings.margin;
        let now = self.settings.clock.now();
        // Another instance may have published between our read and our lock.
        if let Ok(Some((token, fetched_at))) = shared.load().await {
            let entry = Entry::new(token, fetched_at, margin);
            if entry.is_fresh(now) {
                let _ = shared.store.unlock(&shared.key, fence).await;
                return Ok(entry);
            }
        }
        let fetched_at = self.settings.clock.now();
        match self.refresh().await {
            Ok(token) => {
                // Not published (the lease ran out, the store went away): the token is still
                // good for this instance; the next stale instance fetches its own.
                let now = self.settings.clock.now();
                let _ = shared.publish(fence, &token, fetched_at, now).await;
                Ok(Entry::new(Arc::new(token), fetched_at, margin))
            }
            Err(err) => {
                let _ = shared.store.unlock(&shared.key, fence).await;
                Err(err)
            }
        }
    }

    async fn refresh(&self) -> Result<Token, RefreshError> {
        let mut attempt = 1;
        loop {
            let mut err = match (self.refresher)().await {
                Ok(token) => return Ok(token),
                Err(err) => err,
            };
            err.attempts = attempt;
            if !err.is_transient() || attempt >= self.settings.max_attempts {
                return Err(err);
            }
            let wait = self
                .settings
                .backoff
                .wait(attempt, err.retry_after(), random_fraction());
            let Some(wait) = wait else {
                return Err(err);
            };
            (self.settings.sleep)(wait).await;
            attempt += 1;
        }
    }
}

impl<R> TokenCache<R> {
    /// The cached token if it has not expired (it may be within the refresh margin), without
    /// refreshing: to keep using a token while a refresh fails.
    pub fn cached(&self) -> Option<Arc<Token>> {
        let state = lock(&self.state);
        let now = self.settings.clock.now();
        state
            .entry
            .as_ref()
            .filter(|entry| !entry.token.is_expired_at(now))
            .map(|entry| Arc::clone(&entry.token))
    }

    /// Forgets the cached token, so the next [`get`](TokenCache::get) fetches a new one: call it
    /// when the API answers 401 to a token the cache still thought valid (it was revoked).
    pub fn invalidate(&self) {
        lock(&self.state).entry = None;
    }
}

impl<R> fmt::Debug for TokenCache<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("TokenCache")
            .field("token", &state.entry.as_ref().map(|entry| &entry.token))
            .field("refreshing", &state.refreshing)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl<R, Fut> TokenCacheBuilder<R>
where
    R: Fn() -> Fut,
    Fut: Future<Output = Result<Token, RefreshError>>,
{
    /// Where the cache reads the time ([`SystemClock`] unless set; a
    /// [`ManualClock`](super::ManualClock) in tests).
    #[must_use]
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.settings.clock = Box::new(clock);
        self
    }

    /// How the cache waits between retries: `tokio::time::sleep` under tokio,
    /// `async_std::task::sleep` under async-std, `|_| async {}` in tests to not wait at all.
    /// Unless set, the wait runs on a helper thread, which works under any runtime.
    #[must_use]
    pub fn sleep<S, F>(mut self, sleep: S) -> Self
    where
        S: Fn(Duration) -> F + Send + Sync + 'static,
        F: Future<Output = ()> + Send + 'static,
    {
        self.settings.sleep = Box::new(move |delay| Box::pin(sleep(delay)));
        self
    }

    /// How long before its expiry a token counts as stale (30 s unless set).
    #[must_use]
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.settings.margin = margin;
        self
    }

    /// How many times one refresh calls the refresher while it fails transiently (4 unless
    /// set; at least 1).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.settings.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry, doubled before each next one up to `max` (250 ms and
    /// 10 s unless set); each wait is drawn at random between half its value and its value.
    /// `max` is also the longest `Retry-After` the cache waits out before reporting the
    /// failure.
    #[must_use]
    pub fn backoff(mut self, first: Duration, max: Duration) -> Self {
        self.settings.backoff = Backoff {
            first,
            max: max.max(first),
        };
        self
    }

    /// Shares the token with every other cache given the same store, key and names: the
    /// instances of a fleet make one token request per lifetime between them (see
    /// [`SharedTokens`](super::SharedTokens) for the protocol and its guarantees). Set a
    /// sleep of your runtime too: waiting for another instance's refresh sleeps between
    /// looks.
    #[cfg(feature = "shared-tokens")]
    #[must_use]
    pub fn shared(mut self, shared: super::SharedTokens) -> Self {
        self.settings.shared = Some(shared);
        self
    }

    /// The cache, empty: the first [`get`](TokenCache::get) fetches the token.
    pub fn build(self) -> TokenCache<R> {
        TokenCache {
            refresher: self.refresher,
            settings: self.settings,
            state: Mutex::new(State::default()),
        }
    }
}

impl<R> fmt::Debug for TokenCacheBuilder<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCacheBuilder")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// The leader's hold on a refresh. Landing records the result and wakes the waiting callers;
/// dropped without landing (the leader's future was cancelled), it hands the refresh back.
struct Flight<'a> {
    state: &'a Mutex<State>,
    ticket: u64,
    landed: bool,
}

impl Flight<'_> {
    fn land(mut self, outcome: Result<Entry, RefreshError>, now: Timestamp) {
        let mut state = lock(self.state);
        state.refreshing = false;
        state.finished = self.ticket;
        match outcome {
            Ok(entry) => {
                state.entry = Some(entry);
                state.last_error = None;
                state.not_before = None;
            }
            Err(err) => {
                state.last_error = Some(err.clone());
                state.not_before = err.retry_after().map(|wait| super::later(now, wait));
            }
        }
        self.landed = true;
        wake_all(state);
    }
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        if !self.landed {
            let mut state = lock(self.state);
            state.refreshing = false;
            wake_all(state);
        }
    }
}

/// A caller waiting for refresh `ticket` to end (or be abandoned).
struct Follow<'a> {
    state: &'a Mutex<State>,
    ticket: u64,
    id: Option<u64>,
}

impl Future for Follow<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        let mut state = lock(this.state);
        if !(state.refreshing && state.started == this.ticket) {
            if let Some(id) = this.id.take() {
                state.waiters.retain(|(waiter, _)| *waiter != id);
            }
            return Poll::Ready(());
        }
        let id = match this.id {
            Some(id) => id,
            None => {
                state.next_waiter += 1;
                let id = state.next_waiter;
                this.id = Some(id);
                id
            }
        };
        match state.waiters.iter_mut().find(|(waiter, _)| *waiter == id) {
            Some((_, waker)) => waker.clone_from(cx.waker()),
            None => state.waiters.push((id, cx.waker().clone())),
        }
        Poll::Pending
    }
}

impl Drop for Follow<'_> {
    fn drop(&mut self) {
        if let Some(id) = self.id {
            lock(self.state).waiters.retain(|(waiter, _)| *waiter != id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_point_is_margin_or_half_life() {
        let fetched = Timestamp::from_unix_seconds(1_000);
        let margin = Duration::from_secs(30);
        // 3600 s token: stale 30 s before expiry.
        let long = Arc::new(Token::new("t", Some(fetched.add_seconds(3_600))));
        assert_eq!(
            Entry::new(long, fetched, margin).refresh_at,
            Some(fetched.add_seconds(3_570))
        );
        // 20 s token: stale at half its life, not at once.
        let short = Arc::new(Token::new("t", Some(fetched.add_seconds(20))));
        assert_eq!(
            Entry::new(short, fetched, margin).refresh_at,
            Some(fetched.add_seconds(10))
        );
        // No expiry: never stale; extreme instants do not overflow.
        assert_eq!(
            Entry::new(Arc::new(Token::new("t", None)), fetched, margin).refresh_at,
            None
        );
        let far = Arc::new(Token::new("t", Some(Timestamp::from_unix_micros(i64::MAX))));
        let at = Entry::new(far, Timestamp::from_unix_micros(i64::MIN), Duration::MAX);
        assert!(at.refresh_at.is_some());
    }
}
