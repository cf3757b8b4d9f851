//! Why a refresh failed: transient or permanent, and how long the provider asked to wait.

use core::fmt;
use core::time::Duration;
use std::sync::Arc;

use crate::error::Error;

/// Why a refresh failed, and whether it is worth retrying.
///
/// Build it in the refresher: [`RefreshError::transient`] for a timeout, a dropped connection or
/// a 5xx; [`RefreshError::permanent`] for a 4xx or bad credentials;
/// [`RefreshError::from_status`] to decide by HTTP status. An [`Error`] from
/// [`Token::from_json`](super::Token::from_json) converts with `?`, classified by its status. Clones share the cause.
///
/// A provider that answers 429 or 503 with `Retry-After` says when to come back: attach it with
/// [`with_retry_after`](RefreshError::with_retry_after) (read the header with
/// [`parse_retry_after`](super::parse_retry_after); `signing::client::fetch_token` does both),
/// and the cache waits at least that long before its next attempt.
#[derive(Clone)]
pub struct RefreshError {
    transient: bool,
    pub(super) attempts: u32,
    retry_after: Option<Duration>,
    cause: Arc<dyn std::error::Error + Send + Sync>,
}

impl RefreshError {
    /// A failure that may pass: a timeout, a dropped connection, a 5xx, a 429. Retried.
    pub fn transient(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> RefreshError {
        RefreshError::with(true, cause.into())
    }

    /// A failure that will not pass by retrying: a 4xx, bad credentials, a malformed answer.
    /// Reported at once.
    pub fn permanent(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> RefreshError {
        RefreshError::with(false, cause.into())
    }

    /// Transient for HTTP 408, 429 and 5xx; permanent otherwise.
    pub fn from_status(
        status: u16,
        cause: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> RefreshError {
        RefreshError::with(is_transient_status(status), cause.into())
    }

    fn with(transient: bool, cause: Box<dyn std::error::Error + Send + Sync>) -> RefreshError {
        RefreshError {
            transient,
            attempts: 1,
            retry_after: None,
            cause: Arc::from(cause),
        }
    }

    /// The same error, with the wait the provider asked for (its `Retry-After`): the cache
    /// makes no new attempt before it has passed.
    #[must_use]
    pub fn with_retry_after(mut self, wait: Duration) -> RefreshError {
        self.retry_after = Some(wait);
        self
    }

    /// The wait the provider asked for, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// Whether the failure is transient (so it was retried).
    pub fn is_transient(&self) -> bool {
        self.transient
    }

    /// How many times the refresher was called before the cache gave up (1 for a permanent
    /// failure).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The refresher's own error.
    pub fn cause(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.cause
    }

    /// The refresher's own error, if it is an `E` (a [`crate::Error`], a `reqwest::Error`).
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        self.cause.downcast_ref::<E>()
    }
}

pub(super) fn is_transient_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500..=599)
}

impl fmt::Debug for RefreshError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshError")
            .field("transient", &self.transient)
            .field("attempts", &self.attempts)
            .field("retry_after", &self.retry_after)
            .field("cause", &self.cause)
            .finish()
    }
}

impl fmt::Display for RefreshError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "token refresh failed after {} attempt{} ({}): {}",
            self.attempts,
            if self.attempts == 1 { "" } else { "s" },
            if self.transient {
                "transient"
            } else {
                "permanent"
            },
            self.cause
        )
    }
}

impl std::error::Error for RefreshError {
    /// The cause's own source: the cause's text is already in this error's `Display`.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.source()
    }
}

impl From<Error> for RefreshError {
    /// Transient for a refusal with HTTP status 408, 429 or 5xx (and for a transient
    /// [`Error::TokenRefresh`]); permanent otherwise.
    fn from(err: Error) -> RefreshError {
        let transient = match &err {
            Error::TokenResponse {
                status: Some(status),
                ..
            } => is_transient_status(*status),
            Error::TokenRefresh { transient, .. } => *transient,
            _ => false,
        };
        RefreshError::with(transient, Box::new(err))
    }
}

impl From<RefreshError> for Error {
    fn from(err: RefreshError) -> Error {
        Error::TokenRefresh {
            transient: err.transient,
            attempts: err.attempts,
            reason: err.cause.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_classes() {
        for status in [408, 429, 500, 502, 503, 599] {
            assert!(is_transient_status(status), "{status}");
        }
        for status in [200, 400, 401, 403, 404, 600] {
            assert!(!is_transient_status(status), "{status}");
        }
    }
}
