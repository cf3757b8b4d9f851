//! The query split into `name=value` parameters, and the text of each source a field is read
//! from (query parameter, header, header parameter or a part of one, the path).

use super::decoder::{decode, decode_path};
use super::{malformed, snippet, MAX_HEADER_BYTES, MAX_QUERY_BYTES};
use crate::error::Error;

pub(super) struct Param {
    pub(super) name: String,
    pub(super) value: String,
    pub(super) taken: bool,
}

/// Where a value comes from.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// A query parameter.
    Query(&'static str),
    /// A header.
    Header(&'static str),
    /// A `name=value` parameter of a header (`t` in `Stripe-Signature: t=..,v1=..`).
    HeaderParam {
        /// The header's name.
        header: &'static str,
        /// The parameter's name.
        param: &'static str,
    },
    /// The body.
    Body,
    /// One field of a header parameter written from several fields with literal text between
    /// them (`access_key` in `Credential={access_key}/{date}/{region}/s3/aws4_request`).
    HeaderParamPart {
        /// The header's name.
        header: &'static str,
        /// The parameter's name.
        param: &'static str,
        /// The literal text before the first field, between each two, and after the last
        /// (`["", "/", "/", "/s3/aws4_request"]`): one more than the fields; those between two
        /// fields are not empty.
        literals: &'static [&'static str],
        /// Which field (0 for the first).
        part: usize,
    },
    /// One field of a query parameter written from several fields with literal text between
    /// them (`access_key` in `X-Amz-Credential={access_key}/{date}/{region}/s3/aws4_request`);
    /// as [`Source::HeaderParamPart`].
    QueryPart {
        /// The parameter's name.
        name: &'static str,
        /// The literal text around and between the fields.
        literals: &'static [&'static str],
        /// Which field (0 for the first).
        part: usize,
    },
    /// The request's path, percent-decoded.
    Path,
    /// The request's method (`#[signed(method)]`).
    Method,
    /// The query parameters no other field reads (a `flatten` field).
    Rest,
}

impl Source {
    pub(super) fn name(self) -> &'static str {
        match self {
            Source::Query(name) | Source::Header(name) | Source::QueryPart { name, .. } => name,
            Source::HeaderParam { param, .. } | Source::HeaderParamPart { param, .. } => param,
            Source::Body => "body",
            Source::Path => "path",
            Source::Method => "method",
            Source::Rest => "query",
        }
    }
}

/// The `part`th field's text in `value`, written as `literals` say (see
/// [`Source::HeaderParamPart`]); `None` when the value is not written that way. Each field's
/// text ends at the first occurrence of the literal after it: a value holding that literal
/// reads back as another request, which then does not verify.
fn part_of<'v>(value: &'v str, literals: &[&str], part: usize) -> Option<&'v str> {
    let (first, between) = literals.split_first()?;
    let (last, between) = between.split_last()?;
    let mut rest = value.strip_prefix(first)?.strip_suffix(last)?;
    for (i, literal) in between.iter().enumerate() {
        let (field, after) = rest.split_once(literal)?;
        if i == part {
            return Some(field);
        }
        rest = after;
    }
    (part == between.len()).then_some(rest)
}

/// A header value without its leading scheme token (`AWS4-HMAC-SHA256 Credential=..` is read
/// from `Credential=..`): a parameter name holds no space, so a space before the first `=` ends
/// a scheme. `verify` checks the scheme itself.
fn without_scheme(value: &str) -> &str {
    let value = value.trim_start_matches([' ', '\t']);
    match value.split_once(' ') {
        Some((scheme, rest)) if !scheme.contains(['=', ',']) => rest,
        _ => value,
    }
}

/// An incoming request being read. Used by generated code.
#[doc(hidden)]
pub struct Incoming<'a> {
    pub(super) params: Vec<Param>,
    pub(super) headers: Option<&'a http::HeaderMap>,
    pub(super) body: Option<&'a [u8]>,
    /// The path, percent-decoded (`None` when reading a query alone).
    pub(super) path: Option<String>,
    /// The method (`None` when reading a query alone).
    pub(super) method: Option<&'a str>,
}

