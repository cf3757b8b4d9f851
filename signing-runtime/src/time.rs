//! Instants and the text forms providers put them in.

use core::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::Error;

/// An instant, with microsecond precision, as seconds and microseconds since the Unix epoch (UTC).
///
/// Set it from the clock ([`Timestamp::now`]) or from a fixed value in tests; the field's
/// `#[signed(timestamp = "...")]` says how it is written into the message.
///
/// ```
/// use signing_runtime::{Timestamp, TimestampFormat};
/// let t = Timestamp::from_unix_millis(1_740_568_725_231);
/// assert_eq!(t.format(TimestampFormat::Rfc3339Millis), "2025-02-26T11:18:45.231Z");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    micros: i64,
}

impl Timestamp {
    /// The system clock's current time.
    pub fn now() -> Timestamp {
        let micros = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_micros()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_micros()).map_or(i64::MIN, |m| -m),
        };
        Timestamp { micros }
    }

    /// Seconds since the Unix epoch (saturating at about ±292,000 years).
    pub const fn from_unix_seconds(seconds: i64) -> Timestamp {
        Timestamp {
            micros: seconds.saturating_mul(1_000_000),
        }
    }

    /// Milliseconds since the Unix epoch.
    pub const fn from_unix_millis(millis: i64) -> Timestamp {
        Timestamp {
            micros: millis.saturating_mul(1_000),
        }
    }

    /// Microseconds since the Unix epoch.
    pub const fn from_unix_micros(micros: i64) -> Timestamp {
        Timestamp { micros }
    }

    /// Whole seconds since the Unix epoch (rounded toward the past).
    #[inline]
    pub const fn unix_seconds(self) -> i64 {
        self.micros.div_euclid(1_000_000)
    }

    /// Whole milliseconds since the Unix epoch (rounded toward the past).
    #[inline]
    pub const fn unix_millis(self) -> i64 {
        self.micros.div_euclid(1_000)
    }

    /// Microseconds since the Unix epoch.
    pub const fn unix_micros(self) -> i64 {
        self.micros
    }

    /// This instant moved by `seconds` (saturating).
    pub const fn add_seconds(self, seconds: i64) -> Timestamp {
        Timestamp {
            micros: self
                .micros
                .saturating_add(seconds.saturating_mul(1_000_000)),
        }
    }

    /// The text of this instant in `format`.
    pub fn format(self, format: TimestampFormat) -> String {
        Formatted(&self, format).to_string()
    }

    /// Reads an instant written in `format` (for verifying incoming requests). The RFC 3339
    /// formats accept any fraction of a second up to microseconds and any `Z` / `±hh:mm` offset,
    /// so a value written in one RFC 3339 format parses with the others too.
    ///
    /// # Errors
    /// [`Error::InvalidTimestamp`] naming the expected format (the text is not repeated: it may
    /// be hostile).
    pub fn parse(text: &str, format: TimestampFormat) -> Result<Timestamp, Error> {
        let invalid = || Error::InvalidTimestamp { expected: format };
        match format {
            TimestampFormat::UnixSeconds => parse_int(text)
                .map(Timestamp::from_unix_seconds)
                .ok_or_else(invalid),
            TimestampFormat::UnixMillis => parse_int(text)
                .map(Timestamp::from_unix_millis)
                .ok_or_else(invalid),
            TimestampFormat::Rfc3339
            | TimestampFormat::Rfc3339Millis
            | TimestampFormat::Rfc3339Micros => parse_rfc3339(text).ok_or_else(invalid),
            TimestampFormat::Iso8601Basic => parse_iso8601_basic(text).ok_or_else(invalid),
            TimestampFormat::DateBasic => basic_date(text.as_bytes())
                .map(Timestamp::from_unix_seconds)
                .ok_or_else(invalid),
            TimestampFormat::ImfFixdate => parse_imf_fixdate(text).ok_or_else(invalid),
            TimestampFormat::Rfc3339Date => match text.as_bytes() {
                [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] => {
                    basic_date(&[*y1, *y2, *y3, *y4, *m1, *m2, *d1, *d2])
                }
                _ => None,
            }
            .map(Timestamp::from_unix_seconds)
            .ok_or_else(invalid),
        }
    }
}

