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
//!
//! The declarations, `CircleToken` and `CircleTokenMillis`, live in
//! `signing-testing/src/seeds/mod.rs`: the embedded provider verifies with the very same ones.
use signing::{Secret, SignedRequest, Timestamp};
pub use signing_testing::seeds::circle::{CircleToken, CircleTokenMillis, DEMO_SECRET};
use signing_testing::seeds::circle::{DEMO_APP_KEY, DEMO_CUSTOMER_ID};

/// The provider's token endpoint (illustrative).
pub const TOKEN_URL: &str = "https://api.circlesecurity.ai/api/token";

fn main() -> Result<(), signing::Error> {
    let request = CircleToken {
        customer_id: DEMO_CUSTOMER_ID,
        app_key: DEMO_APP_KEY,
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