impl<'a> Incoming<'a> {
    /// Splits `query` into its parameters, percent-decoded; refuses a malformed one or one
    /// given twice.
    pub(super) fn query(query: &str) -> Result<Incoming<'a>, Error> {
        if query.len() > MAX_QUERY_BYTES {
            return Err(Error::MalformedRequest {
                field: None,
                reason: "the query is longer than MAX_QUERY_BYTES (8192 bytes)",
            });
        }
        let mut params: Vec<Param> = Vec::new();
        if !query.is_empty() {
            for pair in query.split('&') {
                if pair.is_empty() {
                    return Err(Error::MalformedRequest {
                        field: None,
                        reason: "an empty parameter (`&&`, or `&` at either end)",
                    });
                }
                let Some((name, value)) = pair.split_once('=') else {
                    return Err(Error::MalformedRequest {
                        field: Some(snippet(pair)),
                        reason: "a parameter without `=`",
                    });
                };
                let name = decode(name).map_err(|reason| Error::MalformedRequest {
                    field: Some(snippet(name)),
                    reason,
                })?;
                let value = decode(value).map_err(|reason| Error::MalformedRequest {
                    field: Some(snippet(&name)),
                    reason,
                })?;
                params.push(Param {
                    name,
                    value,
                    taken: false,
                });
            }
        }
        // Sorted, so thousands of tiny parameters cost n log n comparisons, not n².
        let mut names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        let twice = names.windows(2).find_map(|pair| match pair {
            [a, b] if a == b => Some(*a),
            _ => None,
        });
        if let Some(twice) = twice {
            return Err(Error::MalformedRequest {
                field: Some(snippet(twice)),
                reason: "a parameter given more than once",
            });
        }
        Ok(Incoming {
            params,
            headers: None,
            body: None,
            path: None,
            method: None,
        })
    }

    /// Sets the request's path, percent-decoded (`+` is itself).
    ///
    /// # Errors
    /// [`Error::MalformedRequest`] for a bad percent escape or a path that is not UTF-8 once
    /// decoded.
    pub(super) fn set_path(&mut self, path: &str) -> Result<(), Error> {
        self.path = Some(decode_path(path).map_err(|reason| malformed("path", reason))?);
        Ok(())
    }

    /// The query parameters no field has read yet, in the order received, now marked as read
    /// (a `flatten` field's: read after every other field).
    pub fn rest(&mut self) -> Vec<(String, String)> {
        self.params
            .iter_mut()
            .filter(|p| !p.taken)
            .map(|p| {
                p.taken = true;
                (p.name.clone(), p.value.clone())
            })
            .collect()
    }

    /// The text of a query parameter or header, `None` when the request has none; a query
    /// parameter is marked as read.
    ///
    /// # Errors
    /// [`Error::MalformedRequest`] for a header given twice, too long, or not visible ASCII.
    pub fn text(&mut self, source: Source) -> Result<Option<&str>, Error> {
        match source {
            Source::Query(name) => Ok(self.params.iter_mut().find(|p| p.name == name).map(|p| {
                p.taken = true;
                p.value.as_str()
            })),
            Source::Header(name) => {
                let Some(headers) = self.headers else {
                    return Ok(None);
                };
                let mut values = headers.get_all(name).iter();
                let Some(value) = values.next() else {
                    return Ok(None);
                };
                if values.next().is_some() {
                    return Err(malformed(name, "a header given more than once"));
                }
                if value.len() > MAX_HEADER_BYTES {
                    return Err(malformed(
                        name,
                        "a header value longer than MAX_HEADER_BYTES (8192 bytes)",
                    ));
                }
                value
                    .to_str()
                    .map(Some)
                    .map_err(|_| malformed(name, "a header value that is not visible ASCII"))
            }
            Source::HeaderParam { header, param } => {
                let Some(value) = self.text(Source::Header(header))? else {
                    return Ok(None);
                };
                let mut found = crate::header_format::params(without_scheme(value))
                    .filter(|(name, _)| *name == param)
                    .map(|(_, value)| value);
                let first = found.next();
                if found.next().is_some() {
                    return Err(malformed(param, "a header parameter given more than once"));
                }
                Ok(first)
            }
            Source::HeaderParamPart {
                header,
                param,
                literals,
                part,
            } => {
                let Some(value) = self.text(Source::HeaderParam { header, param })? else {
                    return Ok(None);
                };
                part_of(value, literals, part).map(Some).ok_or_else(|| {
                    malformed(
                        param,
                        "a header parameter not written as the declaration's format writes it",
                    )
                })
            }
            Source::QueryPart {
                name,
                literals,
                part,
            } => {
                let Some(value) = self.text(Source::Query(name))? else {
                    return Ok(None);
                };
                part_of(value, literals, part).map(Some).ok_or_else(|| {
                    malformed(
                        name,
                        "a parameter not written as the declaration's format writes it",
                    )
                })
            }
            Source::Path => Ok(self.path.as_deref()),
            Source::Method => Ok(self.method),
            Source::Body | Source::Rest => Ok(None),
        }
    }

    /// The body, `None` when reading a query alone.
    pub fn body(&self) -> Option<&'a [u8]> {
        self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_shape() {
        let bad = |q: &str| match Incoming::query(q) {
            Err(Error::MalformedRequest { reason, .. }) => reason,
            other => panic!("{q}: {:?}", other.map(|_| ())),
        };
        assert!(bad("a=1&&b=2").contains("empty parameter"));
        assert!(bad("a=1&").contains("empty parameter"));
        assert!(bad("a").contains("without `=`"));
        assert!(bad("a=1&a=2").contains("more than once"));
        assert!(bad("a=1&%61=2").contains("more than once"));
        assert!(bad(&"a=".repeat(5000)).contains("MAX_QUERY_BYTES"));
        let incoming = Incoming::query("a=1&b=&c=x%3Dy").unwrap();
        assert_eq!(incoming.params.len(), 3);
        assert_eq!(incoming.params[2].value, "x=y");
    }

    #[test]
    fn parts_of_a_parameter() {
        let literals = ["", "/", "/", "/s3/aws4_request"];
        let value = "AKID/20150830/us-east-1/s3/aws4_request";
        assert_eq!(part_of(value, &literals, 0), Some("AKID"));
        assert_eq!(part_of(value, &literals, 1), Some("20150830"));
        assert_eq!(part_of(value, &literals, 2), Some("us-east-1"));
        assert_eq!(part_of(value, &literals, 3), None);
        assert_eq!(
            part_of("AKID/20150830/us-east-1/sts/aws4_request", &literals, 2),
            None
        );
        assert_eq!(part_of("AKID/20150830", &literals, 0), None);
        assert_eq!(part_of("k=AKID;", &["k=", ";"], 0), Some("AKID"));
        assert_eq!(part_of("", &["", ""], 0), Some(""));
    }

    #[test]
    fn a_scheme_token_is_not_a_parameter() {
        assert_eq!(
            without_scheme("AWS4-HMAC-SHA256 Credential=a, Signature=b"),
            "Credential=a, Signature=b"
        );
        assert_eq!(without_scheme("t=1, v1=2"), "t=1, v1=2");
        assert_eq!(without_scheme(" t=1,v1=a b"), "t=1,v1=a b");
    }
}
