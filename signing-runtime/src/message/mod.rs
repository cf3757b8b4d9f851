//! Laying values out into a message: sinks, escaping, the query form and templates.
//!
//! A message is never built as a `String` on the way to the MAC: generated code writes each
//! piece straight into a [`Sink`], which is the MAC itself when signing, or a `Vec<u8>` when the
//! caller asks for the message.
//!
//! The writers generated code calls are `inline(always)` in optimized builds (without debug
//! assertions), so a declaration's separators, escape mode and stop characters become constants
//! in its own code; in debug builds they are only `inline`, which keeps the code made for each
//! declaration, and so its compile time, small.

use core::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

use crate::error::Error;

mod values;

pub use values::{Bytes, Digest, DigestSink, Float, Int, LowercaseSink, Str, Text, With};

/// Something that message bytes are written into: a buffer, or a MAC.
pub trait Sink {
    /// Appends `bytes`.
    fn write(&mut self, bytes: &[u8]);

    /// Appends `bytes` unless they hold `stop` (an ASCII byte), and says whether they did; a
    /// sink may append them anyway when they do (the caller then refuses the whole message).
    /// The stack buffer in front of a MAC looks for `stop` in the words it moves.
    #[inline]
    fn write_unless(&mut self, bytes: &[u8], stop: u8) -> bool {
        if contains_byte(bytes, stop) {
            return true;
        }
        self.write(bytes);
        false
    }

    /// Room for `max` bytes at the end of the sink's own buffer, when it has one with that much
    /// left: a value laid out there (a number, a timestamp) is not laid out on the stack and
    /// copied. Only the bytes then [`commit`](Sink::commit)ted may be written to it.
    #[inline]
    fn room(&mut self, max: usize) -> Option<&mut [u8]> {
        let _ = max;
        None
    }

    /// Appends the first `n` bytes written to [`room`](Sink::room).
    #[inline]
    fn commit(&mut self, n: usize) {
        let _ = n;
    }
}

impl Sink for Vec<u8> {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        (**self).write(bytes);
    }

    #[inline]
    fn write_unless(&mut self, bytes: &[u8], stop: u8) -> bool {
        (**self).write_unless(bytes, stop)
    }

    #[inline]
    fn room(&mut self, max: usize) -> Option<&mut [u8]> {
        (**self).room(max)
    }

    #[inline]
    fn commit(&mut self, n: usize) {
        (**self).commit(n);
    }
}

/// Copies `bytes` into `buf` at `at` when they fit, returning the new length. Message pieces
/// are mostly short (a separator, a name, a value): those are copied with two overlapping moves
/// of a word (or of half a word, or three single bytes) instead of a call to `memcpy`. The stack buffers in front of a MAC or a hash use it.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn append(buf: &mut [u8], at: usize, bytes: &[u8]) -> Option<usize> {
    append_scan(buf, at, bytes, None).map(|(len, _)| len)
}

/// [`append`], also telling whether `bytes` hold `needle`, looked for in the words moved (the
/// "has a zero byte" test of [`contains_byte`]). Every move stays within `at..at + len`.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn append_scan(
    buf: &mut [u8],
    at: usize,
    bytes: &[u8],
    needle: Option<u8>,
) -> Option<(usize, bool)> {
    let n = bytes.len();
    let room = buf.get_mut(at..at.checked_add(n)?)?;
    let pattern = needle.map_or(0, |b| ONES * u64::from(b));
    let found = match n {
        0 => false,
        1..=3 => {
            let (a, b, c) = (bytes[0], bytes[n / 2], bytes[n - 1]);
            room[0] = a;
            room[n / 2] = b;
            room[n - 1] = c;
            has_zero_byte(u64::from_le_bytes([a, b, c, a, a, a, a, a]) ^ pattern)
        }
        4..=7 => {
            let head = u32::from_le_bytes(first::<4>(bytes));
            let tail = u32::from_le_bytes(first::<4>(&bytes[n - 4..]));
            room[..4].copy_from_slice(&head.to_le_bytes());
            room[n - 4..].copy_from_slice(&tail.to_le_bytes());
            // Both halves of one word, each with its own four bytes.
            has_zero_byte((u64::from(head) | (u64::from(tail) << 32)) ^ pattern)
        }
        8..=16 => {
            let head = u64::from_le_bytes(first::<8>(bytes));
            let tail = u64::from_le_bytes(first::<8>(&bytes[n - 8..]));
            room[..8].copy_from_slice(&head.to_le_bytes());
            room[n - 8..].copy_from_slice(&tail.to_le_bytes());
            has_zero_byte(head ^ pattern) | has_zero_byte(tail ^ pattern)
        }
        _ => {
            room.copy_from_slice(bytes);
            needle.is_some_and(|b| contains_byte(bytes, b))
        }
    };
    Some((at + n, needle.is_some() && found))
}

