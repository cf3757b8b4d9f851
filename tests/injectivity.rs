//! A message must be injective: two different requests never produce the same message, or a
//! signature for one is a signature for the other.
//!
//! For every message form (the query form with default, custom and multi-character separators,
//! `sort`, `Option` fields; templates, with literal braces) and every escaping mode but `none`,
//! pairs of requests are generated, many of them one small edit apart (a boundary moved, a
//! character replaced by its percent-encoding, separator text added, an `Option` toggled), from
//! values full of separators, `%`, `+`, braces, non-ASCII and empty strings. When both messages
//! exist and are equal, the requests must be equal. `none_is_not_injective` runs the same search
//! on `escape = "none"` and must find a collision, which shows the search would catch one.
//!
//! `strict` is also checked exactly: a message is refused, naming the first field (in message
//! order) and the character, if and only if a value contains the separator that follows it.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use signing::{Error, SignedRequest};

/// Cases per property: 256, or `INJECTIVITY_CASES` for a longer search.
fn config() -> Config {
    let cases = std::env::var("INJECTIVITY_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// A request built from generated values: `N` text fields (some `Option`), in declaration order.
trait Case: SignedRequest + PartialEq + std::fmt::Debug + Sized {
    /// Each field's Rust name, and whether it is an `Option`.
    const FIELDS: &'static [(&'static str, bool)];
    /// The text the message puts between values (separators and names).
    const GLUE: &'static [&'static str];
    fn build(values: &[Option<String>]) -> Self;
    /// For `strict`: each field's value with the separator that follows it, in message order.
    fn stops(&self) -> Vec<(&'static str, Option<&str>, Option<char>)>;
    /// Equality as far as the message can tell (a template writes `None` as the empty value).
    fn same(&self, other: &Self) -> bool {
        self == other
    }
}

fn text() -> impl Strategy<Value = String> {
    let interesting = prop::sample::select(vec![
        'a', 'b', 'z', '0', '2', '6', 'A', 'F', '&', '=', ';', ':', '@', '|', '%', '+', ' ', '{',
        '}', '~', '*', '-', '.', '_', '/', '\n', '\r', 'é', '→', '😀',
    ]);
    prop::collection::vec(prop_oneof![6 => interesting, 1 => any::<char>()], 0..7)
        .prop_map(|chars| chars.into_iter().collect())
}

fn values(n: usize) -> impl Strategy<Value = Vec<Option<String>>> {
    prop::collection::vec(prop::option::weighted(0.85, text()), n)
}

/// Percent-encodings and form spellings a value's characters could be confused with.
fn spellings(c: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4];
    let hex: String = c
        .encode_utf8(&mut buf)
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect();
    out.push(hex.clone());
    out.push(hex.to_lowercase());
    if c == ' ' {
        out.push("+".into());
    }
    if c == '+' {
        out.push(" ".into());
    }
    out
}

/// One small edit of `a`, chosen by `choice` and `at`, with `extra` as new text.
fn edit(a: &[Option<String>], choice: u8, at: usize, extra: &str) -> Vec<Option<String>> {
    let mut b = a.to_vec();
    let n = b.len();
    let i = at % n;
    let j = (i + 1) % n;
    match choice % 6 {
        // Move the end of one value to the start of the next.
        0 => {
            let mut chars: Vec<char> = b[i].clone().unwrap_or_default().chars().collect();
            let k = (at / n) % (chars.len() + 1);
            let moved: String = chars.split_off(chars.len() - k).into_iter().collect();
            b[i] = Some(chars.into_iter().collect());
            b[j] = Some(format!("{moved}{}", b[j].clone().unwrap_or_default()));
        }
        // Move the start of one value to the end of the previous.
        1 => {
            let chars: Vec<char> = b[j].clone().unwrap_or_default().chars().collect();
            let k = (at / n) % (chars.len() + 1);
            let moved: String = chars[..k].iter().collect();
            b[j] = Some(chars[k..].iter().collect());
            b[i] = Some(format!("{}{moved}", b[i].clone().unwrap_or_default()));
        }
        // Replace a character with another spelling of it.
        2 => {
            let value = b[i].clone().unwrap_or_default();
            if let Some((pos, c)) = value.char_indices().nth((at / n) % (value.len() + 1)) {
                let options = spellings(c);
                let spelled = &options[(at / 7) % options.len()];
                b[i] = Some(format!(
                    "{}{spelled}{}",
                    &value[..pos],
                    &value[pos + c.len_utf8()..]
                ));
            }
        }
        // Toggle between `None` and the empty value.
        3 => {
            b[i] = match &b[i] {
                None => Some(String::new()),
                Some(v) if v.is_empty() => None,
                Some(_) => None,
            }
        }
        // Append new text (often separators) to one value.
        4 => b[i] = Some(format!("{}{extra}", b[i].clone().unwrap_or_default())),
        // A value from elsewhere.
        _ => b[i] = Some(extra.to_owned()),
    }
    b
}

/// The pair that collides when values are not escaped: `a` has `x + glue + y` in field `j`,
/// `b` has `glue + x` appended to field `i = j - 1` and `y` in field `j`, where `glue` is text
/// the message itself puts between values.
fn glued(a: &mut [Option<String>], glue: &str, at: usize, x: &str) -> Vec<Option<String>> {
    let n = a.len();
    let j = 1 + at % (n - 1);
    let i = j - 1;
    let y = a[j].clone().unwrap_or_default();
    a[j] = Some(format!("{x}{glue}{y}"));
    let mut b = a.to_vec();
    b[i] = Some(format!("{}{glue}{x}", a[i].clone().unwrap_or_default()));
    b[j] = Some(y);
    b
}

/// Pairs of value lists: unrelated, one or two edits apart, or glued.
fn pairs(
    n: usize,
    glue: &'static [&'static str],
) -> impl Strategy<Value = (Vec<Option<String>>, Vec<Option<String>>)> {
    (
        values(n),
        values(n),
        any::<(u8, u8, usize, usize)>(),
        text(),
        0u8..5,
    )
        .prop_map(move |(mut a, other, (c1, c2, at1, at2), extra, mode)| {
            let b = match mode {
                0 => other,
                1 => edit(&a, c1, at1, &extra),
                2 => edit(&edit(&a, c1, at1, &extra), c2, at2, &extra),
                _ => glued(&mut a, glue[at2 % glue.len()], at1, &extra),
            };
            (a, b)
        })
}

