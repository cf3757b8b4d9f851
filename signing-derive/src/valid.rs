//! Rules that involve more than one key or more than one field (thiserror's `valid.rs`, serde's
//! `check.rs`). Every rule reports into the [`Ctxt`] and the checks go on, so all of a struct's
//! errors come out together.

use proc_macro2::Span;
use quote::ToTokens;
use syn::LitStr;

use crate::ast::{Field, Input};
use crate::ctxt::Ctxt;
use crate::model::{
    Escape, Family, HttpComponent, HttpParamValue, KeyFormat, KeySource, Signature,
    SignatureAlgorithm, Sp, Vocabulary as _,
};
use crate::symbol::*;
use crate::template::{
    GroupKind, Piece, Template, QUERY_PLACEHOLDER, RUNTIME_PLACEHOLDERS, SIGNED_HEADERS_PLACEHOLDER,
};

impl Input<'_> {
    /// Checks everything `attr.rs` could not check key by key.
    pub(crate) fn validate(&self, cx: &Ctxt) {
        self.check_family(cx);
        self.check_keys(cx);
        self.check_signature(cx);
        if self.attrs.http_signature.is_none() {
            for field in &self.fields {
                if let Some(status) = field.attrs.status {
                    cx.error_at(
                        status,
                        "`status` is the `@status` of an RFC 9421 response signature: it needs \
                         `http_signature(..)` on the struct",
                    );
                }
            }
        }
        for field in &self.fields {
            check_field(cx, field, self.family);
        }
        self.check_digest_fields(cx);
        match self.family {
            Some(Family::Digest) => {
                self.check_query_form(cx);
                self.check_formats(cx);
                self.check_path(cx);
                self.check_method(cx);
            }
            Some(Family::Jwt) => self.check_jwt(cx),
            Some(Family::Mac) if self.attrs.http_signature.is_some() => {
                self.check_http_signature(cx);
                self.check_path(cx);
                self.check_method(cx);
            }
            Some(Family::Mac) => {
                match &self.attrs.template {
                    Some(template) => self.check_template(cx, template),
                    None => self.check_query_form(cx),
                }
                self.check_formats(cx);
                self.check_header_values(cx);
                self.check_key_chain(cx);
                self.check_path(cx);
                self.check_method(cx);
                self.check_canonical_settings(cx);
            }
            None => {}
        }
    }

    /// `content_digest` / `repr_digest`: the digest of a body, on a request (not a jwt claim
    /// set); a digest declaration (neither `mac`, `algorithm` nor `jwt`) signs nothing, so the
    /// keys about a signature or its message are refused there.
    fn check_digest_fields(&self, cx: &Ctxt) {
        let a = &self.attrs;
        let declared = [
            (CONTENT_DIGEST, span(&a.content_digest)),
            (REPR_DIGEST, span(&a.repr_digest)),
        ];
        if self.is_jwt() {
            refuse_each(cx, declared, |key| {
                format!(
                    "`{key}` is the digest of a request's body: a jwt claim set has none (it \
                     applies to `mac`, `algorithm` and digest declarations)"
                )
            });
            return;
        }
        if self.body_field().is_none() {
            refuse_each(cx, declared, |key| {
                format!(
                    "`{key}` is the digest of the request's body, and no field is the body: mark \
                     one #[signed(body)]"
                )
            });
        }
        if !self.is_digest() {
            return;
        }
        let signature_only = [
            (ENCODING, span(&a.encoding)),
            (TEMPLATE, span(&a.template)),
            (SIGNATURE, span(&a.signature)),
            (ESCAPE, span(&a.escape)),
            (KEY, span(&a.key)),
            (KEY_ENCODING, span(&a.key_encoding)),
            (TRIM_KEY, a.trim_key),
            (STRICT_KEYS, a.strict_keys),
            (KEY_CHAIN, span(&a.key_chain)),
            (KEY_FORMAT, span(&a.key_format)),
            (HTTP_SIGNATURE, span(&a.http_signature)),
            (LIFETIME, span(&a.lifetime)),
            (MAX_LIFETIME, span(&a.max_lifetime)),
            (KID, span(&a.kid)),
            (IAT, a.iat),
            (JTI, a.jti),
        ];
        refuse_each(cx, signature_only, |key| {
            format!(
                "`{key}` is about a signature, and this declaration has none: with only \
                 `content_digest` / `repr_digest` the request carries the digest of its body; add \
                 `mac = \"..\"` or `algorithm = \"..\"` to sign it too"
            )
        });
        for field in &self.fields {
            if let Some(key) = field.attrs.key {
                cx.error_at(
                    key,
                    "a digest declaration has no key: the digest of the body needs none",
                );
            }
        }
    }

    /// Exactly one of `mac` / `jwt` (`self.family` is `None` otherwise).
    fn check_family(&self, cx: &Ctxt) {
        let keys = &self.attrs.keys;
        match (keys.contains(&MAC), keys.contains(&JWT)) {
            (true, true) => {
                let span = self
                    .attrs
                    .jwt
                    .as_ref()
                    .map_or(self.original.ident.span(), |j| j.span);
                cx.error_at(
                    span,
                    "`mac` and `jwt` cannot both be given: a struct is either a MAC request or a \
                     jwt claim set",
                );
            }
            (false, false)
                if !keys.contains(&ALGORITHM)
                    && !keys.contains(&CONTENT_DIGEST)
                    && !keys.contains(&REPR_DIGEST) =>
            {
                cx.error_spanned_by(
                    &self.original.ident,
                    "missing #[signed(mac = \"..\")], #[signed(algorithm = \"..\")] or \
                     #[signed(jwt = \"..\")]: say how the request is signed, like \
                     #[signed(mac = \"hmac-sha256\")] or #[signed(algorithm = \"ed25519\")]",
                );
            }
            _ => {}
        }
        if keys.contains(&ALGORITHM) {
            let span = self
                .attrs
                .algorithm
                .as_ref()
                .map_or(self.original.ident.span(), |a| a.span);
            if keys.contains(&MAC) {
                cx.error_at(
                    span,
                    "`mac` and `algorithm` cannot both be given: `mac` MACs the message with a \
                     secret, `algorithm` signs it with a private key (`algorithm = \
                     \"hmac-sha256\"` is RFC 9421's HMAC, keyed by a `PrivateKey::hmac`)",
                );
            }
            if keys.contains(&JWT) {
                cx.error_at(
                    span,
                    "`jwt` and `algorithm` cannot both be given: a jwt claim set names its \
                     algorithm in `jwt = \"..\"`; `algorithm` signs a declared message",
                );
            }
        }
    }

    /// `http_signature(..)`: RFC 9421 over the components it names. Each component must come
    /// from the declaration (a header field, the struct's `method` / `path`, a `query` field, a
    /// `status` field), each parameter from a field or a literal, and every field must be one of
    /// these, a key, or skipped.
    fn check_http_signature(&self, cx: &Ctxt) {
        let a = &self.attrs;
        let Some(hs) = &a.http_signature else { return };
        if self.signature_algorithm().is_none() {
            cx.error_at(
                hs.span,
                "`http_signature(..)` needs `algorithm = \"..\"`: RFC 9421 signs with the \
                 algorithms of its registry (`hmac-sha256` included) and a `signing::PrivateKey`",
            );
        }
        refuse_each(
            cx,
            [
                (TEMPLATE, span(&a.template)),
                (SIGNATURE, span(&a.signature)),
                (ENCODING, span(&a.encoding)),
                (ESCAPE, span(&a.escape)),
                (SORT, a.sort),
                (PAIR_SEPARATOR, span(&a.pair_separator)),
                (KV_SEPARATOR, span(&a.kv_separator)),
                (HEADER, a.headers.first().map(|h| h.span)),
                (QUERY, a.queries.first().map(|q| q.span)),
            ],
            |key| {
                format!(
                    "`{key}` has no effect with `http_signature(..)`: RFC 9421 lays out the \
                     signature base from the covered components, and the signature goes in the \
                     `Signature` and `Signature-Input` headers as structured fields"
                )
            },
        );
        let hs = &hs.value;
        let label = hs.label.value();
        let is_key = label
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b == b'*')
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.*".contains(&b));
        if !is_key {
            cx.error_spanned_by(
                &hs.label,
                "a signature label is a structured-field key: lower-case letters, digits, `_`, \
                 `-`, `.` and `*`, starting with a letter or `*` (like \"sig1\")",
            );
        }
        let Some((components_span, components)) = &hs.components else {
            cx.error_spanned_by(
                &self.original.ident,
                "`http_signature(..)` needs `components(..)`: the covered components, like \
                 components(\"@method\", \"@path\", \"content-digest\")",
            );
            return;
        };
        let _ = components_span;
        let status = self.status_field();
        let mut seen: Vec<&HttpComponent> = Vec::new();
        for (lit, component) in components {
            if seen.contains(&component) {
                cx.error_spanned_by(
                    lit,
                    "component covered twice: RFC 9421 §2.5 refuses a signature base that \
                     names one twice",
                );
                continue;
            }
            seen.push(component);
            let missing: Option<String> = match component {
                HttpComponent::Field(name) => {
                    if name == "signature" || name == "signature-input" {
                        Some(format!(
                            "`{name}` carries the signatures and cannot be covered by one"
                        ))
                    } else if self.header_field(name).is_none()
                        // `content_digest = ".."` sends `Content-Digest` itself.
                        && !self
                            .digest_fields()
                            .iter()
                            .any(|(header, _)| header.eq_ignore_ascii_case(name))
                    {
                        Some(format!(
                            "component \"{name}\" names no header field: add \
                             #[signed(header = \"{name}\")] to the field that holds it"
                        ))
                    } else {
                        None
                    }
                }
                HttpComponent::QueryParam(name) => {
                    let found = self.query_params().iter().any(|(n, _)| n == name);
                    (!found).then(|| {
                        format!(
                            "\"@query-param;name={name}\" names no query parameter: add a field \
                             with #[signed(query)] named `{name}` (or `rename = \"{name}\"`)"
                        )
                    })
                }
                HttpComponent::Derived(name) => match name.as_str() {
                    "@method" if a.method.is_none() => Some(
                        "`@method` is the struct's `method`, and it has none: add \
                         #[signed(method = \"POST\")]"
                            .to_owned(),
                    ),
                    "@path" | "@request-target" | "@query"
                        if a.path.is_none() && self.path_field().is_none() =>
                    {
                        Some(format!(
                            "`{name}` needs the request's path: add #[signed(path = \"/..\")] \
                             to the struct, or #[signed(path)] to a field"
                        ))
                    }
                    "@authority" | "@target-uri" if self.header_field("host").is_none() => {
                        Some(format!(
                            "`{name}` needs the request's authority: add a field with \
                             #[signed(header = \"Host\")]"
                        ))
                    }
                    "@scheme" | "@target-uri" if hs.scheme.is_none() => Some(format!(
                        "`{name}` needs the request's scheme: add scheme = \"https\" to \
                         `http_signature(..)`"
                    )),
                    "@status" if status.is_none() => Some(
                        "`@status` is a response's status code: add #[signed(status)] to the \
                         `u16` field that holds it"
                            .to_owned(),
                    ),
                    _ => None,
                },
            };
            if let Some(message) = missing {
                cx.error_spanned_by(lit, message);
            }
            let request_only = matches!(component, HttpComponent::QueryParam(_))
                || matches!(component, HttpComponent::Derived(n) if n != "@status");
            if status.is_some() && request_only {
                cx.error_spanned_by(
                    lit,
                    "a response's signature covers `@status` and header fields; request \
                     components on a response (RFC 9421's `req` parameter) are not supported",
                );
            }
        }
        let mut in_params: Vec<&str> = Vec::new();
        for param in &hs.params {
            match &param.value {
                HttpParamValue::Field(name) => {
                    self.check_names(cx, &param.lit, &[name.as_str()], Named::HttpParam);
                    in_params.push(name);
                    if let Some(field) = self.fields.iter().find(|f| f.name == *name) {
                        let timed = matches!(param.name, "created" | "expires");
                        if timed && field.attrs.timestamp.is_some() {
                            cx.error_spanned_by(
                                &param.lit,
                                format_args!(
                                    "`{}` is written as Unix seconds (RFC 9421 §2.3): field \
                                     `{name}`'s `timestamp` format does not apply; drop it",
                                    param.name
                                ),
                            );
                        }
                    }
                }
                HttpParamValue::Literal(text) => {
                    let ok = match param.name {
                        "created" | "expires" => text.parse::<i64>().is_ok(),
                        _ => text.bytes().all(|b| (0x20..=0x7e).contains(&b)),
                    };
                    if !ok {
                        cx.error_spanned_by(
                            &param.lit,
                            format_args!(
                                "`{}` {}",
                                param.name,
                                if matches!(param.name, "created" | "expires") {
                                    "is Unix seconds: a whole number, or a `Timestamp` field \
                                     like \"{created}\""
                                } else {
                                    "is a structured-field string: printable ASCII only"
                                }
                            ),
                        );
                    }
                }
            }
        }
        for field in &self.fields {
            let f = &field.attrs;
            if let Some(flatten) = f.flatten {
                cx.error_at(
                    flatten,
                    "`flatten` is not supported with `http_signature(..)`: declare each query \
                     parameter as a #[signed(query)] field",
                );
                continue;
            }
            let sent = f.header.is_some()
                || f.query.is_some()
                || f.body.is_some()
                || f.path.is_some()
                || f.status.is_some();
            if field.nameable() && !sent && !in_params.contains(&field.name.as_str()) {
                cx.error_spanned_by(
                    field.ident,
                    format_args!(
                        "field `{}` is not part of the HTTP signature: make it a header \
                         (#[signed(header = \"..\")]), a query parameter (#[signed(query)]), a \
                         signature parameter (like created = \"{{{0}}}\"), or mark it \
                         #[signed(skip)]",
                        field.name
                    ),
                );
            }
        }
        let statuses: Vec<&Field> = self
            .fields
            .iter()
            .filter(|f| f.attrs.status.is_some())
            .collect();
        for extra in statuses.iter().skip(1) {
            cx.error_spanned_by(extra.ident, "a response has one status code");
        }
    }

    /// `algorithm = ".."` and `key_format = ".."`: the keys that only fit an HMAC secret, and how
    /// a `PrivateKey` is loaded.
    fn check_signature(&self, cx: &Ctxt) {
        let a = &self.attrs;
        let algorithm = self.signature_algorithm();
        if let Some(algorithm) = algorithm {
            refuse_each(
                cx,
                [
                    (STRICT_KEYS, a.strict_keys),
                    (KEY_CHAIN, span(&a.key_chain)),
                ],
                |key| {
                    format!(
                        "`{key}` only applies to `mac = \"..\"` requests: with `algorithm = \
                         \"{}\"` the key is a `signing::PrivateKey`",
                        algorithm.spelling()
                    )
                },
            );
            let secret = algorithm == SignatureAlgorithm::HmacSha256
                && !matches!(&a.key_format, Some(f) if f.value == KeyFormat::Jwk);
            if !secret {
                let read = match &a.key_format {
                    Some(f) if f.value == KeyFormat::Jwk => "read as a JWK, whose members say \
                                                             how its bytes are encoded"
                        .to_owned(),
                    _ => format!(
                        "a PEM private key (or a JWK with key_format = \"jwk\"), not a secret's \
                         text: `algorithm = \"{}\"` signs with a `signing::PrivateKey`",
                        algorithm.spelling()
                    ),
                };
                refuse_each(
                    cx,
                    [
                        (KEY_ENCODING, span(&a.key_encoding)),
                        (TRIM_KEY, a.trim_key),
                    ],
                    |key| {
                        format!("`{key}` only applies to an HMAC secret's text; the key is {read}")
                    },
                );
            }
        }
        let Some(format) = &a.key_format else {
            return;
        };
        if self.is_mac() && algorithm.is_none() {
            cx.error_at(
                format.span,
                "`key_format` says how a `signing::PrivateKey` is read, for `algorithm = \"..\"` \
                 and `jwt = \"..\"`; a `mac` secret's text is read as `key_encoding` says",
            );
        } else if a.key.is_none() {
            cx.error_at(
                format.span,
                "`key_format` only applies to a key loaded from text: add key = env(\"VAR\") or \
                 key = file(\"path\")",
            );
        } else if format.value == KeyFormat::Pem
            && algorithm == Some(SignatureAlgorithm::HmacSha256)
        {
            cx.error_at(
                format.span,
                "an hmac-sha256 key is a secret, not a PEM key: drop `key_format` (the secret's \
                 text is read as `key_encoding` says), or write key_format = \"jwk\" for an \
                 `oct` JWK",
            );
        }
    }

    fn check_keys(&self, cx: &Ctxt) {
        let a = &self.attrs;
        let (is_jwt, is_mac) = (self.is_jwt(), self.is_mac());
        if is_jwt {
            let mac_only = [
                (ENCODING, span(&a.encoding)),
                (TEMPLATE, span(&a.template)),
                (PAIR_SEPARATOR, span(&a.pair_separator)),
                (KV_SEPARATOR, span(&a.kv_separator)),
                (SORT, a.sort),
                (RENAME_ALL, span(&a.rename_all)),
                (ESCAPE, span(&a.escape)),
                (KEY_ENCODING, span(&a.key_encoding)),
                (TRIM_KEY, a.trim_key),
                (STRICT_KEYS, a.strict_keys),
                (HEADER, a.headers.first().map(|h| h.span)),
                (QUERY, a.queries.first().map(|q| q.span)),
                (KEY_CHAIN, span(&a.key_chain)),
            ];
            if let Some(Sp {
                value:
                    Signature::Header {
                        format: Some(format),
                        ..
                    },
                ..
            }) = &a.signature
            {
                cx.error_spanned_by(
                    &format.template.lit,
                    "`format` only applies to MAC requests: a jwt goes in the header whole, \
                     with an optional `prefix`",
                );
            }
            refuse_each(cx, mac_only, |key| {
                format!(
                    "`{key}` only applies to MAC requests, not to a jwt claim set \
                     (the claims are serialized by serde)"
                )
            });
        }
        if is_mac {
            let jwt_only = [
                (LIFETIME, span(&a.lifetime)),
                (MAX_LIFETIME, span(&a.max_lifetime)),
                (KID, span(&a.kid)),
                (IAT, a.iat),
                (JTI, a.jti),
            ];
            refuse_each(cx, jwt_only, |key| {
                format!("`{key}` only applies to jwt claim sets, not to a MAC request")
            });
            if let Some(Sp {
                span,
                value: Signature::Body,
            }) = &a.signature
            {
                cx.error_at(
                    *span,
                    "`signature = body` only applies to jwt claim sets; put a MAC in \
                     `query(\"name\")` or `header(\"Name\")`",
                );
            }
        }
        if let (Some(lifetime), Some(max)) = (&a.lifetime, &a.max_lifetime) {
            if lifetime.value.value > max.value.value {
                cx.error_spanned_by(
                    &lifetime.value.lit,
                    format_args!(
                        "`lifetime = {}` is longer than `max_lifetime = {}`: tokens signed this \
                         way would fail their own verification",
                        lifetime.value.value, max.value.value
                    ),
                );
            }
        }
        // Keys that only make sense with a key loaded from text (a JWT struct gets the
        // MAC-only error above instead).
        let private_key = self
            .signature_algorithm()
            .is_some_and(|alg| alg != SignatureAlgorithm::HmacSha256);
        if (a.key.is_none() || !is_mac) && !is_jwt && !private_key {
            let text_only = [
                (KEY_ENCODING, span(&a.key_encoding)),
                (TRIM_KEY, a.trim_key),
            ];
            refuse_each(cx, text_only, |key| {
                format!(
                    "`{key}` only applies to a key loaded from text: add \
                     key = env(\"VAR\") or key = file(\"path\")"
                )
            });
        }
        // `key` given twice.
        let mut key_holder: Option<String> = a.key.as_ref().map(|k| {
            match &k.value {
                KeySource::Env(_) => "the struct's `key = env(..)`",
                KeySource::File(_) => "the struct's `key = file(..)`",
            }
            .to_owned()
        });
        for field in &self.fields {
            if let Some(span) = field.attrs.key {
                match &key_holder {
                    Some(holder) => cx.error_at(
                        span,
                        format_args!(
                            "`key` given twice: the key is already {holder}; keep one key source"
                        ),
                    ),
                    None => key_holder = Some(format!("field `{}`", field.name)),
                }
            }
        }
        // Two `body` fields.
        let mut body: Option<&Field> = None;
        for field in &self.fields {
            if let Some(span) = field.attrs.body {
                match body {
                    Some(first) => cx.error_at(
                        span,
                        format_args!(
                            "a request has one body, and field `{}` already is it",
                            first.name
                        ),
                    ),
                    None => body = Some(field),
                }
            }
        }
    }

    fn check_jwt(&self, cx: &Ctxt) {
        if let Some(Sp {
            value:
                Signature::Header {
                    prefix_template: Some(prefix),
                    ..
                },
            ..
        }) = &self.attrs.signature
        {
            cx.error_spanned_by(
                &prefix.lit,
                "a `prefix` that names fields only applies to `mac` and `algorithm` \
                 declarations: a jwt's header is the token, with an optional literal prefix",
            );
        }
        for field in &self.fields {
            let f = &field.attrs;
            let mac_only = [
                (RENAME, span(&f.rename)),
                (SKIP, f.skip),
                (HEADER, span(&f.header)),
                (TIMESTAMP, span(&f.timestamp)),
                (DIGEST, span(&f.digest)),
                (DIGEST_ENCODING, span(&f.digest_encoding)),
                (BODY, f.body),
                (WITH, span(&f.with)),
                (NONE, span(&f.none)),
                (UNSIGNED, f.unsigned),
            ];
            refuse_each(cx, mac_only, |key| {
                format!(
                    "#[signed({key})] only applies to MAC requests; the fields of a jwt \
                     claim set are serialized by serde, so use #[serde(..)] attributes"
                )
            });
        }
    }

    fn check_template(&self, cx: &Ctxt, template: &Sp<Template>) {
        let a = &self.attrs;
        let names_query = self.names_query();
        if !names_query {
            let query_only = [
                (SORT, a.sort),
                (PAIR_SEPARATOR, span(&a.pair_separator)),
                (KV_SEPARATOR, span(&a.kv_separator)),
            ];
            refuse_each(cx, query_only, |key| {
                format!(
                    "`{key}` has no effect with `template`: it shapes the query form (or \
                     `{{@query}}`), and the template already lays the message out"
                )
            });
        }
        let sent_as_query = |f: &Field| f.attrs.query.is_some();
        if !self.fields.iter().any(sent_as_query) {
            refuse_each(cx, [(RENAME_ALL, span(&a.rename_all))], |key| {
                format!(
                    "`{key}` has no effect with `template`: placeholders name fields by their \
                     Rust name (it names the fields sent with #[signed(query)])"
                )
            });
        }
        for field in &self.fields {
            if let (Some(rename), false) = (&field.attrs.rename, sent_as_query(field)) {
                cx.error_at(
                    rename.span,
                    "`rename` has no effect with `template`: placeholders name fields by their \
                     Rust name (it names a field sent with #[signed(query)])",
                );
            }
            if let (Some(flatten), false) = (field.attrs.flatten, names_query) {
                cx.error_at(
                    flatten,
                    format_args!(
                        "field `{}` holds query parameters, which only `{{@query}}` signs: name \
                         `{{@query}}` in the template",
                        field.name
                    ),
                );
            }
        }
        if names_query {
            let params = self.query_params();
            self.check_query_names(cx, &params);
            self.check_pair_separator(cx);
        }
        if !names_query {
            for query in &a.queries {
                cx.error_at(
                    query.span,
                    format_args!(
                        "`query({:?}, format = ..)` is a parameter `{{@query}}` signs: name \
                         `{{@query}}` in the template",
                        query.value.name.value()
                    ),
                );
            }
        }
        let lit = &template.value.lit;
        let mut named: Vec<&str> = template.value.fields();
        // Fields a `query(.., format = "..")` writes are sent (and signed) there.
        for query in &a.queries {
            named.extend(query.value.format.fields());
        }
        if let Some(chain) = &a.key_chain {
            named.extend(chain.value.scope.fields());
        }
        // Fields the signature header's parameters write (`Credential={access_key}/..`) are sent
        // there, like header fields, whether or not the template signs them too.
        if let Some(Sp {
            value:
                Signature::Header {
                    format: Some(format),
                    ..
                },
            ..
        }) = &a.signature
        {
            for item in format.items.iter().filter(|i| i.signature.is_none()) {
                crate::template::fields_into(&item.value, &mut named);
            }
        }
        // So are the fields a prefix names (`prefix = "SharedKey {account}:"`).
        if let Some(Sp {
            value:
                Signature::Header {
                    prefix_template: Some(prefix),
                    ..
                },
            ..
        }) = &a.signature
        {
            named.extend(prefix.fields());
        }
        let in_template = template.value.fields();
        self.check_names(cx, lit, &in_template, Named::Template);
        for field in &self.fields {
            if let (Some(unsigned), true) = (
                field.attrs.unsigned,
                in_template.contains(&field.name.as_str()),
            ) {
                cx.error_at(
                    unsigned,
                    format_args!(
                        "field `{0}` is `unsigned`, and the template signs it as `{{{0}}}`: drop \
                         `unsigned`, or `{{{0}}}` from the template",
                        field.name
                    ),
                );
            }
        }
        self.check_declared(cx, lit, &template.value.pieces, RUNTIME_PLACEHOLDERS);
        // A signature `format` that was refused may have named a field: no follow-up error.
        let fields = if a.broken_signature_format {
            &[][..]
        } else {
            &self.fields[..]
        };
        for field in fields {
            let f = &field.attrs;
            // An `unsigned` field is sent, never signed (one that is not sent is reported).
            let optional = f.header.is_some()
                || f.body.is_some()
                || f.query.is_some()
                || f.path.is_some()
                || f.unsigned.is_some()
                || f.method.is_some();
            if field.nameable() && !optional && !named.contains(&field.name.as_str()) {
                cx.error_spanned_by(
                    &field.original.ident,
                    format_args!(
                        "field `{0}` is not in the template: name it as `{{{0}}}`, or mark it \
                         #[signed(skip)] if it is not signed",
                        field.name
                    ),
                );
            }
        }
        let escape = self.escape();
        for field in &self.fields {
            if field.option.is_some() && named.contains(&field.name.as_str()) {
                check_none(cx, field, escape);
            }
        }
        let pieces = self.resolve_declared(&template.value.pieces);
        check_adjacent(cx, lit, &pieces, escape);
    }
    /// Every placeholder in `names` must name a field that may be part of the message.
    fn check_names(&self, cx: &Ctxt, lit: &LitStr, names: &[&str], named: Named) {
        let what = named.what();
        for name in names {
            match self.fields.iter().find(|f| f.name == *name) {
                None => {
                    let known = self
                        .fields
                        .iter()
                        .filter(|f| f.nameable())
                        .map(|f| f.name.as_str());
                    let hint = match crate::attr::did_you_mean(name, known) {
                        Some(close) => format!("; did you mean `{{{close}}}`?"),
                        None => String::new(),
                    };
                    cx.error_spanned_by(
                        lit,
                        format_args!("{what} `{{{name}}}` names no field{hint}"),
                    );
                }
                // A signature header parameter is sent, like a header field: no `skip` needed.
                Some(field)
                    if named == Named::Format
                        && field.attrs.skip.is_some()
                        && field.attrs.key.is_none() =>
                {
                    cx.error_spanned_by(
                        lit,
                        format_args!(
                            "{what} `{{{name}}}` names field `{name}`, which is skipped; a field \
                             a `format` names is sent in that header, and signed only where the \
                             template names it too: drop #[signed(skip)]"
                        ),
                    );
                }
                Some(field) if !field.nameable() => {
                    let why = if field.attrs.key.is_some() {
                        "holds the key"
                    } else {
                        "is skipped"
                    };
                    cx.error_spanned_by(
                        lit,
                        format_args!(
                            "{what} `{{{name}}}` names field `{name}`, which {why} and is never \
                             part of the message"
                        ),
                    );
                }
                Some(_) => {}
            }
        }
    }

    /// `{@method}` and `{@path}` stand for the struct's `method` and `path`, which must be given;
    /// the run-time placeholders (`{@query}`, `{@headers}`, `{@signed_headers}`) only where
    /// `allowed` lists them.
    pub(crate) fn check_declared(
        &self,
        cx: &Ctxt,
        lit: &LitStr,
        pieces: &[Piece],
        allowed: &[&str],
    ) {
        for piece in pieces {
            match piece {
                Piece::Declared(name) => {
                    let runtime = RUNTIME_PLACEHOLDERS.contains(&name.as_str());
                    let path_field = (name == "path" && self.path_field().is_some())
                        || (name == "method" && self.method_field().is_some());
                    if self.declared(name).is_some()
                        || allowed.contains(&name.as_str())
                        || path_field
                        || self.digest_placeholder(name).is_some()
                    {
                        continue;
                    }
                    let message = match name.as_str() {
                        _ if runtime => format!(
                            "`{{@{name}}}` writes the request's {} into the message: it belongs \
                             in `template`, not in a `format` or `prefix`",
                            if name == QUERY_PLACEHOLDER {
                                "query parameters"
                            } else {
                                "signed headers"
                            }
                        ),
                        "content_digest" | "repr_digest" => format!(
                            "`{{@{name}}}` writes the request's `{name}` field (RFC 9530), and the \
                             struct declares none: add #[signed({name} = \"sha-256\")] to it"
                        ),
                        "method" | "path" => format!(
                            "`{{@{name}}}` stands for the struct's `{name}`, and it has none: add \
                             #[signed({name} = \"..\")] to the struct"
                        ),
                        _ => format!(
                            "unknown declared value `{{@{name}}}`; expected `{{@method}}`, \
                             `{{@path}}` (the struct's `method` and `path`), `{{@query}}` (the \
                             query parameters), `{{@headers}}` or `{{@signed_headers}}` (the \
                             header fields' canonical block and names)"
                        ),
                    };
                    cx.error_spanned_by(lit, message);
                }
                Piece::Digest(group) => self.check_declared(cx, lit, &group.pieces, allowed),
                Piece::Literal(_) | Piece::Field(_) => {}
            }
        }
    }

    /// A `#[signed(method)]` field: the only method (not also the struct's `method`).
    fn check_method(&self, cx: &Ctxt) {
        let fields: Vec<&Field> = self
            .fields
            .iter()
            .filter(|f| f.attrs.method.is_some())
            .collect();
        for extra in fields.iter().skip(1) {
            cx.error_spanned_by(extra.ident, "only one field can be the request's `method`");
        }
        if let (Some(field), Some(_)) = (fields.first(), &self.attrs.method) {
            cx.error_spanned_by(
                field.ident,
                "the struct declares `method = \"..\"` and this field is the `method` too: keep one",
            );
        }
    }

    /// A `#[signed(path)]` field: the only path (not also the struct's `path`), one of them, and
    /// `path_encoding` / `normalize_path` only with one.
    fn check_path(&self, cx: &Ctxt) {
        let a = &self.attrs;
        let fields: Vec<&Field> = self
            .fields
            .iter()
            .filter(|f| f.attrs.path.is_some())
            .collect();
        for extra in fields.iter().skip(1) {
            cx.error_spanned_by(extra.ident, "only one field can be the request's `path`");
        }
        match (fields.first(), &a.path) {
            (Some(field), Some(_)) => cx.error_spanned_by(
                field.ident,
                "the struct declares `path = \"..\"` and this field is the `path` too: keep one",
            ),
            (None, _) => refuse_each(
                cx,
                [
                    (PATH_ENCODING, span(&a.path_encoding)),
                    (NORMALIZE_PATH, a.normalize_path),
                ],
                |key| {
                    format!(
                        "`{key}` shapes the path a `#[signed(path)]` field gives `{{@path}}`, and \
                         no field has #[signed(path)]"
                    )
                },
            ),
            _ => {}
        }
    }

    /// `key_chain(..)`: its scope names fields, has no empty part, and the key is not a field.
    fn check_key_chain(&self, cx: &Ctxt) {
        let Some(chain) = &self.attrs.key_chain else {
            return;
        };
        let chain = &chain.value;
        let lit = &chain.scope.lit;
        self.check_names(cx, lit, &chain.scope.fields(), Named::Scope);
        self.check_declared(cx, lit, &chain.scope.pieces, &[]);
        if chain.parts.iter().any(Vec::is_empty) {
            cx.error_spanned_by(
                lit,
                "`scope` has an empty part: its parts are separated by single `/`, like \
                 \"{date}/{region}/{service}/aws4_request\"",
            );
        }
        if let Some(field) = self.key_field() {
            cx.error_spanned_by(
                field.ident,
                "with `key_chain(..)` the key is a `signing::derived_key::ChainKey` passed to \
                 `sign_with`, or loaded by `key = env(..)` / `file(..)`; a `#[signed(key)]` field \
                 cannot hold it",
            );
        }
    }

    /// A header field of several values is written by `{@headers}` (and sent line by line); no
    /// placeholder writes it as one value.
    fn check_header_values(&self, cx: &Ctxt) {
        let a = &self.attrs;
        let mut places: Vec<(&LitStr, Vec<&str>)> = Vec::new();
        if let Some(template) = &a.template {
            places.push((&template.value.lit, template.value.fields()));
        }
        if let Some(Sp {
            value:
                Signature::Header {
                    format: Some(format),
                    ..
                },
            ..
        }) = &a.signature
        {
            let mut names = Vec::new();
            for item in format.items.iter().filter(|i| i.signature.is_none()) {
                crate::template::fields_into(&item.value, &mut names);
            }
            places.push((&format.template.lit, names));
        }
        for header in &a.headers {
            places.push((&header.value.format.lit, header.value.format.fields()));
        }
        for query in &a.queries {
            places.push((&query.value.format.lit, query.value.format.fields()));
        }
        if let Some(chain) = &a.key_chain {
            places.push((&chain.value.scope.lit, chain.value.scope.fields()));
        }
        for field in self.fields.iter().filter(|f| f.header_values().is_some()) {
            for (lit, names) in &places {
                if names.contains(&field.name.as_str()) {
                    cx.error_spanned_by(
                        lit,
                        format_args!(
                            "`{{{0}}}` names field `{0}`, which holds several values of one \
                             header: `{{@headers}}` writes them (joined by `,`), no placeholder \
                             writes them as one value",
                            field.name
                        ),
                    );
                }
            }
        }
    }

    /// The placeholders of a signature header's `format` and of `header(.., format = "..")`.
    fn check_formats(&self, cx: &Ctxt) {
        if let Some(Sp {
            value:
                Signature::Header {
                    format: Some(format),
                    ..
                },
            ..
        }) = &self.attrs.signature
        {
            let lit = &format.template.lit;
            let mut names = Vec::new();
            for item in format.items.iter().filter(|i| i.signature.is_none()) {
                crate::template::fields_into(&item.value, &mut names);
            }
            self.check_names(cx, lit, &names, Named::Format);
            // The signature header may list the signed headers (`SignedHeaders={@signed_headers}`).
            self.check_declared(
                cx,
                lit,
                &format.template.pieces,
                &[SIGNED_HEADERS_PLACEHOLDER],
            );
        }
        if let Some(Sp {
            value:
                Signature::Header {
                    prefix_template: Some(prefix),
                    ..
                },
            ..
        }) = &self.attrs.signature
        {
            self.check_names(cx, &prefix.lit, &prefix.fields(), Named::Prefix);
            self.check_declared(cx, &prefix.lit, &prefix.pieces, &[]);
        }
        for header in &self.attrs.headers {
            let format = &header.value.format;
            self.check_names(cx, &format.lit, &format.fields(), Named::Format);
            self.check_declared(cx, &format.lit, &format.pieces, &[]);
        }
        // A query parameter may list the signed headers (`X-Amz-SignedHeaders`).
        for query in &self.attrs.queries {
            let format = &query.value.format;
            self.check_names(cx, &format.lit, &format.fields(), Named::Format);
            self.check_declared(
                cx,
                &format.lit,
                &format.pieces,
                &[SIGNED_HEADERS_PLACEHOLDER],
            );
        }
    }
}