/// The first `N` bytes of a slice the caller knows to be at least that long.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn first<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0; N];
    if let Some(head) = bytes.get(..N) {
        out.copy_from_slice(head);
    }
    out
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether some byte of `x` is zero (exact: the borrow of a zero byte only ever sets the high
/// bit of a byte that is itself zero or above one that is).
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn has_zero_byte(x: u64) -> bool {
    x.wrapping_sub(ONES) & !x & HIGHS != 0
}

/// How values enter the message (`#[signed(escape = "...")]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Escape {
    /// Values are written as they are, and a value that contains the separator following it is
    /// refused with [`Error::AmbiguousValue`] (`"strict"`, the default).
    #[default]
    Strict,
    /// RFC 3986 percent-encoding of everything but the unreserved `A-Z a-z 0-9 - . _ ~`.
    Rfc3986,
    /// `application/x-www-form-urlencoded`: space becomes `+`, `* - . _` and alphanumerics stay.
    Form,
    /// Values are written as they are, unchecked: the caller guarantees the message is unambiguous.
    None,
}

impl Escape {
    /// The attribute value that names this mode.
    pub const fn name(self) -> &'static str {
        match self {
            Escape::Strict => "strict",
            Escape::Rfc3986 => "rfc3986",
            Escape::Form => "form",
            Escape::None => "none",
        }
    }
}

/// RFC 3986 §2.3: everything but `ALPHA / DIGIT / "-" / "." / "_" / "~"` is encoded.
pub(crate) const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// WHATWG URL §5.2 application/x-www-form-urlencoded byte serializer (space handled apart).
pub(crate) const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// The bytes [`RFC3986`] leaves as they are.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn unreserved(b: u8) -> bool {
    KEPT[usize::from(b)] & KEPT_RFC3986 != 0
}

/// The bytes [`FORM`] leaves as they are.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn form_safe(b: u8) -> bool {
    KEPT[usize::from(b)] & KEPT_FORM != 0
}

/// For each byte, whether [`RFC3986`] ([`KEPT_RFC3986`]) and [`FORM`] ([`KEPT_FORM`]) leave it
/// as it is: one load a byte for the common case, a value that needs no encoding.
const KEPT: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~') {
            table[b] |= KEPT_RFC3986;
        }
        if c.is_ascii_alphanumeric() || matches!(c, b'*' | b'-' | b'.' | b'_') {
            table[b] |= KEPT_FORM;
        }
        b += 1;
    }
    table
};
const KEPT_RFC3986: u8 = 1;
const KEPT_FORM: u8 = 2;

/// Receives a value's text or bytes, escapes them, checks them under `strict`, and passes them on.
pub struct ValueWriter<'s, S: ?Sized> {
    sink: &'s mut S,
    escape: Escape,
    stop: Option<char>,
    /// The separator a `strict` value was found to contain: the one refusal a value can meet.
    /// Kept as a `char`, not an `Error`, so the hot path never moves an `Error` around (its
    /// size is that of its largest variant).
    ambiguous: Option<char>,
}

