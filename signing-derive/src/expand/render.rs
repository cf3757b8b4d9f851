//! Rendering template pieces into a sink: the message of a template, the headers written from a
//! `format`, and the parameters of a signature header's `format`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use syn::LitStr;

use super::option;
use super::value::{on_value, value};
use crate::ast::Input;
use crate::model::{Escape, Signature};
use crate::template::{
    Group, GroupKind, Piece, HEADERS_PLACEHOLDER, QUERY_PLACEHOLDER, SIGNED_HEADERS_PLACEHOLDER,
};

/// What `strict` escaping refuses in a value.
#[derive(Clone, Copy)]
pub(super) enum Stop {
    /// The first character of the literal text after the value (templates).
    NextLiteral,
    /// This character, wherever the value is (`,` in a signature header's parameters).
    Always(char),
}

/// Statements that write `pieces` (resolved: no `{@..}`) into `__out`; an error of a value
/// returns it (`?`) once they are all written.
pub(super) fn render(input: &Input, pieces: &[Piece], escape: Escape, stop: Stop) -> TokenStream {
    match render_fields(input, pieces, escape, stop) {
        (statements, true) => quote! {
            let mut __r = ::core::option::Option::None;
            #statements
            ::signing::__private::refused(__r)?;
        },
        (statements, false) => statements,
    }
}

