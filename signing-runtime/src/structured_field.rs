//! Structured Field Values for HTTP (RFC 8941): the dictionaries, inner lists, parameters and
//! bare items that `Signature-Input`, `Signature`, `Content-Digest` and `Repr-Digest` are made
//! of, parsed as §4.2 says and serialized as §4.1 says.
//!
//! ```
//! use signing_runtime::structured_field::{parse_dictionary, Item, Member};
//! let dict = parse_dictionary(r#"sig1=("@method" "@path");created=1618884473, sig2=:AAEC:"#)?;
//! assert_eq!(dict[0].0, "sig1");
//! let Member::InnerList(items, params) = &dict[0].1 else { panic!() };
//! assert_eq!(items[0].0, Item::String("@method".into()));
//! assert_eq!(params[0], ("created".to_owned(), Item::Integer(1_618_884_473)));
//! assert_eq!(dict[1].1, Member::Item(Item::Bytes(vec![0, 1, 2]), vec![]));
//! let mut out = String::new();
//! dict[0].1.write(&mut out)?;
//! assert_eq!(out, r#"("@method" "@path");created=1618884473"#);
//! # Ok::<(), signing_runtime::structured_field::SfError>(())
//! ```

use core::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::canonical::headers::is_tchar;

/// A bare item (RFC 8941 §3.3).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Item {
    /// `-?[0-9]{1,15}`.
    Integer(i64),
    /// A decimal, kept as its text (`1.5`); nothing here computes with one.
    Decimal(String),
    /// `"..."`: printable ASCII, `\"` and `\\` escaped.
    String(String),
    /// A token (`sha-256`, `*foo/bar`).
    Token(String),
    /// `:base64:`.
    Bytes(Vec<u8>),
    /// `?1` / `?0`.
    Boolean(bool),
}

/// Parameters: `;name=value` pairs, in order (a name given twice keeps its last value, §4.2.3.2).
pub type Params = Vec<(String, Item)>;

/// A dictionary member's value: an item or an inner list, each with parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member {
    /// A bare item and its parameters.
    Item(Item, Params),
    /// `( item item ... )` and the list's parameters.
    InnerList(Vec<(Item, Params)>, Params),
}

/// Why a structured field could not be read or written (never quoting it: a field may hold a
/// signature or a key id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SfError {
    /// What was wrong.
    pub reason: &'static str,
    /// The byte offset in the field value where it was found (0 when writing).
    pub at: usize,
}

impl fmt::Display for SfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.reason, self.at)
    }
}

impl std::error::Error for SfError {}

fn err<T>(reason: &'static str, at: usize) -> Result<T, SfError> {
    Err(SfError { reason, at })
}

/// The value of `name` in `params`.
pub fn param<'p>(params: &'p Params, name: &str) -> Option<&'p Item> {
    params.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
}

/// Parses a dictionary (§4.2.2). A key given twice keeps its last value, in the place of its
/// first (§4.2.2: "overwrite"); an empty field is an empty dictionary.
///
/// # Errors
/// [`SfError`] naming what is malformed and where.
pub fn parse_dictionary(text: &str) -> Result<Vec<(String, Member)>, SfError> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    p.skip_sp();
    let mut out: Vec<(String, Member)> = Vec::new();
    while !p.done() {
        let key = p.key()?;
        let member = if p.eat(b'=') {
            p.member()?
        } else {
            Member::Item(Item::Boolean(true), p.params()?)
        };
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = member,
            None => out.push((key, member)),
        }
        p.skip_ows();
        if p.done() {
            break;
        }
        if !p.eat(b',') {
            return err("expected `,` between dictionary members", p.i);
        }
        p.skip_ows();
        if p.done() {
            return err("trailing `,` in a dictionary", p.i);
        }
    }
    Ok(out)
}

/// Parses a list (§4.2.1): items and inner lists, each with parameters; an empty field is an
/// empty list.
///
/// # Errors
/// [`SfError`] naming what is malformed and where.
pub fn parse_list(text: &str) -> Result<Vec<Member>, SfError> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    p.skip_sp();
    let mut out = Vec::new();
    while !p.done() {
        out.push(p.member()?);
        p.skip_ows();
        if p.done() {
            break;
        }
        if !p.eat(b',') {
            return err("expected `,` between list members", p.i);
        }
        p.skip_ows();
        if p.done() {
            return err("trailing `,` in a list", p.i);
        }
    }
    Ok(out)
}