/// An `Option` field in a template: how is `None` written? Left to itself it would be the empty
/// value, the same as `Some("")`: two requests, one message (issue 16). The declaration says it
/// with `none = ".."`: `""` for a provider whose rule equates the two, or a text no value can be
/// written as under the declared escaping (which `strict` has none of: it writes values as they
/// are).
fn check_none(cx: &Ctxt, field: &Field, escape: Escape) {
    let Some(none) = &field.attrs.none else {
        if escape != Escape::None {
            cx.error_spanned_by(
                field.ident,
                format_args!(
                    "field `{0}` is an `Option` in the template, so `None` would be written as \
                     the empty value, as `Some(\"\")` is: two requests, one message; say how \
                     `None` is written: #[signed(none = \"!\")] (a text no value can be written \
                     as under escape = \"rfc3986\" or \"form\"), or #[signed(none = \"\")] if \
                     the provider's rule treats an absent `{0}` as an empty one",
                    field.name
                ),
            );
        }
        return;
    };
    let text = none.value.value();
    if text.is_empty() || escape == Escape::None {
        return;
    }
    if escape == Escape::Strict {
        cx.error_spanned_by(
            &none.value,
            format_args!(
                "under escape = \"strict\" values are written as they are, so `Some({text:?})` \
                 is written as `None` would be; use none = \"\" if the provider treats an absent \
                 value as an empty one, or escape = \"rfc3986\" / \"form\" and a text they never \
                 write, like none = \"!\""
            ),
        );
    } else if writable(escape, &text) {
        cx.error_spanned_by(
            &none.value,
            format_args!(
                "escape = \"{}\" can write {text:?} for a value, so `None` would be written as \
                 a `Some` is; use a text it never writes, such as one with a character it \
                 escapes (`!`, `(`, `*`...) or a `%` not followed by two capital hex digits",
                escape.spelling()
            ),
        );
    }
}

