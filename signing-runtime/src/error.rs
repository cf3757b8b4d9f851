//! The one error type of the library.
//!
//! Every variant names what was wrong (a field, an environment variable, a file, the format that
//! was expected) and none ever carries key material: messages are safe to log.

use core::fmt;
use std::path::PathBuf;

use crate::encoding::{Encoding, KeyEncoding};

/// Everything that can go wrong while building, signing or verifying a request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Under `escape = "strict"`, a value contains the separator that follows it in the message,
    /// so two different requests could produce the same message (and the same signature).
    AmbiguousValue {
        /// The Rust name of the field.
        field: &'static str,
        /// The separator character found in the value.
        character: char,
    },
    /// The environment variable that holds the key is not set.
    MissingEnv {
        /// Name of the variable.
        var: String,
    },
    /// The environment variable that holds the key is set but is not valid UTF-8.
    EnvNotUnicode {
        /// Name of the variable.
        var: String,
    },
    /// The key file could not be read.
    KeyFile {
        /// Path of the file.
        path: PathBuf,
        /// What the operating system said.
        kind: std::io::ErrorKind,
    },
    /// The key text is not in the declared `key_encoding`.
    KeyEncoding {
        /// Where the key came from (`env var CIRCLE_SECRET`, `file /etc/key`, `inline`).
        origin: String,
        /// The encoding that was expected.
        expected: KeyEncoding,
        /// What is wrong with the text (never the text itself).
        reason: String,
    },
    /// The key is empty (after trimming, when `trim_key` is set).
    EmptyKey {
        /// Where the key came from.
        origin: String,
    },
    /// `strict_keys` is set and the key is shorter than the MAC's output.
    WeakKey {
        /// Where the key came from.
        origin: String,
        /// Length of the key, in bytes.
        len: usize,
        /// The minimum length, in bytes.
        min: usize,
    },
    /// The signature given to `verify` is not text in the declared encoding.
    MalformedSignature {
        /// The encoding that was expected.
        expected: Encoding,
    },
    /// The signature is well formed but does not match the message and key.
    SignatureMismatch,
    /// A base URL could not be combined with the request.
    InvalidUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// A header name or value cannot be sent.
    InvalidHeader {
        /// The header's name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A JSON Web Token could not be made or checked.
    Jwt {
        /// What went wrong.
        reason: String,
    },
    /// The token endpoint refused to issue a token: a non-2xx HTTP status, or a body that
    /// reports an error (a non-zero `code`, an OAuth2 `error`). Provider text is cut to 200
    /// characters; a token never appears here.
    TokenResponse {
        /// The HTTP status, when the answer came through [`Token::from_json`](crate::token::Token::from_json).
        status: Option<u16>,
        /// The provider's own error code (`"40001"`, `"invalid_client"`), when it gave one.
        code: Option<String>,
        /// The provider's explanation (`msg`, `error_description`, or the start of a non-JSON body).
        message: String,
    },
    /// A successful token response is not the JSON shape that was expected (not JSON, cut short,
    /// a field missing or of the wrong type). The reason never quotes the body.
    TokenBody {
        /// What is wrong, with the line and column.
        reason: String,
    },
    /// A [`TokenCache`](crate::token::TokenCache) could not refresh its token.
    TokenRefresh {
        /// Whether the last failure was transient (timeout, connection, 5xx), so the retries ran out.
        transient: bool,
        /// How many times the refresher was called.
        attempts: u32,
        /// What the refresher's error said.
        reason: String,
    },
    /// The request's timestamp is further from the verifier's clock than the allowed skew.
    StaleTimestamp {
        /// How far the request's time is from the verifier's, in seconds (negative: in the future).
        age_seconds: i64,
        /// The allowed distance, in seconds.
        max_skew_seconds: i64,
    },
    /// This signed request was already accepted once within its validity window.
    Replayed,
    /// The replay guard holds as many live entries as its capacity allows; the request is
    /// refused rather than accepted unchecked.
    ReplayStoreFull {
        /// The store's capacity.
        capacity: usize,
    },
    /// A timestamp in an incoming request is not in the declared format.
    InvalidTimestamp {
        /// The format that was expected.
        expected: crate::time::TimestampFormat,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::AmbiguousValue { field, character } => write!(
                f,
                "field `{field}` contains {character:?}, the separator that follows it in the message; \
                 the message would be ambiguous (use escape = \"rfc3986\" or \"form\" to encode it)"
            ),
            Error::MissingEnv { var } => write!(f, "environment variable `{var}` (the signing key) is not set"),
            Error::EnvNotUnicode { var } => {
                write!(f, "environment variable `{var}` (the signing key) is not valid UTF-8")
            }
            Error::KeyFile { path, kind } => {
                write!(f, "cannot read key file `{}`: {kind}", path.display())
            }
            Error::KeyEncoding { origin, expected, reason } => write!(
                f,
                "key from {origin} is not {expected}: {reason}"
            ),
            Error::EmptyKey { origin } => write!(f, "key from {origin} is empty"),
            Error::WeakKey { origin, len, min } => write!(
                f,
                "key from {origin} is {len} bytes, shorter than the {min} bytes strict_keys requires"
            ),
            Error::MalformedSignature { expected } => {
                write!(f, "signature is not {expected} text")
            }
            Error::SignatureMismatch => f.write_str("signature does not match the message"),
            Error::InvalidUrl { reason } => write!(f, "invalid URL: {reason}"),
            Error::InvalidHeader { name, reason } => write!(f, "invalid header `{name}`: {reason}"),
            Error::Jwt { reason } => write!(f, "JWT: {reason}"),
            Error::TokenResponse { status, code, message } => {
                f.write_str("token endpoint refused the request")?;
                match (status, code) {
                    (Some(status), Some(code)) => write!(f, " (HTTP {status}, code `{code}`)")?,
                    (Some(status), None) => write!(f, " (HTTP {status})")?,
                    (None, Some(code)) => write!(f, " (code `{code}`)")?,
                    (None, None) => {}
                }
                if message.is_empty() {
                    Ok(())
                } else {
                    write!(f, ": {message}")
                }
            }
            Error::TokenBody { reason } => {
                write!(f, "token response is not the expected JSON: {reason}")
            }
            Error::TokenRefresh { transient, attempts, reason } => write!(
                f,
                "token refresh failed after {attempts} attempt{} ({}): {reason}",
                if *attempts == 1 { "" } else { "s" },
                if *transient { "transient failure, retries used up" } else { "permanent failure, not retried" }
            ),
            Error::StaleTimestamp { age_seconds, max_skew_seconds } => write!(
                f,
                "request timestamp is {age_seconds} s from the verifier's clock; at most {max_skew_seconds} s is allowed"
            ),
            Error::Replayed => f.write_str("this signed request was already used"),
            Error::ReplayStoreFull { capacity } => {
                write!(f, "replay guard is full ({capacity} live entries); request refused")
            }
            Error::InvalidTimestamp { expected } => write!(f, "timestamp is not in the {expected} format"),
        }
    }
}

impl std::error::Error for Error {}