/// Parses one item with its parameters (§4.2.3), the whole field.
///
/// # Errors
/// [`SfError`] naming what is malformed and where.
pub fn parse_item(text: &str) -> Result<(Item, Params), SfError> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    p.skip_sp();
    let item = p.bare_item()?;
    let params = p.params()?;
    p.skip_sp();
    if !p.done() {
        return err("text after the item", p.i);
    }
    Ok((item, params))
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn skip_sp(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }
    fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn key(&mut self) -> Result<String, SfError> {
        let start = self.i;
        match self.peek() {
            Some(b) if b.is_ascii_lowercase() || b == b'*' => {}
            _ => return err("a key must start with a lower-case letter or `*`", self.i),
        }
        while matches!(self.peek(), Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.' | b'*'))
        {
            self.i += 1;
        }
        Ok(String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    fn member(&mut self) -> Result<Member, SfError> {
        if self.eat(b'(') {
            let mut items = Vec::new();
            loop {
                self.skip_sp();
                if self.eat(b')') {
                    break;
                }
                let item = self.bare_item()?;
                let params = self.params()?;
                items.push((item, params));
                match self.peek() {
                    Some(b' ' | b')') => {}
                    _ => return err("expected a space or `)` in an inner list", self.i),
                }
            }
            Ok(Member::InnerList(items, self.params()?))
        } else {
            let item = self.bare_item()?;
            Ok(Member::Item(item, self.params()?))
        }
    }

    fn params(&mut self) -> Result<Params, SfError> {
        let mut out: Params = Vec::new();
        while self.eat(b';') {
            self.skip_sp();
            let key = self.key()?;
            let value = if self.eat(b'=') {
                self.bare_item()?
            } else {
                Item::Boolean(true)
            };
            match out.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => out.push((key, value)),
            }
        }
        Ok(out)
    }

    fn bare_item(&mut self) -> Result<Item, SfError> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'"') => self.string(),
            Some(b':') => self.bytes(),
            Some(b'?') => {
                self.i += 1;
                match self.peek() {
                    Some(b'1') => {
                        self.i += 1;
                        Ok(Item::Boolean(true))
                    }
                    Some(b'0') => {
                        self.i += 1;
                        Ok(Item::Boolean(false))
                    }
                    _ => err("a boolean is `?1` or `?0`", self.i),
                }
            }
            Some(b) if b.is_ascii_alphabetic() || b == b'*' => {
                let start = self.i;
                while matches!(self.peek(), Some(b) if is_tchar(b) || b == b':' || b == b'/') {
                    self.i += 1;
                }
                Ok(Item::Token(
                    String::from_utf8_lossy(&self.s[start..self.i]).into_owned(),
                ))
            }
            _ => err("expected an item", self.i),
        }
    }

    fn number(&mut self) -> Result<Item, SfError> {
        let start = self.i;
        self.eat(b'-');
        let digits = self.i;
        let mut dot = None;
        while let Some(b) = self.peek() {
            if b.is_ascii_digit() {
                self.i += 1;
            } else if b == b'.' && dot.is_none() {
                dot = Some(self.i);
                self.i += 1;
            } else {
                break;
            }
        }
        let text = core::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
        match dot {
            None => {
                if self.i == digits || self.i - digits > 15 {
                    return err("an integer has 1 to 15 digits", start);
                }
                text.parse()
                    .map(Item::Integer)
                    .or_else(|_| err("an integer has 1 to 15 digits", start))
            }
            Some(d) => {
                if d == digits || d - digits > 12 || self.i - d - 1 == 0 || self.i - d - 1 > 3 {
                    return err(
                        "a decimal has 1 to 12 digits, a dot, and 1 to 3 digits",
                        start,
                    );
                }
                Ok(Item::Decimal(text.to_owned()))
            }
        }
    }

    fn string(&mut self) -> Result<Item, SfError> {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return err("a string without its closing `\"`", start),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(Item::String(out));
                }
                Some(b'\\') => {
                    self.i += 1;
                    match self.peek() {
                        Some(c @ (b'"' | b'\\')) => {
                            out.push(char::from(c));
                            self.i += 1;
                        }
                        _ => return err("a string escapes only `\"` and `\\`", self.i),
                    }
                }
                Some(c @ 0x20..=0x7e) => {
                    out.push(char::from(c));
                    self.i += 1;
                }
                Some(_) => return err("a string holds printable ASCII only", self.i),
            }
        }
    }

    fn bytes(&mut self) -> Result<Item, SfError> {
        let start = self.i;
        self.i += 1;
        let body = self.i;
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        {
            self.i += 1;
        }
        if !self.eat(b':') {
            return err("a byte sequence without its closing `:`", start);
        }
        STANDARD
            .decode(&self.s[body..self.i - 1])
            .map(Item::Bytes)
            .or_else(|_| err("a byte sequence that is not base64", body))
    }
}