/// Whether the percent-encoding `escape` writes `text` for some value: `text` is made of the
/// characters it leaves as they are, `%XX` with capital hex digits, and under `form` `+`.
fn writable(escape: Escape, text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let kept = match escape {
            Escape::Rfc3986 => b.is_ascii_alphanumeric() || b"-._~".contains(&b),
            Escape::Form => b.is_ascii_alphanumeric() || b"*-._+".contains(&b),
            Escape::Strict | Escape::None => return true,
        };
        let hex =
            |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(c));
        if kept {
            i += 1;
        } else if b == b'%' && hex(bytes.get(i + 1)) && hex(bytes.get(i + 2)) {
            i += 3;
        } else {
            return false;
        }
    }
    true
}

/// Placeholders that run into what follows them, at every level of `pieces` (already resolved).
/// A lowercase group is its placeholder for this (the text after it is the value's separator).
fn check_adjacent(cx: &Ctxt, lit: &LitStr, pieces: &[Piece], escape: Escape) {
    let mut flat: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match piece {
            Piece::Digest(group) if group.kind == GroupKind::Lowercase => {
                flat.extend(group.pieces.iter().cloned());
            }
            other => flat.push(other.clone()),
        }
    }
    let pieces = flat.as_slice();
    for (i, piece) in pieces.iter().enumerate() {
        let name = match piece {
            Piece::Field(name) => name.clone(),
            // The query parameters are values too: what follows them must end them.
            Piece::Declared(name) if RUNTIME_PLACEHOLDERS.contains(&name.as_str()) => {
                format!("@{name}")
            }
            Piece::Digest(group) => {
                check_adjacent(cx, lit, &group.pieces, escape);
                continue;
            }
            Piece::Literal(_) | Piece::Declared(_) => continue,
        };
        match pieces.get(i + 1) {
            // A digest has a fixed length, so a value right before one that ends the message
            // (or the group) is unambiguous; anywhere else it is not.
            Some(Piece::Digest(group)) if escape != Escape::None && i + 2 < pieces.len() => cx
                .error_spanned_by(
                    lit,
                    format_args!(
                        "placeholder `{{{name}}}` runs straight into the digest group \
                             `{{{}:..}}`, which does not end the template: two different requests \
                             can give the same message; put a separator between them, or use \
                             escape = \"none\" if every value has a fixed length",
                        group.head
                    ),
                ),
            // `{@path}` of a `path` field always begins with `/`, which ends the value before it
            // (refused in it under `strict`, escaped by `rfc3986` and `form`).
            Some(Piece::Declared(next)) if next == "path" => {}
            Some(Piece::Field(next) | Piece::Declared(next)) if escape != Escape::None => cx
                .error_spanned_by(
                    lit,
                    format_args!(
                        "placeholders `{{{name}}}` and `{{{next}}}` are adjacent: with nothing \
                         between them two different requests can give the same message; put a \
                         separator between them, or use escape = \"none\" if every value has a \
                         fixed length or cannot be ambiguous"
                    ),
                ),
            Some(Piece::Literal(text)) if unescaped(escape, text) => cx.error_spanned_by(
                lit,
                format_args!(
                    "the separator {text:?} after `{{{name}}}` is made only of characters \
                         escape = \"{}\" leaves as they are, so a value could contain it \
                         and the message would be ambiguous; use a separator such as `:` or `&`",
                    escape.spelling()
                ),
            ),
            _ => {}
        }
    }
}

