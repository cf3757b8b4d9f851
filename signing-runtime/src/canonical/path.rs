//! The path of a request as a signature covers it.
//!
//! The input is the path's text as the request means it (`/photos/my cat.jpg`, an object key with
//! `/` inside it), not yet percent-encoded. [`write_sent_path`] writes it as it goes into the
//! URL: every byte but RFC 3986's unreserved ones and `/` becomes `%XX` (uppercase hex).
//! [`CanonicalPath`] writes the form that is signed, from two independent settings:
//!
//! - [`PathEncoding`]: encoded once (the path as sent; S3 and most schemes) or twice (the path
//!   as sent, encoded again so that `%` becomes `%25`; AWS services other than S3);
//! - `normalize`: whether `.` and `..` segments are resolved and empty segments (`//`) dropped
//!   (RFC 3986 §5.2.4) before encoding; S3 signs the path exactly as sent.
//!
//! An empty path is written `/`, and a path that does not start with `/` gets one.
//!
//! Injective: without normalization the canonical path is a function of the path that is
//! one-to-one (percent-encoding leaves only unreserved bytes and `/`, and `%` itself is encoded),
//! so two different paths never sign the same. Normalization maps paths that a server resolves to
//! the same resource (`/a/./b` and `/a/b`) to one form on purpose: they *are* the same request.

use crate::canonical::encode::write_path_encoded;
use crate::canonical::list::List;
use crate::message::Sink;

/// How many times a canonical path is percent-encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum PathEncoding {
    /// Each byte but unreserved ones and `/` encoded once: the path as sent (`"once"`).
    #[default]
    Once,
    /// The path as sent, encoded again: `%` becomes `%25` (`"twice"`).
    Twice,
}

impl PathEncoding {
    /// Every spelling, as a declaration writes it.
    pub const ALL: &'static [(&'static str, PathEncoding)] =
        &[("once", PathEncoding::Once), ("twice", PathEncoding::Twice)];

    /// The attribute value that names this mode.
    pub const fn name(self) -> &'static str {
        match self {
            PathEncoding::Once => "once",
            PathEncoding::Twice => "twice",
        }
    }
}

/// How a path is written in the signed message: its encoding, and whether it is normalized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CanonicalPath {
    /// Encoded once or twice.
    pub encoding: PathEncoding,
    /// `.`, `..` and empty segments resolved first (RFC 3986 §5.2.4).
    pub normalize: bool,
}

impl CanonicalPath {
    /// The path rule with these settings.
    pub const fn new(encoding: PathEncoding, normalize: bool) -> CanonicalPath {
        CanonicalPath {
            encoding,
            normalize,
        }
    }

    /// Writes the canonical form of `path` (text not yet percent-encoded) into `out`.
    pub fn write<S: Sink + ?Sized>(&self, out: &mut S, path: &str) {
        let twice = self.encoding == PathEncoding::Twice;
        if !self.normalize || !needs_normalizing(path) {
            if !path.starts_with('/') {
                out.write(b"/");
            }
            write_path_encoded(out, path.as_bytes(), twice);
            return;
        }
        let kept = remove_dot_segments(path);
        out.write(b"/");
        for (i, segment) in kept.as_slice().iter().enumerate() {
            if i > 0 {
                out.write(b"/");
            }
            write_path_encoded(out, segment.as_bytes(), twice);
        }
        if !kept.as_slice().is_empty() && ends_in_directory(path) {
            out.write(b"/");
        }
    }
}

/// Writes `path` as it goes into a URL: RFC 3986 unreserved bytes and `/` as they are, every
/// other byte `%XX`; an empty path is `/`.
pub fn write_sent_path<S: Sink + ?Sized>(out: &mut S, path: &str) {
    if !path.starts_with('/') {
        out.write(b"/");
    }
    write_path_encoded(out, path.as_bytes(), false);
}

/// Whether normalizing can change `path` (it has a `.` or an empty segment).
fn needs_normalizing(path: &str) -> bool {
    path.contains('.') || path.contains("//")
}

