//! `http_signature(..)`: an RFC 9421 signature. The message is the signature base, which the
//! runtime computes from what the generated `write_parts` sends (header fields, query fields,
//! the path) and the parameters written here; `Signature-Input` is added to the parts, and the
//! signature goes in `Signature` as `label=:<base64>:`.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::value::{on_value, value};
use crate::ast::Input;
use crate::model::{HttpParamValue, HttpSignature};

/// `write_message`: the signature base, then the result.
pub(super) fn message() -> TokenStream {
    quote! {
        let __base = ::signing::__private::http_signature_base(self)?;
        ::signing::__private::Sink::write(__out, __base.as_bytes());
        ::core::result::Result::Ok(())
    }
}

/// In `write_parts`: the `Signature-Input` header.
pub(super) fn signature_input() -> TokenStream {
    quote!(::signing::__private::http_signature_input(self, __parts)?;)
}

/// `write_signature_params`: the `Signature` header holds this signature's label alone.
pub(super) fn signature_slot(hs: &HttpSignature) -> TokenStream {
    let label = &hs.label;
    quote! {
        fn write_signature_params(
            &self,
            __params: &mut ::signing::__private::SignatureParams,
        ) -> ::core::result::Result<(), ::signing::__private::Error> {
            __params.signature_slot(#label);
            ::core::result::Result::Ok(())
        }
    }
}

/// The `Placement` of the signature: `Signature: <label>=:<base64>:`.
pub(super) fn placement(hs: &HttpSignature) -> TokenStream {
    let label = &hs.label;
    let format = format!("{}=:{{signature}}:", label.value());
    quote! {
        ::signing::__private::Placement::HeaderParams {
            name: "Signature",
            format: #format,
            signature: ::signing::__private::SignatureParam {
                name: #label,
                before: ":",
                after: ":",
            },
        }
    }
}

/// The `HttpSignatureRequest` impl: the components, `alg`, the scheme, the parameters from
/// fields and literals, and a response's status.
pub(super) fn expand(input: &Input, hs: &HttpSignature) -> TokenStream {
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, where_clause) = input.original.generics.split_for_impl();
    let label = &hs.label;
    let components = hs
        .components
        .iter()
        .flat_map(|(_, c)| c.iter().map(|(_, c)| c));
    let alg = hs.alg.is_some();
    let scheme = super::option(hs.scheme.as_ref());
    let params = hs.params.iter().map(|param| {
        let name = param.name;
        let timed = matches!(name, "created" | "expires");
        match &param.value {
            HttpParamValue::Literal(text) if timed => {
                let seconds = Literal::i64_suffixed(text.parse().unwrap_or_default());
                quote! {
                    __p = ::signing::__private::http_time_param(
                        __p,
                        #name,
                        &::signing::__private::Timestamp::from_unix_seconds(#seconds),
                    );
                }
            }
            HttpParamValue::Literal(text) => quote! {
                __p = ::signing::__private::http_text_param(
                    __p,
                    #name,
                    &::signing::__private::Str(#text),
                );
            },
            HttpParamValue::Field(field) => {
                let Some(field) = input.fields.iter().find(|f| f.name == *field) else {
                    return TokenStream::new();
                };
                on_value(field, |access| {
                    if timed {
                        // A field that is not a `Timestamp` is reported at its type.
                        let ty = field.option.unwrap_or(field.ty);
                        let ident = field.ident;
                        let at = if field.option.is_some() {
                            quote_spanned!(ty.span()=> __v)
                        } else {
                            quote_spanned!(ty.span()=> &self.#ident)
                        };
                        quote! {
                            __p = ::signing::__private::http_time_param(__p, #name, #at);
                        }
                    } else {
                        let value = value(field, &access);
                        quote! {
                            __p = ::signing::__private::http_text_param(__p, #name, &#value);
                        }
                    }
                })
            }
        }
    });
    let status = input.status_field().map(|field| {
        let ident = field.ident;
        let at = quote_spanned!(field.ty.span()=> self.#ident);
        quote! {
            fn http_status(&self) -> ::core::option::Option<u16> {
                ::core::option::Option::Some(#at)
            }
        }
    });
    quote! {
        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::HttpSignatureRequest for #ident #ty_generics #where_clause {
            const HTTP_SIGNATURE: ::signing::__private::HttpSignatureSpec =
                ::signing::__private::HttpSignatureSpec {
                    label: #label,
                    components: &[#(#components),*],
                    alg: #alg,
                    scheme: #scheme,
                };

            fn http_signature_params(
                &self,
                __p: ::signing::__private::HttpSignatureParams,
            ) -> ::core::result::Result<
                ::signing::__private::HttpSignatureParams,
                ::signing::__private::Error,
            > {
                let mut __p = __p;
                #(#params)*
                ::core::result::Result::Ok(__p)
            }

            #status
        }
    }
}
