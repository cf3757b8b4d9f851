//! Code generation. Every path is absolute (`::signing::__private::..`, `::core::..`), every
//! generated local starts with `__`, and every impl is `#[automatically_derived]`.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::DeriveInput;

use crate::ast::{Field, Input};
use crate::attr::{Container, KeySource, Signature};
use crate::ctxt::Ctxt;
use crate::fallback;
use crate::template::Piece;

/// The whole derive: parse, validate, expand; on error, `compile_error!` plus a stub impl.
pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    match try_expand(node) {
        Ok(tokens) => tokens,
        Err((error, jwt)) => fallback::expand(node, jwt, error),
    }
}

fn try_expand(node: &DeriveInput) -> Result<TokenStream, (syn::Error, bool)> {
    let cx = Ctxt::new();
    let input = Input::from_syn(&cx, node);
    if let Some(input) = &input {
        input.validate(&cx);
    }
    let jwt = input.as_ref().is_some_and(|i| i.attrs.jwt.is_some());
    cx.check().map_err(|e| (e, jwt))?;
    let Some(input) = input else {
        // `from_syn` only gives `None` after reporting an error.
        return Err((syn::Error::new(Span::call_site(), "unsupported input"), jwt));
    };
    Ok(if jwt {
        expand_jwt(&input)
    } else {
        expand_mac(&input)
    })
}

