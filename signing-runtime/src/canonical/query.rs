//! The query of a request as a signature covers it, and as it is sent.
//!
//! [`QueryParams`] collects a request's parameters (names and values as the request means them,
//! not yet percent-encoded; repeated and empty names and values allowed) from any number of
//! places: the URL a caller gives, fields, a map of optional parameters, the parameters a presigned
//! URL adds. [`CanonicalQuery`] says how they are signed, as independent settings: how names are
//! escaped, how values are escaped, their order ([`QueryOrder`]: sorted by escaped name, then
//! escaped value, as SigV4 does, or as given), the text around them ([`QueryLayout`]: `name=value`
//! joined by `&`, or a `\nname:value` line each, as Azure Storage's canonicalized resource has
//! them), whether names are lower-cased, and whether the values of a repeated name are joined
//! into one (`name:v1,v2`). An empty value keeps its separator (`name=`).
//!
//! Injective: under `rfc3986` or `form`, the layout's separators inside a name or value are
//! escaped (the layouts use only `&`, `=`, `:`, `,` and line breaks, which both encode), so a
//! written query reads back as exactly one list of pairs; sorting loses only the order, which a
//! server does not read either. Under `strict`, a name holding a separator, or a value holding
//! the pair separator (or the join separator), is refused ([`Error::AmbiguousValue`]). `none`
//! writes the text as it is and leaves that to the caller. Two settings merge on purpose what
//! their schemes treat as the same: lower-cased names (`A=1` and `a=1`), and joined values
//! (`a=1&a=2` and `a=1,2` under `none`).

use std::borrow::Cow;

use crate::canonical::encode::{cmp_encoded, write_escaped};
use crate::canonical::list::{Arena, List, Text};
use crate::error::Error;
use crate::message::{write_value, Escape, MessageValue, Sink};

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

/// The text around the parameters of a canonical query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QueryLayout {
    /// Written before every parameter (`""`; `"\n"` for one line per parameter).
    pub before_each: &'static str,
    /// Written between two parameters (`"&"`).
    pub between: &'static str,
    /// Written between a name and its value (`"="`).
    pub name_value: &'static str,
}

impl QueryLayout {
    /// `a=1&b=2`.
    pub const URL: QueryLayout = QueryLayout {
        before_each: "",
        between: "&",
        name_value: "=",
    };
    /// `\na:1\nb:2`.
    pub const LINES: QueryLayout = QueryLayout {
        before_each: "\n",
        between: "",
        name_value: ":",
    };
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
    /// The separators.
    pub layout: QueryLayout,
    /// Names are lower-cased (ASCII) before they are escaped and sorted.
    pub lowercase_names: bool,
    /// `Some(",")`: a name given more than once is written once, its values (in sorted order)
    /// joined by this text.
    pub join_repeated: Option<&'static str>,
}

impl CanonicalQuery {
    /// RFC 3986 names and values, sorted, `name=value` joined by `&`: SigV4's canonical query.
    pub const RFC3986_SORTED: CanonicalQuery = CanonicalQuery {
        names: Escape::Rfc3986,
        values: Escape::Rfc3986,
        order: QueryOrder::Sorted,
        layout: QueryLayout::URL,
        lowercase_names: false,
        join_repeated: None,
    };
}

/// One parameter: its name, its value, and the field it came from (for errors).
#[derive(Debug, Clone, Copy)]
struct Param<'a> {
    name: Text<'a>,
    value: Text<'a>,
    field: &'static str,
}

