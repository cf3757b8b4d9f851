//! The `username:api_key@timestamp` token, base64, that benches/mac.rs, the callgrind script and
//! the allocation test sign (`template_base64`).
#![allow(dead_code)]

use signing::{SignedRequest, Timestamp};

/// `username:api_key@timestamp`, base64, with JavaScript's `toJSON()` timestamp.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    encoding = "base64",
    template = "{username}:{api_key}@{timestamp}"
)]
pub struct UserKeyToken<'a> {
    pub username: &'a str,
    pub api_key: &'a str,
    #[signed(timestamp = "rfc3339-millis")]
    pub timestamp: Timestamp,
}

/// The key the benchmarks sign it with.
pub const SECRET: &str = "uk-demo-secret-0123456789abcdef";

/// The token the benchmarks sign.
pub fn user_key_token() -> UserKeyToken<'static> {
    UserKeyToken {
        username: "alice@example.com",
        api_key: "ak-5f2b1c9e-77d4-4a1b-9c3e-2d8f6a0b1e7c",
        timestamp: Timestamp::from_unix_millis(1_740_568_725_231),
    }
}