fn injective<C: Case>(runner: &mut TestRunner) -> Result<(), String> {
    runner
        .run(&pairs(C::FIELDS.len(), C::GLUE), |(a, b)| {
            let (a, b) = (C::build(&a), C::build(&b));
            if let (Ok(ma), Ok(mb)) = (a.message(), b.message()) {
                if ma == mb && !a.same(&b) {
                    return Err(TestCaseError::fail(format!(
                        "{a:?} and {b:?} both give {:?}",
                        String::from_utf8_lossy(&ma)
                    )));
                }
            }
            Ok(())
        })
        .map_err(|e| e.to_string())
}

fn assert_injective<C: Case>() {
    if let Err(e) = injective::<C>(&mut TestRunner::new(config())) {
        panic!("{}: {e}", std::any::type_name::<C>());
    }
}

/// `strict` refuses exactly the values that contain their following separator, naming the
/// first such field and the character; it writes every other request.
fn assert_strict_refuses_exactly<C: Case>() {
    let mut runner = TestRunner::new(config());
    let result = runner.run(&values(C::FIELDS.len()), |values| {
        let request = C::build(&values);
        let expected = request
            .stops()
            .into_iter()
            .find_map(|(field, value, stop)| {
                let stop = stop?;
                value?.contains(stop).then_some(Error::AmbiguousValue {
                    field,
                    character: stop,
                })
            });
        match (request.message(), expected) {
            (Ok(_), None) => Ok(()),
            (Err(got), Some(want)) if got == want => Ok(()),
            (got, want) => Err(TestCaseError::fail(format!(
                "{request:?}: got {got:?}, expected {want:?}"
            ))),
        }
    });
    if let Err(e) = result {
        panic!("{}: {e}", std::any::type_name::<C>());
    }
}

fn s(values: &[Option<String>], i: usize) -> String {
    values[i].clone().unwrap_or_default()
}

/// The query form: `a`, `b`, optional `c`, and a number; one struct per escaping mode.
macro_rules! query_form {
    ($name:ident, $($attr:tt)*) => {
        #[derive(SignedRequest, Debug, PartialEq)]
        #[signed(mac = "hmac-sha256", $($attr)*)]
        struct $name {
            a: String,
            b: String,
            c: Option<String>,
            n: u32,
        }

        impl Case for $name {
            const FIELDS: &'static [(&'static str, bool)] =
                &[("a", false), ("b", false), ("c", true), ("n", false)];
            const GLUE: &'static [&'static str] = &[
                "&b=", "&c=", "&n=", "&", "=", ";b:", ";c:", ";n:", "\r\nb: ", "\r\nc: ",
            ];
            fn build(v: &[Option<String>]) -> Self {
                $name {
                    a: s(v, 0),
                    b: s(v, 1),
                    c: v[2].clone(),
                    n: v[3].as_ref().map_or(0, |t| t.len() as u32),
                }
            }
            fn stops(&self) -> Vec<(&'static str, Option<&str>, Option<char>)> {
                let stop = pair_stop(stringify!($($attr)*));
                vec![
                    ("a", Some(self.a.as_str()), stop),
                    ("b", Some(self.b.as_str()), stop),
                    ("c", self.c.as_deref(), stop),
                    ("n", None, stop),
                ]
            }
        }
    };
}

/// The first character of the declared pair separator (`&` by default).
fn pair_stop(attrs: &str) -> Option<char> {
    match attrs.split("pair_separator = \"").nth(1) {
        Some(rest) => rest
            .strip_prefix("\\r")
            .map(|_| '\r')
            .or_else(|| rest.chars().next()),
        None => Some('&'),
    }
}

query_form!(QueryStrict, escape = "strict");
query_form!(QueryRfc3986, escape = "rfc3986");
query_form!(QueryForm, escape = "form");
query_form!(SemicolonStrict, pair_separator = ";", kv_separator = ":");
query_form!(
    SemicolonRfc3986,
    pair_separator = ";",
    kv_separator = ":",
    escape = "rfc3986"
);
query_form!(
    SemicolonForm,
    pair_separator = ";",
    kv_separator = ":",
    escape = "form"
);
query_form!(LinesStrict, pair_separator = "\r\n", kv_separator = ": ");
query_form!(
    LinesRfc3986,
    pair_separator = "\r\n",
    kv_separator = ": ",
    escape = "rfc3986"
);
query_form!(QueryNone, escape = "none");

/// `sort` with renamed fields: the message order is `a`, `ab`, `b`, `ba` whatever the
/// declaration order.
macro_rules! sorted {
    ($name:ident, $($attr:tt)*) => {
        #[derive(SignedRequest, Debug, PartialEq)]
        #[signed(mac = "hmac-sha256", sort, $($attr)*)]
        struct $name {
            #[signed(rename = "ba")]
            w: Option<String>,
            #[signed(rename = "b")]
            x: String,
            #[signed(rename = "ab")]
            y: Option<String>,
            #[signed(rename = "a")]
            z: String,
        }

        impl Case for $name {
            const FIELDS: &'static [(&'static str, bool)] =
                &[("w", true), ("x", false), ("y", true), ("z", false)];
            const GLUE: &'static [&'static str] = &["&ab=", "&b=", "&ba=", "&", "="];
            fn build(v: &[Option<String>]) -> Self {
                $name { w: v[0].clone(), x: s(v, 1), y: v[2].clone(), z: s(v, 3) }
            }
            fn stops(&self) -> Vec<(&'static str, Option<&str>, Option<char>)> {
                let stop = Some('&');
                vec![
                    ("z", Some(self.z.as_str()), stop),
                    ("y", self.y.as_deref(), stop),
                    ("x", Some(self.x.as_str()), stop),
                    ("w", self.w.as_deref(), stop),
                ]
            }
        }
    };
}

sorted!(SortedStrict, escape = "strict");
sorted!(SortedRfc3986, escape = "rfc3986");
sorted!(SortedForm, escape = "form");

