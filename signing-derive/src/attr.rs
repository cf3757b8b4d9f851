//! `#[signed(...)]` parsing with syn's `parse_nested_meta`, one key at a time.
//!
//! Every problem is pushed into the [`Ctxt`] and parsing goes on with the next key, so a struct
//! with three mistakes gets three errors in one compile. Rules that involve more than one key
//! (`skip` with `rename`, `lifetime > max_lifetime`, ...) are in `valid.rs`.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::spanned::Spanned;
use syn::{parenthesized, token, Attribute, Ident, LitInt, LitStr, Token};

use crate::case::RenameRule;
use crate::ctxt::Ctxt;
use crate::model::{
    from_spelling, spellings, DigestAlgorithm, DigestEncoding, DigestFieldDecl, Encoding, Escape,
    HashAlgorithm, HeaderFormat, HttpComponent, HttpParam, HttpParamValue, HttpSignature,
    JwtAlgorithm, KeyChain, KeyEncoding, KeyFormat, KeySource, MacAlgorithm, PathEncoding,
    QueryFormat, Seconds, Signature, SignatureAlgorithm, SignatureFormat, SignedHeaders, Sp,
    TimestampFormat, Vocabulary,
};
use crate::symbol::*;
use crate::template::{Piece, Template};

/// The container's `#[signed(...)]` keys, each `None` when not given.
#[derive(Default)]
pub(crate) struct Container {
    pub(crate) mac: Option<Sp<MacAlgorithm>>,
    pub(crate) jwt: Option<Sp<JwtAlgorithm>>,
    pub(crate) encoding: Option<Sp<Encoding>>,
    pub(crate) template: Option<Sp<Template>>,
    pub(crate) pair_separator: Option<Sp<LitStr>>,
    pub(crate) kv_separator: Option<Sp<LitStr>>,
    pub(crate) sort: Option<Span>,
    pub(crate) rename_all: Option<Sp<RenameRule>>,
    pub(crate) escape: Option<Sp<Escape>>,
    pub(crate) key: Option<Sp<KeySource>>,
    pub(crate) key_encoding: Option<Sp<KeyEncoding>>,
    pub(crate) trim_key: Option<Span>,
    pub(crate) strict_keys: Option<Span>,
    pub(crate) signature: Option<Sp<Signature>>,
    pub(crate) method: Option<Sp<LitStr>>,
    pub(crate) path: Option<Sp<LitStr>>,
    pub(crate) lifetime: Option<Sp<Seconds>>,
    pub(crate) max_lifetime: Option<Sp<Seconds>>,
    pub(crate) kid: Option<Sp<LitStr>>,
    pub(crate) iat: Option<Span>,
    pub(crate) jti: Option<Span>,
    /// `header("Name", format = "..")`, any number of them.
    pub(crate) headers: Vec<Sp<HeaderFormat>>,
    pub(crate) key_chain: Option<Sp<KeyChain>>,
    pub(crate) path_encoding: Option<Sp<PathEncoding>>,
    pub(crate) normalize_path: Option<Span>,
    /// `content_digest = "sha-256"`: the body's RFC 9530 `Content-Digest` field.
    pub(crate) content_digest: Option<Sp<DigestFieldDecl>>,
    /// `repr_digest = "sha-256"`: the body's RFC 9530 `Repr-Digest` field.
    pub(crate) repr_digest: Option<Sp<DigestFieldDecl>>,
    /// A signature `format` was given and refused (its fields unknown: no follow-up errors).
    pub(crate) broken_signature_format: bool,
    /// `query("Name", format = "..")`, any number of them.
    pub(crate) queries: Vec<Sp<QueryFormat>>,
    /// `algorithm = "ed25519"`: the message is signed with a `PrivateKey`.
    pub(crate) algorithm: Option<Sp<SignatureAlgorithm>>,
    /// `key_format = "jwk"`: how a loaded `PrivateKey`'s text is read.
    pub(crate) key_format: Option<Sp<KeyFormat>>,
    /// `http_signature(..)`: an RFC 9421 signature over the named components.
    pub(crate) http_signature: Option<Sp<HttpSignature>>,
    /// `signed_headers(..)`: which header fields the canonical header block covers.
    pub(crate) signed_headers: Option<Sp<SignedHeaders>>,
    /// `canonical_query(..)`: how `{@query}` writes the parameters.
    pub(crate) canonical_query: Option<Sp<crate::model::CanonicalQuery>>,
    /// Every key that was given, even with a value that was refused.
    pub(crate) keys: Vec<Symbol>,
}

/// A field's `#[signed(...)]` keys.
#[derive(Default)]
pub(crate) struct Field {
    pub(crate) rename: Option<Sp<LitStr>>,
    pub(crate) skip: Option<Span>,
    pub(crate) key: Option<Span>,
    pub(crate) header: Option<Sp<LitStr>>,
    pub(crate) timestamp: Option<Sp<TimestampFormat>>,
    pub(crate) digest: Option<Sp<DigestAlgorithm>>,
    pub(crate) digest_encoding: Option<Sp<DigestEncoding>>,
    pub(crate) body: Option<Span>,
    pub(crate) with: Option<Sp<syn::Path>>,
    /// `none = ".."`: how a template writes the field's `None`.
    pub(crate) none: Option<Sp<LitStr>>,
    /// `query`: sent as a query parameter while the message is a template.
    pub(crate) query: Option<Span>,
    /// `flatten`: the field holds query parameters (`Vec<(K, V)>`, `BTreeMap<K, V>`, ..).
    pub(crate) flatten: Option<Span>,
    /// `path`: the field is the request's path.
    pub(crate) path: Option<Span>,
    /// `method`: the field is the request's method (`{@method}` writes it).
    pub(crate) method: Option<Span>,
    /// `status`: the field is a response's status code (`@status`).
    pub(crate) status: Option<Span>,
    /// `unsigned`: a `header` or `query` field sent but left out of `{@headers}` / `{@query}`.
    pub(crate) unsigned: Option<Span>,
}

