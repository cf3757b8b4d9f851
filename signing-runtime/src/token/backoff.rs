//! How long a [`TokenCache`](super::TokenCache) waits before it tries again: exponential
//! backoff with jitter, or the provider's `Retry-After`.
//!
//! Without jitter, every instance of a fleet whose refresh failed at the same moment (the
//! provider had a blip) retries at the same moments too, and hits it again all at once. Each
//! wait is therefore drawn at random from its upper half ("equal jitter": never less than half
//! the nominal delay, so the backoff still backs off). A `Retry-After` is the provider's own
//! word: the wait is at least that, plus up to a quarter of it at random.

use core::time::Duration;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::time::Timestamp;

/// The retry schedule: the first delay, doubled up to `max`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Backoff {
    pub(crate) first: Duration,
    pub(crate) max: Duration,
}

impl Backoff {
    /// The wait after failed attempt `attempt` (1 for the first), given the provider's
    /// `retry_after` if it sent one, and a random fraction in `[0, 1)`. `None` when the
    /// provider asks for a longer wait than `max`: the cache then reports the failure rather
    /// than hold its callers that long (or retry sooner than asked).
    pub(crate) fn wait(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        random: f64,
    ) -> Option<Duration> {
        if let Some(asked) = retry_after {
            if asked > self.max {
                return None;
            }
            return Some(asked + asked.mul_f64(random / 4.0));
        }
        let doublings = attempt.saturating_sub(1).min(31);
        let nominal = self.first.saturating_mul(1 << doublings).min(self.max);
        let half = nominal / 2;
        Some(half + (nominal - half).mul_f64(random))
    }
}

/// A random fraction in `[0, 1)` for jitter: SipHash under the process's random keys, over a
/// counter. Not for secrets; enough to spread a fleet's retries.
pub(crate) fn random_fraction() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let bits = RandomState::new().hash_one(n) >> 11;
    // 53 random bits over 2^53: exactly representable, strictly below 1.
    bits as f64 / (1u64 << 53) as f64
}

/// Reads an HTTP `Retry-After` header (RFC 9110, 10.2.3): a number of seconds, or an HTTP-date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`) counted from `now`. A date in the past is no wait;
/// anything else that is neither form is `None`.
///
/// ```
/// use std::time::Duration;
/// use signing_runtime::token::parse_retry_after;
/// use signing_runtime::Timestamp;
///
/// let now = Timestamp::from_unix_seconds(1_445_412_470);
/// assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
/// assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now), Some(Duration::from_secs(10)));
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now: Timestamp) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds: as long as it gets.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let at = at.duration_since(std::time::UNIX_EPOCH).ok()?;
    let at = i64::try_from(at.as_micros()).ok()?;
    let wait = at.saturating_sub(now.unix_micros());
    Some(Duration::from_micros(u64::try_from(wait).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn exponential_with_equal_jitter() {
        let backoff = Backoff {
            first: 250 * MS,
            max: 10_000 * MS,
        };
        // Lowest and highest draw at each attempt: [nominal / 2, nominal).
        for (attempt, nominal) in [
            (1, 250),
            (2, 500),
            (3, 1_000),
            (6, 8_000),
            (7, 10_000),
            (40, 10_000),
        ] {
            assert_eq!(
                backoff.wait(attempt, None, 0.0),
                Some(nominal / 2 * MS),
                "{attempt}"
            );
            let high = backoff.wait(attempt, None, 0.999_999).unwrap();
            assert!(
                high < nominal * MS && high > (nominal * MS).mul_f64(0.99),
                "{attempt}"
            );
        }
    }

    #[test]
    fn retry_after_is_a_minimum_and_a_ceiling() {
        let backoff = Backoff {
            first: 250 * MS,
            max: 10_000 * MS,
        };
        let asked = Some(Duration::from_secs(4));
        assert_eq!(backoff.wait(1, asked, 0.0), Some(Duration::from_secs(4)));
        assert_eq!(
            backoff.wait(1, asked, 0.5),
            Some(Duration::from_millis(4_500))
        );
        assert_eq!(
            backoff.wait(1, Some(Duration::from_secs(10)), 0.0),
            Some(Duration::from_secs(10))
        );
        assert_eq!(backoff.wait(1, Some(Duration::from_secs(11)), 0.0), None);
    }

    #[test]
    fn random_fractions_are_in_range_and_vary() {
        let draws: Vec<f64> = (0..1_000).map(|_| random_fraction()).collect();
        assert!(draws.iter().all(|f| (0.0..1.0).contains(f)));
        let mean = draws.iter().sum::<f64>() / 1_000.0;
        assert!((0.4..0.6).contains(&mean), "{mean}");
        let mut sorted = draws.clone();
        sorted.sort_by(f64::total_cmp);
        sorted.dedup();
        assert_eq!(sorted.len(), 1_000);
    }

    #[test]
    fn retry_after_forms() {
        // `date -u -d 'Wed, 21 Oct 2015 07:28:00 GMT' +%s` prints 1445412480.
        let date = "Wed, 21 Oct 2015 07:28:00 GMT";
        let before = Timestamp::from_unix_seconds(1_445_412_480 - 90);
        assert_eq!(
            parse_retry_after(date, before),
            Some(Duration::from_secs(90))
        );
        let after = Timestamp::from_unix_seconds(1_445_412_480 + 5);
        assert_eq!(parse_retry_after(date, after), Some(Duration::ZERO));
        // The two obsolete forms RFC 9110 still asks recipients to read.
        for obsolete in [
            "Wednesday, 21-Oct-15 07:28:00 GMT",
            "Wed Oct 21 07:28:00 2015",
        ] {
            assert_eq!(
                parse_retry_after(obsolete, before),
                Some(Duration::from_secs(90)),
                "{obsolete}"
            );
        }
        assert_eq!(parse_retry_after(" 0 ", before), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("99999999999999999999999", before),
            Some(Duration::from_secs(u64::MAX))
        );
        for bad in ["", "-1", "1.5", "tomorrow", "Wed, 21 Oct 2015 07:28:00"] {
            assert_eq!(parse_retry_after(bad, before), None, "{bad:?}");
        }
    }
}
