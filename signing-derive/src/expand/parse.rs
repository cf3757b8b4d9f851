//! `#[derive(FromSignedQuery)]`: the server side, reading an incoming request back into the
//! struct (`signing::FromSignedQuery`). Its rules are checked in `valid.rs`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::mac::headers_prelude;
use super::placement;
use super::render::{render_to_buf, Stop};
use super::value::timestamp_guard;
use crate::ast::{Field, Input};
use crate::model::Escape;

/// Where a field's value comes from, and the expression that reads it.
fn read(input: &Input, field: &Field) -> TokenStream {
    let ty = field.ty;
    let inner = field.option.unwrap_or(ty);
    let f = &field.attrs;
    if f.skip.is_some() {
        return quote_spanned!(ty.span()=> ::core::default::Default::default());
    }
    let optional = field.option.is_some();
    if f.flatten.is_some() {
        // The parameters no other field read (fields are read first, this one last).
        let source = quote!(::signing::__private::Source::Rest);
        let read = quote_spanned!(inner.span()=>
            ::signing::__private::parse_rest::<#inner>(__in.rest(), #optional)
        );
        return if optional {
            read
        } else {
            quote!(::signing::__private::required(#read, #source)?)
        };
    }
    let (source, value) = if f.body.is_some() {
        let source = quote!(::signing::__private::Source::Body);
        let read = quote_spanned!(inner.span()=>
            ::signing::__private::parse_body::<#inner>(__in.body(), #optional)?
        );
        (source, read)
    } else {
        // A parameter of the signature header (`t={timestamp}`, `keyId="{key_id}"`), in the
        // template form and the query form alike.
        let param = input.header_param(field);
        let part = input.header_param_part(field);
        let query_part = input
            .query_format_part(field)
            .filter(|_| input.attrs.template.is_some());
        let source = match (&f.header, param, part, query_part) {
            (Some(header), ..) => {
                let name = &header.value;
                quote!(::signing::__private::Source::Header(#name))
            }
            (None, Some((header, param)), ..) => {
                quote!(::signing::__private::Source::HeaderParam { header: #header, param: #param })
            }
            (None, None, Some(part), _) => {
                let header = part.header;
                let param = part.param;
                let literals = &part.literals;
                let index = part.part;
                quote!(::signing::__private::Source::HeaderParamPart {
                    header: #header,
                    param: #param,
                    literals: &[#(#literals),*],
                    part: #index,
                })
            }
            _ if f.path.is_some() => quote!(::signing::__private::Source::Path),
            _ if f.method.is_some() => quote!(::signing::__private::Source::Method),
            (None, None, None, Some((name, literals, index))) => {
                quote!(::signing::__private::Source::QueryPart {
                    name: #name,
                    literals: &[#(#literals),*],
                    part: #index,
                })
            }
            (None, None, None, None) => {
                let name = input.query_name(field);
                quote!(::signing::__private::Source::Query(#name))
            }
        };
        let read = match &f.timestamp {
            Some(format) => {
                let format = format.value;
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

/// The `FromSignedQuery` impl: where the signature is, and each field read from its source.
pub(super) fn expand(input: &Input) -> TokenStream {
    let ident = &input.original.ident;
    let generics = &input.original.generics;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let placement = placement(input);
    let digest_check = super::content_digest::check(input);
    // Each field into a local first, a `flatten` field last: it takes the parameters the
    // others leave.
    // Each `query("Name", format = "..")` parameter is required, and read: its value is
    // rebuilt from the fields by `{@query}`, so one sent otherwise does not verify.
    let formats = input.attrs.queries.iter().map(|query| {
        let name = &query.value.name;
        quote! {
            ::signing::__private::required(
                __in.text(::signing::__private::Source::Query(#name))?,
                ::signing::__private::Source::Query(#name),
            )?;
        }
    });
    let mut order: Vec<&Field> = input.fields.iter().collect();
    order.sort_by_key(|field| field.attrs.flatten.is_some());
    let reads = order.iter().map(|field| {
        let local = quote::format_ident!("__field_{}", field.ident);
        let read = read(input, field);
        quote!(let #local = #read;)
    });
    let fields = input.fields.iter().map(|field| {
        let name = field.ident;
        let local = quote::format_ident!("__field_{}", field.ident);
        quote!(#name: #local)
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
            } else if f.flatten.is_some() {
                Some(quote!(::signing::__private::FromRest))
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
    let check_sent = (!input.attrs.queries.is_empty()).then(|| check_sent(input));
    // `check_sent` writes timestamps as the message does, through the guard trait defined here.
    let timestamp_guard = check_sent
        .as_ref()
        .map(|_| timestamp_guard(input.fields.iter()));
    quote! {
        const _: () = {
        #timestamp_guard

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
                #(#formats)*
                #(#reads)*
                let __read = Self {
                    #(#fields,)*
                };
                #digest_check
                ::core::result::Result::Ok(__read)
            }

            #check_sent
        }
        };
    }
}

/// `check_sent`: each `query("Name", format = "..")` parameter as received must be what the
/// fields read back write (`X-Amz-SignedHeaders=host;range` is not the `host` the header fields
/// give): the message is rebuilt from the fields, so a parameter sent otherwise would be
/// accepted without being what was signed.
fn check_sent(input: &Input) -> TokenStream {
    let headers = input.queries_name_headers().then(|| headers_prelude(input));
    let checks = input.attrs.queries.iter().map(|query| {
        let name = &query.value.name;
        render_to_buf(
            input,
            &query.value.format.pieces,
            Escape::None,
            Stop::NextLiteral,
            quote!(::signing::__private::sent_as(__in, #name, &__buf)?;),
        )
    });
    quote! {
        fn check_sent(
            &self,
            __in: &mut ::signing::__private::Incoming<'_>,
        ) -> ::core::result::Result<(), ::signing::__private::Error> {
            #headers
            #(#checks)*
            ::core::result::Result::Ok(())
        }
    }
}