impl Container {
    /// Parses every `#[signed(...)]` on the container.
    pub(crate) fn from_ast(cx: &Ctxt, attrs: &[Attribute]) -> Container {
        let mut container = Container::default();
        let mut seen = Vec::new();
        for attr in attrs.iter().filter(|a| a.path() == SIGNED) {
            let result = attr.parse_nested_meta(|meta| {
                if !first_time(cx, &mut seen, &meta, CONTAINER_KEYS)? {
                    return Ok(());
                }
                container.parse_key(cx, &meta)
            });
            if let Err(err) = result {
                cx.syn_error(err);
            }
        }
        container.keys = seen;
        container
    }

    fn parse_key(&mut self, cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<()> {
        let span = meta.path.span();
        let path = &meta.path;
        if path == HEADER && meta.input.peek(token::Paren) {
            // #[signed(header("Signature-Input", format = "sig1=(..);created={created}"))]
            if let Some(header) = header_format(cx, meta)? {
                self.headers.push(Sp {
                    span,
                    value: header,
                });
            }
        } else if path == QUERY && meta.input.peek(token::Paren) {
            // #[signed(query("X-Amz-SignedHeaders", format = "{@signed_headers}"))]
            if let Some(query) = query_format(cx, meta)? {
                self.queries.push(Sp { span, value: query });
            }
        } else if path == MAC {
            // #[signed(mac = "hmac-sha256")]
            self.mac = sp(span, choice(cx, meta, MAC)?);
        } else if path == JWT {
            // #[signed(jwt = "RS256")]
            self.jwt = sp(span, choice(cx, meta, JWT)?);
        } else if path == ENCODING {
            // #[signed(encoding = "base64")]
            self.encoding = sp(span, choice(cx, meta, ENCODING)?);
        } else if path == TEMPLATE {
            // #[signed(template = "{username}:{api_key}@{timestamp}")]
            let lit: LitStr = meta.value()?.parse()?;
            self.template = sp(span, Template::parse(cx, lit));
        } else if path == PAIR_SEPARATOR {
            // #[signed(pair_separator = "&")]
            self.pair_separator = Some(Sp {
                span,
                value: meta.value()?.parse()?,
            });
        } else if path == KV_SEPARATOR {
            // #[signed(kv_separator = "=")]
            self.kv_separator = Some(Sp {
                span,
                value: meta.value()?.parse()?,
            });
        } else if path == SORT {
            // #[signed(sort)]
            self.sort = flag(cx, meta, SORT)?;
        } else if path == RENAME_ALL {
            // #[signed(rename_all = "camelCase")]
            self.rename_all = sp(span, choice(cx, meta, RENAME_ALL)?);
        } else if path == ESCAPE {
            // #[signed(escape = "rfc3986")]
            self.escape = sp(span, choice(cx, meta, ESCAPE)?);
        } else if path == KEY {
            // #[signed(key = env("NAME"))]
            // #[signed(key = file("path"))]
            self.key = sp(span, key_source(cx, meta)?);
        } else if path == KEY_ENCODING {
            // #[signed(key_encoding = "base64")]
            self.key_encoding = sp(span, choice(cx, meta, KEY_ENCODING)?);
        } else if path == TRIM_KEY {
            // #[signed(trim_key)]
            self.trim_key = flag(cx, meta, TRIM_KEY)?;
        } else if path == STRICT_KEYS {
            // #[signed(strict_keys)]
            self.strict_keys = flag(cx, meta, STRICT_KEYS)?;
        } else if path == SIGNATURE {
            // #[signed(signature = query("signature"))]
            // #[signed(signature = header("X-Signature"))]
            // #[signed(signature = header("X-Hub-Signature-256", prefix = "sha256="))]
            // #[signed(signature = body)]
            self.signature = sp(
                span,
                signature(cx, meta, &mut self.broken_signature_format)?,
            );
        } else if path == METHOD {
            // #[signed(method = "GET")]
            let lit: LitStr = meta.value()?.parse()?;
            if !is_token(&lit.value()) {
                cx.error_spanned_by(&lit, "`method` expects an HTTP method, like \"GET\"");
            }
            self.method = Some(Sp { span, value: lit });
        } else if path == PATH {
            // #[signed(path = "/v2/token/generate")]
            self.path = Some(Sp {
                span,
                value: meta.value()?.parse()?,
            });
        } else if path == LIFETIME {
            // #[signed(lifetime = 300)]
            self.lifetime = sp(span, seconds(cx, meta, LIFETIME)?);
        } else if path == MAX_LIFETIME {
            // #[signed(max_lifetime = 3600)]
            self.max_lifetime = sp(span, seconds(cx, meta, MAX_LIFETIME)?);
        } else if path == KID {
            // #[signed(kid = "key-2024")]
            self.kid = Some(Sp {
                span,
                value: meta.value()?.parse()?,
            });
        } else if path == IAT {
            // #[signed(iat)]
            self.iat = flag(cx, meta, IAT)?;
        } else if path == JTI {
            // #[signed(jti)]
            self.jti = flag(cx, meta, JTI)?;
        } else if path == PATH_ENCODING {
            // #[signed(path_encoding = "twice")]
            self.path_encoding = sp(span, choice(cx, meta, PATH_ENCODING)?);
        } else if path == NORMALIZE_PATH {
            // #[signed(normalize_path)]
            self.normalize_path = flag(cx, meta, NORMALIZE_PATH)?;
        } else if path == ALGORITHM {
            // #[signed(algorithm = "ed25519")]
            self.algorithm = sp(span, choice(cx, meta, ALGORITHM)?);
        } else if path == KEY_FORMAT {
            // #[signed(key_format = "jwk")]
            self.key_format = sp(span, choice(cx, meta, KEY_FORMAT)?);
        } else if path == HTTP_SIGNATURE {
            // #[signed(http_signature(label = "sig1", components("@method", "@path"), ..))]
            self.http_signature = sp(span, http_signature(cx, meta)?);
        } else if path == CONTENT_DIGEST {
            // #[signed(content_digest = "sha-256")]
            self.content_digest = sp(span, digest_field(cx, meta, CONTENT_DIGEST)?);
        } else if path == REPR_DIGEST {
            // #[signed(repr_digest = "sha-256, sha-512")]
            self.repr_digest = sp(span, digest_field(cx, meta, REPR_DIGEST)?);
        } else if path == KEY_CHAIN {
            // #[signed(key_chain(prefix = "AWS4", scope = "{date}/{region}/{service}/aws4_request"))]
            self.key_chain = sp(span, key_chain(cx, meta)?);
        } else if path == SIGNED_HEADERS {
            // #[signed(signed_headers("host", prefix = "x-acs-", order = "word-sort"))]
            self.signed_headers = sp(span, signed_headers(cx, meta)?);
        } else if path == CANONICAL_QUERY {
            // #[signed(canonical_query(escape = "none", layout = "lines", lowercase_names))]
            self.canonical_query = sp(span, canonical_query(cx, meta)?);
        } else {
            unknown_key(cx, meta, "container", CONTAINER_KEYS, FIELD_KEYS)?;
        }
        Ok(())
    }
}

impl Field {
    /// Parses every `#[signed(...)]` on a field.
    pub(crate) fn from_ast(cx: &Ctxt, attrs: &[Attribute]) -> Field {
        let mut field = Field::default();
        let mut seen = Vec::new();
        for attr in attrs.iter().filter(|a| a.path() == SIGNED) {
            let result = attr.parse_nested_meta(|meta| {
                if !first_time(cx, &mut seen, &meta, FIELD_KEYS)? {
                    return Ok(());
                }
                field.parse_key(cx, &meta)
            });
            if let Err(err) = result {
                cx.syn_error(err);
            }
        }
        field
    }

