//! `#[derive(FromSignedQuery)]`: the server side, reading an incoming request back into the
//! struct (`signing::FromSignedQuery`).
//!
//! It reads the same `#[signed(...)]` attributes as `#[derive(SignedRequest)]`, which reports
//! their mistakes: when there are any, this derive emits only a stub impl, so each mistake is
//! reported once. Its own rules (the struct must own its data, every field must come from the
//! request) are reported here, each at the offending token.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::DeriveInput;

use crate::ast::{Field, Input};
use crate::attr::Signature;
use crate::ctxt::Ctxt;
use crate::expand::{placement, variant};
use crate::template::Piece;

/// The whole derive.
pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    let attrs = Ctxt::new();
    let input = Input::from_syn(&attrs, node);
    if let Some(input) = &input {
        input.validate(&attrs);
    }
    // `#[derive(SignedRequest)]` reports these.
    let (Ok(()), Some(input)) = (attrs.check(), input) else {
        return stub(node, TokenStream::new());
    };
    let cx = Ctxt::new();
    check(&cx, &input);
    match cx.check() {
        Ok(()) => expand(&input),
        Err(error) => stub(node, error.into_compile_error()),
    }
}

/// The signature header's name and, for each parameter of its `format` whose value is one whole
/// field (`t={timestamp}`), `(field, parameter)`: those fields are read from the header.
fn header_params<'a>(input: &'a Input) -> Option<(&'a syn::LitStr, Vec<(&'a str, &'a str)>)> {
    let Some(Signature::Header {
        name,
        format: Some(format),
        ..
    }) = input.attrs.signature.as_ref().map(|s| &s.value)
    else {
        return None;
    };
    let params = format
        .items
        .iter()
        .filter(|item| item.signature.is_none())
        .filter_map(|item| match item.value.as_slice() {
            [Piece::Field(field)] => Some((field.as_str(), item.name.as_str())),
            _ => None,
        })
        .collect();
    Some((name, params))
}

/// The parameter of the signature header that carries `field`, if any.
fn header_param<'a>(input: &'a Input, field: &Field) -> Option<(&'a syn::LitStr, &'a str)> {
    let (header, params) = header_params(input)?;
    let (_, param) = params.into_iter().find(|(f, _)| *f == field.name)?;
    Some((header, param))
}

/// The rules of this derive.
fn check(cx: &Ctxt, input: &Input) {
    let a = &input.attrs;
    for lifetime in input.original.generics.lifetimes() {
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
    if a.signature.is_none() {
        cx.error_spanned_by(
            &input.original.ident,
            "#[derive(FromSignedQuery)] needs to know where the signature is: add \
             `signature = query(\"name\")` or `signature = header(\"Name\")`",
        );
    }
    for field in &input.fields {
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
        } else if a.template.is_some()
            && field.nameable()
            && f.header.is_none()
            && f.body.is_none()
            && header_param(input, field).is_none()
        {
            cx.error_spanned_by(
                field.ident,
                format_args!(
                    "field `{}` is only in the template, and a template's values are not sent \
                     with the request (only header and body fields are, and signature header \
                     parameters that are a whole field, like `t={{timestamp}}`), so \
                     #[derive(FromSignedQuery)] cannot read it",
                    field.name
                ),
            );
        }
    }
}

/// Where a field's value comes from, and the expression that reads it.
fn read(input: &Input, field: &Field) -> TokenStream {
    let ty = field.ty;
    let inner = field.option.unwrap_or(ty);
    let f = &field.attrs;
    if f.skip.is_some() {
        return quote_spanned!(ty.span()=> ::core::default::Default::default());
    }
    let optional = field.option.is_some();
    let (source, value) = if f.body.is_some() {
        let source = quote!(::signing::__private::Source::Body);
        let read = quote_spanned!(inner.span()=>
            ::signing::__private::parse_body::<#inner>(__in.body(), #optional)?
        );
        (source, read)
    } else {
        let param = header_param(input, field).filter(|_| input.attrs.template.is_some());
        let source = match (&f.header, param) {
            (Some(header), _) => {
                let name = &header.value;
                quote!(::signing::__private::Source::Header(#name))
            }
            (None, Some((header, param))) => {
                quote!(::signing::__private::Source::HeaderParam { header: #header, param: #param })
            }
            (None, None) => {
                let name = input.query_name(field);
                quote!(::signing::__private::Source::Query(#name))
            }
        };
        let read = match &f.timestamp {
            Some(format) => {
                let format = variant("TimestampFormat", format.value.variant);
                quote!(::signing::__private::parse_timestamp(__in.text(#source)?, #source, #format)?)
            }
            None => quote_spanned!(inner.span()=>
                ::signing::__private::parse_value::<#inner>(__in.text(#source)?, #source)?
            ),
        };
        (source, read)
    };
    if optional {
        value
    } else {
        quote!(::signing::__private::required(#value, #source)?)
    }
}

fn expand(input: &Input) -> TokenStream {
    let ident = &input.original.ident;
    let generics = &input.original.generics;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let placement = placement(&input.attrs);
    let fields = input.fields.iter().map(|field| {
        let name = field.ident;
        let read = read(input, field);
        quote!(#name: #read)
    });
    // As serde bounds its impls: with type parameters, each field's type must be readable.
    let mut predicates: Vec<TokenStream> = where_clause
        .into_iter()
        .flat_map(|w| &w.predicates)
        .map(|p| quote!(#p))
        .collect();
    if generics.type_params().next().is_some() {
        for field in &input.fields {
            let ty = field.option.unwrap_or(field.ty);
            let f = &field.attrs;
            let bound = if f.skip.is_some() {
                Some(quote!(::core::default::Default))
            } else if f.body.is_some() {
                Some(quote!(::signing::__private::FromBody))
            } else if f.timestamp.is_none() {
                Some(quote!(::core::str::FromStr + ::core::fmt::Display))
            } else {
                None
            };
            if let Some(bound) = bound {
                let ty = if f.skip.is_some() { field.ty } else { ty };
                predicates.push(quote!(#ty: #bound));
            }
        }
    }
    quote! {
        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::FromSignedQuery for #ident #ty_generics
        where
            #(#predicates,)*
        {
            const SIGNATURE_PLACEMENT: ::signing::__private::Placement = #placement;

            fn read_fields(
                __in: &mut ::signing::__private::Incoming<'_>,
            ) -> ::core::result::Result<Self, ::signing::__private::Error> {
                ::core::result::Result::Ok(Self {
                    #(#fields,)*
                })
            }
        }
    }
}

/// An impl that is never run (the crate does not compile), so calls to `from_query` do not add
/// "not implemented" errors to the real ones.
fn stub(node: &DeriveInput, error: TokenStream) -> TokenStream {
    let ident = &node.ident;
    let (impl_generics, ty_generics, where_clause) = node.generics.split_for_impl();
    let span = Span::call_site();
    quote_spanned! {span=>
        #error

        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::FromSignedQuery for #ident #ty_generics #where_clause {
            const SIGNATURE_PLACEMENT: ::signing::__private::Placement =
                ::signing::__private::Placement::None;

            fn read_fields(
                _: &mut ::signing::__private::Incoming<'_>,
            ) -> ::core::result::Result<Self, ::signing::__private::Error> {
                ::core::unimplemented!()
            }
        }
    }
}
