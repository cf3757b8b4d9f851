//! Every `MessageValue`: how each kind of field value enters the message. The value types
//! themselves (`Timestamp`, the digest algorithms) live in their own modules and know nothing of
//! messages.

use core::fmt::{self, Write as _};

use super::{append, MessageValue, Sink, ValueWriter};
use crate::digest::{DigestAlgorithm, DigestEncoding, Hasher};
use crate::time::{Formatted, TEXT_MAX};

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
                #[allow(irrefutable_let_patterns)]
                if let Ok(n) = u64::try_from(self.0) {
                    out.number_with::<20>(|room| crate::time::put_u64(room, n));
                } else if let Ok(n) = i64::try_from(self.0) {
                    out.number_with::<21>(|room| crate::time::put_i64(room, n));
                } else {
                    out.number(itoa::Buffer::new().format(self.0).as_bytes());
                }
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

/// A floating-point value, written exactly as `Display` writes it (the shortest digits that
/// read back as the same value, never an exponent: `0.1`, `5000`, `-0`, `0.0000001`,
/// `100000000000000000000`), without `core::fmt`: `zmij` finds the digits and they are laid
/// out here.
///
/// The two differ only on a tie, where `zmij` rounds to even and `core::fmt` up: a value whose
/// exact decimal expansion (a binary fraction's always ends in 5) is one digit longer than the
/// shortest digits. Such a value (`312985.125f32`: `312985.12` or `.13`) goes to `core::fmt`.
pub struct Float<T>(pub T);

macro_rules! float_value {
    ($($t:ty, $fraction_bits:expr);*) => {$(
        impl MessageValue for Float<$t> {
            #[cfg_attr(debug_assertions, inline)]
            #[cfg_attr(not(debug_assertions), inline(always))]
            fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
                let v = self.0;
                if let Some(decimal) = ShortDecimal::of(v) {
                    return out.number_with::<40>(|room| decimal.put(room));
                }
                if v.is_finite() {
                    let bits = v.to_bits();
                    let exponent_bits = <$t>::MAX_EXP as u32 * 2 - 1;
                    let biased = (bits >> $fraction_bits) as u32 & exponent_bits;
                    let fraction = bits & ((1 << $fraction_bits) - 1);
                    // v = m * 2^q: its exact decimal expansion has -q - (trailing zeros of m)
                    // places after the point.
                    let (m, q) = match biased {
                        0 => (fraction, 2 - <$t>::MAX_EXP - $fraction_bits),
                        _ => (
                            fraction | (1 << $fraction_bits),
                            biased as i32 - (<$t>::MAX_EXP - 1) - $fraction_bits,
                        ),
                    };
                    let places = (-q - m.trailing_zeros() as i32).max(0);
                    let mut buf = zmij::Buffer::new();
                    let text = buf.format_finite(v).as_bytes();
                    match plain_layout(text, places) {
                        Some(Ok(plain)) => return out.bytes(plain),
                        Some(Err(())) => {}
                        None if write_scientific(text, places, out) => return,
                        None => {}
                    }
                }
                // `NaN`, `inf`, `-inf`, and ties.
                Text(&v).write_value(out);
            }
        }
        impl MessageValue for Float<&$t> {
            #[cfg_attr(debug_assertions, inline)]
            #[cfg_attr(not(debug_assertions), inline(always))]
            fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
                Float(*self.0).write_value(out);
            }
        }
    )*};
}
float_value!(f32, 23; f64, 52);

/// An `f64` that is a short decimal (a price, a quantity: at most 15 significant digits, no
/// more than 22 places): `n / 10^places` is the value, found with a multiplication, a rounding
/// and one exact check per place, without `zmij`. (An `f32` always goes to `zmij`.)
///
/// That text is the one `Display` writes: it reads back as the value (the check is the
/// correctly rounded division that reading it does, `n` and `10^places` being exact), no fewer
/// places would (each was tried), so it has the fewest significant digits; and with so few
/// digits no other text of as many reads back as the value (their spacing is wider than the
/// float's), so there is no closer one and no tie.
struct ShortDecimal {
    negative: bool,
    digits: u64,
    places: u32,
}