    fn parse_key(&mut self, cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<()> {
        let span = meta.path.span();
        let path = &meta.path;
        if path == RENAME {
            // #[signed(rename = "customerId")]
            self.rename = Some(Sp {
                span,
                value: meta.value()?.parse()?,
            });
        } else if path == SKIP {
            // #[signed(skip)]
            self.skip = flag(cx, meta, SKIP)?;
        } else if path == KEY {
            // #[signed(key)]
            self.key = flag(cx, meta, KEY)?;
        } else if path == HEADER {
            // #[signed(header = "X-BH-APIKEY")]
            let lit: LitStr = meta.value()?.parse()?;
            check_header_name(cx, &lit);
            self.header = Some(Sp { span, value: lit });
        } else if path == TIMESTAMP {
            // #[signed(timestamp = "unix-millis")]
            self.timestamp = sp(span, choice(cx, meta, TIMESTAMP)?);
        } else if path == DIGEST {
            // #[signed(digest = "sha256")]
            self.digest = sp(span, choice(cx, meta, DIGEST)?);
        } else if path == DIGEST_ENCODING {
            // #[signed(digest_encoding = "base64")]
            self.digest_encoding = sp(span, choice(cx, meta, DIGEST_ENCODING)?);
        } else if path == BODY {
            // #[signed(body)]
            self.body = flag(cx, meta, BODY)?;
        } else if path == QUERY {
            // #[signed(query)]
            self.query = flag(cx, meta, QUERY)?;
        } else if path == FLATTEN {
            // #[signed(flatten)]
            self.flatten = flag(cx, meta, FLATTEN)?;
        } else if path == PATH {
            // #[signed(path)]
            self.path = flag(cx, meta, PATH)?;
        } else if path == METHOD {
            // #[signed(method)]
            self.method = flag(cx, meta, METHOD)?;
        } else if path == STATUS {
            // #[signed(status)]
            self.status = flag(cx, meta, STATUS)?;
        } else if path == UNSIGNED {
            // #[signed(unsigned)]
            self.unsigned = flag(cx, meta, UNSIGNED)?;
        } else if path == WITH {
            // #[signed(with = "path::to::write_fn")]
            let lit: LitStr = meta.value()?.parse()?;
            match lit.parse::<syn::Path>() {
                Ok(path) => self.with = Some(Sp { span, value: path }),
                Err(_) => cx.error_spanned_by(
                    &lit,
                    format_args!(
                        "`with` expects a path to a function `fn(&T, &mut String)`, like \
                         \"crate::fmt::write_amount\", not {:?}",
                        lit.value()
                    ),
                ),
            }
        } else if path == NONE {
            // #[signed(none = "!")]
            self.none = Some(Sp {
                span,
                value: meta.value()?.parse()?,
            });
        } else {
            unknown_key(cx, meta, "field", FIELD_KEYS, CONTAINER_KEYS)?;
        }
        Ok(())
    }
}

fn sp<T>(span: Span, value: Option<T>) -> Option<Sp<T>> {
    value.map(|value| Sp { span, value })
}

/// Reports `duplicate #[signed(x)] attribute` (and skips the value) when `x` was seen before.
fn first_time(
    cx: &Ctxt,
    seen: &mut Vec<Symbol>,
    meta: &ParseNestedMeta,
    known: &[Symbol],
) -> syn::Result<bool> {
    let Some(symbol) = known.iter().find(|s| meta.path == **s) else {
        return Ok(true);
    };
    if seen.contains(symbol) {
        cx.error_spanned_by(
            &meta.path,
            format_args!("duplicate #[signed({symbol})] attribute"),
        );
        skip_value(meta)?;
        return Ok(false);
    }
    seen.push(*symbol);
    Ok(true)
}

/// Consumes `= anything` or `(anything)` after a key that was rejected.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let value = meta.value()?;
        skip_to_comma(value)?;
    } else if meta.input.peek(token::Paren) {
        let content;
        parenthesized!(content in meta.input);
        content.parse::<TokenStream>()?;
    }
    Ok(())
}