/// A template with literal braces and an optional field, whose `None` is written as `$none`
/// (issue 16: it was always the empty value, like `Some("")`).
macro_rules! template {
    ($name:ident, $none:literal, $($attr:tt)*) => {
        #[derive(SignedRequest, Debug, PartialEq)]
        #[signed(mac = "hmac-sha256", template = "v1|{a}:{b}{{x}}@{c}|{d}", $($attr)*)]
        struct $name {
            a: String,
            b: String,
            #[signed(none = $none)]
            c: Option<String>,
            d: String,
        }

        impl Case for $name {
            const FIELDS: &'static [(&'static str, bool)] =
                &[("a", false), ("b", false), ("c", true), ("d", false)];
            const GLUE: &'static [&'static str] = &[":", "{x}@", "|", "{", "@"];
            fn build(v: &[Option<String>]) -> Self {
                $name { a: s(v, 0), b: s(v, 1), c: v[2].clone(), d: s(v, 3) }
            }
            fn stops(&self) -> Vec<(&'static str, Option<&str>, Option<char>)> {
                vec![
                    ("a", Some(self.a.as_str()), Some(':')),
                    ("b", Some(self.b.as_str()), Some('{')),
                    ("c", self.c.as_deref(), Some('|')),
                    ("d", Some(self.d.as_str()), None),
                ]
            }
            /// With `none = ""` the declaration says `None` and `Some("")` are the same
            /// request (the provider's rule); any other `none` text keeps them apart.
            fn same(&self, other: &Self) -> bool {
                if !$none.is_empty() {
                    return self == other;
                }
                self.a == other.a
                    && self.b == other.b
                    && self.d == other.d
                    && self.c.as_deref().unwrap_or_default() == other.c.as_deref().unwrap_or_default()
            }
        }
    };
}

template!(TemplateStrict, "", escape = "strict");
template!(TemplateRfc3986, "", escape = "rfc3986");
template!(TemplateForm, "", escape = "form");
template!(TemplateRfc3986Bang, "!", escape = "rfc3986");
template!(TemplateFormPercent, "%", escape = "form");
template!(TemplateRfc3986Null, "(null)", escape = "rfc3986");
template!(TemplateNone, "", escape = "none");

#[test]
fn query_form_is_injective() {
    assert_injective::<QueryStrict>();
    assert_injective::<QueryRfc3986>();
    assert_injective::<QueryForm>();
}

#[test]
fn custom_separators_are_injective() {
    assert_injective::<SemicolonStrict>();
    assert_injective::<SemicolonRfc3986>();
    assert_injective::<SemicolonForm>();
    assert_injective::<LinesStrict>();
    assert_injective::<LinesRfc3986>();
}

#[test]
fn sorted_query_form_is_injective() {
    assert_injective::<SortedStrict>();
    assert_injective::<SortedRfc3986>();
    assert_injective::<SortedForm>();
}

#[test]
fn templates_are_injective() {
    assert_injective::<TemplateStrict>();
    assert_injective::<TemplateRfc3986>();
    assert_injective::<TemplateForm>();
    assert_injective::<TemplateRfc3986Bang>();
    assert_injective::<TemplateFormPercent>();
    assert_injective::<TemplateRfc3986Null>();
}

#[test]
fn strict_refuses_exactly_the_values_holding_their_separator() {
    assert_strict_refuses_exactly::<QueryStrict>();
    assert_strict_refuses_exactly::<SemicolonStrict>();
    assert_strict_refuses_exactly::<LinesStrict>();
    assert_strict_refuses_exactly::<SortedStrict>();
    assert_strict_refuses_exactly::<TemplateStrict>();
}

/// `{@query}` in a template: `a`, `b` and optional `c` sent as query parameters and written
/// there in canonical form, then a number.
macro_rules! query_placeholder {
    ($name:ident, glue = $glue:expr, $($attr:tt)*) => {
        #[derive(SignedRequest, Debug, PartialEq)]
        #[signed(mac = "hmac-sha256", template = "{@query}|{n}", $($attr)*)]
        struct $name {
            #[signed(query)]
            a: String,
            #[signed(query)]
            b: String,
            #[signed(query)]
            c: Option<String>,
            n: u32,
        }

        impl Case for $name {
            const FIELDS: &'static [(&'static str, bool)] =
                &[("a", false), ("b", false), ("c", true), ("n", false)];
            const GLUE: &'static [&'static str] = $glue;
            fn build(v: &[Option<String>]) -> Self {
                $name {
                    a: s(v, 0),
                    b: s(v, 1),
                    c: v[2].clone(),
                    n: v[3].as_ref().map_or(0, |t| t.len() as u32),
                }
            }
            fn stops(&self) -> Vec<(&'static str, Option<&str>, Option<char>)> {
                Vec::new()
            }
        }
    };
    ($name:ident, $($attr:tt)*) => {
        query_placeholder!($name, glue = &["&b=", "&c=", "&", "=", "|"], $($attr)*);
    };
}

query_placeholder!(QueryPlaceholderRfc3986, escape = "rfc3986", sort);
query_placeholder!(QueryPlaceholderForm, escape = "form");
query_placeholder!(QueryPlaceholderStrict, escape = "strict", sort);

#[test]
fn the_query_placeholder_is_injective() {
    assert_injective::<QueryPlaceholderRfc3986>();
    assert_injective::<QueryPlaceholderForm>();
    assert_injective::<QueryPlaceholderStrict>();
}

/// What a value must hold to pass for the separators of the `lines` layout.
const LINES_GLUE: &[&str] = &["\nb:", "\nc:", "\n", ":", "|"];

// `{@query}` as `canonical_query(layout = "lines")` writes it (a `\nname:value` line each, as
// Azure Storage's canonicalized resource), with names and values escaped apart.
query_placeholder!(
    QueryLinesRfc3986,
    glue = LINES_GLUE,
    sort,
    canonical_query(escape = "rfc3986", layout = "lines")
);
query_placeholder!(
    QueryLinesStrict,
    glue = LINES_GLUE,
    canonical_query(layout = "lines")
);
query_placeholder!(
    QueryLinesApart,
    glue = LINES_GLUE,
    sort,
    canonical_query(
        escape_names = "rfc3986",
        escape_values = "form",
        layout = "lines"
    )
);

#[test]
fn the_query_placeholder_in_lines_is_injective() {
    assert_injective::<QueryLinesRfc3986>();
    assert_injective::<QueryLinesStrict>();
    assert_injective::<QueryLinesApart>();
}

