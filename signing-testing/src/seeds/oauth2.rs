//! An OAuth 2.0 token endpoint that authenticates clients with RFC 7523 `private_key_jwt`
//! ([`signing::ClientAssertion`]): `POST /oauth2/token`, a form with `grant_type`,
//! `client_assertion_type` and `client_assertion` (signed with the key of
//! [`crate::seeds::assertion`], `iss = sub =` [`DEMO_CLIENT_ID`], `aud =` the token URL).
//!
//! Grants: `client_credentials`, and RFC 8693 token exchange
//! (`urn:ietf:params:oauth:grant-type:token-exchange`, a `subject_token` the provider issued,
//! `subject_token_type=urn:ietf:params:oauth:token-type:access_token`). The answer is RFC 6749's
//! `{"access_token","token_type":"Bearer","expires_in"}` (plus `issued_token_type` for an
//! exchange); a refusal is `{"error","error_description"}` (`invalid_client` 401,
//! `invalid_request`, `invalid_grant`, `unsupported_grant_type` 400).

/// The token endpoint's path.
pub const TOKEN_PATH: &str = "/oauth2/token";
/// The demo client's id (the key is [`crate::seeds::assertion::DEMO_PRIVATE_KEY_PEM`]).
pub const DEMO_CLIENT_ID: &str = "demo-oauth2-client";
/// RFC 8693's grant type.
pub const TOKEN_EXCHANGE_GRANT: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
/// RFC 8693's token type of an access token.
pub const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";
