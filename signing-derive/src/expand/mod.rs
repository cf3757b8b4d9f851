//! Code generation, one file per concern: `value` (how a field's value is written), `render`
//! (templates and formatted headers), `mac` (the MAC request impls), `signature` (a MAC request's
//! message signed with a `PrivateKey`: `algorithm = ".."`), `httpsig` (RFC 9421:
//! `http_signature(..)`), `jwt` (the JWT claim set impls), `content_digest` (RFC 9530 fields and
//! the digest declaration), `parse` (`FromSignedQuery`). Every path is absolute
//! (`::signing::__private::..`, `::core::..`), every generated local starts with `__`, and every
//! impl is `#[automatically_derived]`; `SignedRequest` and `DeclaredKey` impls are spelled once,
//! here.

mod content_digest;
mod httpsig;
mod jwt;
mod mac;
mod parse;
mod render;
mod signature;
mod value;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::DeriveInput;

use crate::ast::Input;
use crate::ctxt::Ctxt;
use crate::fallback;
use crate::model::Family;

/// `#[derive(SignedRequest)]`: parse, validate, expand; on error, `compile_error!` plus a stub
/// impl.
pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let input = Input::from_syn(&cx, node);
    if let Some(input) = &input {
        input.validate(&cx);
    }
    // The stub takes the keys of the family the struct names (`jwt` wins when both are given).
    let jwt = input.as_ref().is_some_and(|i| i.attrs.jwt.is_some());
    // `algorithm = ".."`: `PrivateKey` / `PublicKey`, without a claim set's `TimedRequest`.
    let private_key = jwt || input.as_ref().is_some_and(Input::is_signature);
    match (cx.check(), input) {
        (Ok(()), Some(input)) => match input.family {
            Some(Family::Jwt) => jwt::expand(&input),
            Some(Family::Digest) => content_digest::expand(&input),
            _ => mac::expand(&input),
        },
        (Err(error), _) => fallback::signed_request(node, jwt, private_key, error),
        // `from_syn` only gives `None` after reporting an error.
        (Ok(()), None) => fallback::signed_request(node, jwt, private_key, unsupported()),
    }
}

/// `#[derive(FromSignedQuery)]`: the same stages, with this derive's own rules added to the
/// validation. Every error is reported (rustc shows an error once when both derives report it).
pub(crate) fn derive_from_query(node: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let input = Input::from_syn(&cx, node);
    if let Some(input) = &input {
        input.validate(&cx);
        input.validate_from_query(&cx);
    }
    match (cx.check(), input) {
        (Ok(()), Some(input)) => parse::expand(&input),
        (Err(error), _) => fallback::from_signed_query(node, error),
        (Ok(()), None) => fallback::from_signed_query(node, unsupported()),
    }
}

fn unsupported() -> syn::Error {
    syn::Error::new(Span::call_site(), "unsupported input")
}

fn option<T: ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

