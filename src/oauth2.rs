//! [`ClientAssertion`] in the [`oauth2`] crate's token requests (feature `oauth2`):
//! RFC 7523 `private_key_jwt` client authentication for its client-credentials, code, refresh
//! and password requests, sent with this crate's reqwest.
//!
//! - [`WithClientAssertion::client_assertion`] mints a new assertion and adds its two form
//!   parameters to the request (call it for each request: each assertion has its own `jti`);
//! - [`http_client`] is an `oauth2::AsyncHttpClient` over a [`reqwest::Client`]: oauth2's own
//!   `reqwest` feature links another reqwest version, so turn it off
//!   (`oauth2 = { version = "5", default-features = false }`).
//!
//! Build the `oauth2` client without a client secret: the assertion authenticates it.
//!
//! ```no_run
//! use oauth2::basic::BasicClient;
//! use oauth2::{ClientId, TokenResponse as _, TokenUrl};
//! use signing::oauth2::{http_client, WithClientAssertion as _};
//! use signing::{ClientAssertion, PrivateKey, Timestamp};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let token_url = "https://idp.example.com/oauth2/token";
//! let client = BasicClient::new(ClientId::new("my-client-id".into()))
//!     .set_token_uri(TokenUrl::new(token_url.into())?);
//! let key = PrivateKey::from_pem_file("client.pem")?;
//! let assertion = ClientAssertion::new("my-client-id", token_url);
//! let http = http_client(&reqwest::Client::new());
//! let token = client
//!     .exchange_client_credentials()
//!     .client_assertion(&assertion, &key, Timestamp::now())?
//!     .request_async(&http)
//!     .await?;
//! println!("expires in {:?}", token.expires_in());
//! # Ok(()) }
//! ```
//!
//! `oauth2` 5 has no request for RFC 8693 token exchange (`grant_type =
//! urn:ietf:params:oauth:grant-type:token-exchange`): send that form yourself with
//! [`ClientAssertion::form_pairs`] and read the answer with
//! [`OAuth2Response`](crate::token::OAuth2Response) (as `tests/outgoing.rs` does).

use core::future::Future;
use core::pin::Pin;

use ::oauth2::{
    ClientCredentialsTokenRequest, CodeTokenRequest, ErrorResponse, HttpRequest, HttpResponse,
    PasswordTokenRequest, RefreshTokenRequest, TokenResponse,
};

use crate::client::SendError;
use crate::{ClientAssertion, Error, PrivateKey, Timestamp};

/// The future [`http_client`]'s function returns.
pub type HttpFuture = Pin<Box<dyn Future<Output = Result<HttpResponse, SendError>> + Send>>;

/// An `oauth2::AsyncHttpClient` that sends with `client` (through
/// [`client::send`](crate::client::send)): pass a reference to it to `request_async`. An answer
/// longer than [`MAX_RESPONSE_BYTES`](crate::client::MAX_RESPONSE_BYTES) (1 MiB) is refused
/// with [`SendError::BodyTooLong`] (oauth2's `RequestTokenError::Request`), never buffered
/// whole.
pub fn http_client(client: &reqwest::Client) -> impl Fn(HttpRequest) -> HttpFuture + Send + Sync {
    let client = client.clone();
    move |request| {
        let client = client.clone();
        Box::pin(async move { crate::client::send(&client, request).await })
    }
}

/// The `oauth2` token requests that take a client assertion.
pub trait WithClientAssertion: Sized {
    /// Signs `assertion` with `key` at `at` (usually `Timestamp::now()`) and adds
    /// `client_assertion_type` and `client_assertion` to the request's form.
    ///
    /// # Errors
    /// Those of [`ClientAssertion::form_pairs`]: a key that is not RSA, a failed signature.
    fn client_assertion(
        self,
        assertion: &ClientAssertion,
        key: &PrivateKey,
        at: Timestamp,
    ) -> Result<Self, Error>;
}

macro_rules! with_client_assertion {
    ($($request:ident),*) => {$(
        impl<'a, TE, TR> WithClientAssertion for $request<'a, TE, TR>
        where
            TE: ErrorResponse + 'static,
            TR: TokenResponse,
        {
            fn client_assertion(
                self,
                assertion: &ClientAssertion,
                key: &PrivateKey,
                at: Timestamp,
            ) -> Result<Self, Error> {
                let [(type_name, type_value), (name, value)] = assertion.form_pairs(key, at)?;
                Ok(self
                    .add_extra_param(type_name, type_value)
                    .add_extra_param(name, value))
            }
        }
    )*};
}

with_client_assertion!(
    ClientCredentialsTokenRequest,
    CodeTokenRequest,
    RefreshTokenRequest,
    PasswordTokenRequest
);