impl<S: Sink + ?Sized> ValueWriter<'_, S> {
    /// Writes a piece of the value.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn bytes(&mut self, bytes: &[u8]) {
        if self.ambiguous.is_some() {
            return;
        }
        match self.escape {
            Escape::Strict => match self.stop {
                Some(stop) if stop.is_ascii() => {
                    if self.sink.write_unless(bytes, stop as u8) {
                        self.ambiguous = Some(stop);
                    }
                }
                Some(stop) if contains_char(bytes, stop) => self.ambiguous = Some(stop),
                _ => self.sink.write(bytes),
            },
            Escape::None => self.sink.write(bytes),
            // Most values (numbers, identifiers) need no encoding at all: one scan, one write.
            Escape::Rfc3986 if bytes.iter().all(|&b| unreserved(b)) => self.sink.write(bytes),
            Escape::Form if bytes.iter().all(|&b| form_safe(b)) => self.sink.write(bytes),
            Escape::Rfc3986 | Escape::Form => self.percent_encoded(bytes),
        }
    }

    /// Writes a number's text (ASCII digits, `-` and `.`), which every escape mode leaves as it
    /// is and which can only contain a separator that is itself one of those.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn number(&mut self, digits: &[u8]) {
        match (self.escape, self.stop) {
            (Escape::Strict, Some(stop)) if may_hold(stop) => {
                self.bytes(digits);
            }
            _ if self.ambiguous.is_none() => self.sink.write(digits),
            _ => {}
        }
    }

    /// A number's text (ASCII digits, `-` and `.`) laid out by `lay` in at most `MAX` bytes (it
    /// returns how many it wrote): straight into the sink's buffer when it has room and there is
    /// nothing to check, else on the stack and written as [`number`](Self::number) does.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn number_with<const MAX: usize>(&mut self, lay: impl FnOnce(&mut [u8]) -> usize) {
        let checked = matches!(
            (self.escape, self.stop),
            (Escape::Strict, Some(stop)) if may_hold(stop)
        );
        let mut buf = [0u8; MAX];
        // One call of `lay`, into the room or onto the stack, so its code is made once.
        let room = match (checked || self.ambiguous.is_some(), &mut *self.sink) {
            (false, sink) => sink.room(MAX),
            (true, _) => None,
        };
        let in_room = room.is_some();
        let n = lay(room.unwrap_or(&mut buf));
        if in_room {
            self.sink.commit(n);
        } else {
            self.number(&buf[..n]);
        }
    }

    /// Text laid out by `lay` in `MAX` bytes (it returns how many it wrote, or `None` to have
    /// `fallback` write the value): straight into the sink's buffer when the escaping leaves
    /// text as it is (`strict`, `none`; the separator is still looked for under `strict`), else
    /// on the stack and written as [`bytes`](Self::bytes) does.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn text_with<const MAX: usize>(
        &mut self,
        lay: impl FnOnce(&mut [u8; MAX]) -> Option<usize>,
        fallback: impl FnOnce(&mut Self),
    ) {
        if self.ambiguous.is_some() {
            return;
        }
        if matches!(self.escape, Escape::Strict | Escape::None) {
            if let Some(room) = self.sink.room(MAX) {
                let Ok(room) = <&mut [u8; MAX]>::try_from(room) else {
                    return fallback(self);
                };
                let Some(n) = lay(room) else {
                    return fallback(self);
                };
                let refused = match (self.escape, self.stop) {
                    (Escape::Strict, Some(stop)) => contains_char(&room[..n], stop),
                    _ => false,
                };
                // A refused value is appended all the same: the message is refused with it.
                self.sink.commit(n);
                if refused {
                    self.ambiguous = self.stop;
                }
                return;
            }
        }
        let mut buf = [0u8; MAX];
        match lay(&mut buf) {
            Some(n) => self.bytes(&buf[..n]),
            None => fallback(self),
        }
    }

    /// The percent-encoding modes, out of the way of the common (raw) case.
    #[inline(never)]
    fn percent_encoded(&mut self, bytes: &[u8]) {
        match self.escape {
            Escape::Rfc3986 => {
                for chunk in percent_encoding::percent_encode(bytes, RFC3986) {
                    self.sink.write(chunk.as_bytes());
                }
            }
            _ => {
                for (i, part) in bytes.split(|&b| b == b' ').enumerate() {
                    if i > 0 {
                        self.sink.write(b"+");
                    }
                    for chunk in percent_encoding::percent_encode(part, FORM) {
                        self.sink.write(chunk.as_bytes());
                    }
                }
            }
        }
    }
}

impl<S: Sink + ?Sized> fmt::Write for ValueWriter<'_, S> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.bytes(s.as_bytes());
        if self.ambiguous.is_some() {
            Err(fmt::Error)
        } else {
            Ok(())
        }
    }
}

/// Whether a number's text (ASCII digits, `-`, `.`) may hold `stop`.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn may_hold(stop: char) -> bool {
    stop.is_ascii_digit() || stop == '-' || stop == '.'
}

