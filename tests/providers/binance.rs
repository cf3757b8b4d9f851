//! Binance `SIGNED` endpoints: the parameters as a query string in the order they are sent,
//! percent-encoded (RFC 3986, UTF-8, uppercase hex: Binance says "any non-ASCII character must
//! be percent-encoded before signing") before HMAC-SHA256, the hex signature appended as
//! `&signature=`, the API key in `X-MBX-APIKEY`.

use signing::{Secret, SignedRequest, Timestamp};

use super::{text, vector};

/// `POST /api/v3/order`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", signature = query("signature"), rename_all = "camelCase",
         escape = "rfc3986", method = "POST", path = "/api/v3/order")]
struct NewOrder<'a> {
    symbol: &'a str,
    side: &'a str,
    r#type: &'a str,
    time_in_force: &'a str,
    quantity: &'a str,
    price: &'a str,
    recv_window: u32,
    #[signed(timestamp = "unix-millis")]
    timestamp: Timestamp,
    #[signed(header = "X-MBX-APIKEY")]
    api_key: &'a str,
}

fn order<'a>(symbol: &'a str, api_key: &'a str) -> NewOrder<'a> {
    NewOrder {
        symbol,
        side: "BUY",
        r#type: "LIMIT",
        time_in_force: "GTC",
        quantity: "1",
        price: "0.1",
        recv_window: 5000,
        timestamp: Timestamp::from_unix_millis(1_499_827_319_559),
        api_key,
    }
}

#[test]
fn ascii_symbol() {
    let v = vector("binance-hmac-ascii");
    let key = Secret::new(text(&v["inputs"]["secretKey"]));
    let signed = order("LTCBTC", text(&v["inputs"]["apiKey"]))
        .sign_with(&key)
        .unwrap();
    assert_eq!(signed.message(), text(&v["message"]).as_bytes());
    assert_eq!(signed.signature(), text(&v["expected"]["signature_hex"]));
    assert_eq!(
        signed.headers().collect::<Vec<_>>(),
        [("X-MBX-APIKEY", text(&v["inputs"]["apiKey"]))]
    );
}

/// Binance's second published example (same keys, symbol `１２３４５６`), from the Binance spot API
/// docs, "SIGNED Endpoint Examples for POST /api/v3/order" > "HMAC Keys"
/// (https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security):
/// payload and curl command as published. Recomputed with
/// python3 -c "import hmac,hashlib;from urllib.parse import quote;p=[('symbol','１２３４５６'),('side','BUY'),('type','LIMIT'),('timeInForce','GTC'),('quantity','1'),('price','0.1'),('recvWindow','5000'),('timestamp','1499827319559')];m='&'.join(quote(k,safe='~')+'='+quote(v,safe='~') for k,v in p);print(hmac.new(b'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j',m.encode(),hashlib.sha256).hexdigest())"
#[test]
fn non_ascii_symbol_is_percent_encoded_before_signing() {
    let v = vector("binance-hmac-ascii");
    let key = Secret::new(text(&v["inputs"]["secretKey"]));
    let request = order("１２３４５６", text(&v["inputs"]["apiKey"]));
    let signed = request.sign_with(&key).unwrap();
    assert_eq!(
        signed.message(),
        b"symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT\
          &timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
    );
    let expected = "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3";
    assert_eq!(signed.signature(), expected);
    // The URL of Binance's curl command, byte for byte.
    assert_eq!(
        signed.url("https://api.binance.com").unwrap(),
        format!(
            "https://api.binance.com/api/v3/order?symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94\
             %EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1\
             &recvWindow=5000&timestamp=1499827319559&signature={expected}"
        )
    );
    // Binance treats HMAC signatures case-insensitively; so does `verify`.
    assert_eq!(request.verify(&expected.to_uppercase(), &key), Ok(()));
}
