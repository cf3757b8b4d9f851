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
        }
    }
}

impl std::error::Error for Error {}
