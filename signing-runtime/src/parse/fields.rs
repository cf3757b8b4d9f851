//! Field values from their text: `FromStr` fields, timestamps, the body; each must be written
//! exactly as the message writes it.

use core::fmt;
use core::str::FromStr;

use super::{malformed, Source};
use crate::error::Error;
use crate::time::{Formatted, Timestamp, TimestampFormat};

/// Parses a field's text with `FromStr`; `None` stays `None`. The value must write back
/// (`Display`) as exactly the text: the message is rebuilt from the parsed value, so any other
/// spelling (`05` for `5`) could never verify, and is refused here instead of accepted as an
/// unsigned variant.
///
/// # Errors
/// [`Error::MalformedRequest`] naming the source when the text does not parse or is not the
/// value's own spelling.
#[doc(hidden)]
pub fn parse_value<T: FromStr + fmt::Display>(
    text: Option<&str>,
    source: Source,
) -> Result<Option<T>, Error> {
    let Some(text) = text else { return Ok(None) };
    let value: T = text.parse().map_err(|_| {
        malformed(
            source.name(),
            "a value that is not valid for its field's type",
        )
    })?;
    if !writes_as(&value, text) {
        return Err(malformed(
            source.name(),
            "a value not in the spelling the message gives it (it could never verify)",
        ));
    }
    Ok(Some(value))
}

/// Whether `value` is displayed as exactly `text`, compared as it is written (no allocation).
fn writes_as(value: &dyn fmt::Display, text: &str) -> bool {
    struct Compare<'t> {
        rest: &'t str,
    }
    impl fmt::Write for Compare<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            match self.rest.strip_prefix(s) {
                Some(rest) => {
                    self.rest = rest;
                    Ok(())
                }
                None => Err(fmt::Error),
            }
        }
    }
    let mut compare = Compare { rest: text };
    fmt::write(&mut compare, format_args!("{value}")).is_ok() && compare.rest.is_empty()
}

/// Parses a timestamp field's text in its declared format; `None` stays `None`. As for
/// [`parse_value`], the text must be exactly how the format writes the instant.
///
/// # Errors
/// [`Error::MalformedRequest`] naming the source and the format when the text does not parse.
#[doc(hidden)]
pub fn parse_timestamp(
    text: Option<&str>,
    source: Source,
    format: TimestampFormat,
) -> Result<Option<Timestamp>, Error> {
    let Some(text) = text else { return Ok(None) };
    let invalid = || malformed(source.name(), format.not_written_as());
    let at = Timestamp::parse(text, format).map_err(|_| invalid())?;
    if !writes_as(&Formatted(&at, format), text) {
        return Err(invalid());
    }
    Ok(Some(at))
}

/// A required field's value.
///
/// # Errors
/// [`Error::MalformedRequest`] naming the source when the request does not have it.
#[doc(hidden)]
pub fn required<T>(value: Option<T>, source: Source) -> Result<T, Error> {
    value.ok_or_else(|| {
        malformed(
            source.name(),
            match source {
                Source::Query(_) | Source::QueryPart { .. } => "a required parameter is missing",
                Source::Header(_) => "a required header is missing",
                Source::HeaderParam { .. } | Source::HeaderParamPart { .. } => {
                    "a required header parameter is missing"
                }
                Source::Body => "the body is missing (a query alone has none: use from_request)",
                Source::Path => "the path is missing (a query alone has none: use from_request)",
                Source::Method => {
                    "the method is missing (a query alone has none: use from_request)"
                }
                Source::Rest => "the query parameters are missing",
            },
        )
    })
}

/// A body field's type: `Vec<u8>` or `String`.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "a body read back from a request must be `Vec<u8>` or `String`, not `{Self}`",
    label = "not an owned body type"
)]
pub trait FromBody: Sized {
    /// The body as this type.
    ///
    /// # Errors
    /// [`Error::MalformedRequest`] for a text body that is not UTF-8.
    fn from_body(body: &[u8]) -> Result<Self, Error>;
}

impl FromBody for Vec<u8> {
    fn from_body(body: &[u8]) -> Result<Self, Error> {
        Ok(body.to_vec())
    }
}

impl FromBody for String {
    fn from_body(body: &[u8]) -> Result<Self, Error> {
        String::from_utf8(body.to_vec()).map_err(|_| malformed("body", "a body that is not UTF-8"))
    }
}

/// Reads the body field: `None` when there is no body (a query alone) or, for an `Option`
/// field, when the body is empty.
///
/// # Errors
/// [`Error::MalformedRequest`] for a text body that is not UTF-8.
#[doc(hidden)]
pub fn parse_body<T: FromBody>(body: Option<&[u8]>, optional: bool) -> Result<Option<T>, Error> {
    match body {
        None => Ok(None),
        Some([]) if optional => Ok(None),
        Some(bytes) => T::from_body(bytes).map(Some),
    }
}

/// A `flatten` field's type, read from the query parameters no other field reads:
/// `Vec<(String, String)>` (in the order received) or `BTreeMap<String, String>`.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "query parameters read back from a request go into `Vec<(String, String)>` or \
               `BTreeMap<String, String>`, not `{Self}`",
    label = "not an owned collection of parameters"
)]
pub trait FromRest: Sized {
    /// The parameters as this type.
    fn from_rest(params: Vec<(String, String)>) -> Self;
}

impl FromRest for Vec<(String, String)> {
    fn from_rest(params: Vec<(String, String)>) -> Self {
        params
    }
}

impl FromRest for std::collections::BTreeMap<String, String> {
    fn from_rest(params: Vec<(String, String)>) -> Self {
        params.into_iter().collect()
    }
}

/// Reads a `flatten` field: the parameters no other field read; for an `Option` field, `None`
/// when there are none.
#[doc(hidden)]
pub fn parse_rest<T: FromRest>(params: Vec<(String, String)>, optional: bool) -> Option<T> {
    if optional && params.is_empty() {
        None
    } else {
        Some(T::from_rest(params))
    }
}

/// Checks that the query parameter `name`, as received, is `written`: what the request's fields
/// write for it (a `query("Name", format = "..")` parameter). A missing one was refused when
/// the fields were read.
///
/// # Errors
/// [`Error::MalformedRequest`] naming the parameter when it differs.
#[doc(hidden)]
pub fn sent_as(
    incoming: &mut super::Incoming<'_>,
    name: &'static str,
    written: &[u8],
) -> Result<(), Error> {
    match incoming.text(Source::Query(name))? {
        Some(text) if text.as_bytes() != written => Err(malformed(
            name,
            "a value other than the one the request's fields write (not what was signed)",
        )),
        _ => Ok(()),
    }
}
