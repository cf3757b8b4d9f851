//! MAC keys: where they come from, and how they are kept out of sight.

use core::fmt;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::encoding::KeyEncoding;
use crate::error::Error;
use crate::mac::{MacAlgorithm, MacKey, MacState};

/// Where a secret came from; shown by `explain()` and in errors (never the secret itself).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyOrigin {
    /// Bytes handed to [`Secret::new`] or decoded from text by the caller.
    Inline,
    /// An environment variable.
    Env(String),
    /// A file.
    File {
        /// Path of the file.
        path: PathBuf,
        /// On Unix, whether the file's mode lets its group or others read it.
        readable_by_others: bool,
    },
}

impl fmt::Display for KeyOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyOrigin::Inline => f.write_str("inline bytes"),
            KeyOrigin::Env(var) => write!(f, "env var {var}"),
            KeyOrigin::File { path, .. } => write!(f, "file {}", path.display()),
        }
    }
}

/// A MAC key. Its bytes never reach `Debug`, `Display`, an error or a log, and are overwritten
/// with zeros when it is dropped.
///
/// A `Secret` also caches the HMAC key schedule for the first algorithm it is used with, so
/// signing many requests with one `Secret` hashes the key only once.
///
/// ```
/// use signing_runtime::Secret;
/// let key = Secret::new("It's a Secret to Everybody");
/// assert_eq!(key.len(), 26);
/// assert_eq!(format!("{key:?}"), "Secret { len: 26, origin: Inline, .. }");
/// ```
#[derive(Clone)]
pub struct Secret {
    key: MacKey,
    origin: KeyOrigin,
    /// The text had whitespace at either end that was kept (no `trim_key`): `explain()` says so.
    edge_whitespace: bool,
}

impl Secret {
    /// A secret made of these bytes (for text, its UTF-8 bytes).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Secret {
        Secret::with_origin(Zeroizing::new(bytes.into()), KeyOrigin::Inline, false)
    }

    fn with_origin(bytes: Zeroizing<Vec<u8>>, origin: KeyOrigin, edge_whitespace: bool) -> Secret {
        Secret {
            key: MacKey::new(bytes),
            origin,
            edge_whitespace,
        }
    }

    /// Decodes key text given by the caller.
    ///
    /// # Errors
    /// [`Error::KeyEncoding`] when the text is not in `encoding`; [`Error::EmptyKey`] when it is empty.
    pub fn decode(text: &str, encoding: KeyEncoding) -> Result<Secret, Error> {
        Secret::from_text(
            Zeroizing::new(text.to_owned()),
            encoding,
            false,
            KeyOrigin::Inline,
        )
    }

    /// A key given as standard base64 text (padding optional).
    ///
    /// # Errors
    /// [`Error::KeyEncoding`] when the text is not base64; [`Error::EmptyKey`] when it is empty.
    pub fn from_base64(text: &str) -> Result<Secret, Error> {
        Secret::decode(text, KeyEncoding::Base64)
    }

    /// A key given as hexadecimal text.
    ///
    /// # Errors
    /// [`Error::KeyEncoding`] when the text is not hex; [`Error::EmptyKey`] when it is empty.
    pub fn from_hex(text: &str) -> Result<Secret, Error> {
        Secret::decode(text, KeyEncoding::Hex)
    }

    /// The UTF-8 text of an environment variable, as is.
    ///
    /// # Errors
    /// [`Error::MissingEnv`], [`Error::EnvNotUnicode`], or [`Error::EmptyKey`].
    pub fn from_env(var: &str) -> Result<Secret, Error> {
        KeySource::Env(var).load(KeyEncoding::Utf8, false)
    }

    /// The bytes of a file, as is.
    ///
    /// # Errors
    /// [`Error::KeyFile`] when the file cannot be read; [`Error::EmptyKey`] when it is empty.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Secret, Error> {
        let path = path.as_ref();
        let bytes = Zeroizing::new(read_key_file(path)?);
        let origin = file_origin(path);
        if bytes.is_empty() {
            return Err(Error::EmptyKey {
                origin: origin.to_string(),
            });
        }
        Ok(Secret::with_origin(bytes, origin, false))
    }

    fn from_text(
        text: Zeroizing<String>,
        encoding: KeyEncoding,
        trim: bool,
        origin: KeyOrigin,
    ) -> Result<Secret, Error> {
        let trimmed = text.trim();
        let edge_whitespace = !trim && trimmed.len() != text.len();
        let text = if trim { trimmed } else { text.as_str() };
        if text.is_empty() {
            return Err(Error::EmptyKey {
                origin: origin.to_string(),
            });
        }
        let bytes = encoding.decode(text).map_err(|reason| Error::KeyEncoding {
            origin: origin.to_string(),
            expected: encoding,
            reason,
        })?;
        Ok(Secret::with_origin(
            Zeroizing::new(bytes),
            origin,
            edge_whitespace,
        ))
    }

    /// The key's bytes. Handle with care: this is the secret.
    pub fn expose(&self) -> &[u8] {
        self.key.bytes()
    }

    /// Length of the key in bytes.
    pub fn len(&self) -> usize {
        self.key.bytes().len()
    }

    /// Whether the key has no bytes (a `Secret` built by the loaders never is).
    pub fn is_empty(&self) -> bool {
        self.key.bytes().is_empty()
    }

    /// Where the key came from.
    pub fn origin(&self) -> &KeyOrigin {
        &self.origin
    }

    /// Whether the key text had whitespace at either end that was kept (it was loaded without
    /// `trim_key`). A pasted newline is the classic cause of "signature does not match".
    pub fn has_edge_whitespace(&self) -> bool {
        self.edge_whitespace
    }

    /// The key's bytes with its prepared HMAC schedule (cached on first use).
    #[inline]
    pub(crate) fn mac_key(&self) -> &MacKey {
        &self.key
    }

    /// The keyed MAC state for `algorithm`, cloned from the cached key schedule when there is one.
    pub(crate) fn mac(&self, algorithm: MacAlgorithm) -> MacState {
        self.mac_key().state(algorithm)
    }

    /// Runs `f` on the keyed MAC state for `algorithm` (the cached one when it is for
    /// `algorithm`).
    #[inline]
    pub(crate) fn with_mac<T>(&self, algorithm: MacAlgorithm, f: impl FnOnce(&MacState) -> T) -> T {
        self.mac_key().with_state(algorithm, f)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret")
            .field("len", &self.key.bytes().len())
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// Where `sign()` finds the key (`#[signed(key = env("..."))]` / `file("...")`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeySource<'a> {
    /// An environment variable.
    Env(&'a str),
    /// A file path.
    File(&'a str),
}

impl KeySource<'_> {
    /// Reads and decodes the key, trimming surrounding whitespace from the text when `trim` is set.
    ///
    /// # Errors
    /// [`Error::MissingEnv`], [`Error::EnvNotUnicode`], [`Error::KeyFile`],
    /// [`Error::KeyEncoding`] or [`Error::EmptyKey`], each naming the variable or file.
    pub fn load(self, encoding: KeyEncoding, trim: bool) -> Result<Secret, Error> {
        match self {
            KeySource::Env(var) => {
                let text = std::env::var_os(var)
                    .ok_or_else(|| Error::MissingEnv {
                        var: var.to_owned(),
                    })?
                    .into_string()
                    .map_err(|raw| {
                        drop(Zeroizing::new(raw.into_encoded_bytes()));
                        Error::EnvNotUnicode {
                            var: var.to_owned(),
                        }
                    })?;
                Secret::from_text(
                    Zeroizing::new(text),
                    encoding,
                    trim,
                    KeyOrigin::Env(var.to_owned()),
                )
            }
            KeySource::File(path) => {
                let path = Path::new(path);
                let bytes = read_key_file(path)?;
                let origin = file_origin(path);
                let text = String::from_utf8(bytes).map_err(|e| {
                    drop(Zeroizing::new(e.into_bytes()));
                    Error::KeyEncoding {
                        origin: origin.to_string(),
                        expected: encoding,
                        reason: "the file is not UTF-8 text".to_owned(),
                    }
                })?;
                Secret::from_text(Zeroizing::new(text), encoding, trim, origin)
            }
        }
    }
}

fn read_key_file(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::KeyFile {
        path: path.to_owned(),
        kind: e.kind(),
    })
}

