//! A Binance-style signed call (the scheme of Binance's `SIGNED` endpoints): the parameters as a
//! query string in the order they are sent, percent-encoded (RFC 3986) before HMAC-SHA256, the
//! hex signature appended as `&signature=`, the API key in header `X-MBX-APIKEY`.
//!
//! `POST /api/v3/order` on the embedded provider reads it back with `FromSignedQuery` (the same
//! declaration), verifies it, refuses a replay, and answers
//! `{"orderId":1,"symbol":"BTCUSDT","side":"BUY","status":"NEW"}`.

use signing::{FromSignedQuery, SignedRequest, Timestamp};

/// `POST /api/v3/order`.
#[derive(Debug, Clone, SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", signature = query("signature"), rename_all = "camelCase",
         escape = "rfc3986", method = "POST", path = "/api/v3/order")]
pub struct NewOrder {
    /// The market, `BTCUSDT`.
    pub symbol: String,
    /// `BUY` or `SELL`.
    pub side: String,
    /// `LIMIT`, `MARKET` …
    #[signed(rename = "type")]
    pub order_type: String,
    /// How much.
    pub quantity: String,
    /// At what price.
    pub price: String,
    /// How many milliseconds after `timestamp` the exchange may still accept it.
    pub recv_window: u32,
    /// The time of the request, in milliseconds.
    #[signed(timestamp = "unix-millis")]
    pub timestamp: Timestamp,
    /// The API key: it names the secret.
    #[signed(header = "X-MBX-APIKEY")]
    pub api_key: String,
}

/// The order endpoint's path.
pub const ORDER_PATH: &str = "/api/v3/order";
/// Demo API key.
pub const DEMO_API_KEY: &str = "exchange-demo-api-key";
/// Demo secret of [`DEMO_API_KEY`].
pub const DEMO_SECRET: &str = "exchange-demo-secret";