/// An optionally signed decimal integer, digits only (no `+`, no spaces), at most 19 digits.
fn parse_int(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || digits.len() > 19 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)`, truncating the fraction to microseconds.
fn parse_rfc3339(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    let num = |range: core::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let sep = |i: usize, c: u8| {
        b.get(i)
            .is_some_and(|&x| x == c || x == c.to_ascii_lowercase())
    };
    if !(sep(4, b'-') && sep(7, b'-') && sep(10, b'T') && sep(13, b':') && sep(16, b':')) {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut i = 19;
    let mut micros = 0i64;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        let end = start + b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
        if end == start || end - start > 9 {
            return None;
        }
        let frac = &b[start..end];
        for k in 0..6 {
            micros = micros * 10 + frac.get(k).map_or(0, |d| i64::from(d - b'0'));
        }
        i = end;
    }
    let offset = match b.get(i..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let digits = [*h1, *h2, *m1, *m2];
            if !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let (h, m) = (
                i64::from((h1 - b'0') * 10 + (h2 - b'0')),
                i64::from((m1 - b'0') * 10 + (m2 - b'0')),
            );
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset * 60;
    Some(Timestamp::from_unix_micros(secs * 1_000_000 + micros))
}

/// `YYYYMMDDTHHMMSSZ`.
fn parse_iso8601_basic(text: &str) -> Option<Timestamp> {
    match text.as_bytes() {
        [date @ .., b'T', h1, h2, m1, m2, s1, s2, b'Z'] if date.len() == 8 => {
            let seconds = time_of_day(&[*h1, *h2], &[*m1, *m2], &[*s1, *s2])?;
            Some(Timestamp::from_unix_seconds(basic_date(date)? + seconds))
        }
        _ => None,
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110 §5.6.7), the day of the week checked against the
/// date. The two obsolete HTTP date forms (RFC 850, asctime) are not read.
fn parse_imf_fixdate(text: &str) -> Option<Timestamp> {
    let [w1, w2, w3, b',', b' ', d1, d2, b' ', m1, m2, m3, b' ', y1, y2, y3, y4, b' ', h1, h2, b':', i1, i2, b':', s1, s2, b' ', b'G', b'M', b'T'] =
        text.as_bytes()
    else {
        return None;
    };
    let month = MONTHS.iter().position(|m| **m == [*m1, *m2, *m3])? + 1;
    let date = [
        *y1,
        *y2,
        *y3,
        *y4,
        b'0' + (month / 10) as u8,
        b'0' + (month % 10) as u8,
        *d1,
        *d2,
    ];
    let midnight = basic_date(&date)?;
    if *WEEKDAYS[weekday(midnight.div_euclid(86_400))] != [*w1, *w2, *w3] {
        return None;
    }
    let seconds = time_of_day(&[*h1, *h2], &[*i1, *i2], &[*s1, *s2])?;
    Some(Timestamp::from_unix_seconds(midnight + seconds))
}

/// IMF-fixdate's day and month names.
const WEEKDAYS: [&[u8; 3]; 7] = [b"Sun", b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat"];
const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

/// The day of the week of a day since 1970-01-01 (a Thursday), 0 for Sunday.
fn weekday(days: i64) -> usize {
    // In 0..7.
    (days + 4).rem_euclid(7) as usize
}

/// The decimal value of `digits`, ASCII digits only.
fn decimal(digits: &[u8]) -> Option<i64> {
    digits.iter().all(u8::is_ascii_digit).then(|| {
        digits
            .iter()
            .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'))
    })
}

/// `YYYYMMDD` (a real date) as seconds since the epoch at its midnight.
fn basic_date(date: &[u8]) -> Option<i64> {
    let [y1, y2, y3, y4, m1, m2, d1, d2] = date else {
        return None;
    };
    let (year, month, day) = (
        decimal(&[*y1, *y2, *y3, *y4])?,
        decimal(&[*m1, *m2])?,
        decimal(&[*d1, *d2])?,
    );
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400)
}

/// Two-digit hours, minutes and seconds (a leap second allowed, as RFC 3339 does) as seconds.
fn time_of_day(hour: &[u8], minute: &[u8], second: &[u8]) -> Option<i64> {
    let (h, m, s) = (decimal(hour)?, decimal(minute)?, decimal(second)?);
    (h <= 23 && m <= 59 && s <= 60).then_some(h * 3600 + m * 60 + s)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// (year, month, day) to days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Declares [`TimestampFormat`] from one table: each format's variant and its attribute spelling
/// (the derive's `model.rs` has the same spellings, checked by its tests). A new format is a line
/// here, its writer in `text` (and `expanded` for years past 9999) and its reader in
/// `Timestamp::parse`.
macro_rules! timestamp_formats {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// How a timestamp is written (`#[signed(timestamp = "...")]`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum TimestampFormat {
            $($(#[$doc])* $variant,)*
        }

        impl TimestampFormat {
            /// The attribute value that names this format.
            pub const fn name(self) -> &'static str {
                match self {
                    $(TimestampFormat::$variant => $name,)*
                }
            }

            /// Every format, in the table's order (for tests that go through them all).
            #[cfg(test)]
            pub(crate) const ALL: &'static [TimestampFormat] = &[$(TimestampFormat::$variant,)*];

            /// Why an incoming value was refused (`Error::MalformedRequest`'s reason).
            pub(crate) const fn not_written_as(self) -> &'static str {
                match self {
                    $(TimestampFormat::$variant => concat!("not a timestamp written as ", $name),)*
                }
            }
        }
    };
}

