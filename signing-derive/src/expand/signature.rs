//! `algorithm = ".."`: a declared message signed with a `PrivateKey` and verified with a
//! `PublicKey`. The message, parts and signature header are `mac.rs`'s `MacRequest` writers; this
//! file writes `SignatureRequest` (the algorithm), `SignedRequest` through the runtime's
//! `signature_*` functions, and `DeclaredKey` (a PEM or JWK `PrivateKey`, or an HMAC secret).

use proc_macro2::TokenStream;
use quote::quote;

use super::declared_key;
use crate::ast::Input;
use crate::model::{KeyFormat, SignatureAlgorithm};

pub(super) fn expand(input: &Input, algorithm: SignatureAlgorithm) -> TokenStream {
    let a = &input.attrs;
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, where_clause) = input.original.generics.split_for_impl();
    let private_key = quote!(::signing::__private::PrivateKey);
    let public_key = quote!(::signing::__private::PublicKey);
    let text = match a.key_format.as_ref().map(|f| f.value) {
        Some(KeyFormat::Jwk) => quote!(::signing::__private::KeyText::Jwk),
        Some(KeyFormat::Pem) => quote!(::signing::__private::KeyText::Pem),
        None if algorithm == SignatureAlgorithm::HmacSha256 => {
            let encoding = input.key_encoding();
            let trim = a.trim_key.is_some();
            quote!(::signing::__private::KeyText::Secret(#encoding, #trim))
        }
        None => quote!(::signing::__private::KeyText::Pem),
    };
    let declared = declared_key(
        input,
        &private_key,
        |source| quote!(::signing::__private::load_private_key(#source, #text)?),
        &where_clause,
    );
    let http_signature = a
        .http_signature
        .as_ref()
        .map(|hs| super::httpsig::expand(input, &hs.value));
    quote! {
        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::SignatureRequest for #ident #ty_generics #where_clause {
            const ALGORITHM: ::signing::__private::SignatureAlgorithm = #algorithm;
        }

        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::SignedRequest for #ident #ty_generics #where_clause {
            type SigningKey = #private_key;
            type VerifyingKey = #public_key;

            #[inline]
            fn message(
                &self,
            ) -> ::core::result::Result<::std::vec::Vec<u8>, ::signing::__private::Error> {
                ::signing::__private::mac_message(self)
            }

            #[inline]
            fn sign_with(
                &self,
                __key: &#private_key,
            ) -> ::core::result::Result<::signing::__private::Signed, ::signing::__private::Error> {
                ::signing::__private::signature_sign(self, __key)
            }

            #[inline]
            fn signature_into(
                &self,
                __key: &#private_key,
                __out: &mut ::std::string::String,
            ) -> ::core::result::Result<(), ::signing::__private::Error> {
                ::signing::__private::signature_signature_into(self, __key, __out)
            }

            #[inline]
            fn verify(
                &self,
                __signature: &str,
                __key: &#public_key,
            ) -> ::core::result::Result<(), ::signing::__private::Error> {
                ::signing::__private::signature_verify(self, __signature, __key)
            }
        }

        #declared
        #http_signature
    }
}
