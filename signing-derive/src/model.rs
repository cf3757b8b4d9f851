//! The typed values of `#[signed(...)]`: what `attr.rs` parses into and `expand/` writes out.
//!
//! Each closed vocabulary (`mac = ".."`, `timestamp = ".."`, ...) is an enum declared once with
//! its spellings (serde_derive's `RenameRule` table in `internals/case.rs`): the table is how
//! `attr.rs` reads the value, and the `ToTokens` impl names the runtime enum's variant of the same
//! name. The test at the bottom checks that every spelling maps to the runtime variant whose
//! `name()` is that spelling, so a drift between the two crates fails here and not in a user's
//! build. Adding a value is one line in a table below, and the variant (with its `name()`) in the
//! runtime.

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use syn::{LitInt, LitStr};

use crate::template::{FormatItem, Template};

/// A closed set of attribute values, each with its spelling.
pub(crate) trait Vocabulary: Copy + PartialEq + 'static {
    /// `(spelling, value)`, in the order the README's attribute reference lists them.
    const TABLE: &'static [(&'static str, Self)];

    /// How the attribute spells this value.
    fn spelling(self) -> &'static str {
        Self::TABLE
            .iter()
            .find(|(_, v)| *v == self)
            .map_or("", |(s, _)| s)
    }
}

/// The value spelled `text`, if any.
pub(crate) fn from_spelling<V: Vocabulary>(text: &str) -> Option<V> {
    V::TABLE.iter().find(|(s, _)| *s == text).map(|(_, v)| *v)
}

/// Every spelling of `V`.
pub(crate) fn spellings<V: Vocabulary>() -> impl Iterator<Item = &'static str> + Clone {
    V::TABLE.iter().map(|(s, _)| *s)
}