timestamp_formats! {
    /// `1574766146` (`"unix-seconds"`).
    UnixSeconds = "unix-seconds",
    /// `1740568725231` (`"unix-millis"`).
    UnixMillis = "unix-millis",
    /// `2025-02-26T11:18:45Z` (`"rfc3339"`, Go's `time.RFC3339` in UTC).
    Rfc3339 = "rfc3339",
    /// `2025-02-26T11:18:45.231Z` (`"rfc3339-millis"`, JavaScript's `Date.toJSON()`).
    Rfc3339Millis = "rfc3339-millis",
    /// `2025-02-26T11:18:45.231000+00:00` (`"rfc3339-micros"`, Python's
    /// `datetime.now(timezone.utc).isoformat()` when microseconds are set).
    Rfc3339Micros = "rfc3339-micros",
    /// `20250226T111845Z` (`"iso8601-basic"`, ISO 8601's basic format in UTC, as AWS SigV4's
    /// `X-Amz-Date`).
    Iso8601Basic = "iso8601-basic",
    /// `20250226` (`"date-basic"`, the UTC date alone in ISO 8601's basic format, as the date of
    /// an AWS SigV4 credential scope); reads as that day's midnight.
    DateBasic = "date-basic",
    /// `Wed, 26 Feb 2025 11:18:45 GMT` (`"imf-fixdate"`, RFC 9110's HTTP date: the `Date`
    /// header, Azure's `x-ms-date`).
    ImfFixdate = "imf-fixdate",
    /// `2025-02-26` (`"rfc3339-date"`, RFC 3339's `full-date` in UTC, as the date of a Tencent
    /// Cloud TC3 credential scope); reads as that day's midnight.
    Rfc3339Date = "rfc3339-date",
}

impl fmt::Display for TimestampFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A timestamp together with the format it is written in.
pub struct Formatted<'a>(pub &'a Timestamp, pub TimestampFormat);

impl fmt::Display for Formatted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = *self.0;
        match self.1 {
            TimestampFormat::UnixSeconds => return write!(f, "{}", t.unix_seconds()),
            TimestampFormat::UnixMillis => return write!(f, "{}", t.unix_millis()),
            _ => {}
        }
        let mut buf = [0u8; TEXT_MAX];
        match text(t, self.1, &mut buf) {
            // Always `Ok`: digits, letters and ASCII punctuation.
            Some(text) => f.write_str(core::str::from_utf8(text).unwrap_or_default()),
            None => expanded(t, self.1, f),
        }
    }
}

/// `t` in `format` when its year has more than four digits (or is before year 0): ISO 8601's
/// expanded form, the only option (RFC 3339 has four-digit years). Through `core::fmt`: it is
/// never on a hot path.
fn expanded(t: Timestamp, format: TimestampFormat, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let secs = t.unix_seconds();
    let sub_micros = t.micros.rem_euclid(1_000_000);
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let sod = secs.rem_euclid(86_400);
    let (h, m, s) = (sod / 3600, sod / 60 % 60, sod % 60);
    match format {
        TimestampFormat::UnixSeconds => write!(f, "{}", t.unix_seconds()),
        TimestampFormat::UnixMillis => write!(f, "{}", t.unix_millis()),
        TimestampFormat::Rfc3339 => {
            write!(f, "{year:+05}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
        }
        TimestampFormat::Rfc3339Millis => write!(
            f,
            "{year:+05}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{:03}Z",
            sub_micros / 1000
        ),
        TimestampFormat::Rfc3339Micros => write!(
            f,
            "{year:+05}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{sub_micros:06}+00:00"
        ),
        TimestampFormat::Iso8601Basic => {
            write!(f, "{year:+05}{month:02}{day:02}T{h:02}{m:02}{s:02}Z")
        }
        TimestampFormat::DateBasic => write!(f, "{year:+05}{month:02}{day:02}"),
        TimestampFormat::Rfc3339Date => write!(f, "{year:+05}-{month:02}-{day:02}"),
        // Not a valid HTTP date (it has four-digit years), but an honest one.
        TimestampFormat::ImfFixdate => {
            let days = secs.div_euclid(86_400);
            let name = |n: &[u8; 3]| core::str::from_utf8(n).unwrap_or_default().to_owned();
            let weekday = name(WEEKDAYS[weekday(days)]);
            let month = name(MONTHS[month as usize - 1]);
            write!(
                f,
                "{weekday}, {day:02} {month} {year} {h:02}:{m:02}:{s:02} GMT"
            )
        }
    }
}

impl Formatted<'_> {
    /// The unix formats' number, if the format is one.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn number(&self) -> Option<i64> {
        match self.1 {
            TimestampFormat::UnixSeconds => Some(self.0.unix_seconds()),
            TimestampFormat::UnixMillis => Some(self.0.unix_millis()),
            _ => None,
        }
    }

    /// Every other format's text written at the start of `buf`, without `core::fmt`, and its
    /// length; `None` for a year outside 0..=9999, which only `Display` writes. Only the bytes
    /// of the text are written.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn text_into(&self, buf: &mut [u8; TEXT_MAX]) -> Option<usize> {
        text(*self.0, self.1, buf).map(<[u8]>::len)
    }
}