impl ShortDecimal {
    /// `value` as a short decimal, if it is one.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn of<T: Into<f64> + ShortFloat>(value: T) -> Option<ShortDecimal> {
        if !T::SHORT {
            return None;
        }
        let value: f64 = value.into();
        let magnitude = value.abs();
        // 10^15 (`f64::DIGITS`): up to 15 significant digits.
        let limit = 1e15;
        if magnitude == 0.0 {
            return Some(ShortDecimal {
                negative: value.is_sign_negative(),
                digits: 0,
                places: 0,
            });
        }
        if magnitude.is_nan() || magnitude >= limit {
            return None;
        }
        let mut scale = 1.0f64;
        for places in 0..=22 {
            let scaled = magnitude * scale;
            if scaled >= limit {
                return None;
            }
            // `scaled + 0.5` is exact (below 2^50, a multiple of 0.25 at most) and truncated:
            // the nearest integer, which is `n` whenever `n / 10^places` reads back as the
            // value (their distance is under 0.24 here).
            let n = (scaled + 0.5) as u64;
            if n as f64 / scale == magnitude {
                return Some(ShortDecimal {
                    negative: value.is_sign_negative(),
                    digits: n,
                    places,
                });
            }
            scale *= 10.0;
        }
        None
    }

    /// The text at the start of `out` (40 bytes: a sign, `0.`, 21 zeros, 15 digits), returning
    /// its length; only those bytes are written.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn put(&self, out: &mut [u8]) -> usize {
        let mut digits = [0u8; 20];
        let n = crate::time::put_u64(&mut digits, self.digits);
        let places = self.places as usize;
        let mut at = 0;
        let mut push = |bytes: &[u8]| {
            if let Some(to) = out.get_mut(at..at + bytes.len()) {
                to.copy_from_slice(bytes);
                at += bytes.len();
            }
        };
        if self.negative {
            push(b"-");
        }
        if places == 0 {
            push(&digits[..n]);
        } else if places < n {
            push(&digits[..n - places]);
            push(b".");
            push(&digits[n - places..n]);
        } else {
            push(b"0.");
            for _ in n..places {
                push(b"0");
            }
            push(&digits[..n]);
        }
        at
    }
}

/// Which float types take [`ShortDecimal`]'s path.
trait ShortFloat {
    const SHORT: bool;
}
impl ShortFloat for f64 {
    const SHORT: bool = true;
}
impl ShortFloat for f32 {
    const SHORT: bool = false;
}

/// `zmij`'s text in its fixed form (`[-]digits.digits`, `.0` after a whole number) as `Display`
/// writes it (no `.0`): `Some(Ok(text))`, or `Some(Err(()))` when the digits end one place
/// before the value's exact expansion (`places` after the point), a tie, which `zmij` and
/// `core::fmt` round differently; `None` for its exponent form.
#[inline]
fn plain_layout(text: &[u8], places: i32) -> Option<Result<&[u8], ()>> {
    let mut point = None;
    for (i, &b) in text.iter().enumerate() {
        match b {
            b'.' => point = Some(i),
            b'e' => return None,
            _ => {}
        }
    }
    let text = text.strip_suffix(b".0").unwrap_or(text);
    let written = point.map_or(0, |point| text.len().saturating_sub(point + 1));
    Some(if written as i32 + 1 == places {
        Err(())
    } else {
        Ok(text)
    })
}