fn file_origin(path: &Path) -> KeyOrigin {
    KeyOrigin::File {
        path: path.to_owned(),
        readable_by_others: readable_by_others(path),
    }
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o044 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("hunter2-hunter2");
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn missing_env_names_the_variable() {
        let err = Secret::from_env("SIGNING_TEST_SURELY_UNSET_VAR").unwrap_err();
        assert_eq!(
            err,
            Error::MissingEnv {
                var: "SIGNING_TEST_SURELY_UNSET_VAR".into()
            }
        );
        assert!(err.to_string().contains("SIGNING_TEST_SURELY_UNSET_VAR"));
    }

    #[test]
    fn unreadable_file_names_the_path() {
        let err = Secret::from_file("/nonexistent/signing/key").unwrap_err();
        assert!(matches!(
            err,
            Error::KeyFile {
                kind: std::io::ErrorKind::NotFound,
                ..
            }
        ));
        assert!(err.to_string().contains("/nonexistent/signing/key"));
    }

    #[test]
    fn trim_and_edge_whitespace() {
        let kept = Secret::from_text(
            Zeroizing::new(" k\n".into()),
            KeyEncoding::Utf8,
            false,
            KeyOrigin::Inline,
        )
        .unwrap();
        assert_eq!(kept.expose(), b" k\n");
        assert!(kept.has_edge_whitespace());
        let trimmed = Secret::from_text(
            Zeroizing::new(" k\n".into()),
            KeyEncoding::Utf8,
            true,
            KeyOrigin::Inline,
        )
        .unwrap();
        assert_eq!(trimmed.expose(), b"k");
        assert!(!trimmed.has_edge_whitespace());
        let empty = Secret::from_text(
            Zeroizing::new(" \n".into()),
            KeyEncoding::Utf8,
            true,
            KeyOrigin::Inline,
        );
        assert!(matches!(empty, Err(Error::EmptyKey { .. })));
    }

    #[test]
    fn malformed_base64_key_is_typed() {
        let err = Secret::from_base64("not base64!").unwrap_err();
        assert!(matches!(
            err,
            Error::KeyEncoding {
                expected: KeyEncoding::Base64,
                ..
            }
        ));
    }
}