impl Input<'_> {
    fn check_query_form(&self, cx: &Ctxt) {
        for query in &self.attrs.queries {
            cx.error_at(
                query.span,
                "`query(.., format = ..)` needs a `template` that names `{@query}`: in the query \
                 form every field is a query parameter",
            );
        }
        for field in &self.fields {
            if let Some(query) = field.attrs.query {
                cx.error_at(
                    query,
                    "`query` has no effect without `template`: in the query form every field is \
                     a query parameter",
                );
            }
            if let Some(flatten) = field.attrs.flatten {
                cx.error_at(
                    flatten,
                    "`flatten` needs a `template` that names `{@query}`: the query form writes \
                     one pair per field",
                );
            }
            if let Some(none) = &field.attrs.none {
                cx.error_at(
                    none.span,
                    "`none` has no effect in the query form: a `None` field's pair is left out, \
                     which no value gives",
                );
            }
            if let (Some(unsigned), Some(_)) = (field.attrs.unsigned, &field.attrs.header) {
                cx.error_at(
                    unsigned,
                    "`unsigned` has no effect without `template`: the query form signs no header",
                );
            }
        }
        self.check_pair_separator(cx);
        let fields: Vec<(String, &Field)> = self
            .fields
            .iter()
            .filter(|f| self.is_query_pair(f))
            .map(|f| (self.query_name(f), f))
            .collect();
        self.check_query_names(cx, &fields);
    }

    /// `pair_separator` must be something values cannot contain once escaped.
    fn check_pair_separator(&self, cx: &Ctxt) {
        let escape = self.escape();
        let pair = self.pair_separator();
        let pair_span = self.attrs.pair_separator.as_ref().map(|s| &s.value);
        if pair.is_empty() && escape != Escape::None {
            if let Some(lit) = pair_span {
                cx.error_spanned_by(
                    lit,
                    format_args!(
                        "an empty `pair_separator` lets values run into the next pair, so two \
                         different requests can give the same message under escape = \"{}\"; \
                         use a separator, or escape = \"none\" if you vouch for the values",
                        escape.spelling()
                    ),
                );
            }
        } else if unescaped(escape, &pair) {
            if let Some(lit) = pair_span {
                cx.error_spanned_by(lit, unescaped_separator("pair_separator", &pair, escape));
            }
        }
        // The kv separator: names are fixed and may not contain it as the message writes them
        // (see `check_query_names`), so the first kv separator of a pair ends the name, provided
        // the escaping can never write it: `kv_separator = "%"` under rfc3986 made `a` and `a b`
        // (written `a%20b`) collide (issue 16, finding 4).
        let kv = self.kv_separator();
        let kv_span = self.attrs.kv_separator.as_ref().map(|s| &s.value);
        if !kv.is_empty() && unescaped(escape, &kv) {
            if let Some(lit) = kv_span {
                cx.error_spanned_by(lit, unescaped_separator("kv_separator", &kv, escape));
            }
        }
    }

    /// The names of the query parameters, as declared and as the message writes them: distinct,
    /// non-empty, clear of the separators.
    fn check_query_names(&self, cx: &Ctxt, fields: &[(String, &Field)]) {
        // `{@query}` writes names as `canonical_query(..)` says, where given.
        let (escape, _) = self.query_escapes();
        let (before, between, kv) = self.query_layout();
        let pair = if before.is_empty() { between } else { before };
        let mut seen: Vec<(String, &Field)> = Vec::new();
        let mut written_names: Vec<(String, &dyn ToTokens)> = Vec::new();
        for (name, field) in fields {
            let (name, field) = (name.clone(), *field);
            let at: &dyn ToTokens = match &field.attrs.rename {
                Some(rename) => &rename.value,
                None => field.ident,
            };
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                cx.error_spanned_by(
                    at,
                    format_args!(
                        "duplicate query name `{name}`: field `{}` already has it",
                        first.name
                    ),
                );
            }
            // The name as declared, and as the message writes it (percent-encoded under
            // rfc3986 and form): both must keep clear of the separators.
            let written = written_name(escape, &name);
            let spelled = if written == name {
                format!("query name `{name}`")
            } else {
                format!(
                    "query name `{name}`, written `{written}` under escape = \"{}\",",
                    escape.spelling()
                )
            };
            let mut refused = false;
            for (which, separator) in [("pair", &pair), ("kv", &kv)] {
                if !separator.is_empty()
                    && (name.contains(separator.as_str()) || written.contains(separator.as_str()))
                {
                    refused = true;
                    cx.error_spanned_by(
                        at,
                        format_args!(
                            "{spelled} contains the {which} separator {separator:?}, which makes \
                             the message ambiguous"
                        ),
                    );
                }
            }
            // With a longer kv separator, its first character alone is enough: `a=` + `==`
            // reads as `a` + `==` + `=`, the start of a value.
            if let Some(first) = kv.chars().next() {
                if !refused
                    && kv.len() > first.len_utf8()
                    && (name.contains(first) || written.contains(first))
                {
                    cx.error_spanned_by(
                        at,
                        format_args!(
                            "{spelled} contains {first:?}, the start of the kv separator {kv:?}, \
                             so the separator could be read inside the name and the message \
                             would be ambiguous"
                        ),
                    );
                }
            }
            // Without a kv separator, a name that begins another name could take its place:
            // `a` = `b1` and `ab` = `1` are both `ab1`.
            if kv.is_empty() && escape != Escape::None {
                for (other, other_at) in &written_names {
                    let (short, long, long_at) = if written.len() <= other.len() {
                        (written.as_str(), other.as_str(), *other_at)
                    } else {
                        (other.as_str(), written.as_str(), at)
                    };
                    if long.starts_with(short) {
                        cx.error_spanned_by(
                            long_at,
                            format_args!(
                                "query name `{long}` begins with query name `{short}`, and with an \
                                 empty `kv_separator` the message cannot tell them apart; use a \
                                 kv separator such as `=`"
                            ),
                        );
                    }
                }
            }
            written_names.push((written, at));
            if name.is_empty() {
                cx.error_spanned_by(at, "a query name cannot be empty");
            }
            seen.push((name, field));
        }
    }
}