/// Whether `haystack` holds `needle`, eight bytes at a time (the "has a zero byte" test on the
/// word XORed with the needle in every byte), inline: values are short, and a call to `memchr`
/// costs more than the scan for them, by an amount that depends on the value's address
/// (callgrind, benches/callgrind.sh).
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn contains_byte(haystack: &[u8], needle: u8) -> bool {
    let pattern = ONES * u64::from(needle);
    let mut chunks = haystack.chunks_exact(8);
    for chunk in &mut chunks {
        // Some byte of the word XORed with the pattern is zero: some byte is `needle`.
        if has_zero_byte(u64::from_le_bytes(first::<8>(chunk)) ^ pattern) {
            return true;
        }
    }
    chunks.remainder().contains(&needle)
}

#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn contains_char(haystack: &[u8], needle: char) -> bool {
    if needle.is_ascii() {
        return contains_byte(haystack, needle as u8);
    }
    let mut buf = [0u8; 4];
    let needle = needle.encode_utf8(&mut buf).as_bytes();
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A field value as it enters the message. Implemented by the wrappers generated code uses, all
/// in this module ([`Text`], [`Str`], [`Int`], [`Float`], [`Bytes`], [`With`], [`Digest`], and `time`'s [`Formatted`](crate::time::Formatted)).
pub trait MessageValue {
    /// Writes the value.
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>);
}

impl<T: MessageValue + ?Sized> MessageValue for &T {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        (**self).write_value(out);
    }
}

/// Writes one value into `out`.
///
/// `stop` is the separator that follows the value in the message; under [`Escape::Strict`] a
/// value containing it is refused.
///
/// # Errors
/// [`Error::AmbiguousValue`] naming `field`, under [`Escape::Strict`] only.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn write_value<S: Sink + ?Sized, V: MessageValue + ?Sized>(
    out: &mut S,
    escape: Escape,
    stop: Option<char>,
    field: &'static str,
    value: &V,
) -> Result<(), Error> {
    match refusal(out, escape, stop, value) {
        None => Ok(()),
        Some(character) => Err(ambiguous(field, character)),
    }
}

/// Writes one value into `out`; the separator it holds, when `strict` refuses it.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn refusal<S: Sink + ?Sized, V: MessageValue + ?Sized>(
    out: &mut S,
    escape: Escape,
    stop: Option<char>,
    value: &V,
) -> Option<char> {
    let mut w = ValueWriter {
        sink: out,
        escape,
        stop,
        ambiguous: None,
    };
    value.write_value(&mut w);
    w.ambiguous
}

