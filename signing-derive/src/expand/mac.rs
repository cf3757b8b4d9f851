//! The MAC side: `MacRequest` (the declaration as a constant, the message and parts writers),
//! `SignedRequest` through the runtime's `mac_*` functions, and `DeclaredKey`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::render::{
    formatted_headers, render, render_result, render_to_buf, signature_params, signature_prefix,
    Stop,
};
use super::value::{on_value, timestamp_guard, value};
use super::{declared_key, key_decl, option, placement};
use crate::ast::Input;
use crate::model::Escape;
use crate::template::Piece;

/// The `MacRequest` impl (the declaration as a `MacSpec` constant, and the message writers), the
/// `SignedRequest` impl calling the runtime's MAC functions, and `DeclaredKey`.
pub(super) fn expand(input: &Input) -> TokenStream {
    let a = &input.attrs;
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, where_clause) = input.original.generics.split_for_impl();

    let algorithm = input.mac();
    let encoding = input.encoding();
    let escape = input.escape();
    let signature = placement(input);
    // The fields most declarations leave as they are come from `MacSpec::REST`: fewer tokens
    // and expressions for rustc per declaration.
    let method = a.method.as_ref().map(|m| {
        let m = &m.value;
        quote!(method: ::core::option::Option::Some(#m),)
    });
    let path = a.path.as_ref().map(|p| {
        let p = &p.value;
        quote!(path: ::core::option::Option::Some(#p),)
    });
    let key = (input.key_field().is_some() || a.key.is_some()).then(|| {
        let key = key_decl(input);
        quote!(key: #key,)
    });
    let strict_keys = a.strict_keys.is_some().then(|| quote!(strict_keys: true,));

    let (message, parts) = match (&a.http_signature, &a.template) {
        // RFC 9421: the base is computed from the parts; the query fields are sent as in a
        // template's `query` fields.
        (Some(_), _) => (
            super::httpsig::message(),
            template_form(input, &[], escape).1,
        ),
        (None, Some(template)) => template_form(input, &template.value.pieces, escape),
        (None, None) => query_form(input, escape, true),
    };
    let headers_and_body = headers_and_body(input);
    let digest_headers = super::content_digest::headers(input);
    let mut formatted_headers = formatted_headers(input);
    let mut signature_params = signature_params(input);
    if let Some(hs) = &a.http_signature {
        formatted_headers.extend(super::httpsig::signature_input());
        signature_params = super::httpsig::signature_slot(&hs.value);
    }
    let (prefix_method, prefix_parts) = signature_prefix(input);
    // One definition for both functions, so a wrongly typed field is reported once.
    let timestamp_guard = timestamp_guard(input.fields.iter());

    // With `key_chain(..)` the key is a `ChainKey`, and each call signs with its key for the
    // request's scope (derived once per scope, then cached by the `ChainKey`).
    let chain = a.key_chain.as_ref().map(|c| {
        let prefix = &c.value.prefix;
        quote!(::signing::__private::KeyChain { prefix: #prefix, algorithm: #algorithm })
    });
    let key_type = match &chain {
        Some(_) => quote!(::signing::__private::ChainKey),
        None => quote!(::signing::__private::Secret),
    };
    let declared = declared_key(
        input,
        &key_type,
        |source| {
            let key_encoding = input.key_encoding();
            let trim = a.trim_key.is_some();
            let loaded = quote!(#source.load(#key_encoding, #trim)?);
            match &chain {
                Some(chain) => quote!(::signing::__private::ChainKey::new(#loaded, #chain)),
                None => loaded,
            }
        },
        &where_clause,
    );
    let (scope_key, signing_key) = match &a.key_chain {
        Some(c) => {
            let parts = &c.value.parts;
            let count = parts.len();
            let rendered = parts.iter().enumerate().map(|(i, part)| {
                let statements = render(input, part, Escape::None, Stop::NextLiteral);
                quote! {
                    {
                        let __out = &mut __scope;
                        #statements
                    }
                    __ends[#i] = __scope.len();
                }
            });
            let slices = (0..count).map(|i| {
                if i == 0 {
                    quote!(&__scope[..__ends[0]])
                } else {
                    let j = i - 1;
                    quote!(&__scope[__ends[#j]..__ends[#i]])
                }
            });
            let method = quote! {
                #[automatically_derived]
                #[allow(unused_qualifications)]
                impl #impl_generics #ident #ty_generics #where_clause {
                    /// The key for this request's scope (`key_chain(..)`).
                    #[doc(hidden)]
                    fn __signing_scope_key(
                        &self,
                        __key: &::signing::__private::ChainKey,
                    ) -> ::core::result::Result<
                        ::std::sync::Arc<::signing::__private::Secret>,
                        ::signing::__private::Error,
                    > {
                        let mut __scope = ::signing::__private::Arena::new();
                        let mut __ends = [0usize; #count];
                        #(#rendered)*
                        let __parts: [&[u8]; #count] = [#(#slices),*];
                        ::core::result::Result::Ok(__key.for_scope(&__parts))
                    }
                }
            };
            (method, quote!(&*self.__signing_scope_key(__key)?))
        }
        None => (TokenStream::new(), quote!(__key)),
    };

    // Only when there are parts (a template's fields are often all in the message): the trait's
    // default writes none, and a method less is one less body for rustc to check.
    let parts = quote! {
        #parts
        #headers_and_body
        #digest_headers
        #formatted_headers
        #prefix_parts
    };
    let write_parts = (!parts.is_empty()).then(|| {
        quote! {
            #[inline]
            fn write_parts(
                &self,
                __parts: &mut ::signing::__private::Parts,
            ) -> ::core::result::Result<(), ::signing::__private::Error> {
                #parts
                ::core::result::Result::Ok(())
            }
        }
    });

    let spec_and_writers = quote! {
        #timestamp_guard

        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::MacRequest for #ident #ty_generics #where_clause {
            const SPEC: ::signing::__private::MacSpec = ::signing::__private::MacSpec {
                algorithm: #algorithm,
                encoding: #encoding,
                escape: #escape,
                signature: #signature,
                #method
                #path
                #key
                #strict_keys
                ..::signing::__private::MacSpec::REST
            };

            fn write_message<__S: ::signing::__private::Sink + ?::core::marker::Sized>(
                &self,
                __out: &mut __S,
            ) -> ::core::result::Result<(), ::signing::__private::Error> {
                #message
            }

            #write_parts
            #signature_params
            #prefix_method
        }
    };
    // `algorithm = ".."`: the same message, signed with a `PrivateKey` (expand/signature.rs).
    let signing = match input.signature_algorithm() {
        Some(algorithm) => super::signature::expand(input, algorithm),
        // A `Secret` as given: `SignedRequest` is the runtime's blanket impl over
        // `MacDeclaration`, so nothing is type-checked or compiled here for it.
        None if chain.is_none() => quote! {
            #[automatically_derived]
            impl #impl_generics ::signing::__private::MacDeclaration for #ident #ty_generics #where_clause {}

            #declared
        },
        // `key_chain(..)`: each call signs with the key for the request's scope.
        None => {
            let signed_request = super::signed_request_impl(
                input.original,
                &key_type,
                &key_type,
                super::SignedRequestCalls {
                    message: quote!(::signing::__private::mac_message(self)),
                    sign_with: quote!(::signing::__private::mac_sign(self, #signing_key)),
                    signature_into: quote! {
                        ::signing::__private::mac_signature_into(self, #signing_key, __out)
                    },
                    verify: quote! {
                        ::signing::__private::mac_verify(self, __signature, #signing_key)
                    },
                },
                &where_clause,
            );
            quote! {
                #signed_request

                #declared
                #scope_key
            }
        }
    };
    quote! {
        const _: () = {
        #spec_and_writers
        #signing
        };
    }
}

/// `(write_message body, write_parts query pairs)` of the query form; the body ends with its
/// result.
///
/// The constant text before each value (the pair separator, the name, escaped here as the
/// runtime would escape it, and the `=`) is written as one piece. Whether a pair is the first
/// is known here unless only `Option` fields come before it; then a flag decides at run time.
///
/// `message_first`: the signer adds the message to `Parts` before `write_parts` (every MAC
/// signer, `mac_sign` and `signature_sign`, does), so a `strict` query form's URL query can be
/// made from it with no pairs of its own.
pub(super) fn query_form(
    input: &Input,
    escape: Escape,
    message_first: bool,
) -> (TokenStream, TokenStream) {
    let pairs = input.query_fields();
    if pairs.is_empty() {
        return (quote!(::core::result::Result::Ok(())), TokenStream::new());
    }
    let pair_separator = input.pair_separator();
    let kv_separator = input.kv_separator();
    // Under `strict`, a value is refused when it holds the pair separator's first character.
    let stop = option(pair_separator.chars().next());
    let separator_bytes = Literal::byte_string(pair_separator.as_bytes());
    // Some pair may or may not be first (only optional fields come before it) exactly when
    // the first field is optional and others follow.
    let flag = pairs.len() > 1 && pairs[0].1.option.is_some();
    // Only `strict` refuses a value.
    let strict = escape == Escape::Strict;
    let mut written = false;
    let mut message = Vec::new();
    let mut parts = Vec::new();
    for (i, (name, field)) in pairs.iter().enumerate() {
        let field_name = &field.name;
        let known = i > 0 && written;
        let unknown = i > 0 && !written;
        let head = format!(
            "{}{}{kv_separator}",
            if known { pair_separator.as_str() } else { "" },
            escaped_name(name, escape)
        );
        let head = Literal::byte_string(head.as_bytes());
        let separator = unknown.then(|| {
            quote! {
                if !__first {
                    ::signing::__private::Sink::write(__out, #separator_bytes);
                }
            }
        });
        let mark = (flag && !written).then(|| quote!(__first = false;));
        message.push(on_value(field, |access| {
            let value = value(field, &access);
            let write = if strict {
                quote!(::signing::__private::message_field(__out, &mut __r, #head, #escape, #stop, #field_name, &#value);)
            } else {
                quote! {
                    ::signing::__private::Sink::write(__out, #head);
                    ::signing::__private::write_unrefused(__out, #escape, &#value);
                }
            };
            quote! {
                #separator
                #write
                #mark
            }
        }));
        let sent = escaped_name(name, url_escape(escape));
        parts.push(on_value(field, |access| {
            let value = value(field, &access);
            quote!(__parts.query_pair_escaped(#sent, &#value);)
        }));
        written |= field.option.is_none();
    }
    // Under `strict` each value's refusal is kept in `__r` (`message_field`), returned once
    // all are written; other escapes refuse nothing.
    let (declare, result) = if strict {
        (
            quote!(let mut __r = ::core::option::Option::None;),
            quote!(::signing::__private::refused(__r)),
        )
    } else {
        (TokenStream::new(), quote!(::core::result::Result::Ok(())))
    };
    let message = if flag {
        quote! {
            #declare
            let mut __first = true;
            #(#message)*
            let _ = __first;
            #result
        }
    } else {
        quote! {
            #declare
            #(#message)*
            #result
        }
    };
    // Escaped as the URL's query values are (`Parts::new` picks `form` for a `form` message,
    // RFC 3986 otherwise), with the URL's separators, the message is the query itself.
    let url_separators = pair_separator == "&" && kv_separator == "=";
    let parts = if matches!(escape, Escape::Rfc3986 | Escape::Form) && url_separators {
        quote!(__parts.query_is_message();)
    } else if matches!(escape, Escape::Strict)
        && url_separators
        && pairs
            .iter()
            .all(|(name, _)| escaped_name(name, Escape::Rfc3986) == *name)
    {
        // `strict`, with names the URL writes as they are: the query is the message with each
        // value percent-encoded, made from the message when it is asked for. With the message
        // always there first, no pairs are generated (a body less for rustc per declaration).
        if message_first {
            quote!(__parts.query_is_escaped_message();)
        } else {
            quote! {
                if !__parts.query_is_escaped_message() {
                    #(#parts)*
                }
            }
        }
    } else {
        quote!(#(#parts)*)
    };
    (message, parts)
}

/// How the URL's query is escaped for a message escaped with `escape` (`Parts::new`'s rule).
fn url_escape(escape: Escape) -> Escape {
    match escape {
        Escape::Form => Escape::Form,
        _ => Escape::Rfc3986,
    }
}

/// A query name as the runtime escapes it under `escape` (names are constants, so this is
/// done once, here): RFC 3986 percent-encodes all but `A-Z a-z 0-9 - . _ ~`; `form` writes a
/// space as `+` and percent-encodes all but `A-Z a-z 0-9 * - . _`; `strict` and `none` write
/// names as they are (checked at compile time).
fn escaped_name(name: &str, escape: Escape) -> String {
    let keep: fn(u8) -> bool = match escape {
        Escape::Rfc3986 => |b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'),
        Escape::Form => |b| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_'),
        _ => return name.to_owned(),
    };
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else if b == b' ' && matches!(escape, Escape::Form) {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `(write_message body, write_parts query pairs)` of a template: the fields sent as query
/// parameters (`query`, `flatten`) go to the URL, and, when the template names `{@query}`, into
/// `__query` first, which `{@query}` writes in canonical form.
fn template_form(input: &Input, pieces: &[Piece], escape: Escape) -> (TokenStream, TokenStream) {
    let pieces = input.resolve_declared(pieces);
    let statements = render_result(input, &pieces, escape, Stop::NextLiteral);
    let params = input.query_params();
    let flattened = input.flattened();
    let mut collect = Vec::new();
    let mut parts = Vec::new();
    for (name, field) in &params {
        let field_name = &field.name;
        // An `unsigned` field is sent, and left out of `{@query}`.
        if field.signed() {
            collect.push(on_value(field, |access| {
                let value = value(field, &access);
                quote!(__query.push_value(#field_name, #name, &#value)?;)
            }));
        }
        let sent = escaped_name(name, url_escape(escape));
        parts.push(on_value(field, |access| {
            let value = value(field, &access);
            quote!(__parts.query_pair_escaped(#sent, &#value);)
        }));
    }
    for field in &flattened {
        let (field_name, ident) = (&field.name, field.ident);
        collect.push(quote!(__query.extend_pairs(#field_name, &self.#ident);));
        parts.push(quote!(__parts.query_pairs(&self.#ident);));
    }
    // `query("Name", format = "..")`: written from its format, then pushed and sent like a field.
    // Values are written as `strict` does (as a signature `prefix` naming fields is): one holding
    // the text after it is refused, so `{a}/{b}` cannot be both `x/y`,`z` and `x`,`y/z` and the
    // parameter reads back one way. The query escaping applies when the parameter is written.
    for query in &input.attrs.queries {
        let name = &query.value.name;
        let pieces = &query.value.format.pieces;
        collect.push(render_to_buf(
            input,
            pieces,
            Escape::Strict,
            Stop::NextLiteral,
            quote!(__query.push_value(#name, #name, &::signing::__private::Bytes(&__buf))?;),
        ));
        let sent = escaped_name(&name.value(), url_escape(escape));
        parts.push(render_to_buf(
            input,
            pieces,
            Escape::Strict,
            Stop::NextLiteral,
            quote!(__parts.query_pair_escaped(#sent, &::signing::__private::Bytes(&__buf));),
        ));
    }
    let query = input.names_query().then(|| {
        quote! {
            let mut __query = ::signing::__private::QueryParams::new();
            #(#collect)*
        }
    });
    // Before the query: a `query(.., format = "{@signed_headers}")` writes the header names.
    let headers =
        (input.names_headers() || input.queries_name_headers()).then(|| headers_prelude(input));
    let parts_headers = input.queries_name_headers().then(|| headers_prelude(input));
    let message = quote! {
        #headers
        #query
        #statements
    };
    (message, quote!(#parts_headers #(#parts)*))
}

/// `__headers` for `{@headers}` / `{@signed_headers}`: every header field but the `unsigned`
/// ones, in declaration order (the block sorts them; a field of several values pushes each).
pub(super) fn headers_prelude(input: &Input) -> TokenStream {
    let push = input
        .fields
        .iter()
        .filter(|f| f.signed())
        .filter_map(|field| {
            let header = &field.attrs.header.as_ref()?.value;
            Some(on_value(field, |access| {
                let value = value(field, &access);
                quote!(__headers.push_value(#header, &#value)?;)
            }))
        });
    // `signed_headers(..)`: the names and prefixes signed (every header field without it), and
    // the order of the lines.
    let (rule, order) = match &input.attrs.signed_headers {
        Some(signed) => {
            let signed = &signed.value;
            let all = signed.names.is_empty() && signed.prefixes.is_empty();
            let (names, prefixes) = (&signed.names, &signed.prefixes);
            let order = signed.order.map(|order| quote!(.ordered(#order)));
            (
                quote! {
                    ::signing::__private::SignedHeaderRule {
                        all: #all,
                        prefixes: &[#(#prefixes),*],
                        names: &[#(#names),*],
                        except: &[],
                    }
                },
                order,
            )
        }
        None => (quote!(::signing::__private::SignedHeaderRule::ALL), None),
    };
    quote! {
        let mut __headers = ::signing::__private::CanonicalHeaders::new(#rule)#order;
        #(#push)*
    }
}

/// Header fields and the body, in declaration order.
pub(super) fn headers_and_body(input: &Input) -> TokenStream {
    let mut statements = Vec::new();
    if let Some(field) = input.path_field() {
        let ident = field.ident;
        statements.push(quote!(__parts.path(::core::convert::AsRef::<str>::as_ref(&self.#ident));));
    }
    if let Some(field) = input.method_field() {
        let ident = field.ident;
        statements
            .push(quote!(__parts.method(::core::convert::AsRef::<str>::as_ref(&self.#ident));));
    }
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