impl Input<'_> {
    /// `signed_headers(..)` and `canonical_query(..)` shape what `{@headers}` and `{@query}`
    /// write: each needs its placeholder, `signed_headers` names headers a field sends, and the
    /// `lines` layout has its own separators.
    fn check_canonical_settings(&self, cx: &Ctxt) {
        let a = &self.attrs;
        if let Some(signed) = &a.signed_headers {
            let in_format = matches!(
                &a.signature,
                Some(Sp {
                    value: Signature::Header { format: Some(format), .. },
                    ..
                }) if format.template.pieces.iter().any(
                    |p| matches!(p, Piece::Declared(n) if n == SIGNED_HEADERS_PLACEHOLDER)
                )
            );
            if !self.names_headers() && !in_format {
                cx.error_at(
                    signed.span,
                    "`signed_headers(..)` says which header fields `{@headers}` and \
                     `{@signed_headers}` write, and neither is named: add them to the template",
                );
            }
            // (A name that is not a header name is reported as such.)
            for name in signed
                .value
                .names
                .iter()
                .filter(|n| crate::attr::is_token(&n.value()))
            {
                let sent = self.fields.iter().any(|f| {
                    f.attrs
                        .header
                        .as_ref()
                        .is_some_and(|h| h.value.value().eq_ignore_ascii_case(&name.value()))
                });
                if !sent {
                    cx.error_spanned_by(
                        name,
                        format_args!(
                            "`signed_headers(..)` names header {:?}, which no field sends: add \
                             a field with #[signed(header = {:?})]",
                            name.value(),
                            name.value()
                        ),
                    );
                }
            }
        }
        if let Some(query) = &a.canonical_query {
            if !self.names_query() {
                cx.error_at(
                    query.span,
                    "`canonical_query(..)` says how `{@query}` writes the query parameters, and \
                     the template does not name `{@query}`",
                );
            }
            if let Some(layout) = &query.value.layout {
                if layout.value == crate::model::QueryLayout::Lines {
                    refuse_each(
                        cx,
                        [
                            (PAIR_SEPARATOR, span(&a.pair_separator)),
                            (KV_SEPARATOR, span(&a.kv_separator)),
                        ],
                        |key| {
                            format!(
                                "`{key}` has no effect with `canonical_query(layout = \"lines\")`, \
                                 which writes each parameter as a `\\nname:value` line"
                            )
                        },
                    );
                }
            }
        }
    }
}