/// Writes one `strict` field of a generated message into `out`: the constant text before it
/// (`head`, possibly empty), then its value as [`write_value`] writes it, but the first value
/// refused is kept in `refused` (its field and the separator it holds; [`refused`] makes the
/// error) instead of returned: the fields after it are still written (a message that failed is
/// discarded), so the generated `write_message` has no early return per field. Checking those
/// (`?`) was most of what rustc did for each declaration (benches/compile_time.sh). Other
/// escapes refuse nothing: their fields are written with [`write_unrefused`].
#[doc(hidden)]
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn message_field<S: Sink + ?Sized, V: MessageValue + ?Sized>(
    out: &mut S,
    refused: &mut Option<(&'static str, char)>,
    head: &[u8],
    escape: Escape,
    stop: Option<char>,
    field: &'static str,
    value: &V,
) {
    if !head.is_empty() {
        out.write(head);
    }
    // Not an `Error`: the hot path never moves one around (as `ValueWriter::ambiguous`).
    if let Some(character) = refusal(out, escape, stop, value) {
        if refused.is_none() {
            *refused = Some((field, character));
        }
    }
}

/// The result of a generated message whose fields were written by [`message_field`].
///
/// # Errors
/// [`Error::AmbiguousValue`] for the first value refused.
#[doc(hidden)]
#[inline]
pub fn refused(refused: Option<(&'static str, char)>) -> Result<(), Error> {
    match refused {
        None => Ok(()),
        Some((field, character)) => Err(ambiguous(field, character)),
    }
}

/// Writes one value that nothing can refuse: a URL query value, a header value, or a message
/// value under any escape but `strict` (the only one that refuses). No `Result`, so nothing is
/// left to drop, and generated code has nothing to check.
#[doc(hidden)]
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn write_unrefused<S: Sink + ?Sized, V: MessageValue + ?Sized>(
    out: &mut S,
    escape: Escape,
    value: &V,
) {
    let mut w = ValueWriter {
        sink: out,
        escape,
        stop: None,
        ambiguous: None,
    };
    value.write_value(&mut w);
}

/// The error of a `strict` value that contains the separator after it (out of line: rare).
#[cold]
#[inline(never)]
fn ambiguous(field: &'static str, character: char) -> Error {
    Error::AmbiguousValue { field, character }
}

/// The query form: `name=value` pairs joined by a separator (`&` and `=` by default).
#[derive(Debug, Clone)]
pub struct QueryForm {
    pair_separator: &'static str,
    kv_separator: &'static str,
    escape: Escape,
    stop: Option<char>,
    first: bool,
}

impl QueryForm {
    /// A query form with these separators and escaping.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn new(
        pair_separator: &'static str,
        kv_separator: &'static str,
        escape: Escape,
    ) -> QueryForm {
        QueryForm {
            pair_separator,
            kv_separator,
            escape,
            stop: pair_separator.chars().next(),
            first: true,
        }
    }

    /// Writes `name=value`, preceded by the pair separator unless it is the first pair.
    ///
    /// # Errors
    /// [`Error::AmbiguousValue`] when, under `strict`, the value contains the pair separator.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn pair<S: Sink + ?Sized, V: MessageValue + ?Sized>(
        &mut self,
        out: &mut S,
        name: &'static str,
        field: &'static str,
        value: &V,
    ) -> Result<(), Error> {
        if !self.first {
            out.write(self.pair_separator.as_bytes());
        }
        self.first = false;
        match self.escape {
            // Names are declared at compile time; under strict/none they are checked there.
            Escape::Strict | Escape::None => out.write(name.as_bytes()),
            _ => write_value(out, self.escape, None, field, &Str(name))?,
        }
        out.write(self.kv_separator.as_bytes());
        write_value(out, self.escape, self.stop, field, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_byte_is_contains() {
        // Every position in every length up to three words, every byte value as needle and as
        // neighbour (0x80 and 0x00 are the edge cases of the word test).
        for len in 0..24 {
            for at in 0..=len {
                for (needle, other) in [
                    (b'&', b'%'),
                    (0x00, 0x01),
                    (0x80, 0x7f),
                    (0xff, 0x00),
                    (0x01, 0x81),
                ] {
                    let mut hay = vec![other; len];
                    if at < len {
                        hay[at] = needle;
                    }
                    assert_eq!(
                        contains_byte(&hay, needle),
                        hay.contains(&needle),
                        "{len} {at} {needle}"
                    );
                }
            }
        }
    }

    #[test]
    fn kept_bytes_are_the_encode_sets_complement() {
        // The table against percent-encoding's own sets.
        for b in 0..=255u8 {
            let kept = |set| {
                percent_encoding::percent_encode(&[b], set).to_string() == char::from(b).to_string()
            };
            assert_eq!(unreserved(b), b.is_ascii() && kept(RFC3986), "{b}");
            assert_eq!(form_safe(b), b.is_ascii() && kept(FORM), "{b}");
        }
    }

    #[test]
    fn append_scan_copies_and_finds() {
        // Every length through the word, half-word, byte and long paths, the needle at every
        // position or nowhere, near the buffer's end or not, and buffers too small.
        for len in 0..80 {
            for at in [None].into_iter().chain((0..len).map(Some)) {
                for (needle, other) in [(b'&', b'%'), (0x00, 0x01), (0x80, 0x7f), (0x01, 0x81)] {
                    let mut bytes: Vec<u8> = (0..len).map(|i| other ^ (i as u8 & 0x30)).collect();
                    if let Some(at) = at {
                        bytes[at] = needle;
                    }
                    let found = bytes.contains(&needle);
                    for (start, size) in [(0, 128), (3, 128), (128 - len - 1, 128), (5, len + 5)] {
                        let mut buf = vec![0xee; size];
                        let got = append_scan(&mut buf, start, &bytes, Some(needle));
                        assert_eq!(got, Some((start + len, found)), "{len} {at:?} {needle}");
                        assert_eq!(&buf[start..start + len], &bytes[..]);
                        assert!(buf[..start]
                            .iter()
                            .chain(&buf[start + len..])
                            .all(|&b| b == 0xee));
                        let mut plain = vec![0xee; size];
                        assert_eq!(append(&mut plain, start, &bytes), Some(start + len));
                        assert_eq!(plain, buf);
                    }
                    let mut small = vec![0; len + 2];
                    assert_eq!(append_scan(&mut small, 3, &bytes, Some(needle)), None);
                }
            }
        }
    }

    fn render<V: MessageValue>(escape: Escape, stop: Option<char>, v: V) -> Result<String, Error> {
        let mut out = Vec::new();
        write_value(&mut out, escape, stop, "f", &v)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn strict_refuses_the_following_separator() {
        assert_eq!(
            render(Escape::Strict, Some('&'), Text("a=b")).unwrap(),
            "a=b"
        );
        assert_eq!(
            render(Escape::Strict, Some('&'), Text("a&b")),
            Err(Error::AmbiguousValue {
                field: "f",
                character: '&'
            })
        );
        assert_eq!(render(Escape::None, Some('&'), Text("a&b")).unwrap(), "a&b");
        assert_eq!(
            render(Escape::Strict, Some('→'), Text("x→y")),
            Err(Error::AmbiguousValue {
                field: "f",
                character: '→'
            })
        );
    }

    #[test]
    fn percent_encodings() {
        // python3 -c "from urllib.parse import quote; print(quote('a b+c/~é*', safe='~'))"
        // a%20b%2Bc%2F~%C3%A9%2A
        // (WHATWG form encoding; Python's quote_plus keeps `~`, so node is the reference here)
        // node -e 'console.log(new URLSearchParams({v:"a b+c/~é*"}).toString())'
        // v=a+b%2Bc%2F%7E%C3%A9*
        assert_eq!(
            render(Escape::Rfc3986, None, Text("a b+c/~é*")).unwrap(),
            "a%20b%2Bc%2F~%C3%A9%2A"
        );
        assert_eq!(
            render(Escape::Form, None, Text("a b+c/~é*")).unwrap(),
            "a+b%2Bc%2F%7E%C3%A9*"
        );
    }

    #[test]
    fn text_that_needs_no_encoding_is_written_as_is() {
        for text in ["", "abcXYZ019", "a-b.c_d~e", "0.1"] {
            assert_eq!(
                render(Escape::Rfc3986, None, Str(text)).unwrap(),
                text,
                "{text}"
            );
        }
        // `~` is kept by RFC 3986 but not by the form encoding, `*` the other way round.
        // python3 -c "from urllib.parse import quote; print(quote('a*b~', safe='~'))"
        // a%2Ab~
        // node -e 'console.log(new URLSearchParams({v:"a*b~"}).toString(), new URLSearchParams({v:"a-b.c_d*"}).toString())'
        // v=a*b%7E v=a-b.c_d*
        assert_eq!(
            render(Escape::Rfc3986, None, Str("a*b~")).unwrap(),
            "a%2Ab~"
        );
        assert_eq!(render(Escape::Form, None, Str("a*b~")).unwrap(), "a*b%7E");
        assert_eq!(
            render(Escape::Form, None, Str("a-b.c_d*")).unwrap(),
            "a-b.c_d*"
        );
    }

    #[test]
    fn integers_without_fmt() {
        for n in [
            0i128,
            7,
            -7,
            1_740_568_725_231,
            i128::from(i64::MIN),
            i128::from(u64::MAX),
            i128::from(u64::MAX) + 1,
            -i128::from(u64::MAX),
            -i128::from(u64::MAX) - 1,
            9,
            10,
            99,
            100,
            101,
            i128::MAX,
            i128::MIN,
        ] {
            assert_eq!(render(Escape::Strict, None, Int(n)).unwrap(), n.to_string());
        }
        // Every digit count, at both edges (std's `Display` is the reference).
        for k in 0..=38 {
            let p = 10i128.pow(k);
            for n in [p - 1, p, p + 1, -p] {
                assert_eq!(
                    render(Escape::Strict, None, Int(n)).unwrap(),
                    n.to_string(),
                    "{n}"
                );
            }
        }
        assert_eq!(
            render(Escape::Strict, None, Int(u128::MAX)).unwrap(),
            u128::MAX.to_string()
        );
        assert_eq!(render(Escape::Strict, None, Int(&-5i8)).unwrap(), "-5");
        assert_eq!(
            render(Escape::Strict, Some('&'), Str("a&b")),
            Err(Error::AmbiguousValue {
                field: "f",
                character: '&'
            })
        );
    }

    #[test]
    fn query_form_separates_pairs() {
        let mut out = Vec::new();
        let mut q = QueryForm::new("&", "=", Escape::Strict);
        q.pair(&mut out, "a", "a", &Text(&1u8)).unwrap();
        q.pair(&mut out, "b", "b", &Text("x=y")).unwrap();
        assert_eq!(out, b"a=1&b=x=y");
    }
}