/// A `flatten` field's pairs (query parameters not known at compile time) in `{@query}` beside a
/// `query` field: two requests with one message send the same parameters (the same list; when
/// sorted, the same multiset, a pair named `a` being the `a` field's parameter spelled apart).
macro_rules! query_flatten {
    ($name:ident, $($attr:tt)*) => {
        #[derive(SignedRequest, Debug, PartialEq)]
        #[signed(mac = "hmac-sha256", template = "{@query}|{n}", $($attr)*)]
        struct $name {
            #[signed(query)]
            a: String,
            #[signed(flatten)]
            extra: Vec<(String, String)>,
            n: u32,
        }

        impl Case for $name {
            const FIELDS: &'static [(&'static str, bool)] = &[
                ("a", false),
                ("extra", true),
                ("extra", true),
                ("extra", true),
                ("extra", true),
                ("n", false),
            ];
            const GLUE: &'static [&'static str] = &["&", "=", "&a=", "|"];
            fn build(v: &[Option<String>]) -> Self {
                $name {
                    a: s(v, 0),
                    extra: v[1..5]
                        .chunks(2)
                        .filter(|p| p[0].is_some() || p[1].is_some())
                        .map(|p| (s(p, 0), s(p, 1)))
                        .collect(),
                    n: v[5].as_ref().map_or(0, |t| t.len() as u32),
                }
            }
            fn stops(&self) -> Vec<(&'static str, Option<&str>, Option<char>)> {
                Vec::new()
            }
            fn same(&self, other: &Self) -> bool {
                let sorted = stringify!($($attr)*).contains("sort");
                let params = |r: &Self| {
                    let mut p = vec![("a".to_owned(), r.a.clone())];
                    p.extend(r.extra.iter().cloned());
                    if sorted {
                        p.sort();
                    }
                    p
                };
                self.n == other.n && params(self) == params(other)
            }
        }
    };
}

query_flatten!(QueryFlattenRfc3986, escape = "rfc3986", sort);
query_flatten!(QueryFlattenForm, escape = "form");
query_flatten!(QueryFlattenStrict, escape = "strict");

#[test]
fn a_flattened_query_is_injective() {
    assert_injective::<QueryFlattenRfc3986>();
    assert_injective::<QueryFlattenForm>();
    assert_injective::<QueryFlattenStrict>();
}

/// The search is strong enough to find collisions where they exist: `escape = "none"` trusts
/// the caller, and the same generator finds two requests with one message.
#[test]
fn none_is_not_injective() {
    for found in [
        injective::<QueryNone>(&mut TestRunner::new(config())),
        injective::<TemplateNone>(&mut TestRunner::new(config())),
    ] {
        let found = found.expect_err("a collision under escape = \"none\"");
        assert!(found.contains("both give"), "{found}");
    }
}

/// A template writes `None` as its declared `none` text: `""` (the declaration says the
/// provider equates `None` and `Some("")`), or a text no value is written as.
#[test]
fn a_template_writes_none_as_declared() {
    let values = [Some("a".into()), Some("b".into()), None, Some("d".into())];
    let none = TemplateRfc3986Bang::build(&values);
    let empty = TemplateRfc3986Bang {
        c: Some(String::new()),
        ..TemplateRfc3986Bang::build(&values)
    };
    let bang = TemplateRfc3986Bang {
        c: Some("!".into()),
        ..TemplateRfc3986Bang::build(&values)
    };
    assert_eq!(none.message().unwrap(), b"v1|a:b{x}@!|d");
    assert_eq!(empty.message().unwrap(), b"v1|a:b{x}@|d");
    assert_eq!(bang.message().unwrap(), b"v1|a:b{x}@%21|d");
    let none = TemplateFormPercent::build(&values);
    assert_eq!(none.message().unwrap(), b"v1|a:b{x}@%|d");
    // `none = ""`: declared the same as the empty value.
    let none = TemplateStrict::build(&[Some("a".into()), Some("b".into()), None, Some("d".into())]);
    let empty = TemplateStrict {
        c: Some(String::new()),
        ..TemplateStrict::build(&[Some("a".into()), Some("b".into()), None, Some("d".into())])
    };
    assert_eq!(none.message().unwrap(), b"v1|a:b{x}@|d");
    assert_eq!(none.message(), empty.message());
    // In the query form they differ: the pair is left out, or sent empty.
    let none = QueryStrict::build(&[None, None, None, None]);
    let empty = QueryStrict::build(&[None, None, Some(String::new()), None]);
    assert_eq!(none.message().unwrap(), b"a=&b=&n=0");
    assert_eq!(empty.message().unwrap(), b"a=&b=&c=&n=0");
}

// Issue 16, finding 4: query names as the message writes them. `a b`, `a+b` and `a%20b` are
// three names that percent-encoding writes apart (`a%20b` / `a+b`, `a%2Bb`, `a%2520b`); the
// declarations that made names collide with the kv separator (`kv_separator = "%"` under
// rfc3986, `"%3D"` under form) are refused at compile time (tests/ui/kv-separator-*.rs).
macro_rules! encoded_names {
    ($name:ident, $($attr:tt)*) => {
        #[derive(SignedRequest, Debug, PartialEq)]
        #[signed(mac = "hmac-sha256", $($attr)*)]
        struct $name {
            a: Option<String>,
            #[signed(rename = "a b")]
            space: Option<String>,
            #[signed(rename = "a+b")]
            plus: Option<String>,
            #[signed(rename = "a%20b")]
            percent: Option<String>,
        }

        impl Case for $name {
            const FIELDS: &'static [(&'static str, bool)] =
                &[("a", true), ("space", true), ("plus", true), ("percent", true)];
            const GLUE: &'static [&'static str] = &[
                "&a b=", "&a+b=", "&a%20b=", "a%20b=", "%20b", "+b", "%2F", "&", "=", ":", "%",
            ];
            fn build(v: &[Option<String>]) -> Self {
                $name {
                    a: v[0].clone(),
                    space: v[1].clone(),
                    plus: v[2].clone(),
                    percent: v[3].clone(),
                }
            }
            fn stops(&self) -> Vec<(&'static str, Option<&str>, Option<char>)> {
                let stop = pair_stop(stringify!($($attr)*));
                vec![
                    ("a", self.a.as_deref(), stop),
                    ("space", self.space.as_deref(), stop),
                    ("plus", self.plus.as_deref(), stop),
                    ("percent", self.percent.as_deref(), stop),
                ]
            }
        }
    };
}

encoded_names!(NamesRfc3986, escape = "rfc3986");
encoded_names!(NamesForm, escape = "form");
encoded_names!(NamesRfc3986Colon, escape = "rfc3986", kv_separator = ":");
encoded_names!(NamesFormColon, escape = "form", kv_separator = ":");
encoded_names!(NamesStrictColon, escape = "strict", kv_separator = ":");
encoded_names!(NamesSortedForm, escape = "form", sort, pair_separator = ";");

#[test]
fn query_names_are_apart_as_written() {
    assert_injective::<NamesRfc3986>();
    assert_injective::<NamesForm>();
    assert_injective::<NamesRfc3986Colon>();
    assert_injective::<NamesFormColon>();
    assert_injective::<NamesStrictColon>();
    assert_injective::<NamesSortedForm>();
    assert_strict_refuses_exactly::<NamesStrictColon>();
}

