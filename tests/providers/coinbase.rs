//! Coinbase Exchange REST: `CB-ACCESS-SIGN` is base64 HMAC-SHA256, keyed with the base64-decoded
//! secret, of `timestamp + method + requestPath + body`; the key, the timestamp (the same text as
//! in the message) and the passphrase go in `CB-ACCESS-KEY`, `CB-ACCESS-TIMESTAMP` and
//! `CB-ACCESS-PASSPHRASE` (docs.cdp.coinbase.com/exchange, "Authentication").

use signing::{Error, Secret, SignedRequest, Timestamp};

use super::headers;

/// `POST /orders`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", encoding = "base64", template = "{timestamp}{@method}{@path}{body}",
         signature = header("CB-ACCESS-SIGN"), key = env("CB_ACCESS_SECRET"),
         key_encoding = "base64", method = "POST", path = "/orders")]
struct PlaceOrder<'a> {
    #[signed(timestamp = "unix-seconds", header = "CB-ACCESS-TIMESTAMP")]
    timestamp: Timestamp,
    #[signed(body)]
    body: &'a str,
    #[signed(header = "CB-ACCESS-KEY")]
    api_key: &'a str,
    #[signed(header = "CB-ACCESS-PASSPHRASE")]
    passphrase: &'a str,
}

/// A made-up secret in Coinbase's form (base64 of 64 bytes of text).
const SECRET: &str =
    "Y29pbmJhc2UtZXhjaGFuZ2UtZXhhbXBsZS1zZWNyZXQtNjQtYnl0ZXMtbG9uZy0wMTIzNDU2Nzg5YWJjZGVm";
const BODY: &str =
    r#"{"product_id":"BTC-USD","side":"buy","type":"limit","price":"1.0","size":"1.0"}"#;
// python3 -c "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(base64.b64decode('Y29pbmJhc2UtZXhjaGFuZ2UtZXhhbXBsZS1zZWNyZXQtNjQtYnl0ZXMtbG9uZy0wMTIzNDU2Nzg5YWJjZGVm'),b'1700000000POST/orders{\"product_id\":\"BTC-USD\",\"side\":\"buy\",\"type\":\"limit\",\"price\":\"1.0\",\"size\":\"1.0\"}',hashlib.sha256).digest()).decode())"
const SIGNATURE: &str = "5cXrxvaeX2p/P1laiK9CjqRrEwt9XQFFDtBPQPxUf30=";

fn order() -> PlaceOrder<'static> {
    PlaceOrder {
        timestamp: Timestamp::from_unix_seconds(1_700_000_000),
        body: BODY,
        api_key: "cb-key",
        passphrase: "cb-passphrase",
    }
}

#[test]
fn signs_with_the_decoded_secret() {
    let signed = order()
        .sign_with(&Secret::from_base64(SECRET).unwrap())
        .unwrap();
    assert_eq!(
        signed.message(),
        format!("1700000000POST/orders{BODY}").as_bytes()
    );
    assert_eq!(signed.signature(), SIGNATURE);
    assert_eq!(
        headers(&signed),
        [
            ("CB-ACCESS-TIMESTAMP", "1700000000"),
            ("CB-ACCESS-KEY", "cb-key"),
            ("CB-ACCESS-PASSPHRASE", "cb-passphrase"),
            ("CB-ACCESS-SIGN", SIGNATURE),
        ]
    );
}

/// The only test that sets `CB_ACCESS_SECRET`.
#[test]
fn the_declared_key_is_base64_text() {
    std::env::set_var("CB_ACCESS_SECRET", SECRET);
    assert_eq!(order().sign().unwrap().signature(), SIGNATURE);
    std::env::set_var("CB_ACCESS_SECRET", "not base64!");
    assert!(matches!(
        order().sign(),
        Err(Error::KeyEncoding { origin, .. }) if origin == "env var CB_ACCESS_SECRET"
    ));
}