/// Length of the longest text [`text`] writes, `2025-02-26T11:18:45.231000+00:00`.
pub(crate) const TEXT_MAX: usize = 32;

/// `t` in `format`, written into `buf` without `core::fmt`; `None` for the unix formats (numbers,
/// written by the caller) and for years outside 0..=9999 (see [`expanded`]).
fn text(t: Timestamp, format: TimestampFormat, buf: &mut [u8; TEXT_MAX]) -> Option<&[u8]> {
    // Counted from 0000-01-01 the instant is unsigned and below 2^59: every division below is
    // by a constant (a multiplication), with no sign to correct.
    let since = u64::try_from(t.micros.checked_sub(TEXT_FIRST)?).ok()?;
    if since >= TEXT_SPAN {
        return None;
    }
    let secs = since / 1_000_000;
    // In 0..1_000_000, 0..86_400 and 0..3_652_425: each fits a u32.
    let sub_micros = (since % 1_000_000) as u32;
    let (day_number, sod) = ((secs / 86_400) as u32, (secs % 86_400) as u32);
    let (year, month, day) = date_of_day_number(day_number);
    let days = i64::from(day_number) - DAY_NUMBER_OF_1970;
    let (h, m, s) = (sod / 3600, sod / 60 % 60, sod % 60);
    let len = match format {
        TimestampFormat::UnixSeconds | TimestampFormat::UnixMillis => return None,
        TimestampFormat::Rfc3339
        | TimestampFormat::Rfc3339Millis
        | TimestampFormat::Rfc3339Micros => {
            // Only the bytes of the text are written: `buf` may be a message buffer's room,
            // whose bytes past the text must stay as they are.
            let template: &[u8] = match format {
                TimestampFormat::Rfc3339Millis => b"0000-00-00T00:00:00.000Z",
                TimestampFormat::Rfc3339Micros => b"0000-00-00T00:00:00.000000+00:00",
                _ => b"0000-00-00T00:00:00Z",
            };
            buf[..template.len()].copy_from_slice(template);
            put_digits(&mut buf[0..4], year);
            put_digits(&mut buf[5..7], month);
            put_digits(&mut buf[8..10], day);
            put_digits(&mut buf[11..13], h);
            put_digits(&mut buf[14..16], m);
            put_digits(&mut buf[17..19], s);
            match format {
                TimestampFormat::Rfc3339Millis => {
                    put_digits(&mut buf[20..23], sub_micros / 1000);
                    24
                }
                TimestampFormat::Rfc3339Micros => {
                    put_digits(&mut buf[20..26], sub_micros);
                    32
                }
                _ => 20,
            }
        }
        TimestampFormat::Iso8601Basic => {
            buf[..16].copy_from_slice(b"00000000T000000Z");
            put_digits(&mut buf[0..4], year);
            put_digits(&mut buf[4..6], month);
            put_digits(&mut buf[6..8], day);
            put_digits(&mut buf[9..11], h);
            put_digits(&mut buf[11..13], m);
            put_digits(&mut buf[13..15], s);
            16
        }
        TimestampFormat::DateBasic => {
            put_digits(&mut buf[0..4], year);
            put_digits(&mut buf[4..6], month);
            put_digits(&mut buf[6..8], day);
            8
        }
        TimestampFormat::Rfc3339Date => {
            buf[..10].copy_from_slice(b"0000-00-00");
            put_digits(&mut buf[0..4], year);
            put_digits(&mut buf[5..7], month);
            put_digits(&mut buf[8..10], day);
            10
        }
        TimestampFormat::ImfFixdate => {
            buf[..29].copy_from_slice(b"Www, 00 Mmm 0000 00:00:00 GMT");
            buf[0..3].copy_from_slice(WEEKDAYS[weekday(days)]);
            put_digits(&mut buf[5..7], day);
            buf[8..11].copy_from_slice(MONTHS[month as usize - 1]);
            put_digits(&mut buf[12..16], year);
            put_digits(&mut buf[17..19], h);
            put_digits(&mut buf[20..22], m);
            put_digits(&mut buf[23..25], s);
            29
        }
    };
    Some(&buf[..len])
}