/// Whether `key` is a valid dictionary or parameter key (§3.1.2).
pub fn is_key(key: &str) -> bool {
    let b = key.as_bytes();
    matches!(b.first(), Some(c) if c.is_ascii_lowercase() || *c == b'*')
        && b.iter().all(|&c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b'-' | b'.' | b'*')
        })
}

/// Appends `text` as an sf-string (§4.1.6).
///
/// # Errors
/// [`SfError`] when `text` holds a character outside printable ASCII.
pub fn write_string(out: &mut String, text: &str) -> Result<(), SfError> {
    if let Some(at) = text.bytes().position(|b| !(0x20..=0x7e).contains(&b)) {
        return err("a string holds printable ASCII only", at);
    }
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    Ok(())
}

impl Item {
    /// Appends the item's serialization (§4.1.3).
    ///
    /// # Errors
    /// [`SfError`] for an integer of more than 15 digits, a string outside printable ASCII, or
    /// a token or decimal that is not one.
    pub fn write(&self, out: &mut String) -> Result<(), SfError> {
        match self {
            Item::Integer(n) => {
                if n.unsigned_abs() > 999_999_999_999_999 {
                    return err("an integer has at most 15 digits", 0);
                }
                out.push_str(&n.to_string());
            }
            Item::Decimal(text) => {
                if parse_item(text).map(|(i, _)| i) != Ok(Item::Decimal(text.clone())) {
                    return err("not a decimal", 0);
                }
                out.push_str(text);
            }
            Item::String(text) => write_string(out, text)?,
            Item::Token(token) => {
                let b = token.as_bytes();
                let ok = matches!(b.first(), Some(c) if c.is_ascii_alphabetic() || *c == b'*')
                    && b.iter().all(|&c| is_tchar(c) || c == b':' || c == b'/');
                if !ok {
                    return err("not a token", 0);
                }
                out.push_str(token);
            }
            Item::Bytes(bytes) => {
                out.push(':');
                STANDARD.encode_string(bytes, out);
                out.push(':');
            }
            Item::Boolean(b) => out.push_str(if *b { "?1" } else { "?0" }),
        }
        Ok(())
    }
}

/// Appends parameters (§4.1.1.2): `;key=value`, or `;key` for `true`.
///
/// # Errors
/// [`SfError`] for a key that is not one, or an item that cannot be written.
pub fn write_params(out: &mut String, params: &Params) -> Result<(), SfError> {
    for (key, value) in params {
        if !is_key(key) {
            return err("a parameter key is lower case letters, digits, `_-.*`", 0);
        }
        out.push(';');
        out.push_str(key);
        if *value != Item::Boolean(true) {
            out.push('=');
            value.write(out)?;
        }
    }
    Ok(())
}

impl Member {
    /// Appends the member's value (an item or inner list, with parameters).
    ///
    /// # Errors
    /// [`SfError`] when a part cannot be written.
    pub fn write(&self, out: &mut String) -> Result<(), SfError> {
        match self {
            Member::Item(item, params) => {
                item.write(out)?;
                write_params(out, params)
            }
            Member::InnerList(items, params) => {
                out.push('(');
                for (i, (item, item_params)) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    item.write(out)?;
                    write_params(out, item_params)?;
                }
                out.push(')');
                write_params(out, params)
            }
        }
    }
}

