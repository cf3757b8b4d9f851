//! Every `MessageValue`: how each kind of field value enters the message. The value types
//! themselves (`Timestamp`, the digest algorithms) live in their own modules and know nothing of
//! messages.

use core::fmt::{self, Write as _};

use super::{append, MessageValue, Sink, ValueWriter};
use crate::digest::{DigestAlgorithm, DigestEncoding, Hasher};
use crate::time::{Formatted, Layout, TEXT_MAX};

/// A value written through its `Display` implementation (numbers are formatted on the stack).
pub struct Text<'a, T: ?Sized>(pub &'a T);

impl<T: fmt::Display + ?Sized> MessageValue for Text<'_, T> {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        // An `Err` here only means the writer recorded an ambiguity, which `write_value` reports.
        let _ = write!(out, "{}", self.0);
    }
}

/// A string value, written without going through `core::fmt`.
pub struct Str<'a, T: ?Sized>(pub &'a T);

impl<T: AsRef<str> + ?Sized> MessageValue for Str<'_, T> {
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        out.bytes(self.0.as_ref().as_bytes());
    }
}

/// An integer value, formatted on the stack without `core::fmt` (by `itoa`).
pub struct Int<T>(pub T);

macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl MessageValue for Int<$t> {
            #[cfg_attr(debug_assertions, inline)]
            #[cfg_attr(not(debug_assertions), inline(always))]
            fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
                out.number(itoa::Buffer::new().format(self.0).as_bytes());
            }
        }
        impl MessageValue for Int<&$t> {
            #[cfg_attr(debug_assertions, inline)]
            #[cfg_attr(not(debug_assertions), inline(always))]
            fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
                Int(*self.0).write_value(out);
            }
        }
    )*};
}
int_value!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);

/// A value written as raw bytes (request bodies).
pub struct Bytes<'a, T: ?Sized>(pub &'a T);

impl<T: AsRef<[u8]> + ?Sized> MessageValue for Bytes<'_, T> {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        out.bytes(self.0.as_ref());
    }
}

/// A value rendered by a user function `fn(&T, &mut String)` (`#[signed(with = "...")]`).
pub struct With<'a, T: ?Sized>(pub &'a T, pub fn(&T, &mut String));

impl<T: ?Sized> MessageValue for With<'_, T> {
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        let mut text = String::new();
        (self.1)(self.0, &mut text);
        out.bytes(text.as_bytes());
    }
}

impl MessageValue for Formatted<'_> {
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        // Every common case is laid out on the stack, without `core::fmt`.
        let mut buf = [0u8; TEXT_MAX];
        match self.layout(&mut buf) {
            Layout::Number(n) => out.number(itoa::Buffer::new().format(n).as_bytes()),
            Layout::Text(text) => out.bytes(text),
            Layout::Expanded => {
                let _ = write!(out, "{self}");
            }
        }
    }
}

/// A field's bytes, written as their digest.
pub struct Digest<'a, T: ?Sized>(pub &'a T, pub DigestAlgorithm, pub DigestEncoding);

impl<T: AsRef<[u8]> + ?Sized> MessageValue for Digest<'_, T> {
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        let mut hash = [0u8; 64];
        let len = self.1.hash_into(self.0.as_ref(), &mut hash);
        self.2.with_text(&hash[..len], |bytes| out.bytes(bytes));
    }
}

/// A hash in progress over part of a message: a template's digest group
/// (`{sha256(raw):{nonce}{post_data}}`) writes its pieces here, then the digest into the message.
#[doc(hidden)]
#[derive(Clone)]
pub struct DigestSink {
    hasher: Hasher,
    /// Pieces are gathered here and hashed a buffer at a time: a canonical request arrives in
    /// dozens of pieces of a few bytes, each of which would otherwise go through the hash's own
    /// block buffer on its own.
    buf: [u8; DIGEST_BUF],
    len: usize,
}

/// The bytes a [`DigestSink`] gathers before hashing them (four SHA-256 blocks, two SHA-512 ones).
const DIGEST_BUF: usize = 256;

impl DigestSink {
    /// An empty hash.
    pub fn new(algorithm: DigestAlgorithm) -> DigestSink {
        DigestSink {
            hasher: Hasher::new(algorithm),
            buf: [0; DIGEST_BUF],
            len: 0,
        }
    }

    /// Writes the digest into `out` in `encoding`. It is written as is, not escaped: it has a
    /// fixed length and alphabet, so it cannot make the message ambiguous.
    pub fn finish<S: Sink + ?Sized>(mut self, out: &mut S, encoding: DigestEncoding) {
        self.hasher.update(&self.buf[..self.len]);
        let mut hash = [0u8; 64];
        let len = self.hasher.finish_into(&mut hash);
        encoding.with_text(&hash[..len], |bytes| out.write(bytes));
    }

    /// The buffer is full: hash what it holds, then keep `bytes` (or hash them too, when they
    /// are longer than the buffer).
    #[cold]
    #[inline(never)]
    fn flush(&mut self, bytes: &[u8]) {
        self.hasher.update(&self.buf[..self.len]);
        self.len = 0;
        match append(&mut self.buf, 0, bytes) {
            Some(len) => self.len = len,
            None => self.hasher.update(bytes),
        }
    }
}

impl Sink for DigestSink {
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn write(&mut self, bytes: &[u8]) {
        match append(&mut self.buf, self.len, bytes) {
            Some(len) => self.len = len,
            None => self.flush(bytes),
        }
    }
}