/// `value`'s last `out.len()` decimal digits, zero-padded: two at a time from a table, so half
/// the divisions (a SigV4 request formats four timestamps).
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn put_digits(out: &mut [u8], mut value: u32) {
    let mut end = out.len();
    while end >= 2 {
        let pair = (value % 100) as usize * 2;
        out[end - 2..end].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
        value /= 100;
        end -= 2;
    }
    if end == 1 {
        out[0] = b'0' + (value % 10) as u8;
    }
}

/// `n` in decimal at the start of `out`, returning the number of bytes written (at most 20,
/// and `out` must have them; `0` when it has not): only those bytes are written.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn put_u64(out: &mut [u8], n: u64) -> usize {
    let len = n.checked_ilog10().map_or(1, |digits| digits as usize + 1);
    let Some(digits) = out.get_mut(..len) else {
        return 0;
    };
    // Four digits per division (a multiplication) on the chain through `n`, as `itoa` does;
    // the pairs of each group come off that chain.
    let (mut rest, mut end) = (n, len);
    while end >= 4 {
        let group = (rest % 10_000) as u32;
        rest /= 10_000;
        put_digits(&mut digits[end - 4..end], group);
        end -= 4;
    }
    put_digits(&mut digits[..end], rest as u32);
    len
}

/// `n` in decimal (a `-` first when negative) at the start of `out` (21 bytes), as [`put_u64`].
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn put_i64(out: &mut [u8], n: i64) -> usize {
    if n >= 0 {
        return put_u64(out, n.unsigned_abs());
    }
    match out.split_first_mut() {
        Some((sign, rest)) => {
            let len = put_u64(rest, n.unsigned_abs());
            *sign = b'-';
            len + 1
        }
        None => 0,
    }
}