/// The segments that remain once `.`, `..` and empty segments are resolved, in order.
fn remove_dot_segments(path: &str) -> List<&str, 32> {
    let mut kept = List::new("");
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                kept.pop();
            }
            other => kept.push(other),
        }
    }
    kept
}

/// Whether the normalized path keeps a trailing `/` (RFC 3986 §5.2.4 2.B, 2.C).
fn ends_in_directory(path: &str) -> bool {
    ["/", "/.", "/.."].iter().any(|end| path.ends_with(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(path: &str, encoding: PathEncoding, normalize: bool) -> String {
        let mut out = Vec::new();
        CanonicalPath::new(encoding, normalize).write(&mut out, path);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_suite_paths() {
        // ../shared/vectors/aws-sigv4-suite: request.txt's path, and the second line of
        // header-canonical-request.txt of the *-normalized and *-unnormalized cases.
        let cases = [
            ("/example/..", "/", "/example/.."),
            ("/example1/example2/../..", "/", "/example1/example2/../.."),
            ("/./", "/", "/./"),
            ("//", "/", "//"),
            ("/./example", "/example", "/./example"),
            ("//example//", "/example/", "//example//"),
            ("/example space/", "/example%20space/", "/example%20space/"),
            ("/ሴ", "/%E1%88%B4", "/%E1%88%B4"),
            ("/", "/", "/"),
        ];
        for (path, normalized, unnormalized) in cases {
            assert_eq!(
                canonical(path, PathEncoding::Once, true),
                normalized,
                "{path}"
            );
            assert_eq!(
                canonical(path, PathEncoding::Once, false),
                unnormalized,
                "{path}"
            );
        }
    }

    #[test]
    fn normalization_as_rfc3986_removes_dot_segments() {
        // Expected values: smithy-rs aws-sigv4 1.6.4, uri_path_normalization.rs tests
        // (normalize_uri_path), which follow RFC 3986 §5.2.4 and drop empty segments.
        let cases = [
            ("", "/"),
            (".", "/"),
            ("..", "/"),
            ("./foo", "/foo"),
            ("../foo", "/foo"),
            ("foo", "/foo"),
            ("/foo/bar/.", "/foo/bar/"),
            ("/foo/./bar/./", "/foo/bar/"),
            ("/foo/bar/..", "/foo/"),
            ("/foo/bar/../", "/foo/"),
            ("/foo/../bar/../", "/"),
            ("/../foo", "/foo"),
            ("/a/b/c/./../../g", "/a/g"),
            ("mid/content=5/../6", "/mid/6"),
            ("//foo//", "/foo/"),
        ];
        for (path, expected) in cases {
            assert_eq!(
                canonical(path, PathEncoding::Once, true),
                expected,
                "{path:?}"
            );
        }
    }

    #[test]
    fn twice_encodes_the_sent_path_again() {
        // python3 -c "import urllib.parse as u;print(u.quote(u.quote('/my photo/ሴ%.jpg', safe='/-_.~'), safe='/-_.~'))"
        //   -> /my%2520photo/%25E1%2588%25B4%2525.jpg
        assert_eq!(
            canonical("/my photo/ሴ%.jpg", PathEncoding::Twice, false),
            "/my%2520photo/%25E1%2588%25B4%2525.jpg"
        );
        assert_eq!(
            canonical("/a/./my photo", PathEncoding::Twice, true),
            "/a/my%2520photo"
        );
        let mut sent = Vec::new();
        write_sent_path(&mut sent, "bucket/a key/x+y");
        // python3 -c "import urllib.parse as u;print(u.quote('/bucket/a key/x+y', safe='/-_.~'))"
        assert_eq!(sent, b"/bucket/a%20key/x%2By");
    }

    #[test]
    fn spellings_round_trip() {
        for (spelling, encoding) in PathEncoding::ALL {
            assert_eq!(encoding.name(), *spelling);
        }
    }
}
