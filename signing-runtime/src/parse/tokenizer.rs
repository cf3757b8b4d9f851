//! The query split into `name=value` parameters, and the text of each source a field is read
//! from (query parameter, header, header parameter).

use super::decoder::decode;
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
    /// A `name=value` parameter of a header (`t` in `Stripe-Signature: t=..,v1=..`), whose
    /// value is the text between `before` and `after` (`"` and `"` in `keyId="k1"`).
    HeaderParam {
        /// The header's name.
        header: &'static str,
        /// The parameter's name.
        param: &'static str,
        /// Literal text the format writes before the value.
        before: &'static str,
        /// Literal text the format writes after the value.
        after: &'static str,
    },
    /// The body.
    Body,
}

impl Source {
    pub(super) fn name(self) -> &'static str {
        match self {
            Source::Query(name) | Source::Header(name) => name,
            Source::HeaderParam { param, .. } => param,
            Source::Body => "body",
        }
    }
}

/// An incoming request being read. Used by generated code.
#[doc(hidden)]
pub struct Incoming<'a> {
    pub(super) params: Vec<Param>,
    pub(super) headers: Option<&'a http::HeaderMap>,
    pub(super) body: Option<&'a [u8]>,
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
        })
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
            Source::HeaderParam {
                header,
                param,
                before,
                after,
            } => {
                let Some(value) = self.text(Source::Header(header))? else {
                    return Ok(None);
                };
                // An auth-scheme before the parameters (`Signature keyId=..`, RFC 9110 §11.4)
                // is not part of the first one's name: a name has no space.
                let value = value.trim_start_matches([' ', '\t']);
                let value = match (value.find(' '), value.find('=')) {
                    (Some(space), Some(eq)) if space < eq => &value[space + 1..],
                    _ => value,
                };
                let mut found = crate::header_format::params(value)
                    .filter(|(name, _)| *name == param)
                    .map(|(_, value)| value);
                let first = found.next();
                if found.next().is_some() {
                    return Err(malformed(param, "a header parameter given more than once"));
                }
                first
                    .map(|value| {
                        value
                            .strip_prefix(before)
                            .and_then(|v| v.strip_suffix(after))
                            .ok_or_else(|| {
                                malformed(
                                    param,
                                    "a header parameter not written with the text the format \
                                     puts around its value",
                                )
                            })
                    })
                    .transpose()
            }
            Source::Body => Ok(None),
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
}
