//! # signing
//!
//! Declare how an API's signed requests are laid out — field order, names, separators or a
//! template, escaping, MAC algorithm and encoding, key source, timestamp formats, where the
//! signature goes — and `#[derive(SignedRequest)]` generates the message builder, the signer and
//! the verifier, checked at compile time.
//!
//! ```
//! use signing::{Secret, SignedRequest, Timestamp};
//!
//! #[derive(SignedRequest)]
//! #[signed(mac = "hmac-sha256", encoding = "base64", signature = query("signature"))]
//! struct CircleToken<'a> {
//!     #[signed(rename = "customerId")] customer_id: &'a str,
//!     #[signed(rename = "appKey")] app_key: &'a str,
//!     #[signed(rename = "endUserId")] end_user_id: &'a str,
//!     #[signed(timestamp = "unix-seconds")] nonce: Timestamp,
//! }
//!
//! let token = CircleToken {
//!     customer_id: "c1",
//!     app_key: "k1",
//!     end_user_id: "u1",
//!     nonce: Timestamp::from_unix_seconds(1_700_000_000),
//! };
//! let signed = token.sign_with(&Secret::new("demo-secret"))?;
//! assert_eq!(signed.message(), b"customerId=c1&appKey=k1&endUserId=u1&nonce=1700000000");
//! # Ok::<(), signing::Error>(())
//! ```
//!
//! The attribute reference is on [`SignedRequest`](derive@SignedRequest) (the derive) and
//! [`FromSignedQuery`](derive@FromSignedQuery); the README explains the rest (escaping, the
//! providers declared, JWTs, keys, tokens, servers and clients).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

// The derive writes `::signing::...` paths; inside this crate they name the crate itself.
extern crate self as signing;

#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "reqwest")]
pub mod client;
#[cfg(feature = "jwt")]
pub mod client_assertion;
#[cfg(feature = "reqwest-middleware")]
pub mod middleware;
#[cfg(feature = "oauth2")]
pub mod oauth2;
#[cfg(any(feature = "axum", feature = "tower"))]
pub mod server;
#[cfg(feature = "tower")]
pub mod tower;

#[cfg(feature = "jwt")]
pub use crate::client_assertion::ClientAssertion;
// The derives' reference, rendered on their pages of this crate (and run as its doctests).
#[doc = include_str!("docs/from_signed_query.md")]
pub use signing_derive::FromSignedQuery;
#[doc = include_str!("docs/signed_request.md")]
pub use signing_derive::SignedRequest;
pub use signing_runtime::*;
