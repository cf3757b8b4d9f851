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
    let signed_request = super::signed_request_impl(
        input.original,
        &private_key,
        &public_key,
        super::SignedRequestCalls {
            message: quote!(::signing::__private::mac_message(self)),
            sign_with: quote!(::signing::__private::signature_sign(self, __key)),
            signature_into: quote! {
                ::signing::__private::signature_signature_into(self, __key, __out)
            },
            verify: quote!(::signing::__private::signature_verify(
                self,
                __signature,
                __key
            )),
        },
        &where_clause,
    );
    quote! {
        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::SignatureRequest for #ident #ty_generics #where_clause {
            const ALGORITHM: ::signing::__private::SignatureAlgorithm = #algorithm;
        }

        #signed_request

        #declared
        #http_signature
    }
}