/// Digest groups: values inside a group, around a separator, and a value right before a group
/// that ends the template (a digest has a fixed length).
macro_rules! digests {
    ($name:ident, $($attr:tt)*) => {
        #[derive(SignedRequest, Debug, PartialEq)]
        #[signed(mac = "hmac-sha256", $($attr)*)]
        struct $name {
            a: String,
            b: String,
            c: String,
            d: String,
        }

        impl Case for $name {
            const FIELDS: &'static [(&'static str, bool)] =
                &[("a", false), ("b", false), ("c", false), ("d", false)];
            const GLUE: &'static [&'static str] = &["|", ":", "\n", "{", "}"];
            fn build(v: &[Option<String>]) -> Self {
                $name { a: s(v, 0), b: s(v, 1), c: s(v, 2), d: s(v, 3) }
            }
            fn stops(&self) -> Vec<(&'static str, Option<&str>, Option<char>)> {
                vec![
                    ("a", Some(self.a.as_str()), Some('|')),
                    ("b", Some(self.b.as_str()), Some(':')),
                    // Last in its group, whose digest has a fixed length: nothing to refuse.
                    ("c", Some(self.c.as_str()), None),
                    ("d", Some(self.d.as_str()), None),
                ]
            }
        }
    };
}

digests!(
    DigestStrict,
    template = "{a}|{sha256:{b}:{c}}\n{d}{sha512(raw):{a}}",
    escape = "strict"
);
digests!(
    DigestRfc3986,
    template = "{a}|{sha256:{b}:{c}}\n{d}{sha512(raw):{a}}",
    escape = "rfc3986"
);
digests!(
    DigestForm,
    template = "{a}|{sha384(base64):{b}:{c}}\n{d}{sha256:{a}}",
    escape = "form"
);

#[test]
fn digest_groups_are_injective() {
    assert_injective::<DigestStrict>();
    assert_injective::<DigestRfc3986>();
    assert_injective::<DigestForm>();
    assert_strict_refuses_exactly::<DigestStrict>();
}

/// `{@content_digest}` / `{@repr_digest}`: the body's RFC 9530 field (`sha-256=:<base64>:`, its
/// length fixed by the algorithms) between fields; the body itself is in the message only there.
macro_rules! digest_fields {
    ($name:ident, template = $template:literal, $($attr:tt)*) => {
        #[derive(SignedRequest, Debug, PartialEq)]
        #[signed(mac = "hmac-sha256", method = "POST", path = "/items", template = $template,
                 $($attr)*)]
        struct $name {
            a: String,
            b: String,
            #[signed(body)]
            body: String,
        }

        impl Case for $name {
            const FIELDS: &'static [(&'static str, bool)] =
                &[("a", false), ("b", false), ("body", false)];
            const GLUE: &'static [&'static str] = &["|", "\n", "sha-256=:", ":", ", "];
            fn build(v: &[Option<String>]) -> Self {
                $name { a: s(v, 0), b: s(v, 1), body: s(v, 2) }
            }
            fn stops(&self) -> Vec<(&'static str, Option<&str>, Option<char>)> {
                vec![
                    ("a", Some(self.a.as_str()), Some('|')),
                    ("b", Some(self.b.as_str()), None),
                ]
            }
        }
    };
}

digest_fields!(
    ContentDigestStrict,
    template = "{a}|{@content_digest}\n{b}",
    content_digest = "sha-256",
    escape = "strict"
);
digest_fields!(
    ReprDigestsRfc3986,
    template = "{a}|{@repr_digest}\n{b}",
    repr_digest = "sha-256, sha-512",
    escape = "rfc3986"
);
digest_fields!(
    ContentDigestForm,
    template = "{@content_digest}{a}|{b}",
    content_digest = "sha-512",
    escape = "form"
);

#[test]
fn digest_fields_are_injective() {
    assert_injective::<ContentDigestStrict>();
    assert_injective::<ReprDigestsRfc3986>();
    assert_injective::<ContentDigestForm>();
    assert_strict_refuses_exactly::<ContentDigestStrict>();
}

/// `{@method}` and `{@path}`: the declared values, written as literal text between fields.
macro_rules! declared {
    ($name:ident, $($attr:tt)*) => {
        #[derive(SignedRequest, Debug, PartialEq)]
        #[signed(mac = "hmac-sha256", method = "POST", path = "/v1/a&b=c/{x}",
                 template = "{a}\n{@method}{@path}?{b}|{c}{@path}{d}", $($attr)*)]
        struct $name {
            a: String,
            b: String,
            c: String,
            d: String,
        }

        impl Case for $name {
            const FIELDS: &'static [(&'static str, bool)] =
                &[("a", false), ("b", false), ("c", false), ("d", false)];
            const GLUE: &'static [&'static str] =
                &["\nPOST/v1/a&b=c/{x}?", "POST", "/v1/a&b=c/{x}", "|", "?", "\n"];
            fn build(v: &[Option<String>]) -> Self {
                $name { a: s(v, 0), b: s(v, 1), c: s(v, 2), d: s(v, 3) }
            }
            fn stops(&self) -> Vec<(&'static str, Option<&str>, Option<char>)> {
                vec![
                    ("a", Some(self.a.as_str()), Some('\n')),
                    ("b", Some(self.b.as_str()), Some('|')),
                    ("c", Some(self.c.as_str()), Some('/')),
                    ("d", Some(self.d.as_str()), None),
                ]
            }
        }
    };
}

declared!(DeclaredStrict, escape = "strict");
declared!(DeclaredRfc3986, escape = "rfc3986");
declared!(DeclaredForm, escape = "form");

#[test]
fn method_and_path_are_injective() {
    assert_injective::<DeclaredStrict>();
    assert_injective::<DeclaredRfc3986>();
    assert_injective::<DeclaredForm>();
    assert_strict_refuses_exactly::<DeclaredStrict>();
}

/// A `method` field and a `path` field (the request's own, not the struct's): `{@method}` writes
/// the method as a value, `{@path}` the path in canonical form (each byte but the unreserved ones
/// and `/` percent-encoded once), so no method or path passes for another.
macro_rules! field_method_path {
    ($name:ident, $($attr:tt)*) => {
        #[derive(SignedRequest, Debug, PartialEq)]
        #[signed(mac = "hmac-sha256", template = "{@method} {@path}|{a}", $($attr)*)]
        struct $name {
            #[signed(method)]
            method: String,
            #[signed(path)]
            path: String,
            a: String,
        }

        impl Case for $name {
            const FIELDS: &'static [(&'static str, bool)] =
                &[("method", false), ("path", false), ("a", false)];
            const GLUE: &'static [&'static str] = &[" ", " /", "|", "/", "%2F", "%20"];
            fn build(v: &[Option<String>]) -> Self {
                $name {
                    method: s(v, 0),
                    path: format!("/{}", s(v, 1)),
                    a: s(v, 2),
                }
            }
            fn stops(&self) -> Vec<(&'static str, Option<&str>, Option<char>)> {
                Vec::new()
            }
        }
    };
}

