//! OAuth 2.0 client authentication with a signed JWT: RFC 7523's `private_key_jwt`.
//!
//! Instead of a client secret, the client sends a short-lived JWT signed with its private key
//! (the authorization server holds the public key) in two form parameters of the token request:
//! `client_assertion_type` ([`CLIENT_ASSERTION_TYPE`]) and `client_assertion` (the token).
//! A new assertion is minted for every request: each has its own `jti`, and servers refuse one
//! they have already seen.
//!
//! ```
//! use signing::{ClientAssertion, PrivateKey, Timestamp};
//! # let key = PrivateKey::from_pem_file(concat!(
//! #     env!("CARGO_MANIFEST_DIR"), "/signing-runtime/tests/keys/rsa-pkcs8.pem"))?;
//! // let key = PrivateKey::from_pem_file("client.pem")?;
//! let assertion = ClientAssertion::new("my-client-id", "https://idp.example.com/oauth2/token");
//! let pairs = assertion.form_pairs(&key, Timestamp::now())?;
//! assert_eq!(pairs[0], ("client_assertion_type",
//!                       "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".to_owned()));
//! assert_eq!(pairs[1].0, "client_assertion");
//! // With the `oauth2` crate, for every token request:
//! // let [(type_name, type_value), (name, value)] = pairs;
//! // client.exchange_client_credentials()
//! //     .add_extra_param(type_name, type_value)
//! //     .add_extra_param(name, value)
//! # Ok::<(), signing::Error>(())
//! ```
//!
//! # Another algorithm, lifetime or `kid`
//! [`ClientAssertion`] is RS256, lives 60 seconds and has no `kid`, because a declaration fixes
//! those at compile time. For anything else, declare the same claims with your own attributes
//! and hand the struct to [`form_pairs_of`]:
//!
//! ```
//! use signing::{client_assertion, PrivateKey, SignedRequest, Timestamp};
//!
//! #[derive(SignedRequest, serde::Serialize)]
//! #[signed(jwt = "ES256", lifetime = 300, kid = "2024-01", iat, jti)]
//! struct Es256Assertion<'a> {
//!     iss: &'a str,
//!     sub: &'a str,
//!     aud: &'a str,
//! }
//!
//! # let key = PrivateKey::from_pem_file(concat!(
//! #     env!("CARGO_MANIFEST_DIR"), "/signing-runtime/tests/keys/ec-sec1.pem"))?;
//! // openssl ecparam -name prime256v1 -genkey -noout -out client-ec.pem
//! // let key = PrivateKey::from_pem_file("client-ec.pem")?;
//! let url = "https://idp.example.com/oauth2/token";
//! let claims = Es256Assertion { iss: "my-client-id", sub: "my-client-id", aud: url };
//! let pairs = client_assertion::form_pairs_of(&claims, &key, Timestamp::now())?;
//! assert_eq!(pairs[1].0, "client_assertion");
//! # Ok::<(), signing::Error>(())
//! ```

use crate::{Error, PrivateKey, SignedRequest, TimedRequest, Timestamp};

/// The value of `client_assertion_type` for a JWT (RFC 7523 §2.2).
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// An RFC 7523 client assertion: `iss = sub =` the client id, `aud =` the authorization
/// server's token URL, and, at signing time, `iat = nbf = now`, `exp = now + 60` and a random
/// `jti`, signed with RS256.
///
/// The claims are in this order:
/// `{"iss":..,"sub":..,"aud":..,"iat":..,"nbf":..,"exp":..,"jti":..}`.
/// Being a [`TimedRequest`], it also has `sign_at(&key, at)` (the token is
/// [`Signed::signature`](crate::Signed::signature)), and `verify(&token, &public_key)`, with which
/// a server checks an assertion: the signature, `iss`, `sub` and `aud`, `exp` and `nbf` (with 60
/// seconds of leeway) and a lifetime of at most 60 seconds. Refusing a `jti` seen before is up to
/// the server.
#[derive(Debug, Clone, PartialEq, Eq, crate::SignedRequest, serde::Serialize)]
#[signed(jwt = "RS256", lifetime = 60, iat, jti)]
pub struct ClientAssertion {
    iss: String,
    sub: String,
    aud: String,
}

impl ClientAssertion {
    /// The assertion `client_id` makes to the authorization server whose token endpoint is
    /// `token_url` (the `aud`: RFC 7523 §3 lets the server decide what it accepts there; the
    /// token endpoint URL is what most accept).
    pub fn new(client_id: impl Into<String>, token_url: impl Into<String>) -> ClientAssertion {
        let client_id = client_id.into();
        ClientAssertion {
            sub: client_id.clone(),
            iss: client_id,
            aud: token_url.into(),
        }
    }

    /// The client id: both `iss` and `sub`.
    pub fn client_id(&self) -> &str {
        &self.iss
    }

    /// The audience: the token URL.
    pub fn audience(&self) -> &str {
        &self.aud
    }

    /// Mints an assertion at `at` (usually `Timestamp::now()`) and returns the two form
    /// parameters of the token request: `("client_assertion_type", CLIENT_ASSERTION_TYPE)` and
    /// `("client_assertion", token)`. Call it for every request: each token has a new `jti`.
    ///
    /// # Errors
    /// [`Error::KeyMismatch`] when `key` is not an RSA key (or is one restricted to
    /// RSASSA-PSS), [`Error::Jwt`] when signing fails.
    pub fn form_pairs(
        &self,
        key: &PrivateKey,
        at: Timestamp,
    ) -> Result<[(&'static str, String); 2], Error> {
        form_pairs_of(self, key, at)
    }
}

/// [`ClientAssertion::form_pairs`] for a claim set declared by the caller (another algorithm,
/// lifetime or `kid`): signs `claims` at `at` and returns the `client_assertion_type` and
/// `client_assertion` form parameters.
///
/// # Errors
/// The errors of `claims.sign_at(key, at)`: a key that does not fit the declared algorithm,
/// claims that do not serialize to a JSON object or repeat a computed claim, a failed signature.
pub fn form_pairs_of<R>(
    claims: &R,
    key: &PrivateKey,
    at: Timestamp,
) -> Result<[(&'static str, String); 2], Error>
where
    R: TimedRequest + SignedRequest<SigningKey = PrivateKey>,
{
    let signed = claims.sign_at(key, at)?;
    Ok([
        ("client_assertion_type", CLIENT_ASSERTION_TYPE.to_owned()),
        ("client_assertion", signed.signature().to_owned()),
    ])
}
