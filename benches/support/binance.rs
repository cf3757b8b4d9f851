//! The Binance order the benchmarks, the allocation test and the callgrind script all sign:
//! `POST /api/v3/order` from Binance's published example (`binance-hmac-ascii` in
//! tests/vectors/public.json), in the default `strict` escaping.
#![allow(dead_code)]

use signing::{SignedRequest, Timestamp};

/// Binance's published example secret key.
pub const SECRET: &str = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
/// Binance's published signature of [`order`]'s message.
pub const SIGNATURE: &str = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";

/// The order: eight query parameters, hex signature, API key in a header.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", signature = query("signature"), rename_all = "camelCase",
         method = "POST", path = "/api/v3/order")]
pub struct BinanceOrder<'a> {
    pub symbol: &'a str,
    pub side: &'a str,
    pub r#type: &'a str,
    pub time_in_force: &'a str,
    pub quantity: &'a str,
    pub price: &'a str,
    pub recv_window: u32,
    #[signed(timestamp = "unix-millis")]
    pub timestamp: Timestamp,
    #[signed(header = "X-MBX-APIKEY")]
    pub api_key: &'a str,
}

/// Binance's published example order.
pub fn order() -> BinanceOrder<'static> {
    BinanceOrder {
        symbol: "LTCBTC",
        side: "BUY",
        r#type: "LIMIT",
        time_in_force: "GTC",
        quantity: "1",
        price: "0.1",
        recv_window: 5000,
        timestamp: Timestamp::from_unix_millis(1_499_827_319_559),
        api_key: "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
    }
}

/// The same order declared the way a new user writes it from Binance's own rule: the query
/// percent-encoded (`escape = "rfc3986"`), the price an `f64`, the API key a header field. Its
/// message is the same bytes as [`order`]'s, so [`SIGNATURE`] holds for it too.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", signature = query("signature"), rename_all = "camelCase",
         escape = "rfc3986", method = "POST", path = "/api/v3/order")]
pub struct BinanceRuleOrder<'a> {
    pub symbol: &'a str,
    pub side: &'a str,
    pub r#type: &'a str,
    pub time_in_force: &'a str,
    pub quantity: &'a str,
    pub price: f64,
    pub recv_window: u32,
    #[signed(timestamp = "unix-millis")]
    pub timestamp: Timestamp,
    #[signed(header = "X-MBX-APIKEY")]
    pub api_key: &'a str,
}

/// Binance's published example order, as [`BinanceRuleOrder`].
pub fn rule_order() -> BinanceRuleOrder<'static> {
    BinanceRuleOrder {
        symbol: "LTCBTC",
        side: "BUY",
        r#type: "LIMIT",
        time_in_force: "GTC",
        quantity: "1",
        price: 0.1,
        recv_window: 5000,
        timestamp: Timestamp::from_unix_millis(1_499_827_319_559),
        api_key: "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
    }
}