/// The parameters of a request, collected from wherever they come from, then written in their
/// canonical form ([`QueryParams::write_canonical`]) or as sent ([`QueryParams::write_sent`]).
/// Text is borrowed ([`QueryParams::push`]) or, for values that are not text yet (numbers,
/// timestamps), written into one buffer the collection owns (on the stack for the first 192 bytes) ([`QueryParams::push_value`]). Up to
/// 16 parameters are kept on the stack.
pub struct QueryParams<'a> {
    params: List<Param<'a>, 16>,
    arena: Arena,
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
                name: Text::Borrowed(b""),
                value: Text::Borrowed(b""),
                field: "",
            }),
            arena: Arena::new(),
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
            name: Text::Borrowed(name.as_ref()),
            value: Text::Borrowed(value.as_ref()),
            field,
        });
    }

    /// Adds the parameter `name` with `value` written as a message writes it (numbers, timestamps
    /// in their declared format), unescaped: escaping is the canonical form's business.
    ///
    /// # Errors
    /// None in practice (values are written unescaped, which refuses nothing); the `Result` is
    /// the value writer's.
    pub fn push_value<V: MessageValue + ?Sized>(
        &mut self,
        field: &'static str,
        name: &'a (impl AsRef<[u8]> + ?Sized),
        value: &V,
    ) -> Result<(), Error> {
        let start = self.arena.len();
        write_value(&mut self.arena, Escape::None, None, field, value)?;
        self.params.push(Param {
            name: Text::Borrowed(name.as_ref()),
            value: Text::Owned(start, self.arena.len()),
            field,
        });
        Ok(())
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

    /// Adds every pair of `pairs` (a field holding parameters not known at compile time).
    pub fn extend_pairs<P: QueryPairs + ?Sized>(&mut self, field: &'static str, pairs: &'a P) {
        pairs.each_pair(&mut |name, value| self.push(field, name, value));
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
        self.write_canonical_before(out, rule, None)
    }

    /// As [`QueryParams::write_canonical`], inside a message that writes `next` right after the
    /// query: under `strict`, a name or value holding `next` is refused too, so the end of the
    /// query stays where it is.
    ///
    /// # Errors
    /// As [`QueryParams::write_canonical`].
    pub fn write_canonical_before<S: Sink + ?Sized>(
        &mut self,
        out: &mut S,
        rule: &CanonicalQuery,
        next: Option<char>,
    ) -> Result<(), Error> {
        let arena = &self.arena;
        let layout = rule.layout;
        let join = rule.join_repeated.unwrap_or("");
        let mut buf = [0u8; 4];
        let next = next.map_or("", |c| &*c.encode_utf8(&mut buf));
        for p in self.params.as_slice() {
            let (name, value) = (p.name.get(arena), p.value.get(arena));
            for separators in [layout.name_value, layout.between, layout.before_each, next] {
                check_strict(name, rule.names, p.field, separators)?;
            }
            for separators in [layout.between, layout.before_each, join, next] {
                check_strict(value, rule.values, p.field, separators)?;
            }
        }
        let lower = rule.lowercase_names;
        if rule.order == QueryOrder::Sorted {
            self.params.as_mut_slice().sort_by(|a, b| {
                cmp_encoded(a.name.get(arena), b.name.get(arena), rule.names, lower).then_with(
                    || cmp_encoded(a.value.get(arena), b.value.get(arena), rule.values, false),
                )
            });
        }
        let params = self.params.as_slice();
        for (i, p) in params.iter().enumerate() {
            let name = p.name.get(arena);
            let previous = i.checked_sub(1).map(|j| params[j].name.get(arena));
            let same_name = previous.is_some_and(|previous| {
                if lower {
                    previous.eq_ignore_ascii_case(name)
                } else {
                    previous == name
                }
            });
            if rule.join_repeated.is_some() && same_name {
                out.write(join.as_bytes());
            } else {
                if i > 0 {
                    out.write(layout.between.as_bytes());
                }
                out.write(layout.before_each.as_bytes());
                write_name(out, name, rule.names, lower);
                out.write(layout.name_value.as_bytes());
            }
            write_escaped(out, p.value.get(arena), rule.values);
        }
        Ok(())
    }

    /// Writes the parameters as they go into a URL, in the order they were added: names and values
    /// RFC 3986-encoded, `name=value` joined by `&`.
    pub fn write_sent<S: Sink + ?Sized>(&self, out: &mut S) {
        for (i, p) in self.params.as_slice().iter().enumerate() {
            if i > 0 {
                out.write(b"&");
            }
            write_escaped(out, p.name.get(&self.arena), Escape::Rfc3986);
            out.write(b"=");
            write_escaped(out, p.value.get(&self.arena), Escape::Rfc3986);
        }
    }
}

/// A field holding query parameters not known at compile time: `Vec<(K, V)>`, `[(K, V)]`,
/// `BTreeMap<K, V>` (names and values text or bytes), and references and `Option`s of those.
/// Repeated names are kept (a `Vec` may hold `a=1` and `a=2`).
pub trait QueryPairs {
    /// Calls `f` with each `(name, value)`, in the collection's order.
    fn each_pair<'a>(&'a self, f: &mut dyn FnMut(&'a [u8], &'a [u8]));
}

impl<K: AsRef<[u8]>, V: AsRef<[u8]>> QueryPairs for [(K, V)] {
    fn each_pair<'a>(&'a self, f: &mut dyn FnMut(&'a [u8], &'a [u8])) {
        for (name, value) in self {
            f(name.as_ref(), value.as_ref());
        }
    }
}

impl<K: AsRef<[u8]>, V: AsRef<[u8]>> QueryPairs for Vec<(K, V)> {
    fn each_pair<'a>(&'a self, f: &mut dyn FnMut(&'a [u8], &'a [u8])) {
        self.as_slice().each_pair(f);
    }
}

impl<K: AsRef<[u8]>, V: AsRef<[u8]>> QueryPairs for std::collections::BTreeMap<K, V> {
    fn each_pair<'a>(&'a self, f: &mut dyn FnMut(&'a [u8], &'a [u8])) {
        for (name, value) in self {
            f(name.as_ref(), value.as_ref());
        }
    }
}

impl<T: QueryPairs + ?Sized> QueryPairs for &T {
    fn each_pair<'a>(&'a self, f: &mut dyn FnMut(&'a [u8], &'a [u8])) {
        (**self).each_pair(f);
    }
}

impl<T: QueryPairs> QueryPairs for Option<T> {
    fn each_pair<'a>(&'a self, f: &mut dyn FnMut(&'a [u8], &'a [u8])) {
        if let Some(pairs) = self {
            pairs.each_pair(f);
        }
    }
}

