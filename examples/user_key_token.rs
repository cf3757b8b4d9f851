//! `username:api_key@timestamp` tokens: HMAC-SHA256, hex, with the ISO timestamps the provider's
//! own samples produce — JavaScript `toJSON()`, Python `isoformat()`, Go `time.RFC3339`.
//!
//! ```text
//! cargo run --example user_key_token
//! ```
//!
//! The declarations live in `signing-testing/src/seeds/mod.rs`: the embedded provider verifies
//! with the very same ones. The values travel as headers (`X-Username`, `X-Api-Key`,
//! `X-Timestamp`) and the signature as `X-Signature`, in `POST /api/user-token`.
use signing::{Secret, SignedRequest, Timestamp};
pub use signing_testing::seeds::user_key::{
    UserKeyTokenGo, UserKeyTokenJs, UserKeyTokenPython, DEMO_API_KEY, DEMO_SECRET, DEMO_USERNAME,
};

fn main() -> Result<(), signing::Error> {
    let secret = Secret::new(DEMO_SECRET);
    let now = Timestamp::now();
    let js = UserKeyTokenJs {
        username: DEMO_USERNAME,
        api_key: DEMO_API_KEY,
        timestamp: now,
    }
    .sign_with(&secret)?;
    let py = UserKeyTokenPython {
        username: DEMO_USERNAME,
        api_key: DEMO_API_KEY,
        timestamp: now,
    }
    .sign_with(&secret)?;
    let go = UserKeyTokenGo {
        username: DEMO_USERNAME,
        api_key: DEMO_API_KEY,
        timestamp: now,
    }
    .sign_with(&secret)?;
    for (who, signed) in [("js", &js), ("python", &py), ("go", &go)] {
        println!(
            "{who:7} {} -> {}",
            String::from_utf8_lossy(signed.message()),
            signed.signature()
        );
    }
    println!("\n{}", js.explain());

    // A user name with the separator that follows it would make the message ambiguous:
    // `strict` escaping (the default) refuses it, naming the field.
    let bad = UserKeyTokenJs {
        username: "mallory:x",
        api_key: "ak",
        timestamp: now,
    };
    match bad.sign_with(&secret) {
        Err(e) => println!("refused: {e}"),
        Ok(_) => println!("unexpectedly signed"),
    }
    Ok(())
}
