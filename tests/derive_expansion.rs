//! What `#[derive(SignedRequest)]` lays out, one declaration shape at a time: the expected
//! messages are layout facts written by hand from the declaration, not outputs of the library.
//! The crate-level lints prove the expansion itself is lint-clean (thiserror's `test_lints.rs`).
#![deny(
    missing_docs,
    unused,
    unused_qualifications,
    rust_2018_idioms,
    non_camel_case_types,
    non_snake_case,
    clippy::all,
    clippy::pedantic
)]
#![allow(clippy::missing_errors_doc, clippy::unnecessary_wraps)]

use std::borrow::Cow;
use std::fmt::Display;

use signing::{DeclaredKey, Secret, SignedRequest, Timestamp};

fn text(message: &[u8]) -> &str {
    std::str::from_utf8(message).unwrap()
}

/// Query form in declaration order, `rename`, a timestamp, a header that is not signed.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", encoding = "base64", signature = query("signature"),
         method = "GET", path = "/api/token")]
pub struct Plain<'a> {
    /// A renamed value.
    #[signed(rename = "customerId")]
    pub customer_id: &'a str,
    /// A number.
    pub count: u32,
    /// Epoch seconds.
    #[signed(timestamp = "unix-seconds")]
    pub nonce: Timestamp,
    /// Sent as a header only.
    #[signed(header = "X-Api-Key")]
    pub api_key: String,
    /// Neither signed nor sent.
    #[signed(skip)]
    pub note: Cow<'a, str>,
}

#[test]
fn query_form_in_declaration_order() {
    let request = Plain {
        customer_id: "c-1",
        count: 42,
        nonce: Timestamp::from_unix_seconds(1_700_000_000),
        api_key: "ak".to_owned(),
        note: Cow::Borrowed("ignored"),
    };
    assert_eq!(
        text(&request.message().unwrap()),
        "customerId=c-1&count=42&nonce=1700000000"
    );
    let signed = request.sign_with(&Secret::new("k")).unwrap();
    assert_eq!(signed.headers().next(), Some(("X-Api-Key", "ak")));
    assert!(signed
        .query()
        .starts_with("customerId=c-1&count=42&nonce=1700000000&signature="));
    assert_eq!(signed.method(), "GET");
}

/// A template with an optional value and literal braces.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha1", template = "{{{user}}}:{scope}@{at}")]
pub struct Templated {
    /// First placeholder.
    pub user: String,
    /// Empty when `None`, as declared (`none = ""`: this layout equates it with `Some("")`).
    #[signed(none = "")]
    pub scope: Option<String>,
    /// RFC 3339 with milliseconds.
    #[signed(timestamp = "rfc3339-millis", none = "")]
    pub at: Option<Timestamp>,
}

#[test]
fn template_with_options() {
    let mut request = Templated {
        user: "bob".into(),
        scope: Some("read".into()),
        at: Some(Timestamp::from_unix_millis(1_740_568_725_231)),
    };
    assert_eq!(
        text(&request.message().unwrap()),
        "{bob}:read@2025-02-26T11:18:45.231Z"
    );
    request.scope = None;
    request.at = None;
    assert_eq!(text(&request.message().unwrap()), "{bob}:@");
}

/// `sort` orders by the final names, after `rename_all` and `rename`.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha512",
    sort,
    rename_all = "camelCase",
    pair_separator = ";",
    kv_separator = ":"
)]
pub struct Sorted {
    /// `recvWindow`
    pub recv_window: u64,
    /// `Zeta` (upper case sorts first, byte order)
    #[signed(rename = "Zeta")]
    pub zeta: i8,
    /// `apiVersion`
    pub api_version: u8,
    /// `maybe`, left out when `None`
    pub maybe: Option<u16>,
    /// `r#type` is `type`
    pub r#type: &'static str,
}

#[test]
fn sorted_renamed_pairs() {
    let mut request = Sorted {
        recv_window: 5000,
        zeta: -1,
        api_version: 3,
        maybe: None,
        r#type: "LIMIT",
    };
    assert_eq!(
        text(&request.message().unwrap()),
        "Zeta:-1;apiVersion:3;recvWindow:5000;type:LIMIT"
    );
    request.maybe = Some(7);
    assert_eq!(
        text(&request.message().unwrap()),
        "Zeta:-1;apiVersion:3;maybe:7;recvWindow:5000;type:LIMIT"
    );
}

/// Generic parameters, lifetimes and a where clause.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", escape = "rfc3986", rename_all = "kebab-case")]
pub struct Generic<'a, T, const N: usize>
where
    T: Display,
{
    /// Borrowed text.
    pub user_name: &'a str,
    /// Any `Display`.
    pub amount: T,
    /// An array, skipped.
    #[signed(skip)]
    pub raw: [u8; N],
}

#[test]
fn generics_and_escaping() {
    let request = Generic {
        user_name: "a b&c",
        amount: 1.5f64,
        raw: [0u8; 2],
    };
    assert_eq!(
        text(&request.message().unwrap()),
        "user-name=a%20b%26c&amount=1.5"
    );
}