/// Writes a name, lower-cased first when asked (on the stack, 64 bytes at a time).
fn write_name<S: Sink + ?Sized>(out: &mut S, name: &[u8], escape: Escape, lower: bool) {
    if !lower || !name.iter().any(u8::is_ascii_uppercase) {
        write_escaped(out, name, escape);
        return;
    }
    let mut buf = [0u8; 64];
    for chunk in name.chunks(buf.len()) {
        for (to, from) in buf.iter_mut().zip(chunk) {
            *to = from.to_ascii_lowercase();
        }
        write_escaped(out, &buf[..chunk.len()], escape);
    }
}

fn check_strict(
    text: &[u8],
    escape: Escape,
    field: &'static str,
    separators: &str,
) -> Result<(), Error> {
    if escape != Escape::Strict {
        return Ok(());
    }
    // Every character of a separator is refused, so no value can hold a separator whole.
    for c in separators.chars() {
        let mut buf = [0u8; 4];
        let needle = c.encode_utf8(&mut buf).as_bytes();
        if text.windows(needle.len()).any(|w| w == needle) {
            return Err(Error::AmbiguousValue {
                field,
                character: c,
            });
        }
    }
    Ok(())
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
            ..CanonicalQuery::RFC3986_SORTED
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
            ..CanonicalQuery::RFC3986_SORTED
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
    fn lines_with_lower_cased_names_and_joined_values() {
        // Azure Storage's canonicalized resource query, as azure-storage-blob 12.31.1 writes it
        // for ?restype=container&comp=list&prefix=a%20b%2F (tests/vectors/cloud-sdks/vectors.json,
        // list-blobs), and the rule its documentation gives for repeated names:
        // python3 -c "p=[('Comp','list'),('b','2'),('b','1')];import itertools
        // print(''.join('\\n'+k+':'+','.join(sorted(v for _,v in g)) for k,g in itertools.groupby(sorted((k.lower(),v) for k,v in p),key=lambda x:x[0])))"
        //   -> \nb:1,2\ncomp:list
        let rule = CanonicalQuery {
            names: Escape::None,
            values: Escape::None,
            order: QueryOrder::Sorted,
            layout: QueryLayout::LINES,
            lowercase_names: true,
            join_repeated: Some(","),
        };
        assert_eq!(
            canonical(
                &[
                    ("restype", "container"),
                    ("comp", "list"),
                    ("prefix", "a b/")
                ],
                rule
            )
            .unwrap(),
            "\ncomp:list\nprefix:a b/\nrestype:container"
        );
        assert_eq!(
            canonical(&[("Comp", "list"), ("b", "2"), ("b", "1")], rule).unwrap(),
            "\nb:1,2\ncomp:list"
        );
        let strict = CanonicalQuery {
            values: Escape::Strict,
            ..rule
        };
        for value in ["a,b", "a\nb"] {
            assert!(canonical(&[("b", value)], strict).is_err(), "{value:?}");
        }
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
    fn values_written_into_the_collection() {
        use crate::message::Int;
        use crate::time::{Formatted, Timestamp, TimestampFormat};
        let mut params = QueryParams::new();
        params
            .push_value("expires", "X-Amz-Expires", &Int(3600u32))
            .unwrap();
        let at = Timestamp::from_unix_seconds(1_440_938_160);
        params
            .push_value("date", "Date", &Formatted(&at, TimestampFormat::Rfc3339))
            .unwrap();
        params.push("algorithm", "A", "x y");
        let mut out = Vec::new();
        params
            .write_canonical(&mut out, &CanonicalQuery::RFC3986_SORTED)
            .unwrap();
        // date -u -d @1440938160 +%Y-%m-%dT%H:%M:%SZ -> 2015-08-30T12:36:00Z
        assert_eq!(
            out,
            b"A=x%20y&Date=2015-08-30T12%3A36%3A00Z&X-Amz-Expires=3600"
        );
    }

    #[test]
    fn fields_holding_parameters_and_the_text_after_the_query() {
        let extra = vec![("b", "2"), ("a", "1"), ("a", "0")];
        let mut map = std::collections::BTreeMap::new();
        map.insert("z".to_owned(), "x\ny".to_owned());
        let none: Option<Vec<(String, String)>> = None;
        let mut params = QueryParams::new();
        params.extend_pairs("extra", &extra);
        params.extend_pairs("none", &none);
        let mut out = Vec::new();
        params
            .write_canonical(&mut out, &CanonicalQuery::RFC3986_SORTED)
            .unwrap();
        assert_eq!(out, b"a=0&a=1&b=2");
        params.extend_pairs("map", &map);
        let strict = CanonicalQuery {
            names: Escape::Strict,
            values: Escape::Strict,
            ..CanonicalQuery::RFC3986_SORTED
        };
        assert_eq!(
            params.write_canonical_before(&mut Vec::new(), &strict, Some('\n')),
            Err(Error::AmbiguousValue {
                field: "map",
                character: '\n'
            })
        );
        assert!(params.write_canonical(&mut Vec::new(), &strict).is_ok());
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
