//! The query of a request as a signature covers it, and as it is sent.
//!
//! [`QueryParams`] collects a request's parameters (names and values as the request means them,
//! not yet percent-encoded; repeated and empty names and values allowed) from any number of
//! places: the URL a caller gives, fields, a map of optional parameters, the parameters a presigned
//! URL adds. [`CanonicalQuery`] says how they are signed, as independent settings: how names are
//! escaped, how values are escaped, and their order ([`QueryOrder`]: sorted by escaped name, then
//! escaped value, as SigV4 does, or as given). Each parameter is written `name=value` (an empty
//! value keeps its `=`), joined by `&`.
//!
//! Injective: under `rfc3986` or `form`, `=` and `&` inside a name or value are escaped, so the
//! separators are the only `=` and `&` written and a written query reads back as exactly one list
//! of pairs; sorting loses only the order, which a server does not read either. Under `strict`,
//! a name holding `=` or `&`, or a value holding `&`, is refused ([`Error::AmbiguousValue`]).
//! `none` writes the text as it is and leaves that to the caller.

use std::borrow::Cow;

use crate::canonical::encode::{cmp_encoded, write_escaped};
use crate::canonical::list::List;
use crate::error::Error;
use crate::message::{Escape, Sink};

/// The order of parameters in a canonical query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum QueryOrder {
    /// Sorted by escaped name, then escaped value, bytewise (`"sorted"`).
    #[default]
    Sorted,
    /// In the order the parameters were given (`"as-given"`).
    AsGiven,
}

impl QueryOrder {
    /// Every spelling, as a declaration writes it.
    pub const ALL: &'static [(&'static str, QueryOrder)] = &[
        ("sorted", QueryOrder::Sorted),
        ("as-given", QueryOrder::AsGiven),
    ];

    /// The attribute value that names this order.
    pub const fn name(self) -> &'static str {
        match self {
            QueryOrder::Sorted => "sorted",
            QueryOrder::AsGiven => "as-given",
        }
    }
}

/// How a query is written in the signed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CanonicalQuery {
    /// How parameter names are escaped.
    pub names: Escape,
    /// How parameter values are escaped.
    pub values: Escape,
    /// The order of the parameters.
    pub order: QueryOrder,
}

impl CanonicalQuery {
    /// RFC 3986 names and values, sorted: SigV4's canonical query.
    pub const RFC3986_SORTED: CanonicalQuery = CanonicalQuery {
        names: Escape::Rfc3986,
        values: Escape::Rfc3986,
        order: QueryOrder::Sorted,
    };
}

/// One parameter: its name, its value, and the field it came from (for errors).
#[derive(Debug, Clone, Copy)]
struct Param<'a> {
    name: &'a [u8],
    value: &'a [u8],
    field: &'static str,
}

/// The parameters of a request, collected from wherever they come from, then written in their
/// canonical form ([`QueryParams::write_canonical`]) or as sent ([`QueryParams::write_sent`]).
/// Up to 16 parameters are kept on the stack.
pub struct QueryParams<'a> {
    params: List<Param<'a>, 16>,
}

impl Default for QueryParams<'_> {
    fn default() -> Self {
        QueryParams::new()
    }
}

impl core::fmt::Debug for QueryParams<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("QueryParams")
            .field("len", &self.params.as_slice().len())
            .finish_non_exhaustive()
    }
}

impl<'a> QueryParams<'a> {
    /// No parameters.
    pub fn new() -> QueryParams<'a> {
        QueryParams {
            params: List::new(Param {
                name: b"",
                value: b"",
                field: "",
            }),
        }
    }

    /// Adds the parameter `name=value`; `field` names where it came from in errors.
    pub fn push(
        &mut self,
        field: &'static str,
        name: &'a (impl AsRef<[u8]> + ?Sized),
        value: &'a (impl AsRef<[u8]> + ?Sized),
    ) {
        self.params.push(Param {
            name: name.as_ref(),
            value: value.as_ref(),
            field,
        });
    }

    /// Adds every `(name, value)` pair of `pairs`, in order.
    pub fn extend<K, V>(&mut self, field: &'static str, pairs: &'a [(K, V)])
    where
        K: AsRef<[u8]> + 'a,
        V: AsRef<[u8]> + 'a,
    {
        for (name, value) in pairs {
            self.push(field, name, value);
        }
    }

    /// How many parameters there are.
    pub fn len(&self) -> usize {
        self.params.as_slice().len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the parameters as `rule` says (sorting them in place when it says so).
    ///
    /// # Errors
    /// [`Error::AmbiguousValue`] when a name or value holds a separator under `strict`.
    pub fn write_canonical<S: Sink + ?Sized>(
        &mut self,
        out: &mut S,
        rule: &CanonicalQuery,
    ) -> Result<(), Error> {
        for p in self.params.as_slice() {
            check_strict(p.name, rule.names, p.field, b"=&")?;
            check_strict(p.value, rule.values, p.field, b"&")?;
        }
        if rule.order == QueryOrder::Sorted {
            self.params.as_mut_slice().sort_by(|a, b| {
                cmp_encoded(a.name, b.name, rule.names)
                    .then_with(|| cmp_encoded(a.value, b.value, rule.values))
            });
        }
        write_pairs(out, self.params.as_slice(), rule.names, rule.values);
        Ok(())
    }

    /// Writes the parameters as they go into a URL, in the order they were added: names and values
    /// RFC 3986-encoded, `name=value` joined by `&`.
    pub fn write_sent<S: Sink + ?Sized>(&self, out: &mut S) {
        write_pairs(
            out,
            self.params.as_slice(),
            Escape::Rfc3986,
            Escape::Rfc3986,
        );
    }
}

