//! A Circle-style token URL:
//! `customerId=…&appKey=…&endUserId=…&nonce=…`, HMAC-SHA256, base64, appended as `&signature=`.
//!
//! The provider's two documents disagree on the nonce's unit, so both are declared.
//! The key comes from `$CIRCLE_SECRET`, trimmed (a pasted trailing newline is the usual bug).
//!
//! ```text
//! cargo run --example circle_token
//! CIRCLE_SECRET='my secret' cargo run --example circle_token
//! ```
use signing::{Secret, SignedRequest, Timestamp};

/// The token call with the nonce in seconds.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", encoding = "base64", signature = query("signature"),
         key = env("CIRCLE_SECRET"), trim_key, rename_all = "camelCase")]
pub struct CircleToken<'a> {
    pub customer_id: &'a str,
    pub app_key: &'a str,
    pub end_user_id: &'a str,
    #[signed(timestamp = "unix-seconds")]
    pub nonce: Timestamp,
}

/// The same call with the nonce in milliseconds.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", encoding = "base64", signature = query("signature"),
         key = env("CIRCLE_SECRET"), trim_key, rename_all = "camelCase")]
pub struct CircleTokenMillis<'a> {
    pub customer_id: &'a str,
    pub app_key: &'a str,
    pub end_user_id: &'a str,
    #[signed(timestamp = "unix-millis")]
    pub nonce: Timestamp,
}

/// Demo credentials used when `$CIRCLE_SECRET` is not set.
pub const DEMO_SECRET: &str = "circle-demo-secret";
/// The provider's token endpoint (illustrative).
pub const TOKEN_URL: &str = "https://api.circlesecurity.ai/api/token";

fn main() -> Result<(), signing::Error> {
    let request = CircleToken {
        customer_id: "cust-42",
        app_key: "app-7",
        end_user_id: "user@example.com",
        nonce: Timestamp::now(),
    };
    // `sign()` reads $CIRCLE_SECRET; without it, sign with the demo key instead.
    let signed = match request.sign() {
        Err(signing::Error::MissingEnv { var }) => {
            println!("(${var} is not set: signing with the demo secret)\n");
            request.sign_with(&Secret::new(DEMO_SECRET))?
        }
        other => other?,
    };
    println!("message:   {}", String::from_utf8_lossy(signed.message()));
    println!("signature: {}", signed.signature());
    println!("url:       {}\n", signed.url(TOKEN_URL)?);
    println!("{}", signed.explain());

    let millis = CircleTokenMillis {
        customer_id: request.customer_id,
        app_key: request.app_key,
        end_user_id: request.end_user_id,
        nonce: request.nonce,
    };
    let signed = millis.sign_with(&Secret::new(DEMO_SECRET))?;
    println!("in milliseconds: {}", signed.url(TOKEN_URL)?);
    Ok(())
}