/// Declares a vocabulary: the enum, its spelling table, and (when it has one) the `ToTokens`
/// impl naming `::signing::__private::<Runtime>::<Variant>`.
macro_rules! vocabulary {
    (
        $(#[$doc:meta])*
        enum $name:ident => runtime $runtime:ident {
            $($spelling:literal => $variant:ident,)*
        }
    ) => {
        $crate::model::vocabulary! {
            $(#[$doc])*
            enum $name {
                $($spelling => $variant,)*
            }
        }

        impl ::quote::ToTokens for $name {
            fn to_tokens(&self, tokens: &mut ::proc_macro2::TokenStream) {
                let variant = match self {
                    $($name::$variant => stringify!($variant),)*
                };
                let variant = ::proc_macro2::Ident::new(variant, ::proc_macro2::Span::call_site());
                tokens.extend(::quote::quote!(::signing::__private::$runtime::#variant));
            }
        }

        #[cfg(test)]
        impl $name {
            /// The `name()` of the runtime variant of the same name: a variant missing on either
            /// side does not compile.
            pub(crate) fn runtime_name(self) -> &'static str {
                match self {
                    $($name::$variant => ::signing_runtime::$runtime::$variant.name(),)*
                }
            }
        }
    };
    (
        $(#[$doc:meta])*
        enum $name:ident {
            $($spelling:literal => $variant:ident,)*
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub(crate) enum $name {
            $($variant,)*
        }

        impl $crate::model::Vocabulary for $name {
            const TABLE: &'static [(&'static str, Self)] = &[$(($spelling, $name::$variant),)*];
        }
    };
}
pub(crate) use vocabulary;

vocabulary! {
    /// `mac = ".."`.
    enum MacAlgorithm => runtime MacAlgorithm {
        "hmac-sha1" => HmacSha1,
        "hmac-sha256" => HmacSha256,
        "hmac-sha384" => HmacSha384,
        "hmac-sha512" => HmacSha512,
    }
}

vocabulary! {
    /// `jwt = ".."`.
    enum JwtAlgorithm => runtime JwtAlgorithm {
        "RS256" => Rs256,
        "RS384" => Rs384,
        "RS512" => Rs512,
        "PS256" => Ps256,
        "ES256" => Es256,
        "EdDSA" => EdDsa,
        "HS256" => Hs256,
    }
}

vocabulary! {
    /// `encoding = ".."`: how a MAC becomes signature text.
    enum Encoding => runtime Encoding {
        "hex" => Hex,
        "hex-upper" => HexUpper,
        "base64" => Base64,
        "base64url" => Base64Url,
        "base64url-nopad" => Base64UrlNoPad,
    }
}

vocabulary! {
    /// `escape = ".."`: how values enter the message.
    enum Escape => runtime Escape {
        "strict" => Strict,
        "rfc3986" => Rfc3986,
        "form" => Form,
        "none" => None,
    }
}

vocabulary! {
    /// `key_encoding = ".."`: how key text becomes key bytes.
    enum KeyEncoding => runtime KeyEncoding {
        "utf8" => Utf8,
        "base64" => Base64,
        "hex" => Hex,
    }
}

vocabulary! {
    /// `timestamp = ".."`: how a `Timestamp` field is written (and read back).
    enum TimestampFormat => runtime TimestampFormat {
        "unix-seconds" => UnixSeconds,
        "unix-millis" => UnixMillis,
        "rfc3339" => Rfc3339,
        "rfc3339-millis" => Rfc3339Millis,
        "rfc3339-micros" => Rfc3339Micros,
        "iso8601-basic" => Iso8601Basic,
        "date-basic" => DateBasic,
        "imf-fixdate" => ImfFixdate,
        "rfc3339-date" => Rfc3339Date,
    }
}

vocabulary! {
    /// `path_encoding = ".."`: how a `#[signed(path)]` field is encoded where `{@path}` writes it.
    enum PathEncoding => runtime PathEncoding {
        "once" => Once,
        "twice" => Twice,
    }
}

vocabulary! {
    /// `signed_headers(order = "..")`: the order of the canonical header block's lines.
    enum HeaderOrder => runtime HeaderOrder {
        "bytes" => Bytewise,
        "word-sort" => WordSort,
    }
}

vocabulary! {
    /// `canonical_query(layout = "..")`: the text around the parameters `{@query}` writes.
    enum QueryLayout {
        "pairs" => Pairs,
        "lines" => Lines,
    }
}

vocabulary! {
    /// `digest = ".."` and the head of a `{sha256:..}` template group.
    enum DigestAlgorithm => runtime DigestAlgorithm {
        "sha256" => Sha256,
        "sha384" => Sha384,
        "sha512" => Sha512,
    }
}

vocabulary! {
    /// `digest_encoding = ".."` and the `(..)` of a `{sha256(raw):..}` template group.
    enum DigestEncoding => runtime DigestEncoding {
        "hex" => Hex,
        "base64" => Base64,
        "raw" => Raw,
    }
}

vocabulary! {
    /// `algorithm = ".."`: a signature made with a `PrivateKey` (RFC 9421's registry).
    enum SignatureAlgorithm => runtime SignatureAlgorithm {
        "ed25519" => Ed25519,
        "ecdsa-p256-sha256" => EcdsaP256Sha256,
        "ecdsa-p384-sha384" => EcdsaP384Sha384,
        "rsa-pss-sha512" => RsaPssSha512,
        "rsa-v1_5-sha256" => RsaV15Sha256,
        "hmac-sha256" => HmacSha256,
    }
}

vocabulary! {
    /// `key_format = ".."`: how the text of a `PrivateKey` loaded by `key = env(..)` /
    /// `file(..)` is read.
    enum KeyFormat {
        "pem" => Pem,
        "jwk" => Jwk,
    }
}

vocabulary! {
    /// `content_digest = ".."` / `repr_digest = ".."`: RFC 9530's hash algorithms.
    enum HashAlgorithm => runtime HashAlgorithm {
        "sha-256" => Sha256,
        "sha-512" => Sha512,
    }
}

/// `content_digest = "sha-256"` / `repr_digest = "sha-256, sha-512"`: an RFC 9530 digest field
/// of the body, written by `sign` and checked by the server.
pub(crate) struct DigestFieldDecl {
    /// The algorithms, in the order given (the field's members).
    pub(crate) algorithms: Vec<HashAlgorithm>,
}

/// Whether a struct is a MAC request or a JWT claim set: `mac = ".."` or `jwt = ".."`, resolved
/// once in `ast.rs` (a refused value still says which family the struct is).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Family {
    Mac,
    Jwt,
    /// Neither `mac`, `algorithm` nor `jwt`, but `content_digest` / `repr_digest`: the request
    /// carries a digest of its body and no signature.
    Digest,
}

/// A value together with the span of the key that set it (`mac` in `mac = "hmac-sha256"`).
pub(crate) struct Sp<T> {
    pub(crate) span: Span,
    pub(crate) value: T,
}

/// `key = env("NAME")` / `key = file("path")`.
pub(crate) enum KeySource {
    Env(LitStr),
    File(LitStr),
}

/// `signature = ...`: where the signature goes.
pub(crate) enum Signature {
    /// `query("name")`
    Query(LitStr),
    /// `header("Name")`, `header("Name", prefix = "sha256=")`,
    /// `header("Name", format = "t={timestamp},v1={signature}")`
    Header {
        name: LitStr,
        prefix: Option<LitStr>,
        format: Option<SignatureFormat>,
        /// `scheme = "AWS4-HMAC-SHA256"`: a token written before the `format`'s parameters.
        scheme: Option<LitStr>,
        /// The `prefix` when it names fields (`"SharedKey {account}:"`): written per request.
        prefix_template: Option<Template>,
    },
    /// `body`
    Body,
}

/// `format = "t={timestamp},v1={signature}"` of a signature header: `name=value` parameters
/// separated by `,`, one of them holding `{signature}`.
pub(crate) struct SignatureFormat {
    pub(crate) template: Template,
    pub(crate) items: Vec<FormatItem>,
    /// What separates two parameters (`","`, `", "`).
    pub(crate) separator: String,
}

/// Container `header("Name", format = "...")`: a header written from a template.
pub(crate) struct HeaderFormat {
    pub(crate) name: LitStr,
    pub(crate) format: Template,
}

/// Container `query("Name", format = "...")`: a query parameter written from a template, sent
/// in the URL and one of the parameters `{@query}` writes.
pub(crate) struct QueryFormat {
    pub(crate) name: LitStr,
    pub(crate) format: Template,
}

/// `key_chain(prefix = "AWS4", scope = "{date}/{region}/{service}/aws4_request")`: the signing
/// key is an HMAC chain over the prefixed secret and the scope's `/`-separated parts.
pub(crate) struct KeyChain {
    pub(crate) prefix: LitStr,
    pub(crate) scope: Template,
    /// The scope's parts: its pieces split at each `/` of its literal text.
    pub(crate) parts: Vec<Vec<crate::template::Piece>>,
}

/// `http_signature(label = "sig1", components(..), created = "{created}", keyid = "..", ..)`: an
/// RFC 9421 signature over the named components.
pub(crate) struct HttpSignature {
    /// `label = ".."`; `sig1` when not given.
    pub(crate) label: LitStr,
    /// `components("@method", "@path", "content-type", "@query-param;name=Pet")`, each with its
    /// literal (for spans). `None` when the attribute has no `components(..)`.
    pub(crate) components: Option<(Span, Vec<(LitStr, HttpComponent)>)>,
    /// `created`, `expires`, `keyid`, `nonce`, `tag`, in the order given.
    pub(crate) params: Vec<HttpParam>,
    /// `alg`: write the algorithm's registered name.
    pub(crate) alg: Option<Span>,
    /// `scheme = "https"`: the scheme `@scheme` and `@target-uri` see.
    pub(crate) scheme: Option<LitStr>,
}

/// A covered component as declared.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) enum HttpComponent {
    /// A header field, lower case.
    Field(String),
    /// `@method`, `@path`, ...
    Derived(String),
    /// `@query-param;name=<name>`.
    QueryParam(String),
}

/// One signature parameter: its name (`created`, ...), its literal, and the value.
pub(crate) struct HttpParam {
    pub(crate) name: &'static str,
    pub(crate) lit: LitStr,
    pub(crate) value: HttpParamValue,
}

/// `"{field}"` or literal text.
pub(crate) enum HttpParamValue {
    Field(String),
    Literal(String),
}

/// The runtime's `DeclaredComponent`.
impl ToTokens for HttpComponent {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            HttpComponent::Field(name) => {
                quote!(::signing::__private::DeclaredComponent::Field(#name))
            }
            HttpComponent::Derived(name) => {
                quote!(::signing::__private::DeclaredComponent::Derived(#name))
            }
            HttpComponent::QueryParam(name) => {
                quote!(::signing::__private::DeclaredComponent::QueryParam(#name))
            }
        });
    }
}

/// `signed_headers("host", "content-type", prefix = "x-acs-", order = "word-sort")`: which
/// header fields `{@headers}` / `{@signed_headers}` cover, and the order of the block's lines.
pub(crate) struct SignedHeaders {
    /// Header names signed when sent.
    pub(crate) names: Vec<LitStr>,
    /// Headers whose name starts with one of these are signed.
    pub(crate) prefixes: Vec<LitStr>,
    pub(crate) order: Option<HeaderOrder>,
}

/// `canonical_query(escape = "none", layout = "lines", lowercase_names, join_repeated = ",")`:
/// how `{@query}` writes the parameters, where it differs from the container's `escape`,
/// `pair_separator` and `kv_separator`.
#[derive(Default)]
pub(crate) struct CanonicalQuery {
    pub(crate) escape_names: Option<Escape>,
    pub(crate) escape_values: Option<Escape>,
    pub(crate) layout: Option<Sp<QueryLayout>>,
    pub(crate) lowercase_names: bool,
    pub(crate) join_repeated: Option<LitStr>,
}

/// A positive number of seconds (`lifetime = 300`).
pub(crate) struct Seconds {
    pub(crate) value: i64,
    pub(crate) lit: LitInt,
}

/// `::signing::__private::KeySource::Env("X")` / `File("p")`.
impl ToTokens for KeySource {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            KeySource::Env(var) => quote!(::signing::__private::KeySource::Env(#var)),
            KeySource::File(path) => quote!(::signing::__private::KeySource::File(#path)),
        });
    }
}

/// The runtime's `Placement` for a declared signature.
impl ToTokens for Signature {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            Signature::Query(name) => quote!(::signing::__private::Placement::Query(#name)),
            Signature::Header {
                name,
                format: Some(format),
                ..
            } => {
                let lit = &format.template.lit;
                let (param, before, after) = format
                    .items
                    .iter()
                    .find_map(|i| {
                        let (before, after) = i.signature.as_ref()?;
                        Some((i.name.as_str(), before.as_str(), after.as_str()))
                    })
                    .unwrap_or_default();
                quote!(::signing::__private::Placement::HeaderParams {
                    name: #name,
                    format: #lit,
                    signature: ::signing::__private::SignatureParam {
                        name: #param,
                        before: #before,
                        after: #after,
                    },
                })
            }
            Signature::Header {
                name,
                prefix,
                prefix_template,
                ..
            } => {
                // A prefix that names fields is written per request (`Parts::signature_prefix`).
                let prefix = match (prefix, prefix_template) {
                    (Some(prefix), None) => quote!(#prefix),
                    _ => quote!(""),
                };
                quote!(::signing::__private::Placement::Header { name: #name, prefix: #prefix })
            }
            Signature::Body => quote!(::signing::__private::Placement::Body),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<V: Vocabulary + ToTokens>(runtime_name: fn(V) -> &'static str) {
        let mut seen = Vec::new();
        for &(spelling, value) in V::TABLE {
            assert_eq!(runtime_name(value), spelling, "{spelling}");
            assert!(!seen.contains(&spelling), "{spelling} spelled twice");
            seen.push(spelling);
            let tokens = value.to_token_stream().to_string();
            assert!(tokens.starts_with(":: signing :: __private ::"), "{tokens}");
        }
    }

    /// Every attribute spelling maps to the runtime variant whose `name()` is that spelling.
    #[test]
    fn every_spelling_is_the_runtime_name_of_its_variant() {
        check(MacAlgorithm::runtime_name);
        check(JwtAlgorithm::runtime_name);
        check(Encoding::runtime_name);
        check(Escape::runtime_name);
        check(KeyEncoding::runtime_name);
        check(TimestampFormat::runtime_name);
        check(DigestAlgorithm::runtime_name);
        check(DigestEncoding::runtime_name);
        check(PathEncoding::runtime_name);
        check(HashAlgorithm::runtime_name);
        check(SignatureAlgorithm::runtime_name);
        check(HeaderOrder::runtime_name);
    }

    #[test]
    fn tokens_name_the_runtime_enum() {
        assert_eq!(
            TimestampFormat::Rfc3339Millis.to_token_stream().to_string(),
            ":: signing :: __private :: TimestampFormat :: Rfc3339Millis"
        );
        assert_eq!(from_spelling::<Escape>("rfc3986"), Some(Escape::Rfc3986),);
        assert_eq!(from_spelling::<Escape>("RFC3986"), None);
    }
}
