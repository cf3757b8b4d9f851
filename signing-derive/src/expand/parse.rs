//! `#[derive(FromSignedQuery)]`: the server side, reading an incoming request back into the
//! struct (`signing::FromSignedQuery`). Its rules are checked in `valid.rs`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::placement;
use crate::ast::{Field, Input};

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
        let source = match (&f.header, param, part) {
            (Some(header), _, _) => {
                let name = &header.value;
                quote!(::signing::__private::Source::Header(#name))
            }
            (None, Some((header, param)), _) => {
                quote!(::signing::__private::Source::HeaderParam { header: #header, param: #param })
            }
            (None, None, Some(part)) => {
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
            (None, None, None) => {
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
    // Each field into a local first, a `flatten` field last: it takes the parameters the
    // others leave.
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
                #(#reads)*
                ::core::result::Result::Ok(Self {
                    #(#fields,)*
                })
            }
        }
    }
}