field_method_path!(FieldMethodPathStrict, escape = "strict");
field_method_path!(FieldMethodPathRfc3986, escape = "rfc3986");
field_method_path!(
    FieldMethodPathTwice,
    escape = "form",
    path_encoding = "twice"
);

/// `{lowercase:{..}}` right before `{@path}`: the path begins with `/`, so the lowered value may
/// not hold one (as a value written without the group may not).
#[derive(SignedRequest, Debug, PartialEq)]
#[signed(mac = "hmac-sha256", template = "{lowercase:{method}}{@path}|{a}")]
struct LoweredMethodThenPath {
    method: String,
    #[signed(path)]
    path: String,
    a: String,
}

impl Case for LoweredMethodThenPath {
    const FIELDS: &'static [(&'static str, bool)] =
        &[("method", false), ("path", false), ("a", false)];
    const GLUE: &'static [&'static str] = &["/", "X", "|", "%2F"];
    fn build(v: &[Option<String>]) -> Self {
        LoweredMethodThenPath {
            method: s(v, 0),
            path: format!("/{}", s(v, 1)),
            a: s(v, 2),
        }
    }
    fn stops(&self) -> Vec<(&'static str, Option<&str>, Option<char>)> {
        Vec::new()
    }
}

#[test]
fn method_and_path_fields_are_injective() {
    assert_injective::<FieldMethodPathStrict>();
    assert_injective::<LoweredMethodThenPath>();
    assert_injective::<FieldMethodPathRfc3986>();
    assert_injective::<FieldMethodPathTwice>();
}

/// `{lowercase:..}`: values lowered, so a small letter (and, lowered, the separator after the
/// group) is refused; what is written stays one-to-one with what was given.
macro_rules! lowercase {
    ($name:ident, $template:literal, $sep:literal, $($attr:tt)*) => {
        #[derive(SignedRequest, Debug, PartialEq)]
        #[signed(mac = "hmac-sha256", template = $template, $($attr)*)]
        struct $name {
            a: String,
            b: String,
            c: String,
        }

        impl Case for $name {
            const FIELDS: &'static [(&'static str, bool)] = &[("a", false), ("b", false), ("c", false)];
            const GLUE: &'static [&'static str] = &["x", "X", " ", "|", "A", "a"];
            fn build(v: &[Option<String>]) -> Self {
                $name { a: s(v, 0), b: s(v, 1), c: s(v, 2) }
            }
            fn stops(&self) -> Vec<(&'static str, Option<&str>, Option<char>)> {
                vec![
                    ("a", Some(self.a.as_str()), Some($sep)),
                    ("b", Some(self.b.as_str()), Some('|')),
                    ("c", Some(self.c.as_str()), None),
                ]
            }
        }
    };
}

// Under `strict` a letter can follow the group: `X` in a value is refused, as `x` would be.
lowercase!(
    LowercaseStrict,
    "{lowercase:{a}}x{b}|{lowercase:{c}}",
    'x',
    escape = "strict"
);
lowercase!(
    LowercaseRfc3986,
    "{lowercase:{a}} {b}|{lowercase:{c}}",
    ' ',
    escape = "rfc3986"
);
lowercase!(
    LowercaseForm,
    "{lowercase:{a}}:{b}|{lowercase:{c}}",
    ':',
    escape = "form"
);