/// `00` to `99`.
const DIGIT_PAIRS: [u8; 200] = {
    let mut table = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        table[2 * i] = b'0' + (i / 10) as u8;
        table[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    table
};

/// 0000-01-01T00:00:00Z in microseconds since 1970, and the microseconds from then to
/// 10000-01-01: the instants [`text`] writes (years of four digits).
const TEXT_FIRST: i64 = -DAY_NUMBER_OF_1970 * 86_400_000_000;
const TEXT_SPAN: u64 = 3_652_425 * 86_400_000_000;
/// Days from 0000-01-01 to 1970-01-01.
const DAY_NUMBER_OF_1970: i64 = 719_528;

/// Days since 0000-01-01 (below 3,652,425: years 0 to 9999) to (year, month, day) in the
/// proleptic Gregorian calendar, by multiplications and shifts only: Neri and Schneider's
/// `to_date` ("Euclidean affine functions and their application to calendar algorithms",
/// Software: Practice and Experience, 2023, fig. 12, with their shift s = 82 that makes the
/// arithmetic unsigned). Checked against [`civil_from_days`] for every day it takes.
#[inline]
fn date_of_day_number(day_number: u32) -> (u32, u32, u32) {
    // Their day count: days since 0000-03-01 minus 82 * 400 years (146_097 days each).
    const SHIFT: u32 = 146_097 * 82 - 60;
    let n = day_number + SHIFT;
    // Century.
    let n1 = 4 * n + 3;
    let century = n1 / 146_097;
    let of_century = n1 % 146_097 / 4;
    // Year.
    let n2 = u64::from(4 * of_century + 3) * 2_939_745;
    let year_of_century = (n2 >> 32) as u32;
    let day_of_year = (n2 as u32) / 2_939_745 / 4;
    // Month and day, in a year beginning in March.
    let n3 = 2141 * day_of_year + 197_913;
    let (month, day) = (n3 >> 16, (n3 & 0xffff) / 2141);
    // January and February belong to the next year.
    let next = u32::from(day_of_year >= 306);
    let year = 100 * century + year_of_century + next - 82 * 400;
    (year, month - 12 * next, day + 1)
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`, valid for every `i64` day count we can produce).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_match_other_languages() {
        // node -e 'console.log(new Date(1740568725231).toJSON())'            -> 2025-02-26T11:18:45.231Z
        // python3 -c 'import datetime as d;print(d.datetime.fromtimestamp(1740568725.231,d.timezone.utc).isoformat())'
        //                                                                     -> 2025-02-26T11:18:45.231000+00:00
        // python3 -c 'import datetime as d;print(d.datetime.fromtimestamp(1740568725,d.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))'
        //                                                                     -> 2025-02-26T11:18:45Z
        let t = Timestamp::from_unix_millis(1_740_568_725_231);
        assert_eq!(t.format(TimestampFormat::UnixSeconds), "1740568725");
        assert_eq!(t.format(TimestampFormat::UnixMillis), "1740568725231");
        assert_eq!(t.format(TimestampFormat::Rfc3339), "2025-02-26T11:18:45Z");
        assert_eq!(
            t.format(TimestampFormat::Rfc3339Millis),
            "2025-02-26T11:18:45.231Z"
        );
        assert_eq!(
            t.format(TimestampFormat::Rfc3339Micros),
            "2025-02-26T11:18:45.231000+00:00"
        );
    }

    #[test]
    fn leap_days_and_pre_epoch() {
        // node -e 'console.log(new Date(951782400000).toJSON(), new Date(-1).toJSON())'
        // 2000-02-29T00:00:00.000Z 1969-12-31T23:59:59.999Z
        assert_eq!(
            Timestamp::from_unix_millis(951_782_400_000).format(TimestampFormat::Rfc3339Millis),
            "2000-02-29T00:00:00.000Z"
        );
        assert_eq!(
            Timestamp::from_unix_millis(-1).format(TimestampFormat::Rfc3339Millis),
            "1969-12-31T23:59:59.999Z"
        );
        assert_eq!(Timestamp::from_unix_millis(-1).unix_seconds(), -1);
    }

    #[test]
    fn parse_reads_what_other_languages_write() {
        let t = Timestamp::from_unix_millis(1_740_568_725_231);
        for text in [
            "2025-02-26T11:18:45.231Z",
            "2025-02-26T11:18:45.231000+00:00",
            "2025-02-26T12:18:45.231+01:00",
        ] {
            assert_eq!(
                Timestamp::parse(text, TimestampFormat::Rfc3339Millis),
                Ok(t),
                "{text}"
            );
        }
        assert_eq!(
            Timestamp::parse("1740568725231", TimestampFormat::UnixMillis),
            Ok(t)
        );
        assert_eq!(
            Timestamp::parse("2025-02-26T11:18:45Z", TimestampFormat::Rfc3339)
                .unwrap()
                .unix_seconds(),
            1_740_568_725
        );
        for f in [TimestampFormat::UnixSeconds, TimestampFormat::Rfc3339Micros] {
            assert_eq!(
                t.format(f)
                    .parse::<String>()
                    .ok()
                    .and_then(|s| Timestamp::parse(&s, f).ok())
                    .map(|p| p.format(f)),
                Some(t.format(f))
            );
        }
    }

    #[test]
    fn parse_refuses_malformed_text() {
        for text in [
            "",
            "+1",
            " 1",
            "1e3",
            "99999999999999999999",
            "2025-02-30T00:00:00Z",
            "2025-02-26T11:18:45",
            "2025-02-26T11:18:45.Z",
            "2025-02-26 11:18:45Z",
            "2025-02-26T11:18:45+0100",
            "２０２５-02-26T11:18:45Z",
        ] {
            let f = if text.len() > 12 {
                TimestampFormat::Rfc3339
            } else {
                TimestampFormat::UnixSeconds
            };
            assert_eq!(
                Timestamp::parse(text, f),
                Err(Error::InvalidTimestamp { expected: f }),
                "{text}"
            );
        }
    }

    #[test]
    fn four_digit_year_edges() {
        // node -e 'console.log(new Date(253402300799999).toJSON(), new Date(-62167219200000).toJSON())'
        // 9999-12-31T23:59:59.999Z 0000-01-01T00:00:00.000Z
        assert_eq!(
            Timestamp::from_unix_millis(253_402_300_799_999).format(TimestampFormat::Rfc3339Millis),
            "9999-12-31T23:59:59.999Z"
        );
        assert_eq!(
            Timestamp::from_unix_millis(-62_167_219_200_000).format(TimestampFormat::Rfc3339Millis),
            "0000-01-01T00:00:00.000Z"
        );
        // python3 -c 'import datetime as d;print(d.datetime(1,1,1,0,0,0,1,d.timezone.utc).isoformat(), int(d.datetime(1,1,1,tzinfo=d.timezone.utc).timestamp()))'
        // 0001-01-01T00:00:00.000001+00:00 -62135596800
        assert_eq!(
            Timestamp::from_unix_micros(-62_135_596_800 * 1_000_000 + 1)
                .format(TimestampFormat::Rfc3339Micros),
            "0001-01-01T00:00:00.000001+00:00"
        );
        // One second past 9999: the expanded form, through `core::fmt`.
        assert_eq!(
            Timestamp::from_unix_seconds(253_402_300_800).format(TimestampFormat::Rfc3339),
            "+10000-01-01T00:00:00Z"
        );
    }

    #[test]
    fn iso8601_basic_matches_date() {
        // date -u -d @1440938160 +%Y%m%dT%H%M%SZ   -> 20150830T123600Z
        // date -u -d @-1 +%Y%m%dT%H%M%SZ           -> 19691231T235959Z
        // date -u -d @253402300799 +%Y%m%dT%H%M%SZ -> 99991231T235959Z
        let f = TimestampFormat::Iso8601Basic;
        for (seconds, text) in [
            (1_440_938_160, "20150830T123600Z"),
            (-1, "19691231T235959Z"),
            (253_402_300_799, "99991231T235959Z"),
        ] {
            let t = Timestamp::from_unix_seconds(seconds);
            assert_eq!(t.format(f), text);
            assert_eq!(Timestamp::parse(text, f), Ok(t), "{text}");
        }
        // Sub-second digits are not written, so they are not read back.
        assert_eq!(
            Timestamp::from_unix_millis(1_440_938_160_999).format(f),
            "20150830T123600Z"
        );
        assert_eq!(
            Timestamp::from_unix_seconds(253_402_300_800).format(f),
            "+100000101T000000Z"
        );
        for text in [
            "20150830T123600",
            "20150830T1236Z",
            "2015-08-30T12:36:00Z",
            "20150230T123600Z",
            "20150830T243600Z",
            "20150830t123600z",
            "20150830T12360OZ",
        ] {
            assert_eq!(
                Timestamp::parse(text, f),
                Err(Error::InvalidTimestamp { expected: f }),
                "{text}"
            );
        }
    }

    #[test]
    fn date_basic_matches_date() {
        // date -u -d @1440938160 +%Y%m%d -> 20150830
        // date -u -d @-1 +%Y%m%d         -> 19691231
        let f = TimestampFormat::DateBasic;
        assert_eq!(
            Timestamp::from_unix_seconds(1_440_938_160).format(f),
            "20150830"
        );
        assert_eq!(Timestamp::from_unix_seconds(-1).format(f), "19691231");
        // date -u -d 2015-08-30 +%s -> 1440892800 (the day's midnight)
        assert_eq!(
            Timestamp::parse("20150830", f),
            Ok(Timestamp::from_unix_seconds(1_440_892_800))
        );
        for text in [
            "2015083",
            "201508300",
            "20151301",
            "20150229",
            "2015-830",
            "",
        ] {
            assert_eq!(
                Timestamp::parse(text, f),
                Err(Error::InvalidTimestamp { expected: f }),
                "{text}"
            );
        }
        assert_eq!(
            Timestamp::parse("20000229", f)
                .map(|t| t.format(f))
                .as_deref(),
            Ok("20000229")
        );
    }

    #[test]
    fn rfc3339_date_matches_date() {
        // date -u -d @1551113065 +%F -> 2019-02-25 (TC3's documented example)
        // date -u -d @-1 +%F         -> 1969-12-31
        // date -u -d 2019-02-25 +%s  -> 1551052800 (the day's midnight)
        let f = TimestampFormat::Rfc3339Date;
        assert_eq!(
            Timestamp::from_unix_seconds(1_551_113_065).format(f),
            "2019-02-25"
        );
        assert_eq!(Timestamp::from_unix_seconds(-1).format(f), "1969-12-31");
        assert_eq!(
            Timestamp::parse("2019-02-25", f),
            Ok(Timestamp::from_unix_seconds(1_551_052_800))
        );
        for text in ["20190225", "2019-02-29", "2019-2-25", "2019-02-25T00", ""] {
            assert_eq!(
                Timestamp::parse(text, f),
                Err(Error::InvalidTimestamp { expected: f }),
                "{text}"
            );
        }
    }

    #[test]
    fn the_text_layout_is_the_core_fmt_one() {
        // `text` (digits put by hand) against `expanded` (the same fields through `core::fmt`)
        // for every format, over instants spread across 1000..=9999 (`expanded` does not pad an
        // IMF-fixdate year) and every sub-second width.
        struct Expanded(Timestamp, TimestampFormat);
        impl fmt::Display for Expanded {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                expanded(self.0, self.1, f)
            }
        }
        // Every format but the unix ones (numbers, never laid out by `text`).
        let formats = TimestampFormat::ALL.iter().filter(|f| {
            !matches!(
                f,
                TimestampFormat::UnixSeconds | TimestampFormat::UnixMillis
            )
        });
        let mut micros: i64 = -30_610_224_000_000_000; // 1000-01-01T00:00:00Z
        while micros < 253_402_300_800_000_000 {
            let t = Timestamp::from_unix_micros(micros);
            for &f in formats.clone() {
                let mut buf = [0u8; TEXT_MAX];
                let text = core::str::from_utf8(text(t, f, &mut buf).unwrap()).unwrap();
                // `expanded` writes a sign before the year (`+2015`), ImfFixdate excepted.
                let reference = Expanded(t, f).to_string();
                let reference = reference.strip_prefix('+').unwrap_or(&reference);
                assert_eq!(text, reference, "{micros} {f:?}");
            }
            micros += 7_777_777_777_777;
        }
    }

    #[test]
    fn date_of_day_number_is_civil_from_days() {
        // Every day of the years 0 to 9999.
        for day_number in 0..3_652_425u32 {
            let (y, m, d) = civil_from_days(i64::from(day_number) - DAY_NUMBER_OF_1970);
            assert_eq!(
                date_of_day_number(day_number),
                (y as u32, m, d),
                "{day_number}"
            );
        }
        assert_eq!(civil_from_days(-DAY_NUMBER_OF_1970), (0, 1, 1));
        assert_eq!(
            civil_from_days(3_652_425 - DAY_NUMBER_OF_1970),
            (10_000, 1, 1)
        );
        // The edges of what `text` writes, and a microsecond beyond each.
        let f = TimestampFormat::Rfc3339Micros;
        let mut buf = [0u8; TEXT_MAX];
        let at = |micros| Timestamp::from_unix_micros(micros);
        assert_eq!(
            text(at(TEXT_FIRST), f, &mut buf),
            Some(&b"0000-01-01T00:00:00.000000+00:00"[..])
        );
        assert_eq!(
            text(at(TEXT_FIRST + TEXT_SPAN as i64 - 1), f, &mut buf),
            Some(&b"9999-12-31T23:59:59.999999+00:00"[..])
        );
        assert_eq!(text(at(TEXT_FIRST - 1), f, &mut buf), None);
        assert_eq!(text(at(TEXT_FIRST + TEXT_SPAN as i64), f, &mut buf), None);
        assert_eq!(text(at(i64::MIN), f, &mut buf), None);
        assert_eq!(text(at(i64::MAX), f, &mut buf), None);
    }

    #[test]
    fn imf_fixdate_matches_python_email_utils() {
        // python3 -c "import email.utils; print(email.utils.formatdate(1440938160, usegmt=True))"
        //   -> Sun, 30 Aug 2015 12:36:00 GMT
        // python3 -c "import email.utils; print(email.utils.formatdate(951782400, usegmt=True), email.utils.formatdate(-1, usegmt=True))"
        //   -> Tue, 29 Feb 2000 00:00:00 GMT Wed, 31 Dec 1969 23:59:59 GMT
        // python3 -c "import email.utils,calendar; print(calendar.timegm(email.utils.parsedate_tz('Sun, 06 Nov 1994 08:49:37 GMT')[:6]))"
        //   -> 784111777 (RFC 9110's own example)
        let f = TimestampFormat::ImfFixdate;
        for (seconds, text) in [
            (1_440_938_160, "Sun, 30 Aug 2015 12:36:00 GMT"),
            (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
            (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
            (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        ] {
            let t = Timestamp::from_unix_seconds(seconds);
            assert_eq!(t.format(f), text);
            assert_eq!(Timestamp::parse(text, f), Ok(t), "{text}");
        }
        for text in [
            // The wrong day of the week.
            "Mon, 30 Aug 2015 12:36:00 GMT",
            "Sun, 30 aug 2015 12:36:00 GMT",
            "Sun, 30 Aug 2015 12:36:00 UTC",
            "Sun, 30 Aug 2015 12:36 GMT",
            "Sunday, 30-Aug-15 12:36:00 GMT",
            "Sun Aug 30 12:36:00 2015",
            "Sun, 31 Sep 2015 12:36:00 GMT",
            "Sun, 30 Aug 2015 24:00:00 GMT",
        ] {
            assert_eq!(
                Timestamp::parse(text, f),
                Err(Error::InvalidTimestamp { expected: f }),
                "{text}"
            );
        }
    }

    #[test]
    fn extreme_values_do_not_panic() {
        for t in [
            Timestamp::from_unix_seconds(i64::MAX),
            Timestamp::from_unix_seconds(i64::MIN),
        ] {
            for &f in TimestampFormat::ALL {
                assert!(!t.format(f).is_empty());
            }
        }
    }
}