/// A body hashed into the template, a raw body sent as is.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{method}\n{body}", signature = header("X-Sig", prefix = "v1="))]
pub struct Hashed<'a> {
    /// The method.
    pub method: &'a str,
    /// The body: its SHA-256 in the message, itself in the request.
    #[signed(body, digest = "sha256", digest_encoding = "base64")]
    pub body: Vec<u8>,
}

#[test]
fn body_digest() {
    let request = Hashed {
        method: "POST",
        body: Vec::new(),
    };
    // printf '' | openssl dgst -sha256 -binary | base64
    assert_eq!(
        text(&request.message().unwrap()),
        "POST\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    );
    let signed = request.sign_with(&Secret::new("k")).unwrap();
    assert_eq!(signed.body(), Some(&b""[..]));
    assert!(signed.headers().next().unwrap().1.starts_with("v1="));
}

// `with` functions take `&T`, whatever `T` is.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn cents(amount: &u64, out: &mut String) {
    use std::fmt::Write as _;
    let _ = write!(out, "{}.{:02}", amount / 100, amount % 100);
}

mod fmt {
    pub(crate) fn upper(text: &&str, out: &mut String) {
        out.push_str(&text.to_uppercase());
    }
}

/// `with` functions, by plain and by qualified path; a key field.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{amount}|{currency}")]
pub struct Custom<'a> {
    /// Written as `12.34`.
    #[signed(with = "cents")]
    pub amount: u64,
    /// Upper-cased.
    #[signed(with = "crate::fmt::upper")]
    pub currency: &'a str,
    /// The key travels with the request.
    #[signed(key)]
    pub key: Secret,
}

#[test]
fn with_functions_and_key_field() {
    let request = Custom {
        amount: 1234,
        currency: "eur",
        key: Secret::new("field-key"),
    };
    assert_eq!(text(&request.message().unwrap()), "12.34|EUR");
    assert_eq!(request.declared_key().unwrap().len(), 9);
    let signed = request.sign().unwrap();
    assert_eq!(text(signed.message()), "12.34|EUR");
    // python3 -c "import hmac,hashlib;print(hmac.new(b'field-key',b'12.34|EUR',hashlib.sha256).hexdigest())"
    assert_eq!(
        signed.signature(),
        "ac017d3fbb6a4efb188d60f5877a1abc7f6aeb5646cd551e850e5bb023f48ca5"
    );
}

/// A key from the environment, base64, trimmed.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key = env("SIGNING_DERIVE_EXPANSION_KEY"), key_encoding = "base64", trim_key, strict_keys)]
pub struct EnvKey {
    /// The only pair.
    pub id: u8,
}

#[test]
fn env_key() {
    // 32 bytes of 0x61 ('a'), base64, with a trailing newline: `python3 -c "import base64;print(base64.b64encode(b'a'*32).decode())"`
    std::env::set_var(
        "SIGNING_DERIVE_EXPANSION_KEY",
        "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=\n",
    );
    let request = EnvKey { id: 1 };
    assert_eq!(request.declared_key().unwrap().len(), 32);
    assert_eq!(text(request.sign().unwrap().message()), "id=1");
}

/// A JWT claim set: compiles against the JWT runtime with the key types it names.
#[cfg(feature = "jwt")]
#[derive(SignedRequest, serde::Serialize)]
#[signed(jwt = "ES256", lifetime = 300, max_lifetime = 600, kid = "k1", iat, jti,
         signature = body, key = file("/nonexistent/key.pem"))]
pub struct Claims<'a> {
    /// Issuer.
    pub iss: &'a str,
}

#[cfg(feature = "jwt")]
#[test]
fn jwt_claims_compile() {
    fn signs_with<
        R: SignedRequest<SigningKey = signing::PrivateKey, VerifyingKey = signing::PublicKey>
            + DeclaredKey,
    >(
        _: &R,
    ) {
    }
    signs_with(&Claims { iss: "me" });
}

/// A generic claim set: serde's derive bounds `T: Serialize`, and so does the derive's check.
#[cfg(feature = "jwt")]
#[derive(SignedRequest, serde::Serialize)]
#[signed(jwt = "HS256", signature = header("Authorization", prefix = "Bearer "))]
pub struct GenericClaims<'a, T> {
    /// Subject.
    pub sub: &'a str,
    /// Anything serializable.
    pub extra: T,
}

#[cfg(feature = "jwt")]
#[test]
fn generic_jwt_claims_compile() {
    fn jwt<R: SignedRequest<SigningKey = signing::PrivateKey>>(_: &R) {}
    jwt(&GenericClaims {
        sub: "me",
        extra: [1u8, 2],
    });
}

