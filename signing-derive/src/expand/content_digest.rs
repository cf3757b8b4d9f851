//! RFC 9530 digest fields (`content_digest = ".."`, `repr_digest = ".."`): the header fields a
//! request sends, `{@content_digest}` in a template, the check `FromSignedQuery` makes, and the
//! digest declaration (a request that carries the digest of its body and no signature).

use proc_macro2::TokenStream;
use quote::quote;

use super::mac::{headers_and_body, query_form};
use super::option;
use super::render::formatted_headers;
use super::value::timestamp_guard;
use crate::ast::Input;
use crate::model::DigestFieldDecl;

/// The body's bytes, as an expression of type `&[u8]` (an `Option` body's `None` is empty).
fn body(input: &Input) -> TokenStream {
    let Some(field) = input.body_field() else {
        return quote!(&[]);
    };
    let ident = field.ident;
    if field.option.is_some() {
        quote! {
            match &self.#ident {
                ::core::option::Option::Some(__body) => ::core::convert::AsRef::<[u8]>::as_ref(__body),
                ::core::option::Option::None => &[],
            }
        }
    } else {
        quote!(::core::convert::AsRef::<[u8]>::as_ref(&self.#ident))
    }
}

fn algorithms(decl: &DigestFieldDecl) -> TokenStream {
    let algorithms = &decl.algorithms;
    quote!(&[#(#algorithms),*])
}

/// `&[DigestField { .. }, ..]` for the declared fields, skipping the first `skip`.
fn fields(input: &Input, skip: usize) -> TokenStream {
    let fields = input
        .digest_fields()
        .into_iter()
        .skip(skip)
        .map(|(header, decl)| {
            let algorithms = algorithms(decl);
            quote!(::signing::__private::DigestField { header: #header, algorithms: #algorithms })
        });
    quote!(&[#(#fields),*])
}

/// `write_parts` statements of a signed request: each declared field, as a header.
pub(super) fn headers(input: &Input) -> TokenStream {
    let body = body(input);
    let headers = input.digest_fields().into_iter().map(|(header, decl)| {
        let algorithms = algorithms(decl);
        quote! {
            __parts.header(
                #header,
                &::signing::__private::Str(&::signing::__private::digest_field_value(#body, #algorithms)),
            );
        }
    });
    quote!(#(#headers)*)
}

/// `{@content_digest}` / `{@repr_digest}` in a template: the field's value, written as it is (its
/// length is fixed by its algorithms, and it is a function of the body).
pub(super) fn placeholder(input: &Input, name: &str) -> Option<TokenStream> {
    let (_, decl) = input.digest_placeholder(name)?;
    let body = body(input);
    let algorithms = algorithms(decl);
    Some(quote!(::signing::__private::write_field(__out, #body, #algorithms);))
}

/// `FromSignedQuery::read_fields`: each declared field must be in the request and be the digest
/// of its body (a digest declaration's first is checked by `verify`, which takes it).
pub(super) fn check(input: &Input) -> TokenStream {
    if input.digest_fields().is_empty() {
        return TokenStream::new();
    }
    let fields = fields(input, usize::from(input.is_digest()));
    quote!(::signing::__private::check_digest_fields(__in, #fields)?;)
}

/// A digest declaration: `DigestRequest` (the fields, the body, the parts), `SignedRequest` with
/// `NoKey`, and `DeclaredKey` so `sign()` needs nothing.
pub(super) fn expand(input: &Input) -> TokenStream {
    let a = &input.attrs;
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, where_clause) = input.original.generics.split_for_impl();
    let method = option(a.method.as_ref().map(|m| &m.value));
    let path = option(a.path.as_ref().map(|p| &p.value));
    let fields = fields(input, 0);
    let body = body(input);
    let (_, query) = query_form(input, input.escape(), false);
    let headers_and_body = headers_and_body(input);
    let formatted_headers = formatted_headers(input);
    let timestamp_guard = timestamp_guard(input.fields.iter());
    let no_key = quote!(::signing::__private::NoKey);
    let declared_key = super::declared_key_impl(
        input.original,
        &no_key,
        &quote!(::core::result::Result::Ok(::signing::__private::KeyRef::Owned(#no_key))),
        &where_clause,
    );
    let signed_request = super::signed_request_impl(
        input.original,
        &no_key,
        &no_key,
        super::SignedRequestCalls {
            message: quote!(::signing::__private::digest_message(self)),
            sign_with: quote!(::signing::__private::digest_sign(self)),
            signature_into: quote!(::signing::__private::digest_signature_into(self, __out)),
            verify: quote!(::signing::__private::digest_verify(self, __signature)),
        },
        &where_clause,
    );
    quote! {
        const _: () = {
        #timestamp_guard

        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::DigestRequest for #ident #ty_generics #where_clause {
            const SPEC: ::signing::__private::DigestSpec = ::signing::__private::DigestSpec {
                fields: #fields,
                method: #method,
                path: #path,
            };

            #[inline]
            fn content(&self) -> &[u8] {
                #body
            }

            fn write_parts(
                &self,
                __parts: &mut ::signing::__private::Parts,
            ) -> ::core::result::Result<(), ::signing::__private::Error> {
                #query
                #headers_and_body
                #formatted_headers
                ::core::result::Result::Ok(())
            }
        }

        #signed_request

        #declared_key
        };
    }
}
