//! The whole token flow in one run, with no network and no setup: an embedded provider on
//! 127.0.0.1 (`signing_testing::Provider`), a token for each of the four seed schemes signed
//! with the declarations of `signing_testing::seeds` and fetched with `signing::client`, a call to
//! a protected route with each token, `explain()`,
//! a refused signature with the provider's reason, and a token cache that fetches once.
//!
//! ```text
//! cargo run -p quickstart
//! ```
use std::error::Error;
use std::sync::Arc;

use signing::client::{self, fetch_token};
use signing::token::{AccessTokenResponse, CodeMsgResponse, Token};
use signing::{PrivateKey, Secret, Signed, SignedRequest, Timestamp};
use signing_testing::seeds::assertion::{self, TokenAssertion};
use signing_testing::seeds::bh::{self, BhTokenRequest};
use signing_testing::seeds::circle::{self, CircleToken};
use signing_testing::seeds::user_key::{self, UserKeyTokenJs};
use signing_testing::Provider;

/// One line of the closing table.
struct Row {
    scheme: &'static str,
    request: String,
    token: String,
    protected: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let provider = Provider::start().await?;
    let base = provider.base_url().to_owned();
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()?;
    println!("embedded provider on {base}\n");

    // 1. Circle-style: a signed query, HMAC-SHA256 in base64.
    let circle = CircleToken {
        customer_id: circle::DEMO_CUSTOMER_ID,
        app_key: circle::DEMO_APP_KEY,
        end_user_id: "user@example.com",
        nonce: Timestamp::now(),
    }
    .sign_with(&Secret::new(circle::DEMO_SECRET))?;
    let circle_url = format!("{base}{}", circle::TOKEN_PATH);
    let token =
        fetch_token::<AccessTokenResponse>(&http, circle.http_request(&circle_url)?).await?;
    let mut rows = vec![row("circle", &circle, &circle_url, &token, &http, &base).await?];

    // 2. BH-style: `timestamp=<ms>` signed in hex, the API key in a header, a code/msg answer.
    let bh = BhTokenRequest {
        timestamp: Timestamp::now(),
        api_key: bh::DEMO_API_KEY,
    }
    .sign_with(&Secret::new(bh::DEMO_SECRET))?;
    let token = fetch_token::<CodeMsgResponse>(&http, bh.http_request(&base)?).await?;
    rows.push(row("bh", &bh, &base, &token, &http, &base).await?);

    // 3. `username:api_key@timestamp`, as the provider's JavaScript sample writes the time.
    let user = UserKeyTokenJs {
        username: user_key::DEMO_USERNAME,
        api_key: user_key::DEMO_API_KEY,
        timestamp: Timestamp::now(),
    }
    .sign_with(&Secret::new(user_key::DEMO_SECRET))?;
    let token = fetch_token::<AccessTokenResponse>(&http, user.http_request(&base)?).await?;
    rows.push(row("user_key", &user, &base, &token, &http, &base).await?);

    // 4. An RS256 client assertion (a JWT that lives 60 s) posted as the body.
    let key = PrivateKey::from_pem(assertion::DEMO_PRIVATE_KEY_PEM.as_bytes())?;
    let jwt = TokenAssertion {
        aud: [&base],
        client_key_id: assertion::DEMO_CLIENT_KEY_ID,
    }
    .sign_with(&key)?;
    let mut request = jwt.http_request(&base)?;
    request
        .headers_mut()
        .insert("content-type", "application/jwt".parse()?);
    let token = fetch_token::<AccessTokenResponse>(&http, request).await?;
    rows.push(row("client_assertion", &jwt, &base, &token, &http, &base).await?);

    // What was signed, when a provider says "signature does not match".
    println!("explain() of the Circle request:\n{}", circle.explain());

    // A signature made with the wrong secret: refused, with the provider's reason.
    let forged = CircleToken {
        customer_id: circle::DEMO_CUSTOMER_ID,
        app_key: circle::DEMO_APP_KEY,
        end_user_id: "user@example.com",
        nonce: Timestamp::now(),
    }
    .sign_with(&Secret::new("not-the-secret"))?;
    match fetch_token::<AccessTokenResponse>(&http, forged.http_request(&circle_url)?).await {
        Ok(_) => return Err("the provider accepted a wrong signature".into()),
        Err(err) => println!(
            "wrong secret -> refused ({}): {}\n",
            if err.is_transient() {
                "transient"
            } else {
                "permanent, not retried"
            },
            err.cause()
        ),
    }

    // A token cache: ten concurrent callers, one token request.
    let before = provider.tokens_issued();
    let secret = Secret::new(bh::DEMO_SECRET);
    let bh_base = base.clone();
    let cache = Arc::new(
        client::token_cache::<CodeMsgResponse, _>(http.clone(), move || {
            BhTokenRequest {
                timestamp: Timestamp::now(),
                api_key: bh::DEMO_API_KEY,
            }
            .sign_with(&secret)?
            .http_request(&bh_base)
        })
        .sleep(tokio::time::sleep)
        .build(),
    );
    let callers: Vec<_> = (0..10)
        .map(|_| {
            let cache = Arc::clone(&cache);
            tokio::spawn(async move { cache.get().await })
        })
        .collect();
    for caller in callers {
        caller.await??;
    }
    println!(
        "token cache: 10 concurrent callers, {} token request(s)\n",
        provider.tokens_issued() - before
    );

    println!(
        "{:<17} {:<40} {:<20} GET /api/protected",
        "scheme", "token request", "token"
    );
    for row in &rows {
        println!(
            "{:<17} {:<40} {:<20} {}",
            row.scheme, row.request, row.token, row.protected
        );
    }
    provider.shutdown().await;
    Ok(())
}

/// Calls the protected route with `token` and describes the exchange.
async fn row(
    scheme: &'static str,
    signed: &Signed,
    url: &str,
    token: &Token,
    http: &reqwest::Client,
    base: &str,
) -> Result<Row, Box<dyn Error>> {
    let answer = http
        .get(format!("{base}/api/protected"))
        .header(
            reqwest::header::AUTHORIZATION,
            token.authorization_header()?,
        )
        .send()
        .await?;
    let status = answer.status();
    let answer: serde_json::Value = serde_json::from_slice(&answer.bytes().await?)?;
    let subject = answer["subject"].as_str().unwrap_or_default().to_owned();
    let expires_in = token
        .expires_at()
        .map_or(0, |at| at.unix_seconds() - Timestamp::now().unix_seconds());
    let path = signed.url(url)?;
    let path = path.strip_prefix(base).unwrap_or(&path);
    let path = path.split('?').next().unwrap_or(path);
    Ok(Row {
        scheme,
        request: format!(
            "{} {path} ({} B signed)",
            signed.method(),
            signed.message().len()
        ),
        token: format!("{}… {expires_in} s", token.expose().get(..8).unwrap_or("")),
        protected: format!("{status}: {subject}"),
    })
}