/// A template's `{lowercase:{method}}` group: the value written through it reaches `out` with ASCII
/// capital letters made small (draft-cavage's `(request-target): post /inbox`).
///
/// Lowering alone would sign `GET` and `get` alike, so unless the escaping is `none` (the caller
/// vouches), a value that already holds a small ASCII letter is refused, and so is one whose
/// lowered form holds `stop`, the separator after the group: what goes in is capitals, one-to-one
/// with what comes out.
#[doc(hidden)]
pub struct LowercaseSink<'a, S: Sink + ?Sized> {
    out: &'a mut S,
    checked: bool,
    stop: Option<u8>,
    refused: Option<(char, bool)>,
}

impl<'a, S: Sink + ?Sized> LowercaseSink<'a, S> {
    /// Lowers into `out`; `escape` other than `none` checks the value, and `stop` is the
    /// separator after the group (ASCII, else ignored: only ASCII is lowered).
    pub fn new(out: &'a mut S, escape: crate::message::Escape, stop: Option<char>) -> Self {
        LowercaseSink {
            out,
            checked: escape != crate::message::Escape::None,
            stop: stop.filter(char::is_ascii).map(|c| c as u8),
            refused: None,
        }
    }

    /// Ends the group.
    ///
    /// # Errors
    /// [`crate::Error::NotCapitals`] naming `field` and the letter, when the value held a small
    /// letter; [`crate::Error::AmbiguousValue`] when, lowered, it held the separator after the
    /// group.
    pub fn finish(self, field: &'static str) -> Result<(), crate::Error> {
        match self.refused {
            None => Ok(()),
            Some((character, true)) => Err(crate::Error::NotCapitals { field, character }),
            Some((character, false)) => Err(crate::Error::AmbiguousValue { field, character }),
        }
    }
}

impl<S: Sink + ?Sized> Sink for LowercaseSink<'_, S> {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunk = [0u8; 64];
        for piece in bytes.chunks(chunk.len()) {
            for (to, &b) in chunk.iter_mut().zip(piece) {
                let lowered = b.to_ascii_lowercase();
                if self.checked && self.refused.is_none() {
                    if b.is_ascii_lowercase() {
                        self.refused = Some((char::from(b), true));
                    } else if Some(lowered) == self.stop {
                        self.refused = Some((char::from(b), false));
                    }
                }
                *to = lowered;
            }
            self.out.write(&chunk[..piece.len()]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{write_value, Escape};

    #[test]
    fn sha256_of_empty_body() {
        // printf '' | sha256sum  -> e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
        // printf '' | openssl dgst -sha256 -binary | base64 -> 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=
        let mut out = Vec::new();
        write_value(
            &mut out,
            Escape::Strict,
            None,
            "b",
            &Digest("", DigestAlgorithm::Sha256, DigestEncoding::Hex),
        )
        .unwrap();
        assert_eq!(
            out,
            b"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        out.clear();
        write_value(
            &mut out,
            Escape::None,
            None,
            "b",
            &Digest("", DigestAlgorithm::Sha256, DigestEncoding::Base64),
        )
        .unwrap();
        assert_eq!(out, b"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    }

    #[test]
    fn gathering_pieces_does_not_change_the_digest() {
        use sha2::Digest as _;
        let message: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        for len in [0, 1, 255, 256, 257, 1000] {
            let expected = hex::encode(sha2::Sha512::digest(&message[..len]));
            for piece in [1, 3, 9, 16, 17, 100, 255, 256, 257, 600] {
                let mut sink = DigestSink::new(DigestAlgorithm::Sha512);
                for chunk in message[..len].chunks(piece) {
                    sink.write(chunk);
                }
                let mut out = Vec::new();
                sink.finish(&mut out, DigestEncoding::Hex);
                assert_eq!(out, expected.as_bytes(), "{len} bytes in pieces of {piece}");
            }
        }
    }

    #[test]
    fn digest_sink_hashes_pieces() {
        // printf 'abc' | openssl dgst -sha384 -binary | base64
        // ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn
        let mut sink = DigestSink::new(DigestAlgorithm::Sha384);
        sink.write(b"a");
        sink.write(b"bc");
        let mut out = b"x".to_vec();
        sink.finish(&mut out, DigestEncoding::Base64);
        assert_eq!(
            out,
            b"xywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }

    #[test]
    fn lowercase_sink_lowers_capitals_and_refuses_the_rest() {
        use crate::message::Escape;
        let lower = |value: &str, escape: Escape, stop: Option<char>| {
            let mut out = b"(request-target): ".to_vec();
            let mut sink = LowercaseSink::new(&mut out, escape, stop);
            sink.write(value.as_bytes());
            sink.finish("method")
                .map(|()| String::from_utf8(out).unwrap())
        };
        assert_eq!(
            lower("POST", Escape::Strict, Some(' ')).unwrap(),
            "(request-target): post"
        );
        // `GET` and `get` would sign alike: a small letter is refused, naming it.
        assert_eq!(
            lower("get", Escape::Strict, Some(' ')),
            Err(crate::Error::NotCapitals {
                field: "method",
                character: 'g'
            })
        );
        // The separator after the group, once lowered: `X` would be written `x`.
        let ambiguous = |character| {
            Err(crate::Error::AmbiguousValue {
                field: "method",
                character,
            })
        };
        assert_eq!(lower("AXB", Escape::Rfc3986, Some('x')), ambiguous('X'));
        assert_eq!(lower("A B", Escape::Strict, Some(' ')), ambiguous(' '));
        // Under `none` the caller vouches.
        assert_eq!(
            lower("Get", Escape::None, None).unwrap(),
            "(request-target): get"
        );
        // Longer than one chunk.
        let long = "A".repeat(150);
        assert_eq!(
            lower(&long, Escape::Strict, None).unwrap().len(),
            "(request-target): ".len() + 150
        );
    }
}