/// Consumes `= anything` up to the next `,` inside `header(..)`, after an unknown option.
fn skip_option(content: ParseStream) -> syn::Result<()> {
    if content.peek(Token![=]) {
        content.parse::<Token![=]>()?;
    }
    skip_to_comma(content)
}

fn skip_to_comma(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

fn path_text(path: &syn::Path) -> String {
    let mut text = String::new();
    for (i, segment) in path.segments.iter().enumerate() {
        if i > 0 {
            text.push_str("::");
        }
        text.push_str(&segment.ident.to_string());
    }
    text
}

fn unknown_key(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    kind: &str,
    known: &[Symbol],
    other: &[Symbol],
) -> syn::Result<()> {
    let name = path_text(&meta.path);
    let other_kind = if kind == "field" {
        "container"
    } else {
        "field"
    };
    let message = if other.iter().any(|s| s.0 == name) {
        format!(
            "`{name}` is a {other_kind} attribute, not a {kind} attribute: put \
             #[signed({name})] on the {}",
            if other_kind == "field" {
                "field"
            } else {
                "struct"
            }
        )
    } else if let Some(close) = did_you_mean(&name, known.iter().map(|s| s.0)) {
        format!("unknown {kind} attribute `{name}` in #[signed(...)]; did you mean `{close}`?")
    } else {
        format!(
            "unknown {kind} attribute `{name}` in #[signed(...)]; expected one of {}",
            list(known.iter().map(|s| s.0), "`")
        )
    };
    cx.error_spanned_by(&meta.path, message);
    skip_value(meta)
}

fn list<'a>(items: impl Iterator<Item = &'a str>, quote: &str) -> String {
    let items: Vec<String> = items.map(|i| format!("{quote}{i}{quote}")).collect();
    items.join(", ")
}

/// `key = "value"` where the value must be one of `V`'s spellings; an unknown value is reported
/// (with a suggestion) and gives `None`.
fn choice<V: Vocabulary>(cx: &Ctxt, meta: &ParseNestedMeta, key: Symbol) -> syn::Result<Option<V>> {
    let lit: LitStr = meta.value()?.parse()?;
    Ok(lookup(cx, &lit, key))
}

fn lookup<V: Vocabulary>(cx: &Ctxt, lit: &LitStr, key: Symbol) -> Option<V> {
    let text = lit.value();
    if let Some(value) = from_spelling(&text) {
        return Some(value);
    }
    let message = match did_you_mean(&text, spellings::<V>()) {
        Some(close) => format!("unknown `{key}` value {text:?}; did you mean {close:?}?"),
        None => format!(
            "unknown `{key}` value {text:?}; expected one of {}",
            list(spellings::<V>(), "\"")
        ),
    };
    cx.error_spanned_by(lit, message);
    None
}