#[test]
fn lowercase_groups_are_injective() {
    assert_injective::<LowercaseStrict>();
    assert_injective::<LowercaseRfc3986>();
    assert_injective::<LowercaseForm>();
    // What lowering could merge: values that differ only in the case of their letters.
    fn case_flips<C: Case>() {
        let mut runner = TestRunner::new(config());
        let flips = (values(C::FIELDS.len()), 0..C::FIELDS.len(), any::<bool>());
        let result = runner.run(&flips, |(a, at, upper)| {
            let mut b = a.clone();
            b[at] = b[at].as_ref().map(|v| {
                if upper {
                    v.to_ascii_uppercase()
                } else {
                    v.to_ascii_lowercase()
                }
            });
            let (ra, rb) = (C::build(&a), C::build(&b));
            if let (Ok(ma), Ok(mb)) = (ra.message(), rb.message()) {
                if ma == mb && !ra.same(&rb) {
                    return Err(TestCaseError::fail(format!("{ra:?} and {rb:?} sign alike")));
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{}: {e}", std::any::type_name::<C>());
        }
    }
    case_flips::<LowercaseStrict>();
    case_flips::<LowercaseRfc3986>();
    case_flips::<LowercaseForm>();
}

/// A signature header's `format`: the parameters written from fields (`,` refused in them)
/// tell the requests apart as well as the message does.
#[derive(SignedRequest, Debug, PartialEq)]
#[signed(mac = "hmac-sha256", template = "{a}|{b}",
         signature = header("Sig", format = "x={a},y=<{b}>,v1={signature}"))]
struct HeaderFormat {
    a: String,
    b: String,
}

#[test]
fn header_format_parameters_are_injective() {
    let key = signing::Secret::new("injectivity");
    let mut runner = TestRunner::new(config());
    let result = runner.run(
        &pairs(2, &[",", "=", ",y=<", ">,v1=", "<", ">"]),
        |(a, b)| {
            let build = |v: &[Option<String>]| HeaderFormat {
                a: s(v, 0),
                b: s(v, 1),
            };
            let (ra, rb) = (build(&a), build(&b));
            let header = |r: &HeaderFormat| {
                let signed = r.sign_with(&key).ok()?;
                let value = signed.headers().get("Sig")?.to_owned();
                // Everything but the signature parameter.
                Some(value[..value.rfind(",v1=")?].to_owned())
            };
            if let (Some(ha), Some(hb)) = (header(&ra), header(&rb)) {
                prop_assert!(ha != hb || ra == rb, "{ra:?} and {rb:?} both give {ha:?}");
            }
            // A value holding `,` is refused, never written.
            for r in [&ra, &rb] {
                if r.a.contains(',') || r.b.contains(',') {
                    prop_assert!(r.sign_with(&key).is_err(), "{r:?} signed");
                }
            }
            Ok(())
        },
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

// Canonical forms (`signing::canonical`), the building blocks of canonical-request schemes: the
// same generator, the values read as a list of query pairs or as a path.

mod canonical {
    use super::*;
    use signing::canonical::headers::{CanonicalHeaders, SignedHeaderRule};
    use signing::canonical::path::{CanonicalPath, PathEncoding};
    use signing::canonical::query::{CanonicalQuery, QueryLayout, QueryOrder, QueryParams};
    use signing::Escape;

    /// Six values read as three `(name, value)` pairs (`None` is left out).
    fn as_pairs(values: &[Option<String>]) -> Vec<(String, String)> {
        values
            .chunks(2)
            .filter(|p| p[0].is_some() || p[1].is_some())
            .map(|p| (s(p, 0), s(p, 1)))
            .collect()
    }

    fn query(pairs: &[(String, String)], rule: CanonicalQuery) -> Option<Vec<u8>> {
        let mut params = QueryParams::new();
        for (name, value) in pairs {
            params.push("query", name, value);
        }
        let mut out = Vec::new();
        params.write_canonical(&mut out, &rule).ok()?;
        Some(out)
    }

    /// Two pair lists with one canonical query are the same parameters: the same list, or (when
    /// the rule sorts) the same multiset.
    fn query_injective(rule: CanonicalQuery, runner: &mut TestRunner) -> Result<(), String> {
        runner
            .run(&pairs(6, &["&", "=", "%", "+", ":", "\n"]), |(a, b)| {
                let (mut a, mut b) = (as_pairs(&a), as_pairs(&b));
                if let (Some(qa), Some(qb)) = (query(&a, rule), query(&b, rule)) {
                    if rule.order == QueryOrder::Sorted {
                        a.sort();
                        b.sort();
                    }
                    if qa == qb && a != b {
                        return Err(TestCaseError::fail(format!(
                            "{a:?} and {b:?} both give {:?}",
                            String::from_utf8_lossy(&qa)
                        )));
                    }
                }
                Ok(())
            })
            .map_err(|e| e.to_string())
    }

    #[test]
    fn canonical_queries_are_injective() {
        for names in [Escape::Rfc3986, Escape::Form, Escape::Strict] {
            for values in [Escape::Rfc3986, Escape::Form, Escape::Strict] {
                for order in [QueryOrder::Sorted, QueryOrder::AsGiven] {
                    for layout in [QueryLayout::URL, QueryLayout::LINES] {
                        let rule = CanonicalQuery {
                            names,
                            values,
                            order,
                            layout,
                            ..CanonicalQuery::RFC3986_SORTED
                        };
                        if let Err(e) = query_injective(rule, &mut TestRunner::new(config())) {
                            panic!("{rule:?}: {e}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn an_unescaped_canonical_query_is_not_injective() {
        let rule = CanonicalQuery {
            names: Escape::None,
            values: Escape::None,
            order: QueryOrder::Sorted,
            ..CanonicalQuery::RFC3986_SORTED
        };
        let found = query_injective(rule, &mut TestRunner::new(config()))
            .expect_err("a collision without escaping");
        assert!(found.contains("both give"), "{found}");
    }

    /// Without normalization, two paths with one canonical form are the same path (once or
    /// twice encoded). Normalization merges on purpose the paths a server resolves alike.
    #[test]
    fn canonical_paths_are_injective() {
        let mut runner = TestRunner::new(config());
        for encoding in [PathEncoding::Once, PathEncoding::Twice] {
            let rule = CanonicalPath::new(encoding, false);
            let result = runner.run(&pairs(3, &["/", "%", "."]), |(a, b)| {
                let path = |v: &[Option<String>]| format!("/{}/{}/{}", s(v, 0), s(v, 1), s(v, 2));
                let (a, b) = (path(&a), path(&b));
                let (mut ca, mut cb) = (Vec::new(), Vec::new());
                rule.write(&mut ca, &a);
                rule.write(&mut cb, &b);
                prop_assert!(ca != cb || a == b, "{a:?} and {b:?} both give {ca:?}");
                Ok(())
            });
            if let Err(e) = result {
                panic!("{encoding:?}: {e}");
            }
        }
    }

    /// What a list of headers means to HTTP: each name (any case) once, with its values in the
    /// order sent, joined by `,`, each without spaces at its ends and with runs of spaces as one
    /// (RFC 9110 §5.3 and §5.5; SigV4's trimall).
    pub(super) fn meaning(headers: &[(&str, String)]) -> Vec<(String, String)> {
        let mut names: Vec<String> = headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
        names.sort();
        names.dedup();
        names
            .into_iter()
            .map(|name| {
                let values: Vec<String> = headers
                    .iter()
                    .filter(|(n, _)| n.eq_ignore_ascii_case(&name))
                    .map(|(_, v)| {
                        v.split(' ')
                            .filter(|w| !w.is_empty())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect();
                (name, values.join(","))
            })
            .collect()
    }

    /// Two header lists with one canonical block (and one signed-name list) mean the same to
    /// HTTP; values holding CR, LF or NUL are refused.
    #[test]
    fn canonical_header_blocks_are_injective_over_what_http_means() {
        const NAMES: [&str; 6] = ["a", "A", "b", "x-amz-date", "X-Amz-Date", "c"];
        let mut runner = TestRunner::new(config());
        let result = runner.run(&pairs(6, &[":", "\n", ",", " "]), |(a, b)| {
            let headers = |v: &[Option<String>]| -> Vec<(&str, String)> {
                v.iter()
                    .enumerate()
                    .filter_map(|(i, value)| Some((NAMES[i], value.clone()?)))
                    .collect()
            };
            let block = |h: &[(&str, String)]| {
                let mut canonical = CanonicalHeaders::new(SignedHeaderRule::ALL);
                for (name, value) in h {
                    canonical.push(name, value).ok()?;
                }
                let mut out = Vec::new();
                canonical.write_block(&mut out);
                out.push(b'|');
                canonical.write_names(&mut out, b";");
                Some(out)
            };
            let (ha, hb) = (headers(&a), headers(&b));
            if let (Some(ba), Some(bb)) = (block(&ha), block(&hb)) {
                prop_assert!(
                    ba != bb || meaning(&ha) == meaning(&hb),
                    "{ha:?} and {hb:?} both give {:?}",
                    String::from_utf8_lossy(&ba)
                );
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }
}

/// A declaration's header fields of several values (`Vec<T>`) and `unsigned` ones: two requests
/// with one message send signed headers that mean the same to HTTP (`meaning` above); an
/// `unsigned` field is, by design, in no message.
mod header_values {
    use super::*;

    #[derive(SignedRequest)]
    #[signed(mac = "hmac-sha256", template = "{@headers}|{@signed_headers}")]
    struct Declared {
        #[signed(header = "A")]
        a: Vec<String>,
        #[signed(header = "a")]
        lower: Option<String>,
        #[signed(header = "B")]
        b: Option<String>,
        #[signed(header = "X-Token", unsigned)]
        token: Option<String>,
    }

    /// Six values: the first three the values of `A` (`None` left out), then `a`, `B`, the token.
    fn build(v: &[Option<String>]) -> Declared {
        Declared {
            a: v[..3].iter().flatten().cloned().collect(),
            lower: v[3].clone(),
            b: v[4].clone(),
            token: v[5].clone(),
        }
    }

    fn signed_headers(d: &Declared) -> Vec<(&str, String)> {
        let mut headers: Vec<(&str, String)> = d.a.iter().map(|v| ("A", v.clone())).collect();
        headers.extend(d.lower.iter().map(|v| ("a", v.clone())));
        headers.extend(d.b.iter().map(|v| ("B", v.clone())));
        headers
    }

    #[test]
    fn header_fields_of_several_values_are_injective_over_what_http_means() {
        let mut runner = TestRunner::new(config());
        let result = runner.run(&pairs(6, &[":", "\n", ",", " "]), |(a, b)| {
            let (da, db) = (build(&a), build(&b));
            if let (Ok(ma), Ok(mb)) = (da.message(), db.message()) {
                let (ha, hb) = (signed_headers(&da), signed_headers(&db));
                prop_assert!(
                    ma != mb || super::canonical::meaning(&ha) == super::canonical::meaning(&hb),
                    "{ha:?} and {hb:?} both give {:?}",
                    String::from_utf8_lossy(&ma)
                );
                // The token is sent, never signed.
                let other = Declared {
                    token: Some("another".into()),
                    ..build(&a)
                };
                prop_assert_eq!(other.message().ok(), Some(ma));
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }
}

/// RFC 9421 signature bases (`signing::httpsig`): each covered component is one line,
/// `"<identifier>": <value>`, and no value can hold a line break (a header value cannot; a
/// `@query-param` value is percent-encoded), so two requests whose covered values differ never
/// share a base. Values are compared as the base defines them: header values trimmed of
/// surrounding spaces, query parameters form-decoded.
mod http_message_signatures {
    use super::*;
    use signing::httpsig::{Component, Message, SignatureParams};

    fn request(v: &[Option<String>]) -> Option<http::Request<()>> {
        let q = |s: &Option<String>| {
            percent_encoding::utf8_percent_encode(
                s.as_deref().unwrap_or(""),
                percent_encoding::NON_ALPHANUMERIC,
            )
            .to_string()
        };
        let uri = format!("/p/{}?a={}&b={}", q(&v[0]), q(&v[1]), q(&v[2]));
        let mut b = http::Request::get(uri).header("host", "example.com");
        for (name, value) in [("x-one", &v[3]), ("x-two", &v[4])] {
            if let Some(value) = value {
                b = b.header(name, http::HeaderValue::from_str(&clean(value)).ok()?);
            }
        }
        b.body(()).ok()
    }

    /// A header value can hold visible ASCII, spaces and tabs only: the generated text is kept
    /// to those, so that most cases make a request.
    fn clean(value: &str) -> String {
        value
            .chars()
            .filter(|c| matches!(c, ' '..='~' | '\t'))
            .collect()
    }

    /// What the covered components mean, for the comparison.
    fn meaning(v: &[Option<String>]) -> Vec<Option<String>> {
        let mut m: Vec<Option<String>> = v[..3]
            .iter()
            .map(|s| Some(s.clone().unwrap_or_default()))
            .collect();
        m.extend(v[3..].iter().map(|s| {
            s.as_ref()
                .map(|s| clean(s).trim_matches([' ', '\t']).to_owned())
        }));
        m
    }

    #[test]
    fn signature_bases_are_injective() {
        let params = SignatureParams::new([
            Component::path(),
            Component::query_param("a"),
            Component::query_param("b"),
            Component::field("x-one"),
            Component::field("x-two"),
        ]);
        let mut runner = TestRunner::new(config());
        let result = runner.run(
            &(values(5), values(5), 0u8..7, 0usize..40, text()),
            |(a, b, choice, at, x)| {
                let b = if choice == 0 {
                    b
                } else {
                    edit(&a, choice, at, &x)
                };
                let (Some(ra), Some(rb)) = (request(&a), request(&b)) else {
                    return Ok(());
                };
                let (Ok(ba), Ok(bb)) = (
                    params.signature_base(&Message::request(&ra)),
                    params.signature_base(&Message::request(&rb)),
                ) else {
                    return Ok(());
                };
                let (ma, mb) = (meaning(&a), meaning(&b));
                prop_assert!(
                    ba != bb || (ma[1..] == mb[1..] && ra.uri().path() == rb.uri().path()),
                    "{a:?} and {b:?} both give {ba:?}"
                );
                Ok(())
            },
        );
        if let Err(e) = result {
            panic!("{e}");
        }
    }
}

/// `query("Name", format = "{a}/{b}")`: a parameter of several fields.
#[derive(signing::SignedRequest, Debug, PartialEq)]
#[signed(
    mac = "hmac-sha256",
    template = "{@query}\n{n}",
    query("X-Cred", format = "{a}/{b}")
)]
struct QueryFormatFields {
    a: String,
    b: String,
    n: String,
}

#[test]
fn query_format_parameters_are_injective() {
    let mut runner = TestRunner::new(config());
    let result = runner.run(&pairs(3, &["/", "\n", "="]), |(a, b)| {
        let build = |v: &[Option<String>]| QueryFormatFields {
            a: s(v, 0),
            b: s(v, 1),
            n: s(v, 2),
        };
        let (ra, rb) = (build(&a), build(&b));
        if let (Ok(ma), Ok(mb)) = (ra.message(), rb.message()) {
            prop_assert!(ma != mb || ra == rb, "{ra:?} and {rb:?} both give {ma:?}");
        }
        // A value before `/` holding `/` is refused, never written.
        for r in [&ra, &rb] {
            if r.a.contains('/') {
                prop_assert!(
                    matches!(r.message(), Err(Error::AmbiguousValue { .. })),
                    "{r:?} written"
                );
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // The pair that collided before values in a format were written as `strict` does.
    let one = QueryFormatFields {
        a: "x/y".into(),
        b: "z".into(),
        n: "1".into(),
    };
    let other = QueryFormatFields {
        a: "x".into(),
        b: "y/z".into(),
        n: "1".into(),
    };
    assert!(matches!(one.message(), Err(Error::AmbiguousValue { .. })));
    assert!(other.message().is_ok());
}
