//! A BH-style token call: `GET /v2/token/generate?timestamp=<ms>&signature=<hex>` with the API key
//! in header `X-BH-APIKEY`; the response is `{"code","msg","data":{"token","expireTime"}}`.
//!
//! ```text
//! cargo run --example bh_token
//! ```
//!
//! The declaration, `BhTokenRequest`, lives in `signing-testing/src/seeds/mod.rs`: the embedded
//! provider verifies with the very same one.
use signing::{Secret, SignedRequest, Timestamp};
pub use signing_testing::seeds::bh::{BhTokenRequest, DEMO_API_KEY, DEMO_SECRET};

/// The provider's base URL (illustrative).
pub const BASE_URL: &str = "https://api.bh.example";

fn main() -> Result<(), signing::Error> {
    let secret = Secret::new(DEMO_SECRET);
    let request = BhTokenRequest {
        timestamp: Timestamp::now(),
        api_key: DEMO_API_KEY,
    };
    let signed = request.sign_with(&secret)?;

    println!("message:   {}", String::from_utf8_lossy(signed.message()));
    println!("signature: {}", signed.signature());
    let http = signed.http_request(BASE_URL)?;
    println!("request:   {} {}", http.method(), http.uri());
    for (name, value) in http.headers() {
        println!(
            "header:    {name}: {}",
            value.to_str().unwrap_or("<binary>")
        );
    }
    println!("\n{}", signed.explain());

    // A server (or a test) checks the same request with `verify`, in constant time.
    request.verify(signed.signature(), &secret)?;
    println!("verify:    ok");
    Ok(())
}