/// A flag key (`sort`); `sort = true` is reported and skipped.
fn flag(cx: &Ctxt, meta: &ParseNestedMeta, key: Symbol) -> syn::Result<Option<Span>> {
    if meta.input.peek(Token![=]) || meta.input.peek(token::Paren) {
        cx.error_spanned_by(
            &meta.path,
            format_args!("`{key}` takes no value: write #[signed({key})]"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    Ok(Some(meta.path.span()))
}

/// `env("NAME")` / `file("path")`.
fn key_source(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<KeySource>> {
    let input = meta.value()?;
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        cx.error_spanned_by(
            &lit,
            "`key` expects env(\"VAR\") or file(\"path\"), not a string: the key itself never \
             belongs in source code",
        );
        return Ok(None);
    }
    let ident: Ident = input.parse()?;
    let content;
    parenthesized!(content in input);
    let lit: LitStr = content.parse()?;
    if lit.value().is_empty() {
        cx.error_spanned_by(
            &lit,
            format_args!("`key = {ident}(..)` needs a non-empty name"),
        );
    }
    if ident == ENV {
        Ok(Some(KeySource::Env(lit)))
    } else if ident == FILE {
        Ok(Some(KeySource::File(lit)))
    } else {
        let name = ident.to_string();
        let hint = match did_you_mean(&name, ["env", "file"].into_iter()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "expected `env(\"VAR\")` or `file(\"path\")`".to_owned(),
        };
        cx.error_spanned_by(&ident, format_args!("unknown key source `{name}`; {hint}"));
        Ok(None)
    }
}

/// `query("name")` / `header("Name")` / `header("Name", prefix = "..")` / `body`.
fn signature(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    broken_format: &mut bool,
) -> syn::Result<Option<Signature>> {
    let input = meta.value()?;
    let ident: Ident = input.parse()?;
    if ident == BODY {
        return Ok(Some(Signature::Body));
    }
    if ident != QUERY && ident != HEADER {
        let name = ident.to_string();
        let hint = match did_you_mean(&name, ["query", "header", "body"].into_iter()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "expected `query(\"name\")`, `header(\"Name\")` or `body`".to_owned(),
        };
        cx.error_spanned_by(
            &ident,
            format_args!("unknown signature placement `{name}`; {hint}"),
        );
        if input.peek(token::Paren) {
            let content;
            parenthesized!(content in input);
            content.parse::<TokenStream>()?;
        }
        return Ok(None);
    }
    let content;
    parenthesized!(content in input);
    let name: LitStr = content.parse()?;
    if ident == QUERY {
        if name.value().is_empty() {
            cx.error_spanned_by(&name, "`query(..)` needs a non-empty parameter name");
        }
        return Ok(Some(Signature::Query(name)));
    }
    check_header_name(cx, &name);
    let mut prefix: Option<LitStr> = None;
    let mut format: Option<LitStr> = None;
    let mut scheme: Option<LitStr> = None;
    while !content.is_empty() {
        content.parse::<Token![,]>()?;
        if content.is_empty() {
            break;
        }
        let key: Ident = content.parse()?;
        let slot = if key == PREFIX {
            &mut prefix
        } else if key == FORMAT {
            &mut format
        } else if key == SCHEME {
            &mut scheme
        } else {
            // Reported, and the option skipped: the rest of the attribute is still read.
            cx.error_spanned_by(
                &key,
                format_args!(
                    "unknown `header(..)` option `{key}`; expected `prefix = \"..\"`, \
                     `format = \"..\"` or `scheme = \"..\"`"
                ),
            );
            skip_option(&content)?;
            continue;
        };
        content.parse::<Token![=]>()?;
        let lit: LitStr = content.parse()?;
        if slot.is_some() {
            cx.error_spanned_by(&key, format_args!("`{key}` given twice in `header(..)`"));
        }
        *slot = Some(lit);
    }
    if let (Some(given), Some(format)) = (&prefix, &format) {
        // A prefix that is a word and a space (`Signature `) is a scheme token; another
        // (`sha256=`) belongs in front of the signature's parameter.
        let given = given.value();
        let advice = match given.strip_suffix(' ') {
            Some(word) if is_token(word) => format!(
                "{given:?} is a scheme token: write scheme = {word:?}, format = {:?}",
                format.value()
            ),
            _ => "write the prefix into the format, before the parameter that carries \
                  `{signature}`, like format = \"sha256={signature}\" for prefix = \"sha256=\""
                .to_owned(),
        };
        cx.error_spanned_by(
            format,
            format_args!("`prefix` and `format` cannot both be given: {advice}"),
        );
    }
    if let Some(scheme) = &scheme {
        if !is_token(&scheme.value()) {
            cx.error_spanned_by(
                scheme,
                "`scheme` is one token, like \"AWS4-HMAC-SHA256\" (RFC 9110 §11.1)",
            );
        } else if format.is_none() {
            cx.error_spanned_by(
                scheme,
                "`scheme` needs a `format`: the scheme token is written before the format's \
                 parameters, like format = \"Credential={credential}, Signature={signature}\"",
            );
        }
    }
    let given = format.is_some();
    let format = format.and_then(|lit| signature_format(cx, lit));
    *broken_format = given && format.is_none();
    // A prefix with placeholders (`"SharedKey {account}:"`) is a template of its own; one of
    // literal text alone stays the text as written.
    let prefix_template = prefix
        .as_ref()
        .filter(|p| p.value().contains(['{', '}']))
        .and_then(|p| Template::parse(cx, LitStr::new(&p.value(), p.span())))
        .filter(|t| t.pieces.iter().any(|p| !matches!(p, Piece::Literal(_))));
    Ok(Some(Signature::Header {
        name,
        prefix,
        format,
        scheme,
        prefix_template,
    }))
}

/// The `format` of a signature header, split into its parameters.
fn signature_format(cx: &Ctxt, lit: LitStr) -> Option<SignatureFormat> {
    let template = Template::parse(cx, lit)?;
    match crate::template::param_items(&template.pieces) {
        Ok((items, separator)) => Some(SignatureFormat {
            template,
            items,
            separator,
        }),
        Err(message) => {
            cx.error_spanned_by(&template.lit, message);
            None
        }
    }
}

/// `content_digest = "sha-256"` / `"sha-256, sha-512"`: one or more RFC 9530 algorithms.
fn digest_field(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    key: Symbol,
) -> syn::Result<Option<DigestFieldDecl>> {
    let lit: LitStr = meta.value()?.parse()?;
    let mut algorithms = Vec::new();
    for name in lit.value().split(',').map(str::trim) {
        let part = LitStr::new(name, lit.span());
        match lookup::<HashAlgorithm>(cx, &part, key) {
            Some(algorithm) if algorithms.contains(&algorithm) => {
                cx.error_spanned_by(&lit, format_args!("`{key}` names {name:?} twice"));
                return Ok(None);
            }
            Some(algorithm) => algorithms.push(algorithm),
            None => return Ok(None),
        }
    }
    Ok(Some(DigestFieldDecl { algorithms }))
}

/// `key_chain(prefix = "..", scope = "..")`.
fn key_chain(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<KeyChain>> {
    let content;
    parenthesized!(content in meta.input);
    let (mut prefix, mut scope): (Option<LitStr>, Option<LitStr>) = (None, None);
    while !content.is_empty() {
        let key: Ident = content.parse()?;
        let slot = if key == PREFIX {
            &mut prefix
        } else if key == SCOPE {
            &mut scope
        } else {
            cx.error_spanned_by(
                &key,
                format_args!(
                    "unknown `key_chain(..)` option `{key}`; expected `prefix = \"..\"` or \
                     `scope = \"..\"`"
                ),
            );
            skip_option(&content)?;
            if !content.is_empty() {
                content.parse::<Token![,]>()?;
            }
            continue;
        };
        content.parse::<Token![=]>()?;
        let lit: LitStr = content.parse()?;
        if slot.is_some() {
            cx.error_spanned_by(&key, format_args!("`{key}` given twice in `key_chain(..)`"));
        }
        *slot = Some(lit);
        if !content.is_empty() {
            content.parse::<Token![,]>()?;
        }
    }
    let Some(scope) = scope else {
        cx.error_spanned_by(
            &meta.path,
            "`key_chain(..)` needs `scope = \"..\"`: the parts the key is derived over, separated \
             by `/`, like \"{date}/{region}/{service}/aws4_request\"",
        );
        return Ok(None);
    };
    let prefix = prefix.unwrap_or_else(|| LitStr::new("", scope.span()));
    let Some(scope) = Template::parse(cx, scope) else {
        return Ok(None);
    };
    let parts = crate::template::split_parts(&scope.pieces, '/');
    Ok(Some(KeyChain {
        prefix,
        scope,
        parts,
    }))
}

/// The derived components of RFC 9421 §2.2 a declaration may cover (`@query-param` takes a
/// name).
pub(crate) const DERIVED_COMPONENTS: [&str; 9] = [
    "@method",
    "@target-uri",
    "@authority",
    "@scheme",
    "@request-target",
    "@path",
    "@query",
    "@query-param",
    "@status",
];

/// The signature parameters of RFC 9421 §2.3 a declaration may give (`alg` is a flag).
const HTTP_PARAMS: [&str; 5] = ["created", "expires", "keyid", "nonce", "tag"];

/// `http_signature(label = "..", components(".."..), created = "{field}", keyid = "..", alg, ..)`.
fn http_signature(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<HttpSignature>> {
    let content;
    parenthesized!(content in meta.input);
    let mut label: Option<LitStr> = None;
    let mut components = None;
    let mut params: Vec<HttpParam> = Vec::new();
    let mut alg = None;
    let mut scheme: Option<LitStr> = None;
    while !content.is_empty() {
        let key: Ident = content.parse()?;
        let name = key.to_string();
        if components.is_none() && key == "components" {
            let list;
            parenthesized!(list in content);
            let lits = list.parse_terminated(<LitStr as syn::parse::Parse>::parse, Token![,])?;
            let parsed = lits
                .into_iter()
                .filter_map(|lit| http_component(cx, &lit).map(|c| (lit, c)))
                .collect();
            components = Some((key.span(), parsed));
        } else if key == "alg" && !content.peek(Token![=]) {
            if alg.is_some() {
                cx.error_spanned_by(&key, "`alg` given twice in `http_signature(..)`");
            }
            alg = Some(key.span());
        } else if key == "label" || key == SCHEME {
            content.parse::<Token![=]>()?;
            let lit: LitStr = content.parse()?;
            let slot = if key == "label" {
                &mut label
            } else {
                &mut scheme
            };
            if slot.is_some() {
                cx.error_spanned_by(
                    &key,
                    format_args!("`{key}` given twice in `http_signature(..)`"),
                );
            }
            *slot = Some(lit);
        } else if let Some(param) = HTTP_PARAMS.iter().find(|p| **p == name) {
            content.parse::<Token![=]>()?;
            let lit: LitStr = content.parse()?;
            if params.iter().any(|p| p.name == *param) {
                cx.error_spanned_by(
                    &key,
                    format_args!("`{key}` given twice in `http_signature(..)`"),
                );
            }
            let text = lit.value();
            let value = match text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                Some(field) if !field.contains(['{', '}']) => {
                    HttpParamValue::Field(field.to_owned())
                }
                _ if text.contains(['{', '}']) => {
                    cx.error_spanned_by(
                        &lit,
                        format_args!(
                            "`{key}` is a whole field, like \"{{nonce}}\", or literal text \
                             without braces"
                        ),
                    );
                    continue_after(&content)?;
                    continue;
                }
                _ => HttpParamValue::Literal(text),
            };
            params.push(HttpParam {
                name: param,
                lit,
                value,
            });
        } else {
            let known = ["label", "components", "alg", "scheme"]
                .into_iter()
                .chain(HTTP_PARAMS);
            let hint = match did_you_mean(&name, known) {
                Some(close) => format!("did you mean `{close}`?"),
                None => "expected `label`, `components(..)`, `created`, `expires`, `keyid`, \
                         `alg`, `nonce`, `tag` or `scheme`"
                    .to_owned(),
            };
            cx.error_spanned_by(
                &key,
                format_args!("unknown `http_signature(..)` option `{name}`; {hint}"),
            );
            if content.peek(token::Paren) {
                let skipped;
                parenthesized!(skipped in content);
                skipped.parse::<TokenStream>()?;
            } else {
                skip_option(&content)?;
            }
        }
        continue_after(&content)?;
    }
    let label = label.unwrap_or_else(|| LitStr::new("sig1", meta.path.span()));
    Ok(Some(HttpSignature {
        label,
        components,
        params,
        alg,
        scheme,
    }))
}

/// The `,` after an option, if any.
fn continue_after(content: ParseStream) -> syn::Result<()> {
    if !content.is_empty() {
        content.parse::<Token![,]>()?;
    }
    Ok(())
}

/// One covered component: `"content-type"`, `"@path"`, `"@query-param;name=Pet"` (the name
/// may be quoted, as `Signature-Input` writes it).
fn http_component(cx: &Ctxt, lit: &LitStr) -> Option<HttpComponent> {
    let text = lit.value();
    if let Some(rest) = text.strip_prefix("@query-param") {
        let name = rest.strip_prefix(";name=").map(|n| {
            n.strip_prefix('"')
                .and_then(|n| n.strip_suffix('"'))
                .unwrap_or(n)
        });
        return match name {
            Some(name) if !name.is_empty() => Some(HttpComponent::QueryParam(name.to_owned())),
            _ => {
                cx.error_spanned_by(
                    lit,
                    "`@query-param` names its parameter: \"@query-param;name=Pet\"",
                );
                None
            }
        };
    }
    if text.starts_with('@') {
        if DERIVED_COMPONENTS.contains(&text.as_str()) {
            return Some(HttpComponent::Derived(text));
        }
        let hint = match did_you_mean(&text, DERIVED_COMPONENTS.into_iter()) {
            Some(close) => format!("did you mean \"{close}\"?"),
            None => format!(
                "expected one of {}",
                list(DERIVED_COMPONENTS.into_iter(), "\"")
            ),
        };
        cx.error_spanned_by(
            lit,
            format_args!("unknown derived component {text:?} (RFC 9421 §2.2); {hint}"),
        );
        return None;
    }
    if !is_token(&text) {
        cx.error_spanned_by(
            lit,
            format_args!(
                "{text:?} is neither a header field name nor a derived component (`@method`, \
                 `@path`, ...)"
            ),
        );
        return None;
    }
    Some(HttpComponent::Field(text.to_ascii_lowercase()))
}

/// `signed_headers("name", .., prefix = "..", order = "..")`: header names as string literals,
/// any number of `prefix`es, one `order`.
fn signed_headers(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<SignedHeaders>> {
    let content;
    parenthesized!(content in meta.input);
    let mut rule = SignedHeaders {
        names: Vec::new(),
        prefixes: Vec::new(),
        order: None,
    };
    let mut order_seen = false;
    while !content.is_empty() {
        if content.peek(LitStr) {
            let name: LitStr = content.parse()?;
            check_header_name(cx, &name);
            rule.names.push(name);
        } else {
            let key: Ident = content.parse()?;
            if key == PREFIX {
                content.parse::<Token![=]>()?;
                let prefix: LitStr = content.parse()?;
                check_header_name(cx, &prefix);
                rule.prefixes.push(prefix);
            } else if key == ORDER {
                content.parse::<Token![=]>()?;
                let lit: LitStr = content.parse()?;
                if order_seen {
                    cx.error_spanned_by(&key, "`order` given twice in `signed_headers(..)`");
                }
                order_seen = true;
                rule.order = lookup(cx, &lit, ORDER);
            } else {
                cx.error_spanned_by(
                    &key,
                    format_args!(
                        "unknown `signed_headers(..)` option `{key}`; expected header names \
                         (\"host\"), `prefix = \"..\"` or `order = \"..\"`"
                    ),
                );
                skip_option(&content)?;
            }
        }
        if !content.is_empty() {
            content.parse::<Token![,]>()?;
        }
    }
    Ok(Some(rule))
}

/// `canonical_query(escape = "..", escape_names = "..", escape_values = "..", layout = "..",
/// lowercase_names, join_repeated = "..")`.
fn canonical_query(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
) -> syn::Result<Option<crate::model::CanonicalQuery>> {
    let content;
    parenthesized!(content in meta.input);
    let mut query = crate::model::CanonicalQuery::default();
    let mut seen: Vec<String> = Vec::new();
    while !content.is_empty() {
        let key: Ident = content.parse()?;
        let name = key.to_string();
        if seen.contains(&name) {
            cx.error_spanned_by(
                &key,
                format_args!("`{key}` given twice in `canonical_query(..)`"),
            );
        }
        seen.push(name);
        if key == LOWERCASE_NAMES {
            query.lowercase_names = true;
        } else if key == ESCAPE || key == ESCAPE_NAMES || key == ESCAPE_VALUES {
            content.parse::<Token![=]>()?;
            let lit: LitStr = content.parse()?;
            let escape = lookup::<Escape>(cx, &lit, ESCAPE);
            if key != ESCAPE_VALUES {
                query.escape_names = escape.or(query.escape_names);
            }
            if key != ESCAPE_NAMES {
                query.escape_values = escape.or(query.escape_values);
            }
        } else if key == LAYOUT {
            content.parse::<Token![=]>()?;
            let lit: LitStr = content.parse()?;
            query.layout = sp(key.span(), lookup(cx, &lit, LAYOUT));
        } else if key == JOIN_REPEATED {
            content.parse::<Token![=]>()?;
            let lit: LitStr = content.parse()?;
            if lit.value().is_empty() {
                cx.error_spanned_by(
                    &lit,
                    "`join_repeated` needs a separator: with \"\" the values `1`, `2` of a \
                     repeated name would sign the same as the one value `12`",
                );
            }
            query.join_repeated = Some(lit);
        } else {
            cx.error_spanned_by(
                &key,
                format_args!(
                    "unknown `canonical_query(..)` option `{key}`; expected `escape`, \
                     `escape_names`, `escape_values`, `layout`, `lowercase_names` or \
                     `join_repeated`"
                ),
            );
            skip_option(&content)?;
        }
        if !content.is_empty() {
            content.parse::<Token![,]>()?;
        }
    }
    Ok(Some(query))
}

/// Container `header("Name", format = "..")`.
fn header_format(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<HeaderFormat>> {
    let hint = "a header with one field's value is #[signed(header = \"Name\")] on the field";
    let parsed = name_and_format(cx, meta, HEADER, hint, |name| check_header_name(cx, name))?;
    Ok(parsed.map(|(name, format)| HeaderFormat { name, format }))
}

/// Container `query("Name", format = "..")`.
fn query_format(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<QueryFormat>> {
    let hint = "a parameter with one field's value is #[signed(query)] on the field";
    let parsed = name_and_format(cx, meta, QUERY, hint, |name| {
        if name.value().is_empty() {
            cx.error_spanned_by(name, "`query(..)` needs a non-empty parameter name");
        }
    })?;
    Ok(parsed.map(|(name, format)| QueryFormat { name, format }))
}

/// `("Name", format = "..")` after `key`: the name (checked by `check_name`) and the format.
fn name_and_format(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    key: Symbol,
    hint: &str,
    check_name: impl FnOnce(&LitStr),
) -> syn::Result<Option<(LitStr, Template)>> {
    let content;
    parenthesized!(content in meta.input);
    let name: LitStr = content.parse()?;
    check_name(&name);
    content.parse::<Token![,]>()?;
    let option: Ident = content.parse()?;
    if option != FORMAT {
        // Reported, and the item dropped: the rest of the attribute is still read.
        cx.error_spanned_by(
            &option,
            format_args!(
                "unknown `{key}(..)` option `{option}`; expected `format = \"..\"` ({hint})"
            ),
        );
        content.parse::<TokenStream>()?;
        return Ok(None);
    }
    content.parse::<Token![=]>()?;
    let lit: LitStr = content.parse()?;
    if !content.is_empty() {
        content.parse::<Token![,]>()?;
    }
    Ok(Template::parse(cx, lit).map(|format| (name, format)))
}

fn seconds(cx: &Ctxt, meta: &ParseNestedMeta, key: Symbol) -> syn::Result<Option<Seconds>> {
    let lit: LitInt = meta.value()?.parse()?;
    match lit.base10_parse::<i64>() {
        Ok(value) if value > 0 => Ok(Some(Seconds { value, lit })),
        _ => {
            cx.error_spanned_by(
                &lit,
                format_args!("`{key}` expects a positive number of seconds"),
            );
            Ok(None)
        }
    }
}

/// RFC 9110 `token` characters (header names, methods).
pub(crate) fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn check_header_name(cx: &Ctxt, lit: &LitStr) {
    if !is_token(&lit.value()) {
        cx.error_spanned_by(
            lit,
            format_args!("{:?} is not a valid HTTP header name", lit.value()),
        );
    }
}

/// The known word closest to `word`, if it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    known: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in known {
        let distance = levenshtein(&lower, &candidate.to_lowercase());
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    let (distance, candidate) = best?;
    let allowed = (word.chars().count() / 3).max(1);
    (distance <= allowed && candidate != word).then_some(candidate)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitute.min(previous + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
}