/// `name` as the query form writes it under `escape` (the runtime's `ValueWriter`): as it is under
/// `strict` and `none`; RFC 3986's unreserved characters kept and every other byte `%XX` under
/// `rfc3986`; under `form`, a space `+`, WHATWG's kept characters as they are, the rest `%XX`.
fn written_name(escape: Escape, name: &str) -> String {
    let keep: fn(u8) -> bool = match escape {
        Escape::Rfc3986 => |b| b.is_ascii_alphanumeric() || b"-._~".contains(&b),
        Escape::Form => |b| b.is_ascii_alphanumeric() || b"*-._".contains(&b),
        Escape::Strict | Escape::None => return name.to_owned(),
    };
    let mut out = String::new();
    for b in name.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else if b == b' ' && escape == Escape::Form {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn unescaped_separator(key: &str, separator: &str, escape: Escape) -> String {
    let escape = escape.spelling();
    format!(
        "`{key}` {separator:?} is made only of characters escape = \"{escape}\" leaves as they \
         are, so a value could contain it and the message would be ambiguous; use a reserved \
         character such as `&`, `=` or `:`"
    )
}

/// Whether every character of `text` can appear in an escaped value, so values can contain it
/// (only asked for the percent-encoding modes; `strict` checks values at run time). An escaped
/// value is made of the characters `escape` leaves as they are and of its escapes: `%` with two
/// hex digits, and under `form` the `+` a space becomes. So `%` (and `+` under `form`) cannot
/// separate values: `{a}%{b}` gives `%20%20` for both (" ", "20") and ("", "20 ").
fn unescaped(escape: Escape, text: &str) -> bool {
    let keep: fn(char) -> bool = match escape {
        // RFC 3986 unreserved, and `%`.
        Escape::Rfc3986 => |c| c.is_ascii_alphanumeric() || "-._~%".contains(c),
        // WHATWG application/x-www-form-urlencoded's kept characters, `%`, and `+` (a space).
        Escape::Form => |c| c.is_ascii_alphanumeric() || "*-._%+".contains(c),
        Escape::Strict | Escape::None => return false,
    };
    text.chars().all(keep)
}

fn span<T>(slot: &Option<Sp<T>>) -> Option<Span> {
    slot.as_ref().map(|s| s.span)
}

/// One error for each key that is present, at its span, saying why it does not belong.
/// Where `check_names` found the placeholders, which its errors name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Named {
    Template,
    Scope,
    /// A header's or query parameter's `format`, or the signature's: its fields are sent.
    Format,
    Prefix,
    HttpParam,
}

impl Named {
    fn what(self) -> &'static str {
        match self {
            Named::Template => "template placeholder",
            Named::Scope => "`scope` placeholder",
            Named::Format => "`format` placeholder",
            Named::Prefix => "`prefix` placeholder",
            Named::HttpParam => "`http_signature(..)` parameter",
        }
    }
}