fn write_pairs<S: Sink + ?Sized>(out: &mut S, params: &[Param<'_>], names: Escape, values: Escape) {
    for (i, p) in params.iter().enumerate() {
        if i > 0 {
            out.write(b"&");
        }
        write_escaped(out, p.name, names);
        out.write(b"=");
        write_escaped(out, p.value, values);
    }
}

fn check_strict(
    text: &[u8],
    escape: Escape,
    field: &'static str,
    separators: &[u8],
) -> Result<(), Error> {
    if escape != Escape::Strict {
        return Ok(());
    }
    match text.iter().find(|b| separators.contains(b)) {
        Some(&b) => Err(Error::AmbiguousValue {
            field,
            character: char::from(b),
        }),
        None => Ok(()),
    }
}

/// The `(name, value)` pairs of a query string as received (without the `?`): split at `&`, each
/// at its first `=` (no `=`: an empty value), `%XX` decoded. `+` is kept as `+` (RFC 3986);
/// empty items (`a=1&&b=2`) are skipped.
pub fn decode_query(query: &str) -> impl Iterator<Item = (Cow<'_, [u8]>, Cow<'_, [u8]>)> {
    query
        .split('&')
        .filter(|item| !item.is_empty())
        .map(|item| {
            let (name, value) = item.split_once('=').unwrap_or((item, ""));
            (
                percent_encoding::percent_decode_str(name).into(),
                percent_encoding::percent_decode_str(value).into(),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(pairs: &[(&str, &str)], rule: CanonicalQuery) -> Result<String, Error> {
        let mut params = QueryParams::new();
        params.extend("query", pairs);
        let mut out = Vec::new();
        params.write_canonical(&mut out, &rule)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn the_suite_queries() {
        // ../shared/vectors/aws-sigv4-suite: request.txt's query (decoded) and the third line of
        // header-canonical-request.txt.
        let cases: &[(&[(&str, &str)], &str)] = &[
            (
                &[("Param-3", "Value3"), ("Param", "Value2"), ("ሴ", "Value1")],
                "%E1%88%B4=Value1&Param=Value2&Param-3=Value3",
            ),
            (&[("ሴ", "bar")], "%E1%88%B4=bar"),
            (&[("Param1", "value1")], "Param1=value1"),
            (&[], ""),
        ];
        for (pairs, expected) in cases {
            assert_eq!(
                canonical(pairs, CanonicalQuery::RFC3986_SORTED).unwrap(),
                *expected
            );
        }
    }

    #[test]
    fn repeated_and_empty_names_sort_by_value() {
        // python3 -c "import urllib.parse as u;q=lambda s:u.quote(s,safe='-_.~');p=[('b','2'),('a',''),('b','1'),('','x'),('a b','=')];print('&'.join(k+'='+v for k,v in sorted((q(k),q(v)) for k,v in p)))"
        //   -> =x&a=&a%20b=%3D&b=1&b=2
        let pairs = [("b", "2"), ("a", ""), ("b", "1"), ("", "x"), ("a b", "=")];
        assert_eq!(
            canonical(&pairs, CanonicalQuery::RFC3986_SORTED).unwrap(),
            "=x&a=&a%20b=%3D&b=1&b=2"
        );
    }

    #[test]
    fn names_and_values_escape_independently_and_order_can_be_kept() {
        let rule = CanonicalQuery {
            names: Escape::None,
            values: Escape::Form,
            order: QueryOrder::AsGiven,
        };
        // node -e "console.log(new URLSearchParams({v:'a b&c'}).toString())" -> v=a+b%26c
        assert_eq!(
            canonical(&[("z", "1"), ("a.b", "a b&c")], rule).unwrap(),
            "z=1&a.b=a+b%26c"
        );
    }

    #[test]
    fn strict_refuses_separators() {
        let rule = CanonicalQuery {
            names: Escape::Strict,
            values: Escape::Strict,
            order: QueryOrder::Sorted,
        };
        assert_eq!(canonical(&[("a", "x=y")], rule).unwrap(), "a=x=y");
        assert_eq!(
            canonical(&[("a", "x&y")], rule),
            Err(Error::AmbiguousValue {
                field: "query",
                character: '&'
            })
        );
        assert_eq!(
            canonical(&[("a=b", "x")], rule),
            Err(Error::AmbiguousValue {
                field: "query",
                character: '='
            })
        );
    }

    #[test]
    fn more_parameters_than_fit_on_the_stack() {
        let names: Vec<String> = (0..40).rev().map(|i| format!("p{i:02}")).collect();
        let pairs: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "v")).collect();
        let written = canonical(&pairs, CanonicalQuery::RFC3986_SORTED).unwrap();
        let expected: Vec<String> = (0..40).map(|i| format!("p{i:02}=v")).collect();
        assert_eq!(written, expected.join("&"));
    }

    #[test]
    fn decodes_a_received_query_and_writes_it_back() {
        let received = "Param-3=Value3&%E1%88%B4=a%2Bb+c&empty&&x=";
        let pairs: Vec<_> = decode_query(received).collect();
        assert_eq!(pairs.len(), 4);
        assert_eq!(&*pairs[1].0, "ሴ".as_bytes());
        assert_eq!(&*pairs[1].1, b"a+b+c");
        assert_eq!((&*pairs[2].0, &*pairs[2].1), (&b"empty"[..], &b""[..]));
        let mut params = QueryParams::new();
        for (n, v) in &pairs {
            params.push("query", &**n, &**v);
        }
        let mut sent = Vec::new();
        params.write_sent(&mut sent);
        assert_eq!(sent, b"Param-3=Value3&%E1%88%B4=a%2Bb%2Bc&empty=&x=");
    }

    #[test]
    fn spellings_round_trip() {
        for (spelling, order) in QueryOrder::ALL {
            assert_eq!(order.name(), *spelling);
        }
    }
}