/// The runtime `Placement` of the declared signature (`Placement::None` without one).
fn placement(input: &Input) -> TokenStream {
    // A digest declaration's "signature" is its first digest field.
    if let (true, Some((header, _))) = (input.is_digest(), input.digest_fields().first()) {
        return quote!(::signing::__private::Placement::Header { name: #header, prefix: "" });
    }
    if let Some(hs) = &input.attrs.http_signature {
        return httpsig::placement(&hs.value);
    }
    match &input.attrs.signature {
        Some(signature) => signature.value.to_token_stream(),
        None => quote!(::signing::__private::Placement::None),
    }
}

/// Where the declaration says the key is (`KeyDecl`, for `explain()`).
fn key_decl(input: &Input) -> TokenStream {
    if let Some(field) = input.key_field() {
        let name = &field.name;
        return quote!(::signing::__private::KeyDecl::Field(#name));
    }
    match input.attrs.key.as_ref().map(|k| &k.value) {
        None => quote!(::signing::__private::KeyDecl::None),
        Some(crate::model::KeySource::Env(var)) => {
            quote!(::signing::__private::KeyDecl::Env(#var))
        }
        Some(crate::model::KeySource::File(path)) => {
            quote!(::signing::__private::KeyDecl::File(#path))
        }
    }
}

/// The `DeclaredKey` impl, when the declaration names a key; `load` turns a `KeySource` into the
/// owned key.
fn declared_key(
    input: &Input,
    key_type: &TokenStream,
    load: impl FnOnce(TokenStream) -> TokenStream,
    where_clause: &dyn ToTokens,
) -> TokenStream {
    let body = if let Some(field) = input.key_field() {
        let ident = field.ident;
        // A field of the wrong type is reported at the field's type.
        let borrow = quote_spanned!(field.ty.span()=> &self.#ident);
        quote!(::signing::__private::KeyRef::Borrowed(#borrow))
    } else if let Some(source) = &input.attrs.key {
        let loaded = load(source.value.to_token_stream());
        quote!(::signing::__private::KeyRef::Owned(#loaded))
    } else {
        return TokenStream::new();
    };
    declared_key_impl(
        input.original,
        key_type,
        &quote!(::core::result::Result::Ok(#body)),
        where_clause,
    )
}

/// `impl DeclaredKey` whose `declared_key` is `body` (a `Result<KeyRef<'_, key_type>, Error>`):
/// the one spelling of the trait's signature, for a declaration with a key, a digest
/// declaration (`NoKey`) and the fallback stub.
pub(crate) fn declared_key_impl(
    original: &DeriveInput,
    key_type: &TokenStream,
    body: &TokenStream,
    where_clause: &dyn ToTokens,
) -> TokenStream {
    let ident = &original.ident;
    let (impl_generics, ty_generics, _) = original.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::DeclaredKey for #ident #ty_generics #where_clause {
            fn declared_key(
                &self,
            ) -> ::core::result::Result<
                ::signing::__private::KeyRef<'_, #key_type>,
                ::signing::__private::Error,
            > {
                #body
            }
        }
    }
}

/// The bodies of a declaration's `SignedRequest` methods, each a call into the runtime (the
/// fallback stub's `unimplemented!()`); they see `self`, `__key` (the signing key, or the
/// verifying key in `verify`), `__out` and `__signature`.
pub(crate) struct SignedRequestCalls {
    pub(crate) message: TokenStream,
    pub(crate) sign_with: TokenStream,
    pub(crate) signature_into: TokenStream,
    pub(crate) verify: TokenStream,
}

/// `impl SignedRequest` with `calls` for its methods: the one spelling of the trait's
/// signatures, for a MAC declaration with a `key_chain(..)`, an `algorithm`, a digest declaration,
/// a JWT claim set (whose `where_clause` adds `Serialize`) and the fallback stub.
///
/// `#[inline]` on the concrete methods: like serde's generic impls, their code is made in the
/// crate that calls them, not for every declaration (about 3.3x -> 2x serde's build time).
pub(crate) fn signed_request_impl(
    original: &DeriveInput,
    signing_key: &TokenStream,
    verifying_key: &TokenStream,
    calls: SignedRequestCalls,
    where_clause: &dyn ToTokens,
) -> TokenStream {
    let SignedRequestCalls {
        message,
        sign_with,
        signature_into,
        verify,
    } = calls;
    let ident = &original.ident;
    let (impl_generics, ty_generics, _) = original.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::signing::__private::SignedRequest for #ident #ty_generics #where_clause {
            type SigningKey = #signing_key;
            type VerifyingKey = #verifying_key;

            #[inline]
            fn message(
                &self,
            ) -> ::core::result::Result<::std::vec::Vec<u8>, ::signing::__private::Error> {
                #message
            }

            #[inline]
            fn sign_with(
                &self,
                __key: &#signing_key,
            ) -> ::core::result::Result<::signing::__private::Signed, ::signing::__private::Error> {
                #sign_with
            }

            #[inline]
            fn signature_into(
                &self,
                __key: &#signing_key,
                __out: &mut ::std::string::String,
            ) -> ::core::result::Result<(), ::signing::__private::Error> {
                #signature_into
            }

            #[inline]
            fn verify(
                &self,
                __signature: &str,
                __key: &#verifying_key,
            ) -> ::core::result::Result<(), ::signing::__private::Error> {
                #verify
            }
        }
    }
}
