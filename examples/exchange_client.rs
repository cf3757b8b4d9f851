//! A reqwest-middleware client that signs every Binance-style call with its declaration
//! (`signing_testing::seeds::exchange::NewOrder`) and adds a bearer token from a `TokenCache`,
//! against the embedded provider on 127.0.0.1. The provider then revokes its tokens: the next
//! call's 401 makes the middleware fetch a new token and send once more.
//!
//! ```text
//! cargo run --example exchange_client --features reqwest-middleware
//! ```

use std::error::Error;
use std::sync::Arc;

use reqwest_middleware::ClientBuilder;
use signing::middleware::{Sign, SigningMiddleware};
use signing::token::AccessTokenResponse;
use signing::{Secret, SignedRequest, Timestamp};
use signing_testing::seeds::circle::{self, CircleToken};
use signing_testing::seeds::exchange::{self, NewOrder};
use signing_testing::Provider;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let provider = Provider::start().await?;
    let base = provider.base_url().to_owned();
    println!("embedded provider on {base}\n");
    let http = reqwest::Client::new();

    // The bearer token: a Circle-style signed token request, refreshed by the cache.
    let token_url = format!("{base}{}", circle::TOKEN_PATH);
    // Its nonce is in seconds, so two refreshes within a second name two sessions.
    let session = std::sync::atomic::AtomicU32::new(0);
    let tokens = signing::client::token_cache::<AccessTokenResponse, _>(http.clone(), move || {
        let n = session.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        CircleToken {
            customer_id: circle::DEMO_CUSTOMER_ID,
            app_key: circle::DEMO_APP_KEY,
            end_user_id: &format!("trader@example.com/session-{n}"),
            nonce: Timestamp::now(),
        }
        .sign_with(&Secret::new(circle::DEMO_SECRET))?
        .http_request(&token_url)
    })
    .sleep(tokio::time::sleep)
    .build();

    let client = ClientBuilder::new(http)
        .with(SigningMiddleware::new(Secret::new(exchange::DEMO_SECRET)).bearer(Arc::new(tokens)))
        .build();

    for (symbol, side, price) in [("BTCUSDT", "BUY", "64000.5"), ("ETHUSDT", "SELL", "3100")] {
        let order = move |at: Timestamp| NewOrder {
            symbol: symbol.into(),
            side: side.into(),
            order_type: "LIMIT".into(),
            quantity: "0.01".into(),
            price: price.into(),
            recv_window: 5000,
            timestamp: at,
            api_key: exchange::DEMO_API_KEY.into(),
        };
        // The middleware signs it at the time of sending; show what it will look like.
        let preview = order(Timestamp::now()).sign_with(&Secret::new(exchange::DEMO_SECRET))?;
        println!("POST {}?{}", exchange::ORDER_PATH, preview.query());
        let answer = client
            .post(format!("{base}{}", exchange::ORDER_PATH))
            .with_extension(Sign::new(order))
            .send()
            .await?;
        println!("  -> {} {}\n", answer.status(), answer.text().await?);
    }

    let protected = format!("{base}/api/protected");
    let answer = client.get(&protected).send().await?;
    println!(
        "GET /api/protected -> {} {}",
        answer.status(),
        answer.text().await?
    );
    println!("tokens issued so far: {}", provider.tokens_issued());

    provider.revoke_tokens();
    println!("\nthe provider revokes every token; the same call again:");
    let answer = client.get(&protected).send().await?;
    println!(
        "GET /api/protected -> {} {}",
        answer.status(),
        answer.text().await?
    );
    println!(
        "tokens issued so far: {} (one 401, one refresh, one retry)",
        provider.tokens_issued()
    );

    provider.shutdown().await;
    Ok(())
}
