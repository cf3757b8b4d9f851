//! Implementation detail of the [`signing`](https://docs.rs/signing) crate:
//! `#[derive(SignedRequest)]`. Depend on `signing`, which re-exports the derive.
//!
//! The derive runs in four stages, after `thiserror` and `serde_derive`:
//! `ast` reads the input into typed structs, `attr` parses `#[signed(...)]` into the typed
//! values of `model` (one spelling table per vocabulary, `ToTokens` naming the runtime's enums),
//! `valid` checks the rules that span several attributes (`prop` holds what is derived from
//! them: defaults, query fields, ...), and `expand/` writes the code, one file per concern.
//! Errors of every stage are collected and reported together; on error the derive still emits a
//! stub impl (`fallback`) so the user sees the real error and not a cascade of follow-ups.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod ast;
mod attr;
mod case;
mod ctxt;
mod expand;
mod fallback;
mod model;
mod prop;
mod symbol;
mod template;
#[cfg(test)]
mod tests;
mod valid;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `signing::SignedRequest` from `#[signed(...)]` attributes; see the `signing` crate.
#[proc_macro_derive(SignedRequest, attributes(signed))]
pub fn derive_signed_request(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}

/// Derives `signing::FromSignedQuery`, the server side: reading an incoming query or
/// `http::Request` back into the struct for `verify`. It reads the same `#[signed(...)]`
/// attributes as `SignedRequest`; see the `signing` crate.
#[proc_macro_derive(FromSignedQuery, attributes(signed))]
pub fn derive_from_signed_query(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_from_query(&input).into()
}