fn refuse_each(
    cx: &Ctxt,
    keys: impl IntoIterator<Item = (Symbol, Option<Span>)>,
    why: impl Fn(Symbol) -> String,
) {
    for (key, span) in keys {
        if let Some(span) = span {
            cx.error_at(span, why(key));
        }
    }
}

/// Rules within one field's attributes.
fn check_field(cx: &Ctxt, field: &Field, family: Option<Family>) {
    let f = &field.attrs;
    let others = [
        (RENAME, span(&f.rename)),
        (HEADER, span(&f.header)),
        (TIMESTAMP, span(&f.timestamp)),
        (DIGEST, span(&f.digest)),
        (DIGEST_ENCODING, span(&f.digest_encoding)),
        (BODY, f.body),
        (WITH, span(&f.with)),
        (NONE, span(&f.none)),
        (QUERY, f.query),
        (FLATTEN, f.flatten),
        (PATH, f.path),
        (STATUS, f.status),
        (UNSIGNED, f.unsigned),
        (METHOD, f.method),
    ];
    if f.skip.is_some() {
        refuse_each(cx, others.into_iter().chain([(KEY, f.key)]), |key| {
            format!(
                "`skip` and `{key}` cannot both be given: a skipped field is not part of \
                 the request"
            )
        });
        return;
    }
    if f.key.is_some() {
        if family == Some(Family::Jwt) {
            // Reported by `check_jwt` for every MAC-only key.
            return;
        }
        refuse_each(cx, others, |key| {
            format!(
                "`key` and `{key}` cannot both be given: the key field holds the secret \
                 and is never sent or signed"
            )
        });
        return;
    }
    let formats = [
        (TIMESTAMP, span(&f.timestamp)),
        (DIGEST, span(&f.digest)),
        (WITH, span(&f.with)),
    ];
    let mut first: Option<Symbol> = None;
    for (key, span) in formats {
        if let Some(span) = span {
            match first {
                Some(first) => cx.error_at(
                    span,
                    format_args!(
                        "`{first}` and `{key}` cannot both be given: each says how the value is \
                         written"
                    ),
                ),
                None => first = Some(key),
            }
        }
    }
    if let (Some(none), None) = (&f.none, field.option) {
        cx.error_at(
            none.span,
            "`none` says how a template writes an `Option` field's `None`, and this field is not \
             an `Option`",
        );
    }
    if let (Some(encoding), None) = (&f.digest_encoding, &f.digest) {
        cx.error_at(
            encoding.span,
            "`digest_encoding` needs `digest = \"sha256\"` (or sha384/sha512) on the same field",
        );
    }
    if let (Some(header), Some(body)) = (&f.header, f.body) {
        let _ = header;
        cx.error_at(
            body,
            "`header` and `body` cannot both be given: a value is sent in one place",
        );
    }
    // `method`: the request's method, written as it is and sent as the method alone.
    if let Some(method) = f.method {
        let elsewhere = [
            (HEADER, span(&f.header)),
            (BODY, f.body),
            (QUERY, f.query),
            (FLATTEN, f.flatten),
            (PATH, f.path),
            (TIMESTAMP, span(&f.timestamp)),
            (DIGEST, span(&f.digest)),
            (WITH, span(&f.with)),
        ];
        if let Some((other, _)) = elsewhere.iter().find(|(_, s)| s.is_some()) {
            cx.error_at(
                method,
                format_args!(
                    "`method` and `{other}` cannot both be given: the field is the request's \
                     method, sent as it is"
                ),
            );
        }
    }
    // `query` / `flatten` / `path`: sent in one place.
    if let Some(path) = f.path {
        let elsewhere = [
            (HEADER, span(&f.header)),
            (BODY, f.body),
            (QUERY, f.query),
            (FLATTEN, f.flatten),
        ];
        if let Some((other, _)) = elsewhere.iter().find(|(_, s)| s.is_some()) {
            cx.error_at(
                path,
                format_args!(
                    "`path` and `{other}` cannot both be given: a value is sent in one place"
                ),
            );
        }
    }
    for (key, span) in [(QUERY, f.query), (FLATTEN, f.flatten)] {
        let Some(span) = span else { continue };
        let elsewhere = if f.header.is_some() {
            Some(HEADER)
        } else if f.body.is_some() {
            Some(BODY)
        } else {
            None
        };
        if let Some(other) = elsewhere {
            cx.error_at(
                span,
                format_args!(
                    "`{key}` and `{other}` cannot both be given: a value is sent in one place"
                ),
            );
        }
    }
    // `unsigned`: sent as a header or a query parameter, left out of what signs those.
    if let (Some(unsigned), None, None) = (f.unsigned, &f.header, f.query) {
        cx.error_at(
            unsigned,
            format_args!(
                "`unsigned` marks a field that is sent but not signed, and field `{}` is not \
                 sent on its own: add #[signed(header = \"Name\")] or #[signed(query)]",
                field.name
            ),
        );
    }
    if let (Some(_), Some(flatten)) = (f.query, f.flatten) {
        cx.error_at(
            flatten,
            "`query` and `flatten` cannot both be given: `flatten` already sends each pair the \
             field holds as a query parameter",
        );
    }
    if f.flatten.is_some() {
        let one_value = [
            (RENAME, span(&f.rename)),
            (TIMESTAMP, span(&f.timestamp)),
            (DIGEST, span(&f.digest)),
            (WITH, span(&f.with)),
        ];
        refuse_each(cx, one_value, |key| {
            format!(
                "`flatten` and `{key}` cannot both be given: a `flatten` field holds \
                 `(name, value)` pairs, each sent as it is"
            )
        });
    }
}

