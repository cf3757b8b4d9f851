//! `username:api_key@timestamp` tokens: HMAC-SHA256, hex, with the ISO timestamps the provider's
//! own samples produce — JavaScript `toJSON()`, Python `isoformat()`, Go `time.RFC3339`.
//!
//! ```text
//! cargo run --example user_key_token
//! ```
use signing::{Secret, SignedRequest, Timestamp};

/// As the provider's JavaScript sample signs it: `2025-02-26T11:18:45.231Z`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{username}:{api_key}@{timestamp}")]
pub struct UserKeyTokenJs<'a> {
    pub username: &'a str,
    pub api_key: &'a str,
    #[signed(timestamp = "rfc3339-millis")]
    pub timestamp: Timestamp,
}

/// As the provider's Python sample signs it: `2025-02-26T11:18:45.231000+00:00`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{username}:{api_key}@{timestamp}")]
pub struct UserKeyTokenPython<'a> {
    pub username: &'a str,
    pub api_key: &'a str,
    #[signed(timestamp = "rfc3339-micros")]
    pub timestamp: Timestamp,
}

/// As the provider's Go sample signs it: `2025-02-26T11:18:45Z`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{username}:{api_key}@{timestamp}")]
pub struct UserKeyTokenGo<'a> {
    pub username: &'a str,
    pub api_key: &'a str,
    #[signed(timestamp = "rfc3339")]
    pub timestamp: Timestamp,
}

/// Demo secret.
pub const DEMO_SECRET: &str = "uk-demo-secret";

fn main() -> Result<(), signing::Error> {
    let secret = Secret::new(DEMO_SECRET);
    let now = Timestamp::now();
    let js = UserKeyTokenJs {
        username: "alice",
        api_key: "ak-123",
        timestamp: now,
    }
    .sign_with(&secret)?;
    let py = UserKeyTokenPython {
        username: "alice",
        api_key: "ak-123",
        timestamp: now,
    }
    .sign_with(&secret)?;
    let go = UserKeyTokenGo {
        username: "alice",
        api_key: "ak-123",
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
