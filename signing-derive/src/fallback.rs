//! What the derives emit when the input has errors: the errors, plus a stub impl so the rest of
//! the user's code (calls to `sign_with`, `verify`, `from_query`, ...) does not add a cascade of
//! "`SignedRequest` is not implemented" errors on top (thiserror's `fallback.rs`, clap's
//! `dummies.rs`). The stubs are never run: the crate does not compile.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::DeriveInput;

/// `#[derive(SignedRequest)]`'s stub: `SignedRequest` and `DeclaredKey` with the keys of the
/// struct's family (and `TimedRequest` for a claim set); `private_key` for a claim set and for a
/// message signed with `algorithm = ".."`.
pub(crate) fn signed_request(
    input: &DeriveInput,
    jwt: bool,
    private_key: bool,
    error: syn::Error,
) -> TokenStream {
    let error = error.into_compile_error();
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let (signing_key, verifying_key) = if private_key {
        (
            quote!(::signing::__private::PrivateKey),
            quote!(::signing::__private::PublicKey),
        )
    } else {
        (
            quote!(::signing::__private::Secret),
            quote!(::signing::__private::Secret),
        )
    };
    // A claim set also has `sign_at` / `verify_at`.
    let timed = if jwt {
        quote! {
            #[automatically_derived]
            #[allow(unused_qualifications)]
            impl #impl_generics ::signing::__private::TimedRequest for #ident #ty_generics #where_clause {
                fn sign_at(
                    &self,
                    _: &#signing_key,
                    _: ::signing::__private::Timestamp,
                ) -> ::core::result::Result<::signing::__private::Signed, ::signing::__private::Error> {
                    ::core::unimplemented!()
                }

                fn verify_at(
                    &self,
                    _: &str,
                    _: &#verifying_key,
                    _: ::signing::__private::Timestamp,
                ) -> ::core::result::Result<(), ::signing::__private::Error> {
                    ::core::unimplemented!()
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let unimplemented = quote!(::core::unimplemented!());
    let signed_request = crate::expand::signed_request_impl(
        input,
        &signing_key,
        &verifying_key,
        crate::expand::SignedRequestCalls {
            message: unimplemented.clone(),
            sign_with: unimplemented.clone(),
            signature_into: unimplemented.clone(),
            verify: unimplemented,
        },
        &where_clause,
    );
    let declared_key = crate::expand::declared_key_impl(
        input,
        &signing_key,
        &quote!(::core::unimplemented!()),
        &where_clause,
    );
    quote! {
        #error

        #signed_request

        #timed

        #declared_key
    }
}

/// `#[derive(FromSignedQuery)]`'s stub.
pub(crate) fn from_signed_query(node: &DeriveInput, error: syn::Error) -> TokenStream {
    let error = error.into_compile_error();
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