/// `render`'s statements followed by the result (`write_message`'s body ends with it, with no
/// `?`: one less branch for rustc to check per declaration).
pub(super) fn render_result(
    input: &Input,
    pieces: &[Piece],
    escape: Escape,
    stop: Stop,
) -> TokenStream {
    match render_fields(input, pieces, escape, stop) {
        (statements, true) => quote! {
            let mut __r = ::core::option::Option::None;
            #statements
            ::signing::__private::refused(__r)
        },
        (statements, false) => quote!(#statements ::core::result::Result::Ok(())),
    }
}

/// A field written where it is (not inside an `if let` or a loop), so the literal before it can
/// be written by the same `message_field` call.
fn written_in_place(input: &Input, piece: Option<&Piece>) -> bool {
    let Some(Piece::Field(name)) = piece else {
        return false;
    };
    input
        .fields
        .iter()
        .find(|f| f.name == *name)
        .is_some_and(|f| f.option.is_none() && f.header_values().is_none())
}

/// Before a statement that returns its own error: the refusal kept so far, if any, is returned
/// first (values are checked in the order they are written).
fn checkpoint(fields: bool) -> TokenStream {
    if fields {
        quote!(::signing::__private::refused(__r)?;)
    } else {
        TokenStream::new()
    }
}

/// The character a value written before `next` may not hold (`strict`): the declared stop, or
/// the first character of the literal after it; `{@path}` (left only for a `path` field) always
/// begins with `/`. One rule for a field and for a `{lowercase:..}` group.
fn stop_after(stop: Stop, next: Option<&Piece>) -> Option<char> {
    match (stop, next) {
        (Stop::Always(c), _) => Some(c),
        (Stop::NextLiteral, Some(Piece::Literal(text))) => text.chars().next(),
        (Stop::NextLiteral, Some(Piece::Declared(next))) if next == "path" => Some('/'),
        (Stop::NextLiteral, _) => None,
    }
}

/// The statements of `render`, and whether they use `__r` (declared by the caller): under
/// `strict` each field value is written by `message_field`, which keeps the first refusal in
/// `__r` instead of returning it, with the literal text before it when it can; under other
/// escapes, which refuse nothing, by `write_unrefused`.
fn render_fields(
    input: &Input,
    pieces: &[Piece],
    escape: Escape,
    stop: Stop,
) -> (TokenStream, bool) {
    let mut statements = Vec::new();
    // Only `strict` refuses a value: under other escapes a field is written with nothing to check.
    let strict = escape == Escape::Strict;
    let mut fields = false;
    let mut head = Literal::byte_string(b"");
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Literal(text) => {
                let bytes = Literal::byte_string(text.as_bytes());
                if strict && written_in_place(input, pieces.get(i + 1)) {
                    head = bytes;
                } else {
                    statements.push(quote!(::signing::__private::Sink::write(__out, #bytes);));
                }
            }
            Piece::Field(name) => {
                let Some(field) = input.fields.iter().find(|f| f.name == *name) else {
                    continue;
                };
                fields |= strict;
                let head = core::mem::replace(&mut head, Literal::byte_string(b""));
                let ident = field.ident;
                let stop = option(stop_after(stop, pieces.get(i + 1)));
                let field_name = &field.name;
                let write = on_value(field, |access| {
                    let value = value(field, &access);
                    if strict {
                        quote!(::signing::__private::message_field(__out, &mut __r, #head, #escape, #stop, #field_name, &#value);)
                    } else {
                        quote!(::signing::__private::write_unrefused(__out, #escape, &#value);)
                    }
                });
                // `none = ".."`: the text a `None` is written as (validated to be one no value
                // is written as, or the declared empty value).
                statements.push(match (&field.attrs.none, field.option) {
                    (Some(none), Some(_)) => {
                        let bytes = Literal::byte_string(none.value.value().as_bytes());
                        quote! {
                            #write
                            if self.#ident.is_none() {
                                ::signing::__private::Sink::write(__out, #bytes);
                            }
                        }
                    }
                    _ => write,
                });
            }
            // `{lowercase:{method}}`: the one placeholder, lowered; the separator after the group
            // is the value's, and checked once lowered.
            Piece::Digest(Group {
                kind: GroupKind::Lowercase,
                pieces: inner,
                ..
            }) => {
                let after = stop_after(stop, pieces.get(i + 1));
                let inner_stop = after.map_or(Stop::NextLiteral, Stop::Always);
                // The fields inside share `__r`; a refusal before the group is returned before
                // the group's own check, so the first refusal is the one reported.
                let (write, inner_fields) = render_fields(input, inner, escape, inner_stop);
                fields |= inner_fields;
                let before_finish = checkpoint(fields);
                // Only a field is left inside: `{lowercase:{@method}}` was lowered at compile time.
                let field_name = match inner.as_slice() {
                    [Piece::Field(name)] => name.as_str(),
                    _ => "",
                };
                let after = option(after);
                statements.push(quote! {
                    {
                        let mut __lower =
                            ::signing::__private::LowercaseSink::new(&mut *__out, #escape, #after);
                        {
                            let __out = &mut __lower;
                            #write
                        }
                        #before_finish
                        __lower.finish(#field_name)?;
                    }
                });
            }
            Piece::Digest(group) => {
                let GroupKind::Digest {
                    algorithm,
                    encoding,
                } = group.kind
                else {
                    continue;
                };
                let (inner, inner_fields) = render_fields(input, &group.pieces, escape, stop);
                fields |= inner_fields;
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
            // `{@query}`: the parameters collected into `__query`, in canonical form; under
            // `strict` a name or value holding the character after it is refused too.
            Piece::Declared(name) if name == QUERY_PLACEHOLDER => {
                let next = match pieces.get(i + 1) {
                    Some(Piece::Literal(text)) => option(text.chars().next()),
                    _ => option(None::<char>),
                };
                let sorted = if input.attrs.sort.is_some() {
                    quote!(::signing::__private::QueryOrder::Sorted)
                } else {
                    quote!(::signing::__private::QueryOrder::AsGiven)
                };
                // `canonical_query(..)` settings, where given; the container's otherwise.
                let (before, pair, kv) = input.query_layout();
                let (names, values) = input.query_escapes();
                let settings = input.attrs.canonical_query.as_ref().map(|q| &q.value);
                let lowercase = settings.is_some_and(|q| q.lowercase_names);
                let join = option(settings.and_then(|q| q.join_repeated.as_ref()));
                let check = checkpoint(fields);
                statements.push(quote! {
                    #check
                    __query.write_canonical_before(
                        __out,
                        &::signing::__private::CanonicalQuery {
                            names: #names,
                            values: #values,
                            order: #sorted,
                            layout: ::signing::__private::QueryLayout {
                                before_each: #before,
                                between: #pair,
                                name_value: #kv,
                            },
                            lowercase_names: #lowercase,
                            join_repeated: #join,
                        },
                        #next,
                    )?;
                });
            }
            // `{@headers}` / `{@signed_headers}`: the header fields collected into `__headers`.
            Piece::Declared(name) if name == HEADERS_PLACEHOLDER => {
                statements.push(quote!(__headers.write_block(__out);));
            }
            Piece::Declared(name) if name == SIGNED_HEADERS_PLACEHOLDER => {
                statements.push(quote!(__headers.write_names(__out, b";");));
            }
            // `{@path}` of a `#[signed(path)]` field, in its canonical form.
            Piece::Declared(name) if name == "path" => {
                if let Some(field) = input.path_field() {
                    let ident = field.ident;
                    let encoding = input
                        .attrs
                        .path_encoding
                        .as_ref()
                        .map_or(crate::model::PathEncoding::Once, |e| e.value);
                    let normalize = input.attrs.normalize_path.is_some();
                    statements.push(quote! {
                        ::signing::__private::CanonicalPath::new(#encoding, #normalize)
                            .write(__out, ::core::convert::AsRef::<str>::as_ref(&self.#ident));
                    });
                }
            }
            // `{@content_digest}` / `{@repr_digest}`: the body's digest field.
            Piece::Declared(name) if input.digest_placeholder(name).is_some() => {
                statements.extend(super::content_digest::placeholder(input, name));
            }
            // Resolved by `resolve_declared` before rendering.
            Piece::Declared(_) => {}
        }
    }
    (quote!(#(#statements)*), fields)
}

/// `pieces` rendered into a new `Vec<u8>` called `__buf`, then `then`.
pub(super) fn render_to_buf(
    input: &Input,
    pieces: &[Piece],
    escape: Escape,
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
pub(super) fn formatted_headers(input: &Input) -> TokenStream {
    let escape = Escape::None;
    let headers = input.attrs.headers.iter().map(|header| {
        let name = &header.value.name;
        render_to_buf(
            input,
            &header.value.format.pieces,
            escape,
            Stop::NextLiteral,
            quote!(__parts.header(#name, &::signing::__private::Bytes(&__buf));),
        )
    });
    quote!(#(#headers)*)
}

/// `write_signature_params` for a signature header with a `format`; nothing otherwise. Values
/// may not contain `,`, which separates the parameters.
pub(super) fn signature_params(input: &Input) -> TokenStream {
    let Some(Signature::Header {
        format: Some(format),
        scheme,
        ..
    }) = input.attrs.signature.as_ref().map(|s| &s.value)
    else {
        return TokenStream::new();
    };
    let escape = Escape::Strict;
    // A scheme token (`AWS4-HMAC-SHA256 Credential=.., Signature=..`) or another separator.
    let separator = &format.separator;
    let shape = if scheme.is_some() || separator != "," {
        let scheme = scheme.as_ref().map_or_else(String::new, LitStr::value);
        quote!(__params.scheme(#scheme, #separator);)
    } else {
        TokenStream::new()
    };
    // `{@signed_headers}` in the format: the same header block as the template's.
    let names_headers = format
        .template
        .pieces
        .iter()
        .any(|p| matches!(p, Piece::Declared(name) if name == SIGNED_HEADERS_PLACEHOLDER));
    let headers = if names_headers {
        super::mac::headers_prelude(input)
    } else {
        TokenStream::new()
    };
    let items = format.items.iter().map(|item| {
        let name = &item.name;
        if item.signature.is_some() {
            quote!(__params.signature_slot(#name);)
        } else {
            render_to_buf(
                input,
                &item.value,
                escape,
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
            #shape
            #headers
            #(#items)*
            ::core::result::Result::Ok(())
        }
    }
}

/// `write_signature_prefix` for a signature header whose `prefix` names fields
/// (`"SharedKey {account}:"`), and the statement of `write_parts` that sends it; nothing
/// otherwise. Values are written as `strict` does: one holding the text after it is refused.
pub(super) fn signature_prefix(input: &Input) -> (TokenStream, TokenStream) {
    let Some(Signature::Header {
        prefix_template: Some(prefix),
        ..
    }) = input.attrs.signature.as_ref().map(|s| &s.value)
    else {
        return (TokenStream::new(), TokenStream::new());
    };
    let pieces = input.resolve_declared(&prefix.pieces);
    let statements = render(input, &pieces, Escape::Strict, Stop::NextLiteral);
    let method = quote! {
        fn write_signature_prefix(
            &self,
            __out: &mut ::std::vec::Vec<u8>,
        ) -> ::core::result::Result<(), ::signing::__private::Error> {
            #statements
            ::core::result::Result::Ok(())
        }
    };
    let parts = quote! {
        {
            let mut __buf: ::std::vec::Vec<u8> = ::std::vec::Vec::new();
            <Self as ::signing::__private::MacRequest>::write_signature_prefix(self, &mut __buf)?;
            __parts.signature_prefix(&__buf);
        }
    };
    (method, parts)
}
