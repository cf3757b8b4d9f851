//! Percent-encoding into a [`Sink`] without allocating, and comparison of two texts by their
//! encoded forms (the order canonical queries are sorted in), also without allocating.

use core::cmp::Ordering;

use crate::message::{Escape, Sink};

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// RFC 3986 §2.3 unreserved: `A-Z a-z 0-9 - . _ ~`.
#[inline]
pub(crate) fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// WHATWG `application/x-www-form-urlencoded`: alphanumerics and `* - . _` stay (space apart).
#[inline]
fn form_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_')
}

/// How one byte of a value is written under `escape`: as itself, or `%XX`, or (form) `+`.
#[derive(Clone, Copy)]
enum Out {
    Same(u8),
    Percent(u8),
}

#[inline]
fn classify(b: u8, escape: Escape) -> Out {
    match escape {
        Escape::Rfc3986 if !unreserved(b) => Out::Percent(b),
        Escape::Form if b == b' ' => Out::Same(b'+'),
        Escape::Form if !form_safe(b) => Out::Percent(b),
        _ => Out::Same(b),
    }
}

/// Writes `bytes` under `escape` (`strict` and `none` write them as they are: the caller checks).
pub(crate) fn write_escaped<S: Sink + ?Sized>(out: &mut S, bytes: &[u8], escape: Escape) {
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match classify(b, escape) {
            Out::Same(c) if c == b => continue,
            Out::Same(c) => {
                out.write(&bytes[start..i]);
                out.write(&[c]);
            }
            Out::Percent(c) => {
                out.write(&bytes[start..i]);
                out.write(&[b'%', HEX[usize::from(c >> 4)], HEX[usize::from(c & 15)]]);
            }
        }
        start = i + 1;
    }
    out.write(&bytes[start..]);
}

/// Writes a path: RFC 3986 unreserved bytes and `/` as they are, every other byte `%XX`
/// (uppercase hex); `twice` encodes the result once more, so `%` itself becomes `%25`
/// (a space is `%2520`).
pub(crate) fn write_path_encoded<S: Sink + ?Sized>(out: &mut S, bytes: &[u8], twice: bool) {
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if unreserved(b) || b == b'/' {
            continue;
        }
        out.write(&bytes[start..i]);
        let hex = [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]];
        if twice {
            out.write(b"%25");
        } else {
            out.write(b"%");
        }
        out.write(&hex);
        start = i + 1;
    }
    out.write(&bytes[start..]);
}

/// The bytes `escape` writes for `bytes`, one at a time.
struct Encoded<I> {
    bytes: I,
    escape: Escape,
    pending: [u8; 2],
    pending_len: u8,
}

impl<I: Iterator<Item = u8>> Iterator for Encoded<I> {
    type Item = u8;

    #[inline]
    fn next(&mut self) -> Option<u8> {
        if self.pending_len > 0 {
            let at = 2 - usize::from(self.pending_len);
            self.pending_len -= 1;
            return Some(self.pending[at]);
        }
        let b = self.bytes.next()?;
        Some(match classify(b, self.escape) {
            Out::Same(c) => c,
            Out::Percent(c) => {
                self.pending = [HEX[usize::from(c >> 4)], HEX[usize::from(c & 15)]];
                self.pending_len = 2;
                b'%'
            }
        })
    }
}

/// Compares `a` and `b` by the bytes `escape` writes for them (what a canonical query is sorted
/// by), lower-cased first when `lower` says so, without writing them anywhere.
pub(crate) fn cmp_encoded(a: &[u8], b: &[u8], escape: Escape, lower: bool) -> Ordering {
    fn encoded(
        bytes: &[u8],
        escape: Escape,
        lower: bool,
    ) -> Encoded<impl Iterator<Item = u8> + '_> {
        Encoded {
            bytes: bytes
                .iter()
                .map(move |&b| if lower { b.to_ascii_lowercase() } else { b }),
            escape,
            pending: [0; 2],
            pending_len: 0,
        }
    }
    if matches!(escape, Escape::Strict | Escape::None) && !lower {
        return a.cmp(b);
    }
    encoded(a, escape, lower).cmp(encoded(b, escape, lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(bytes: &str, escape: Escape) -> String {
        let mut out = Vec::new();
        write_escaped(&mut out, bytes.as_bytes(), escape);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_as_the_url_crates_do() {
        // RFC 3986 and WHATWG form encoding of the same text, by Python and node:
        // python3 -c "import urllib.parse as u;print(u.quote('a b/ሴ~*+=&', safe='-_.~'))"
        //   -> a%20b%2F%E1%88%B4~%2A%2B%3D%26
        // node -e "console.log(new URLSearchParams({x:'a b/ሴ~*+=&'}).toString())"
        //   -> x=a+b%2F%E1%88%B4%7E*%2B%3D%26
        let text = "a b/ሴ~*+=&";
        assert_eq!(
            escaped(text, Escape::Rfc3986),
            "a%20b%2F%E1%88%B4~%2A%2B%3D%26"
        );
        assert_eq!(escaped(text, Escape::Form), "a+b%2F%E1%88%B4%7E*%2B%3D%26");
        assert_eq!(escaped(text, Escape::None), text);
    }

    #[test]
    fn paths_keep_slashes_and_encode_twice_on_request() {
        // python3 -c "import urllib.parse as u;s=u.quote('/a b/ሴ%', safe='/-_.~');print(s, u.quote(s, safe='/-_.~'))"
        //   -> /a%20b/%E1%88%B4%25 /a%2520b/%25E1%2588%25B4%2525
        let mut once = Vec::new();
        write_path_encoded(&mut once, "/a b/ሴ%".as_bytes(), false);
        assert_eq!(once, b"/a%20b/%E1%88%B4%25");
        let mut twice = Vec::new();
        write_path_encoded(&mut twice, "/a b/ሴ%".as_bytes(), true);
        assert_eq!(twice, b"/a%2520b/%25E1%2588%25B4%2525");
    }

    #[test]
    fn compares_by_the_encoded_form() {
        for escape in [Escape::Rfc3986, Escape::Form, Escape::None] {
            let words = [
                "", "a", "a b", "a-b", "a~", "a{", "ሴ", "A", "%", "a+b", "a*", "ab",
            ];
            for x in words {
                for y in words {
                    assert_eq!(
                        cmp_encoded(x.as_bytes(), y.as_bytes(), escape, false),
                        escaped(x, escape).cmp(&escaped(y, escape)),
                        "{x:?} {y:?} {escape:?}"
                    );
                    assert_eq!(
                        cmp_encoded(x.as_bytes(), y.as_bytes(), escape, true),
                        escaped(&x.to_ascii_lowercase(), escape)
                            .cmp(&escaped(&y.to_ascii_lowercase(), escape)),
                        "{x:?} {y:?} {escape:?} lower-cased"
                    );
                }
            }
        }
    }
}
