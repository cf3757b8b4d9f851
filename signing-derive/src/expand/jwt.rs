//! The JWT side: `JwtRequest` (the declaration as a `JwtSpec` constant), `SignedRequest` through
//! the runtime's `jwt_*` functions, and `DeclaredKey`.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned};

use super::{declared_key, key_decl, option, placement};
use crate::ast::Input;
use crate::model::JwtAlgorithm;

/// The `JwtRequest` impl (the declaration as a `JwtSpec` constant, mirroring `MacRequest`), the
/// `SignedRequest` impl calling the runtime's `jwt_*` functions, `DeclaredKey`, and the check that
/// the claims are `Serialize`.
pub(super) fn expand(input: &Input) -> TokenStream {
    let a = &input.attrs;
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, where_clause) = input.original.generics.split_for_impl();
    // The spec needs no bound: a claim set that is not `Serialize` is reported once, below.
    let plain_where = where_clause;
    // The claims must be `Serialize`; a struct that is not gets the error on its name: from this
    // bound itself when the struct has no generic parameters, else from `serialize_check`.
    let predicates: Vec<_> = where_clause
        .into_iter()
        .flat_map(|w| &w.predicates)
        .collect();
    let serialize = quote_spanned!(ident.span()=> ::signing::__private::Serialize);
    let where_clause = quote!(where #(#predicates,)* #ident #ty_generics: #serialize);
    let serialize_check = if input.original.generics.params.is_empty() {
        TokenStream::new()
    } else {
        // As serde's derive bounds its impl: every type parameter `Serialize`.
        let type_params = input.original.generics.type_params().map(|t| &t.ident);
        let assert =
            quote_spanned!(ident.span()=> __signing_assert_serialize::<#ident #ty_generics>);
        quote! {
            const _: () = {
                fn __signing_assert_serialize<
                    __T: ?::core::marker::Sized + ::signing::__private::Serialize,
                >() {
                }
                #[allow(dead_code)]
                fn __signing_check #impl_generics ()
                where
                    #(#predicates,)*
                    #(#type_params: ::signing::__private::Serialize,)*
                {
                    #assert();
                }
            };
        }
    };

    let algorithm = input
        .attrs
        .jwt
        .as_ref()
        .map_or(JwtAlgorithm::Rs256, |j| j.value);
    let lifetime = option(
        a.lifetime
            .as_ref()
            .map(|l| Literal::i64_suffixed(l.value.value)),
    );
    let max_lifetime = option(
        a.max_lifetime
            .as_ref()
            .map(|l| Literal::i64_suffixed(l.value.value)),
    );
    let kid = option(a.kid.as_ref().map(|k| &k.value));
    let iat = a.iat.is_some();
    let jti = a.jti.is_some();
    let signature = placement(input);
    let method = option(a.method.as_ref().map(|m| &m.value));
    let path = option(a.path.as_ref().map(|p| &p.value));
    let key = key_decl(input);

    let private_key = quote!(::signing::__private::PrivateKey);
    let declared = declared_key(
        input,
        &private_key,
        |source| match a.key_format.as_ref().map(|f| f.value) {
            // `key_format = "jwk"`: the claim set's key is a JWK.
            Some(crate::model::KeyFormat::Jwk) => {
                quote!(::signing::__private::PrivateKey::load_jwk(#source)?)
            }
            _ => quote!(::signing::__private::PrivateKey::load(#source)?),
        },
        &where_clause,
    );

    let spec = quote!(&<Self as ::signing::__private::JwtRequest>::SPEC);
    let now = quote!(::signing::__private::Timestamp::now());
    let signed_request = super::signed_request_impl(
        input.original,
        &private_key,
        &quote!(::signing::__private::PublicKey),
        super::SignedRequestCalls {
            message: quote!(::signing::__private::jwt_message(self, #spec, #now)),
            sign_with: quote!(::signing::__private::jwt_sign(self, #spec, __key, #now)),
            signature_into: quote! {
                ::signing::__private::jwt_signature_into(self, #spec, __key, #now, __out)
            },
            verify: quote!(::signing::__private::jwt_verify(self, #spec, __signature, __key)),
        },
        &where_clause,
    );
    quote! {
        const _: () = {
        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::JwtRequest for #ident #ty_generics #plain_where {
            const SPEC: ::signing::__private::JwtSpec = ::signing::__private::JwtSpec {
                algorithm: #algorithm,
                lifetime: #lifetime,
                max_lifetime: #max_lifetime,
                kid: #kid,
                iat: #iat,
                jti: #jti,
                signature: #signature,
                method: #method,
                path: #path,
                key: #key,
            };
        }

        #signed_request

        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::TimedRequest for #ident #ty_generics #where_clause {
            #[inline]
            fn sign_at(
                &self,
                __key: &::signing::__private::PrivateKey,
                __at: ::signing::__private::Timestamp,
            ) -> ::core::result::Result<::signing::__private::Signed, ::signing::__private::Error> {
                ::signing::__private::jwt_sign(
                    self,
                    &<Self as ::signing::__private::JwtRequest>::SPEC,
                    __key,
                    __at,
                )
            }

            #[inline]
            fn verify_at(
                &self,
                __token: &str,
                __key: &::signing::__private::PublicKey,
                __now: ::signing::__private::Timestamp,
            ) -> ::core::result::Result<(), ::signing::__private::Error> {
                ::signing::__private::jwt_verify_at(
                    self,
                    &<Self as ::signing::__private::JwtRequest>::SPEC,
                    __token,
                    __key,
                    __now,
                )
            }
        }

        #declared
        #serialize_check
        };
    }
}
