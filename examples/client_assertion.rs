//! The RS256 client-assertion flow: the client signs a short-lived JWT with its RSA key and
//! POSTs it, as the whole body, to `/v1/auth/token`; the answer
//! `{"accessToken","expiresInSeconds","tokenType"}` is the token for every later call
//! (`Authorization: Bearer …`).
//!
//! - header: `{"alg":"RS256","typ":"JWT"}`
//! - claims: `{"aud":["https://api.provider.example"],"clientKeyId":"…","nbf":…,"exp":…}`,
//!   `exp` at most 60 seconds after `nbf`
//!
//! ```text
//! cargo run --example client_assertion                          # makes a throwaway RSA key
//! CLIENT_KEY_FILE=client.pem cargo run --example client_assertion
//! CLIENT_KEY="$(cat client.pem)" cargo run --example client_assertion
//! ```
//!
//! For real use, make the key pair with OpenSSL and give the provider the public half:
//!
//! ```text
//! openssl genrsa -out client.pem 2048
//! openssl rsa -in client.pem -pubout -out client.pub.pem
//! ```
//!
//! The end of the example mints the same kind of assertion in RFC 7523's standard shape
//! (`private_key_jwt`), as the two form fields an OAuth2 token request carries.
use rsa::pkcs8::{EncodePrivateKey as _, LineEnding};
use signing::jwt::{self, JwtAlgorithm, Validation};
use signing::token::{AccessTokenResponse, Token};
use signing::{ClientAssertion, PrivateKey, SignedRequest, TimedRequest, Timestamp};

/// The provider's API (illustrative).
pub const BASE_URL: &str = "https://api.provider.example";

/// The claims of the assertion, declared in `signing-testing/src/seeds/mod.rs` (the embedded
/// provider of `cargo run -p quickstart` verifies with the same declaration):
///
/// ```text
/// #[derive(SignedRequest, serde::Serialize)]
/// #[signed(jwt = "RS256", lifetime = 60, max_lifetime = 60,
///          signature = body, method = "POST", path = "/v1/auth/token")]
/// pub struct TokenAssertion<'a> {
///     pub aud: [&'a str; 1],
///     #[serde(rename = "clientKeyId")]
///     pub client_key_id: &'a str,
/// }
/// ```
///
/// `nbf`/`exp` are added at signing time (`lifetime = 60`), and `verify` refuses a token that
/// lives longer than `max_lifetime = 60`.
pub use signing_testing::seeds::assertion::TokenAssertion;

/// The key: `$CLIENT_KEY_FILE` (a PEM file), `$CLIENT_KEY` (PEM text), or a new RSA 2048 key.
fn key() -> Result<PrivateKey, Box<dyn std::error::Error>> {
    if let Some(path) = std::env::var_os("CLIENT_KEY_FILE") {
        return Ok(PrivateKey::from_pem_file(path)?);
    }
    if std::env::var_os("CLIENT_KEY").is_some() {
        return Ok(PrivateKey::from_env("CLIENT_KEY")?);
    }
    println!("(no CLIENT_KEY_FILE or CLIENT_KEY: using a new RSA 2048 key for this run)\n");
    let key = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048)?;
    let pem = key.to_pkcs8_pem(LineEnding::LF)?;
    Ok(PrivateKey::from_pem(pem.as_bytes())?)
}

/// The JSON text of one part of a compact token.
fn part(token: &str, index: usize) -> String {
    let text = token.split('.').nth(index).unwrap_or_default();
    let mut bytes = vec![0; text.len()];
    match signing::Encoding::Base64UrlNoPad.decode_into(text, &mut bytes) {
        Some(len) => String::from_utf8_lossy(&bytes[..len]).into_owned(),
        None => "<not base64url>".to_owned(),
    }
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let key = key()?;
    let assertion = TokenAssertion {
        aud: [BASE_URL],
        client_key_id: signing_testing::seeds::assertion::DEMO_CLIENT_KEY_ID,
    };
    let now = Timestamp::now();
    let signed = assertion.sign_at(&key, now)?;
    let token = signed.signature();

    println!("token:   {token}");
    println!("header:  {}", part(token, 0));
    println!("claims:  {}", part(token, 1));

    let mut request = signed.http_request(BASE_URL)?;
    // The body is the token itself. Its media type is `application/jwt` (RFC 7519 §10.3.1);
    // follow the provider's documentation if it asks for another.
    request
        .headers_mut()
        .insert("content-type", "application/jwt".parse()?);
    println!("\n{} {}", request.method(), request.uri());
    for (name, value) in request.headers() {
        println!("{name}: {}", value.to_str().unwrap_or("<binary>"));
    }
    println!("body: {} bytes (the token)", request.body().len());

    println!("\n{}", signed.explain());

    // The provider checks the assertion with the public key. `verify` checks the signature,
    // `nbf`/`exp` (60 s leeway), a lifetime of at most 60 s and that the claims are these.
    assertion.verify(token, &key.public_key())?;
    println!("verify:  ok");

    // The provider answers with the access token. (A canned answer here: the example makes no
    // network call.)
    let body = br#"{"accessToken":"eyJhbGciOiJIUzI1NiJ9.demo.token","expiresInSeconds":3600,"tokenType":"Bearer"}"#;
    let access = Token::from_json::<AccessTokenResponse>(200, body, now)?;
    let expires = access
        .expires_at()
        .map_or(0, |at| at.unix_seconds() - now.unix_seconds());
    println!("\naccess token expires in {expires} s; every later call sends");
    println!("Authorization: {}", *access.expose_authorization());

    // RFC 7523 `private_key_jwt`: the same idea in OAuth2's standard form fields.
    let url = "https://idp.example.com/oauth2/token";
    let pairs = ClientAssertion::new("my-client-id", url).form_pairs(&key, Timestamp::now())?;
    println!("\nRFC 7523 form fields for POST {url}:");
    for (name, value) in &pairs {
        println!("{name}={value}");
    }
    // How a server that knows the client's public key checks one.
    let validation = Validation::new(JwtAlgorithm::Rs256)
        .audience(url)
        .issuer("my-client-id")
        .max_lifetime(60);
    let claims: serde_json::Value = jwt::decode(&pairs[1].1, &key.public_key(), &validation)?;
    println!("decoded: {claims}");
    Ok(())
}