impl Input<'_> {
    /// The rules of `#[derive(FromSignedQuery)]` on top of [`Input::validate`]: the struct must
    /// own its data, be a MAC request with a signature placement, and every field must come
    /// from the request.
    pub(crate) fn validate_from_query(&self, cx: &Ctxt) {
        let a = &self.attrs;
        for lifetime in self.original.generics.lifetimes() {
            cx.error_spanned_by(
                lifetime,
                format_args!(
                    "#[derive(FromSignedQuery)] builds the struct from the request's text, so the \
                     struct must own its data; `{}` borrows: use `String` instead of `&str`",
                    lifetime.lifetime
                ),
            );
        }
        if let Some(jwt) = &a.jwt {
            cx.error_at(
                jwt.span,
                "#[derive(FromSignedQuery)] reads MAC requests; a jwt's claims are read with \
                 `signing::jwt::decode`",
            );
            return;
        }
        if let Some(hs) = &a.http_signature {
            cx.error_at(
                hs.span,
                "#[derive(FromSignedQuery)] does not read `http_signature(..)` declarations back \
                 yet (their parameters travel in `Signature-Input`); verify an incoming RFC 9421 \
                 request with `signing::httpsig::HttpVerifier`, or build the struct and call \
                 `verify(signature_header, &public_key)`",
            );
            return;
        }
        if a.signature.is_none() && !self.is_digest() {
            cx.error_spanned_by(
                &self.original.ident,
                "#[derive(FromSignedQuery)] needs to know where the signature is: add \
                 `signature = query(\"name\")` or `signature = header(\"Name\")`",
            );
        }
        let first_flatten = self.fields.iter().find(|f| f.attrs.flatten.is_some());
        for field in &self.fields {
            let f = &field.attrs;
            if let Some(span) = f.key {
                cx.error_at(
                    span,
                    format_args!(
                        "field `{}` holds the key, which never comes with a request: the server \
                         passes its key to `verify`; drop the field and call `sign_with(&key)`",
                        field.name
                    ),
                );
            } else if let Some(digest) = &f.digest {
                cx.error_at(
                    digest.span,
                    format_args!(
                        "field `{}` is sent as its digest, which cannot be turned back into the \
                         value; #[derive(FromSignedQuery)] cannot read it",
                        field.name
                    ),
                );
            } else if let Some(with) = &f.with {
                cx.error_at(
                    with.span,
                    format_args!(
                        "field `{}` is written by a `with` function, which has no inverse; \
                         #[derive(FromSignedQuery)] cannot read it",
                        field.name
                    ),
                );
            } else if let (Some(header), Some(_)) = (&f.header, field.header_values()) {
                cx.error_at(
                    header.span,
                    format_args!(
                        "field `{}` holds several values of one header, which \
                         #[derive(FromSignedQuery)] does not read yet",
                        field.name
                    ),
                );
            } else if let (Some(flatten), Some(first)) = (f.flatten, first_flatten) {
                // The request's other parameters go to one field; two cannot share them.
                if first.ident != field.ident {
                    cx.error_at(
                        flatten,
                        format_args!(
                            "field `{}` holds query parameters not known at compile time, like \
                             `{}`: #[derive(FromSignedQuery)] reads the parameters no other \
                             field names into one such field, and cannot tell which of them \
                             would be this one's",
                            field.name, first.name
                        ),
                    );
                }
            } else if (a.template.is_some() || self.in_signature_params(field))
                && field.nameable()
                && f.header.is_none()
                && f.body.is_none()
                && f.query.is_none()
                && f.path.is_none()
                && f.method.is_none()
                && self.header_param(field).is_none()
                && self.header_param_part(field).is_none()
                && self.query_format_part(field).is_none()
            {
                cx.error_spanned_by(
                    field.ident,
                    format_args!(
                        "field `{}` is only in the template, and a template's values are not sent \
                         with the request (only header, body, path and `query` fields are, and \
                         fields with literal text between them in a signature header parameter \
                         or a `query(.., format = ..)`, like `t={{timestamp}}` or \
                         `Credential={{access_key}}/{{date}}`), so #[derive(FromSignedQuery)] \
                         cannot read it",
                        field.name
                    ),
                );
            }
        }
    }
}