fn private(name: &str) -> TokenStream {
    let ident = format_ident!("{}", name);
    quote!(::signing::__private::#ident)
}

pub(crate) fn variant(enum_name: &str, variant: &str) -> TokenStream {
    let enum_path = private(enum_name);
    let variant = format_ident!("{}", variant);
    quote!(#enum_path::#variant)
}

fn option<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

pub(crate) fn placement(attrs: &Container) -> TokenStream {
    match attrs.signature.as_ref().map(|s| &s.value) {
        None => quote!(::signing::__private::Placement::None),
        Some(Signature::Query(name)) => quote!(::signing::__private::Placement::Query(#name)),
        Some(Signature::Header {
            name,
            format: Some(format),
            ..
        }) => {
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
        Some(Signature::Header { name, prefix, .. }) => {
            let prefix = match prefix {
                Some(prefix) => quote!(#prefix),
                None => quote!(""),
            };
            quote!(::signing::__private::Placement::Header { name: #name, prefix: #prefix })
        }
        Some(Signature::Body) => quote!(::signing::__private::Placement::Body),
    }
}

fn key_decl(input: &Input) -> TokenStream {
    if let Some(field) = input.fields.iter().find(|f| f.attrs.key.is_some()) {
        let name = &field.name;
        return quote!(::signing::__private::KeyDecl::Field(#name));
    }
    match input.attrs.key.as_ref().map(|k| &k.value) {
        None => quote!(::signing::__private::KeyDecl::None),
        Some(KeySource::Env(var)) => quote!(::signing::__private::KeyDecl::Env(#var)),
        Some(KeySource::File(path)) => quote!(::signing::__private::KeyDecl::File(#path)),
    }
}

/// `KeySource::Env("X")` / `KeySource::File("p")`.
fn key_source(source: &KeySource) -> TokenStream {
    match source {
        KeySource::Env(var) => quote!(::signing::__private::KeySource::Env(#var)),
        KeySource::File(path) => quote!(::signing::__private::KeySource::File(#path)),
    }
}

/// The `DeclaredKey` impl, when the declaration names a key; `load` turns a `KeySource` into the
/// owned key.
fn declared_key(
    input: &Input,
    key_type: &TokenStream,
    load: impl FnOnce(TokenStream) -> TokenStream,
    where_clause: &dyn quote::ToTokens,
) -> TokenStream {
    let body = if let Some(field) = input.fields.iter().find(|f| f.attrs.key.is_some()) {
        let ident = field.ident;
        // A field of the wrong type is reported at the field's type.
        let borrow = quote_spanned!(field.ty.span()=> &self.#ident);
        quote!(::signing::__private::KeyRef::Borrowed(#borrow))
    } else if let Some(source) = &input.attrs.key {
        let loaded = load(key_source(&source.value));
        quote!(::signing::__private::KeyRef::Owned(#loaded))
    } else {
        return TokenStream::new();
    };
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, _) = input.original.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::DeclaredKey for #ident #ty_generics #where_clause {
            fn declared_key(
                &self,
            ) -> ::core::result::Result<
                ::signing::__private::KeyRef<'_, #key_type>,
                ::signing::__private::Error,
            > {
                ::core::result::Result::Ok(#body)
            }
        }
    }
}

/// Tokens that run `stmt` on the field's value: `&self.f`, or `__v` inside
/// `if let Some(__v) = &self.f` for an `Option`.
fn on_value(field: &Field, stmt: impl FnOnce(TokenStream) -> TokenStream) -> TokenStream {
    let ident = field.ident;
    if field.option.is_some() {
        let stmt = stmt(quote!(__v));
        quote! {
            if let ::core::option::Option::Some(__v) = &self.#ident {
                #stmt
            }
        }
    } else {
        stmt(quote!(&self.#ident))
    }
}

/// The value wrapper for a field (`Text`, `Formatted`, `Digest`, `With`, `Bytes`).
fn value(field: &Field, access: &TokenStream) -> TokenStream {
    let ty = field.option.unwrap_or(field.ty);
    let a = &field.attrs;
    if let Some(format) = &a.timestamp {
        let format = variant("TimestampFormat", format.value.variant);
        // A field that is not a `Timestamp` fails this trait bound, reported at its type.
        let span = ty.span().resolved_at(Span::call_site());
        let get = quote_spanned!(span=> <#ty as __SigningTimestamp>::__get);
        quote!(::signing::__private::Formatted(#get(#access), #format))
    } else if let Some(digest) = &a.digest {
        let algorithm = variant("DigestAlgorithm", digest.value.variant);
        let encoding = variant(
            "DigestEncoding",
            a.digest_encoding
                .as_ref()
                .map_or("Hex", |e| e.value.variant),
        );
        quote!(::signing::__private::Digest(#access, #algorithm, #encoding))
    } else if let Some(with) = &a.with {
        let with = &with.value;
        quote!(::signing::__private::With::<#ty>(#access, #with))
    } else if a.body.is_some() {
        quote!(::signing::__private::Bytes(#access))
    } else {
        match plain_kind(ty) {
            Some(Plain::Str) => quote!(::signing::__private::Str(#access)),
            Some(Plain::Int) => quote!(::signing::__private::Int(#access)),
            None => quote!(::signing::__private::Text(#access)),
        }
    }
}

/// A plain field whose value can skip `core::fmt`, told from its type as written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Plain {
    /// `str`, `String`, `Cow<str>`, or a reference to one: written with `Str` (`AsRef<str>`).
    Str,
    /// A primitive integer: written with `Int` (formatted on the stack).
    Int,
}

const INTEGERS: &[&str] = &[
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
];

/// The syntactic check behind [`Plain`]; anything else (and any doubt) is `Text`, through
/// `Display`. Paths must be bare (`String`, `u64`) or the standard ones (`std::string::String`,
/// `core::primitive::u64`), so a user type that happens to be called `String` elsewhere is not
/// taken for the standard one.
fn plain_kind(ty: &syn::Type) -> Option<Plain> {
    match ty {
        syn::Type::Group(group) => plain_kind(&group.elem),
        syn::Type::Paren(paren) => plain_kind(&paren.elem),
        // `&str`, `&'a str`, `&String`: a reference to something `AsRef<str>` is one too.
        syn::Type::Reference(reference) => {
            (plain_kind(&reference.elem) == Some(Plain::Str)).then_some(Plain::Str)
        }
        syn::Type::Path(path) if path.qself.is_none() => {
            let segments = &path.path.segments;
            let last = segments.last()?;
            let prefix: Vec<String> = segments
                .iter()
                .take(segments.len() - 1)
                .map(|s| s.ident.to_string())
                .collect();
            let prefix: Vec<&str> = prefix.iter().map(String::as_str).collect();
            let name = last.ident.to_string();
            let std_path = |module: &str| {
                prefix.is_empty()
                    || (prefix.len() == 2
                        && matches!(prefix[0], "std" | "core" | "alloc")
                        && prefix[1] == module)
            };
            match &last.arguments {
                syn::PathArguments::None => match name.as_str() {
                    "String" if std_path("string") => Some(Plain::Str),
                    "str" if std_path("primitive") => Some(Plain::Str),
                    n if INTEGERS.contains(&n) && std_path("primitive") => Some(Plain::Int),
                    _ => None,
                },
                // `Cow<str>`, `Cow<'a, str>`.
                syn::PathArguments::AngleBracketed(args) if name == "Cow" && std_path("borrow") => {
                    let mut types = args.args.iter().filter_map(|arg| match arg {
                        syn::GenericArgument::Type(ty) => Some(ty),
                        _ => None,
                    });
                    match (types.next(), types.next()) {
                        (Some(syn::Type::Path(inner)), None)
                            if inner.qself.is_none() && inner.path.is_ident("str") =>
                        {
                            Some(Plain::Str)
                        }
                        _ => None,
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The trait behind `#[signed(timestamp)]`'s type check, when `fields` use it. It is defined in
/// the `const _` block around the impls, where no user item can clash with it.
fn timestamp_guard<'a>(mut fields: impl Iterator<Item = &'a Field<'a>>) -> TokenStream {
    if !fields.any(|f| f.attrs.timestamp.is_some()) {
        return TokenStream::new();
    }
    quote! {
        #[diagnostic::on_unimplemented(
            message = "#[signed(timestamp = \"..\")] needs a field of type `signing::Timestamp`, not `{Self}`",
            label = "not a `signing::Timestamp`",
            note = "set it with `Timestamp::now()` or `Timestamp::from_unix_millis(..)`, or drop `timestamp` to write the value as it is"
        )]
        trait __SigningTimestamp {
            fn __get(&self) -> &::signing::__private::Timestamp;
        }
        #[diagnostic::do_not_recommend]
        impl __SigningTimestamp for ::signing::__private::Timestamp {
            #[inline]
            fn __get(&self) -> &::signing::__private::Timestamp {
                self
            }
        }
    }
}

fn expand_mac(input: &Input) -> TokenStream {
    let a = &input.attrs;
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, where_clause) = input.original.generics.split_for_impl();

    let algorithm = variant(
        "MacAlgorithm",
        a.mac.as_ref().map_or("HmacSha256", |m| m.value.variant),
    );
    let encoding = variant(
        "Encoding",
        a.encoding.as_ref().map_or("Hex", |e| e.value.variant),
    );
    let escape_name = a.escape.as_ref().map_or("Strict", |e| e.value.variant);
    let escape = variant("Escape", escape_name);
    let signature = placement(a);
    let method = option(a.method.as_ref().map(|m| &m.value));
    let path = option(a.path.as_ref().map(|p| &p.value));
    let key = key_decl(input);
    let strict_keys = a.strict_keys.is_some();

    let (message, parts) = match &a.template {
        Some(template) => template_form(input, &template.value.pieces, &escape),
        None => query_form(input, &escape),
    };
    let headers_and_body = headers_and_body(input);
    let formatted_headers = formatted_headers(input);
    let signature_params = signature_params(input);
    // One definition for both functions, so a wrongly typed field is reported once.
    let timestamp_guard = timestamp_guard(input.fields.iter());

    let secret = private("Secret");
    let declared = declared_key(
        input,
        &secret,
        |source| {
            let key_encoding = variant(
                "KeyEncoding",
                a.key_encoding.as_ref().map_or("Utf8", |e| e.value.variant),
            );
            let trim = a.trim_key.is_some();
            quote!(#source.load(#key_encoding, #trim)?)
        },
        &where_clause,
    );

    quote! {
        const _: () = {
        #timestamp_guard

        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::MacRequest for #ident #ty_generics #where_clause {
            const SPEC: ::signing::__private::MacSpec = ::signing::__private::MacSpec {
                algorithm: #algorithm,
                encoding: #encoding,
                escape: #escape,
                signature: #signature,
                method: #method,
                path: #path,
                key: #key,
                strict_keys: #strict_keys,
            };

            fn write_message<__S: ::signing::__private::Sink + ?::core::marker::Sized>(
                &self,
                __out: &mut __S,
            ) -> ::core::result::Result<(), ::signing::__private::Error> {
                #message
                ::core::result::Result::Ok(())
            }

            #[inline]
            fn write_parts(
                &self,
                __parts: &mut ::signing::__private::Parts,
            ) -> ::core::result::Result<(), ::signing::__private::Error> {
                #parts
                #headers_and_body
                #formatted_headers
                ::core::result::Result::Ok(())
            }

            #signature_params
        }

        // `#[inline]` on the concrete methods: like serde's generic impls, their code is made in
        // the crate that calls them, not for every declaration (about 3.3x -> 2x serde's build time).
        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::SignedRequest for #ident #ty_generics #where_clause {
            type SigningKey = ::signing::__private::Secret;
            type VerifyingKey = ::signing::__private::Secret;

            #[inline]
            fn message(
                &self,
            ) -> ::core::result::Result<::std::vec::Vec<u8>, ::signing::__private::Error> {
                ::signing::__private::mac_message(self)
            }

            #[inline]
            fn sign_at(
                &self,
                __key: &::signing::__private::Secret,
                _: ::signing::__private::Timestamp,
            ) -> ::core::result::Result<::signing::__private::Signed, ::signing::__private::Error> {
                ::signing::__private::mac_sign(self, __key)
            }

            #[inline]
            fn signature_into(
                &self,
                __key: &::signing::__private::Secret,
                __out: &mut ::std::string::String,
            ) -> ::core::result::Result<(), ::signing::__private::Error> {
                ::signing::__private::mac_signature_into(self, __key, __out)
            }

            #[inline]
            fn verify(
                &self,
                __signature: &str,
                __key: &::signing::__private::Secret,
            ) -> ::core::result::Result<(), ::signing::__private::Error> {
                ::signing::__private::mac_verify(self, __signature, __key)
            }
        }

        #declared
        };
    }
}

/// `(write_message body, write_parts query pairs)` of the query form.
fn query_form(input: &Input, escape: &TokenStream) -> (TokenStream, TokenStream) {
    let pairs = input.query_fields();
    if pairs.is_empty() {
        return (TokenStream::new(), TokenStream::new());
    }
    let pair_separator = input.pair_separator();
    let kv_separator = input.kv_separator();
    let mut message = Vec::new();
    let mut parts = Vec::new();
    for (name, field) in &pairs {
        let field_name = &field.name;
        message.push(on_value(field, |access| {
            let value = value(field, &access);
            quote!(__q.pair(__out, #name, #field_name, &#value)?;)
        }));
        parts.push(on_value(field, |access| {
            let value = value(field, &access);
            quote!(__parts.query_pair(#name, &#value);)
        }));
    }
    let message = quote! {
        let mut __q = ::signing::__private::QueryForm::new(#pair_separator, #kv_separator, #escape);
        #(#message)*
    };
    (message, quote!(#(#parts)*))
}

/// `(write_message body, nothing)` of a template.
fn template_form(
    input: &Input,
    pieces: &[Piece],
    escape: &TokenStream,
) -> (TokenStream, TokenStream) {
    let pieces = input.resolve_declared(pieces);
    let statements = render(input, &pieces, escape, Stop::NextLiteral);
    (statements, TokenStream::new())
}

/// What `strict` escaping refuses in a value.
#[derive(Clone, Copy)]
enum Stop {
    /// The first character of the literal text after the value (templates).
    NextLiteral,
    /// This character, wherever the value is (`,` in a signature header's parameters).
    Always(char),
}

/// Statements that write `pieces` (resolved: no `{@..}`) into `__out`.
fn render(input: &Input, pieces: &[Piece], escape: &TokenStream, stop: Stop) -> TokenStream {
    let mut statements = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Literal(text) => {
                let bytes = Literal::byte_string(text.as_bytes());
                statements.push(quote!(::signing::__private::Sink::write(__out, #bytes);));
            }
            Piece::Field(name) => {
                let Some(field) = input.fields.iter().find(|f| f.name == *name) else {
                    continue;
                };
                let stop = match (stop, pieces.get(i + 1)) {
                    (Stop::Always(c), _) => option(Some(c)),
                    (Stop::NextLiteral, Some(Piece::Literal(text))) => option(text.chars().next()),
                    (Stop::NextLiteral, _) => option(None::<char>),
                };
                let field_name = &field.name;
                statements.push(on_value(field, |access| {
                    let value = value(field, &access);
                    quote!(::signing::__private::write_value(__out, #escape, #stop, #field_name, &#value)?;)
                }));
            }
            Piece::Digest(group) => {
                let algorithm = variant("DigestAlgorithm", group.algorithm);
                let encoding = variant("DigestEncoding", group.encoding);
                let inner = render(input, &group.pieces, escape, stop);
                statements.push(quote! {
                    {
                        let mut __digest = ::signing::__private::DigestSink::new(#algorithm);
                        {
                            let __out = &mut __digest;
                            #inner
                        }
                        ::signing::__private::DigestSink::finish(__digest, __out, #encoding);
                    }
                });
            }
            // Resolved by `resolve_declared` before rendering.
            Piece::Declared(_) => {}
        }
    }
    quote!(#(#statements)*)
}

/// `pieces` rendered into a new `Vec<u8>` called `__buf`, then `then`.
fn render_to_buf(
    input: &Input,
    pieces: &[Piece],
    escape: &TokenStream,
    stop: Stop,
    then: TokenStream,
) -> TokenStream {
    let pieces = input.resolve_declared(pieces);
    let statements = render(input, &pieces, escape, stop);
    quote! {
        {
            let mut __buf: ::std::vec::Vec<u8> = ::std::vec::Vec::new();
            {
                let __out = &mut __buf;
                #statements
            }
            #then
        }
    }
}

/// `header("Name", format = "..")` headers, written as they are (like field headers).
fn formatted_headers(input: &Input) -> TokenStream {
    let escape = variant("Escape", "None");
    let headers = input.attrs.headers.iter().map(|header| {
        let name = &header.value.name;
        render_to_buf(
            input,
            &header.value.format.pieces,
            &escape,
            Stop::NextLiteral,
            quote!(__parts.header(#name, &::signing::__private::Bytes(&__buf));),
        )
    });
    quote!(#(#headers)*)
}

/// `write_signature_params` for a signature header with a `format`; nothing otherwise. Values
/// may not contain `,`, which separates the parameters.
fn signature_params(input: &Input) -> TokenStream {
    let Some(Signature::Header {
        format: Some(format),
        ..
    }) = input.attrs.signature.as_ref().map(|s| &s.value)
    else {
        return TokenStream::new();
    };
    let escape = variant("Escape", "Strict");
    let items = format.items.iter().map(|item| {
        let name = &item.name;
        if item.signature.is_some() {
            quote!(__params.signature_slot(#name);)
        } else {
            render_to_buf(
                input,
                &item.value,
                &escape,
                Stop::Always(','),
                quote!(__params.param(#name, __buf);),
            )
        }
    });
    quote! {
        fn write_signature_params(
            &self,
            __params: &mut ::signing::__private::SignatureParams,
        ) -> ::core::result::Result<(), ::signing::__private::Error> {
            #(#items)*
            ::core::result::Result::Ok(())
        }
    }
}

/// Header fields and the body, in declaration order.
fn headers_and_body(input: &Input) -> TokenStream {
    let mut statements = Vec::new();
    for field in &input.fields {
        if let Some(header) = &field.attrs.header {
            let header = &header.value;
            statements.push(on_value(field, |access| {
                let value = value(field, &access);
                quote!(__parts.header(#header, &#value);)
            }));
        }
        if field.attrs.body.is_some() {
            statements.push(on_value(
                field,
                |access| quote!(__parts.body(::core::convert::AsRef::<[u8]>::as_ref(#access));),
            ));
        }
    }
    quote!(#(#statements)*)
}

fn expand_jwt(input: &Input) -> TokenStream {
    let a = &input.attrs;
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, where_clause) = input.original.generics.split_for_impl();
    // The claims must be `Serialize`; a struct that is not gets the error on its name: from this
    // bound itself when the struct has no generic parameters, else from `serialize_check`.
    let predicates: Vec<_> = where_clause
        .into_iter()
        .flat_map(|w| &w.predicates)
        .collect();
    let serialize = quote_spanned!(ident.span()=> ::signing::__private::Serialize);
    let where_clause = quote!(where #(#predicates,)* #ident #ty_generics: #serialize);
    let serialize_check = if input.original.generics.params.is_empty() {
        TokenStream::new()
    } else {
        // As serde's derive bounds its impl: every type parameter `Serialize`.
        let type_params = input.original.generics.type_params().map(|t| &t.ident);
        let assert =
            quote_spanned!(ident.span()=> __signing_assert_serialize::<#ident #ty_generics>);
        quote! {
            const _: () = {
                fn __signing_assert_serialize<
                    __T: ?::core::marker::Sized + ::signing::__private::Serialize,
                >() {
                }
                #[allow(dead_code)]
                fn __signing_check #impl_generics ()
                where
                    #(#predicates,)*
                    #(#type_params: ::signing::__private::Serialize,)*
                {
                    #assert();
                }
            };
        }
    };

    let algorithm = variant(
        "JwtAlgorithm",
        a.jwt.as_ref().map_or("Rs256", |j| j.value.variant),
    );
    let lifetime = option(
        a.lifetime
            .as_ref()
            .map(|l| Literal::i64_suffixed(l.value.value)),
    );
    let max_lifetime = option(
        a.max_lifetime
            .as_ref()
            .map(|l| Literal::i64_suffixed(l.value.value)),
    );
    let kid = option(a.kid.as_ref().map(|k| &k.value));
    let iat = a.iat.is_some();
    let jti = a.jti.is_some();
    let signature = placement(a);
    let method = option(a.method.as_ref().map(|m| &m.value));
    let path = option(a.path.as_ref().map(|p| &p.value));
    let key = key_decl(input);
    let spec = quote! {
        const __SPEC: ::signing::__private::JwtSpec = ::signing::__private::JwtSpec {
            algorithm: #algorithm,
            lifetime: #lifetime,
            max_lifetime: #max_lifetime,
            kid: #kid,
            iat: #iat,
            jti: #jti,
            signature: #signature,
            method: #method,
            path: #path,
            key: #key,
        };
    };

    let private_key = private("PrivateKey");
    let declared = declared_key(
        input,
        &private_key,
        |source| quote!(::signing::__private::PrivateKey::load(#source)?),
        &where_clause,
    );

    quote! {
        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::SignedRequest for #ident #ty_generics #where_clause {
            type SigningKey = ::signing::__private::PrivateKey;
            type VerifyingKey = ::signing::__private::PublicKey;

            fn message(
                &self,
            ) -> ::core::result::Result<::std::vec::Vec<u8>, ::signing::__private::Error> {
                #spec
                ::signing::__private::jwt_message(self, &__SPEC, ::signing::__private::Timestamp::now())
            }

            fn sign_at(
                &self,
                __key: &::signing::__private::PrivateKey,
                __at: ::signing::__private::Timestamp,
            ) -> ::core::result::Result<::signing::__private::Signed, ::signing::__private::Error> {
                #spec
                ::signing::__private::jwt_sign(self, &__SPEC, __key, __at)
            }

            fn signature_into(
                &self,
                __key: &::signing::__private::PrivateKey,
                __out: &mut ::std::string::String,
            ) -> ::core::result::Result<(), ::signing::__private::Error> {
                #spec
                ::signing::__private::jwt_signature_into(
                    self,
                    &__SPEC,
                    __key,
                    ::signing::__private::Timestamp::now(),
                    __out,
                )
            }

            fn verify(
                &self,
                __token: &str,
                __key: &::signing::__private::PublicKey,
            ) -> ::core::result::Result<(), ::signing::__private::Error> {
                #spec
                ::signing::__private::jwt_verify(self, &__SPEC, __token, __key)
            }
        }

        #declared
        #serialize_check
    }
}

#[cfg(test)]
mod plain_tests {
    use super::{plain_kind, Plain};

    fn kind(ty: &str) -> Option<Plain> {
        plain_kind(&syn::parse_str(ty).unwrap())
    }

    #[test]
    fn strings_and_integers_skip_fmt() {
        for ty in [
            "&str",
            "&'a str",
            "&'a mut str",
            "String",
            "std::string::String",
            "::alloc::string::String",
            "&String",
            "Cow<str>",
            "Cow<'a, str>",
            "std::borrow::Cow<'static, str>",
            "str",
        ] {
            assert_eq!(kind(ty), Some(Plain::Str), "{ty}");
        }
        for ty in ["u8", "u64", "i128", "usize", "core::primitive::u32"] {
            assert_eq!(kind(ty), Some(Plain::Int), "{ty}");
        }
        for ty in [
            "&u32",
            "f64",
            "bool",
            "char",
            "my::String",
            "Cow<[u8]>",
            "Cow<'a, String>",
            "Vec<u8>",
            "uuid::Uuid",
            "T",
            "Box<str>",
            "<T as Tr>::String",
        ] {
            assert_eq!(kind(ty), None, "{ty}");
        }
    }
}