/// `zmij`'s exponent form (`[-]d[.digits]e±N`) as `Display` writes it, without the exponent;
/// `false`, with nothing written, on a tie (see [`plain_layout`]).
#[inline(never)]
fn write_scientific<S: Sink + ?Sized>(
    text: &[u8],
    places: i32,
    out: &mut ValueWriter<'_, S>,
) -> bool {
    const ZEROS: &[u8; 32] = b"00000000000000000000000000000000";
    let zeros = |out: &mut ValueWriter<'_, S>, mut n: usize| {
        while n > 0 {
            let k = n.min(ZEROS.len());
            out.bytes(&ZEROS[..k]);
            n -= k;
        }
    };
    let Some(e) = text.iter().position(|&b| b == b'e') else {
        return false;
    };
    let (mantissa, exponent) = (&text[..e], &text[e + 1..]);
    let (sign, mantissa) = match mantissa.split_first() {
        Some((b'-', rest)) => (&b"-"[..], rest),
        _ => (&b""[..], mantissa),
    };
    // At most 17 significant digits (f64), the point dropped.
    let mut digits = [0u8; 24];
    let mut n = 0;
    for &b in mantissa.iter().filter(|b| b.is_ascii_digit()) {
        let Some(slot) = digits.get_mut(n) else {
            return false;
        };
        *slot = b;
        n += 1;
    }
    if n == 0 {
        return false;
    }
    let digits = &digits[..n];
    let (negative, magnitude) = match exponent.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, exponent),
    };
    let magnitude = magnitude
        .iter()
        .fold(0usize, |e, &b| e * 10 + usize::from(b.wrapping_sub(b'0')));
    let written = if negative {
        magnitude + n - 1
    } else {
        (n - 1).saturating_sub(magnitude)
    };
    if written as i32 + 1 == places {
        return false;
    }
    out.bytes(sign);
    if negative {
        // 0.000…digits
        out.bytes(b"0.");
        zeros(out, magnitude.saturating_sub(1));
        out.bytes(digits);
    } else if magnitude + 1 >= n {
        // digits000…
        out.bytes(digits);
        zeros(out, magnitude + 1 - n);
    } else {
        out.bytes(&digits[..=magnitude]);
        out.bytes(b".");
        out.bytes(&digits[magnitude + 1..]);
    }
    true
}

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
        // Every common case is laid out without `core::fmt`, in the message's own buffer when
        // it has one.
        match self.number() {
            Some(n) => out.number_with::<21>(|room| crate::time::put_i64(room, n)),
            None => out.text_with::<TEXT_MAX>(
                |room| self.text_into(room),
                |out| {
                    let _ = write!(out, "{self}");
                },
            ),
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

    /// What `write_value` writes for `v`, under `strict` with `&` after it.
    fn written<V: MessageValue>(v: V) -> String {
        let mut out = Vec::new();
        write_value(&mut out, Escape::Strict, Some('&'), "f", &v).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn values_laid_out_in_the_buffer_are_the_values_written() {
        use crate::mac::{BufferedMac, MacAlgorithm, MacKey, MacState};
        use crate::time::{Timestamp, TimestampFormat};
        use zeroize::Zeroizing;
        // Integers and timestamps go straight into BufferedMac's buffer (`Sink::room`); the
        // same values through a `Vec` (no room: laid out on the stack) give the same bytes, the
        // same refusals, and the MAC of those bytes, under every escaping and separator.
        let key = MacKey::new(Zeroizing::new(b"key".to_vec()));
        let formats = TimestampFormat::ALL;
        let instants = [
            0,
            -1,
            1_740_568_725_231_001,
            i64::MAX,
            i64::MIN,
            -62_167_219_200_000_001,
        ];
        let ints = [
            0i64,
            7,
            -7,
            5000,
            1_499_827_319_559,
            i64::MAX,
            i64::MIN,
            -100,
        ];
        // One value in a short message: the MAC runs over the buffer padded in place, which
        // needs the bytes past the message to be zeros.
        for micros in instants {
            let t = Timestamp::from_unix_micros(micros);
            for &f in formats {
                for lead in [0usize, 1, 30, 40, 50, 56] {
                    let mut bytes = vec![b'a'; lead];
                    write_value(&mut bytes, Escape::Strict, None, "t", &Formatted(&t, f)).unwrap();
                    let mut mac = BufferedMac::new(&key, MacAlgorithm::HmacSha256);
                    mac.write(&bytes[..lead]);
                    write_value(&mut mac, Escape::Strict, None, "t", &Formatted(&t, f)).unwrap();
                    write_value(&mut mac, Escape::Strict, None, "n", &Int(micros)).unwrap();
                    write_value(&mut bytes, Escape::Strict, None, "n", &Int(micros)).unwrap();
                    let mut whole = MacState::new(MacAlgorithm::HmacSha256, b"key");
                    whole.write(&bytes);
                    assert_eq!(
                        mac.finalize().as_bytes(),
                        whole.finalize().as_bytes(),
                        "{f:?}"
                    );
                }
            }
        }
        for escape in [Escape::Strict, Escape::None, Escape::Rfc3986, Escape::Form] {
            for stop in [None, Some('&'), Some(':'), Some('1'), Some('-'), Some('T')] {
                // Each value after 200 bytes of filler too: no room left, the stack path.
                for filler in [0usize, 230] {
                    let mut via_vec = vec![b'x'; filler];
                    let mut mac = BufferedMac::new(&key, MacAlgorithm::HmacSha256);
                    mac.write(&via_vec);
                    let mut both = |v: &dyn Fn(&mut Vec<u8>) -> Result<(), crate::Error>,
                                    w: &dyn Fn(
                        &mut BufferedMac<'_>,
                    ) -> Result<(), crate::Error>| {
                        let before = via_vec.len();
                        let a = v(&mut via_vec);
                        let b = w(&mut mac);
                        assert_eq!(a, b, "{escape:?} {stop:?}");
                        if a.is_err() {
                            via_vec.truncate(before);
                        }
                        a.is_ok()
                    };
                    let mut refused = false;
                    for n in ints {
                        refused |= !both(&|o| write_value(o, escape, stop, "n", &Int(n)), &|o| {
                            write_value(o, escape, stop, "n", &Int(n))
                        });
                        let u = n.unsigned_abs();
                        refused |= !both(&|o| write_value(o, escape, stop, "n", &Int(&u)), &|o| {
                            write_value(o, escape, stop, "n", &Int(&u))
                        });
                    }
                    for micros in instants {
                        let t = Timestamp::from_unix_micros(micros);
                        for &f in formats {
                            refused |= !both(
                                &|o| write_value(o, escape, stop, "t", &Formatted(&t, f)),
                                &|o| write_value(o, escape, stop, "t", &Formatted(&t, f)),
                            );
                        }
                    }
                    if refused {
                        continue;
                    }
                    let mut whole = MacState::new(MacAlgorithm::HmacSha256, b"key");
                    whole.write(&via_vec);
                    assert_eq!(
                        mac.finalize().as_bytes(),
                        whole.finalize().as_bytes(),
                        "{escape:?} {stop:?} {filler}"
                    );
                }
            }
        }
    }

    #[test]
    fn floats_are_written_as_display_writes_them() {
        let f64s = [
            0.0,
            -0.0,
            0.1,
            0.3,
            1.0,
            -1.0,
            5000.0,
            123.456,
            1e-5,
            1e-6,
            1e-7,
            1.5e-10,
            1e15,
            1e16,
            1e17,
            123_456_789_012_345_680.0,
            1e21,
            1e22,
            -2.5e20,
            1e300,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            5e-324,
            9_007_199_254_740_993.0,
            0.1 + 0.2,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for v in f64s {
            assert_eq!(written(Float(v)), v.to_string(), "{v:?}");
            assert_eq!(written(Float(&v)), v.to_string(), "{v:?}");
        }
        // Ties: the exact expansion one digit longer than the shortest, which ends in 5
        // (zmij rounds to even, core::fmt up).
        for v in [
            2f64.powi(50) + 0.25,
            2f64.powi(50) + 0.75,
            -(2f64.powi(50) + 0.25),
        ] {
            assert_eq!(written(Float(v)), v.to_string(), "{v:?}");
        }
        for v in [
            312_985.0f32 + 0.125,
            -(312_985.0 + 0.125),
            0.0f32,
            -0.0,
            0.1,
            1.0,
            16_777_216.0,
            1e-7,
            3.4e38,
            1e-45,
            f32::NAN,
        ] {
            assert_eq!(written(Float(v)), v.to_string(), "{v:?}");
        }
        // Short decimals (the path without zmij) and their edges: 15 significant digits, 16
        // (zmij), 22 places, 23 (zmij), 10^15 (zmij).
        for v in [
            0.1,
            123.45,
            0.000_123_45,
            1e-7,
            -2.5,
            999_999_999_999_999.0,
            99_999_999_999_999.9,
            9_999_999_999_999.99,
            123_456.789_012_345,
            1_234_567.890_123_456_7,
            1e-22,
            1.5e-22,
            1e-23,
            1e15,
            1e15 - 1.0,
            4_503_599_627_370_495.5,
            0.3,
            0.1 + 0.2,
            1.0 / 3.0,
        ] {
            assert_eq!(written(Float(v)), v.to_string(), "{v:?}");
            assert_eq!(written(Float(-v)), (-v).to_string(), "{v:?}");
        }
        // Bit patterns spread over every exponent (xorshift), and short decimals (prices).
        let mut next = crate::xorshift(0x9e37_79b9_7f4a_7c15u64);
        for i in 0..200_000u32 {
            let x = next();
            let v = f64::from_bits(x);
            assert_eq!(written(Float(v)), v.to_string(), "{:#x}", x);
            let w = f32::from_bits(x as u32);
            assert_eq!(written(Float(w)), w.to_string(), "{:#x}", x as u32);
            let price = f64::from(i) / 10f64.powi((i % 9) as i32);
            assert_eq!(written(Float(price)), price.to_string(), "{price:?}");
        }
    }

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
