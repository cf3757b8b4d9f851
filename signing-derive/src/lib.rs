//! Placeholder.
use proc_macro::TokenStream;
/// Placeholder.
#[proc_macro_derive(SignedRequest, attributes(signed))]
pub fn derive_signed_request(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