/// Appends a list (§4.1.1): `member, member`.
///
/// # Errors
/// [`SfError`] for a member that cannot be written.
pub fn write_list(out: &mut String, members: &[Member]) -> Result<(), SfError> {
    for (i, member) in members.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        member.write(out)?;
    }
    Ok(())
}

/// Appends a dictionary (§4.1.2): `key=value, key=value`.
///
/// # Errors
/// [`SfError`] for a key that is not one, or a member that cannot be written.
pub fn write_dictionary(out: &mut String, members: &[(String, Member)]) -> Result<(), SfError> {
    for (i, (key, member)) in members.iter().enumerate() {
        if !is_key(key) {
            return err("a dictionary key is lower case letters, digits, `_-.*`", 0);
        }
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(key);
        match member {
            Member::Item(Item::Boolean(true), params) => write_params(out, params)?,
            _ => {
                out.push('=');
                member.write(out)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        let dict = parse_dictionary(text).unwrap();
        let mut out = String::new();
        write_dictionary(&mut out, &dict).unwrap();
        out
    }

    #[test]
    fn lists_rfc8941_examples() {
        // RFC 8941 §3.1's list examples, and the whitespace a strict serialization drops.
        let round_trip = |text: &str| {
            let list = parse_list(text).unwrap();
            let mut out = String::new();
            write_list(&mut out, &list).unwrap();
            out
        };
        assert_eq!(round_trip("sugar, tea, rum"), "sugar, tea, rum");
        assert_eq!(
            round_trip("(\"foo\" \"bar\"), (\"baz\"), (\"bat\" \"one\"), ()"),
            "(\"foo\" \"bar\"), (\"baz\"), (\"bat\" \"one\"), ()"
        );
        assert_eq!(
            round_trip("abc;a=1;b=2; cde_456, (ghi;jk=4 l);q=\"9\";r=w"),
            "abc;a=1;b=2;cde_456, (ghi;jk=4 l);q=\"9\";r=w"
        );
        assert_eq!(round_trip("  a ,\tb,c  "), "a, b, c");
        assert_eq!(round_trip(""), "");
        for bad in ["a,", "a b", "a=1", "(a"] {
            assert!(parse_list(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rfc8941_examples() {
        // RFC 8941 §3.2's dictionary examples.
        assert_eq!(
            round_trip(r#"en="Applepie", da=:w4ZibGV0w6ZydGUK:"#),
            r#"en="Applepie", da=:w4ZibGV0w6ZydGUK:"#
        );
        assert_eq!(round_trip("a=?0, b, c; foo=bar"), "a=?0, b, c;foo=bar");
        assert_eq!(
            round_trip("rating=1.5, feelings=(joy sadness)"),
            "rating=1.5, feelings=(joy sadness)"
        );
        assert_eq!(
            round_trip("a=(1 2), b=3, c=4;aa=bb, d=(5 6);valid"),
            "a=(1 2), b=3, c=4;aa=bb, d=(5 6);valid"
        );
        // Duplicate keys: the last value, in the first place.
        assert_eq!(round_trip("a=1,b=2,a=3"), "a=3, b=2");
        assert_eq!(round_trip(""), "");
    }

    #[test]
    fn strings_escape_and_refuse() {
        let mut out = String::new();
        write_string(&mut out, r#"a "quoted" \ back"#).unwrap();
        assert_eq!(out, r#""a \"quoted\" \\ back""#);
        assert_eq!(
            parse_item(&out).unwrap().0,
            Item::String(r#"a "quoted" \ back"#.into())
        );
        assert!(write_string(&mut String::new(), "tab\there").is_err());
        assert!(write_string(&mut String::new(), "é").is_err());
        assert!(parse_item(r#""\n""#).is_err());
    }

    #[test]
    fn malformed_fields_are_refused() {
        for bad in [
            "a=1,",
            "a=(1 2",
            "A=1",
            "a=:AAA",
            "a=1234567890123456",
            "a=\"x",
            "a=1 b=2",
            "a=?2",
            "a=(1 2)x",
            "a=:!!:",
        ] {
            assert!(parse_dictionary(bad).is_err(), "{bad}");
        }
    }
}