/// Leading optional fields (whether a pair comes first is known only at run time) and names that
/// percent-encoding changes (escaped once, by the derive); the URL query is the message itself.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", escape = "rfc3986", signature = query("sig"))]
pub struct LeadingOptions<'a> {
    /// `first name`
    #[signed(rename = "first name")]
    pub first: Option<&'a str>,
    /// `x[]`
    #[signed(rename = "x[]")]
    pub second: Option<u8>,
    /// `a~b`
    #[signed(rename = "a~b")]
    pub third: &'a str,
}

/// The same in `form` escaping.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", escape = "form", signature = query("sig"))]
pub struct LeadingOptionsForm<'a> {
    /// `first name`
    #[signed(rename = "first name")]
    pub first: Option<&'a str>,
    /// `x[]`
    #[signed(rename = "x[]")]
    pub second: Option<u8>,
    /// `a~b`
    #[signed(rename = "a~b")]
    pub third: &'a str,
}

#[test]
fn leading_options_and_escaped_names() {
    let key = Secret::new("k");
    // RFC 3986 keeps `~` and writes a space as `%20`; form writes it as `+` and encodes `~`.
    for (first, second, third, rfc3986, form) in [
        (None, None, "v", "a~b=v", "a%7Eb=v"),
        (
            Some("J D"),
            None,
            "v",
            "first%20name=J%20D&a~b=v",
            "first+name=J+D&a%7Eb=v",
        ),
        (
            None,
            Some(7),
            "v w",
            "x%5B%5D=7&a~b=v%20w",
            "x%5B%5D=7&a%7Eb=v+w",
        ),
        (
            Some("J"),
            Some(7),
            "v",
            "first%20name=J&x%5B%5D=7&a~b=v",
            "first+name=J&x%5B%5D=7&a%7Eb=v",
        ),
    ] {
        let request = LeadingOptions {
            first,
            second,
            third,
        };
        assert_eq!(text(&request.message().unwrap()), rfc3986);
        let signed = request.sign_with(&key).unwrap();
        assert_eq!(
            signed.query(),
            format!("{rfc3986}&sig={}", signed.signature())
        );
        let request = LeadingOptionsForm {
            first,
            second,
            third,
        };
        assert_eq!(text(&request.message().unwrap()), form);
        let signed = request.sign_with(&key).unwrap();
        assert_eq!(signed.query(), format!("{form}&sig={}", signed.signature()));
    }
}

/// `strict`: the message has the names and values as they are, the URL percent-encodes both.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", signature = query("sig"))]
pub struct StrictNames<'a> {
    /// `x[]`
    #[signed(rename = "x[]")]
    pub first: Option<&'a str>,
    /// `a b`
    #[signed(rename = "a b")]
    pub second: &'a str,
}

#[test]
fn strict_names_are_percent_encoded_in_the_url_only() {
    let request = StrictNames {
        first: Some("1"),
        second: "v w~",
    };
    assert_eq!(text(&request.message().unwrap()), "x[]=1&a b=v w~");
    let signed = request.sign_with(&Secret::new("k")).unwrap();
    assert_eq!(
        signed.query(),
        format!("x%5B%5D=1&a%20b=v%20w~&sig={}", signed.signature())
    );
}

/// `strict`, with names the URL writes as they are: the URL query is the message when no value
/// needs percent-encoding, and otherwise laid out pair by pair, percent-encoded.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", signature = query("sig"))]
pub struct StrictPlainNames<'a> {
    /// Absent, or first.
    pub a: Option<&'a str>,
    /// Any text.
    pub b: &'a str,
    /// A number.
    pub c: u32,
}

#[test]
fn strict_query_is_the_message_only_when_no_value_needs_encoding() {
    // The encoded values: python3 -c "from urllib.parse import quote
    // for v in ['1 2','y=z','é']: print(quote(v, safe='~'))"  ->  1%202  y%3Dz  %C3%A9
    let cases: [(Option<&str>, &str, &str, &str); 4] = [
        (None, "x", "b=x&c=7", "b=x&c=7"),
        (
            Some("1"),
            "x.y_z-~",
            "a=1&b=x.y_z-~&c=7",
            "a=1&b=x.y_z-~&c=7",
        ),
        (Some("1 2"), "y=z", "a=1 2&b=y=z&c=7", "a=1%202&b=y%3Dz&c=7"),
        (Some("é"), "~", "a=é&b=~&c=7", "a=%C3%A9&b=~&c=7"),
    ];
    for (a, b, message, query) in cases {
        let request = StrictPlainNames { a, b, c: 7 };
        let signed = request.sign_with(&Secret::new("k")).unwrap();
        assert_eq!(text(signed.message()), message);
        assert_eq!(
            signed.query(),
            format!("{query}&sig={}", signed.signature())
        );
        assert_eq!(
            signed.url("https://api.example/v1").unwrap(),
            format!("https://api.example/v1?{query}&sig={}", signed.signature())
        );
    }
    // `strict` still refuses the separator in a value.
    let refused = StrictPlainNames {
        a: None,
        b: "a&b",
        c: 7,
    };
    assert!(matches!(
        refused.sign_with(&Secret::new("k")),
        Err(signing::Error::AmbiguousValue { .. })
    ));
}
