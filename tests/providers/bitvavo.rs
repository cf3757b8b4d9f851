//! Bitvavo REST: HMAC-SHA256 hex of `timestamp + method + path + body`, sent with the key, the
//! timestamp and the window in `Bitvavo-Access-*` headers. The method and path are the ones the
//! request is sent to (`{@method}{@path}`), so the signed path cannot drift from the URL.

use signing::{Secret, SignedRequest, Timestamp};

use super::{headers, text, vector};

/// `POST /v2/order`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{timestamp}{@method}{@path}{body}",
         signature = header("Bitvavo-Access-Signature"), method = "POST", path = "/v2/order")]
struct PlaceOrder<'a> {
    #[signed(timestamp = "unix-millis", header = "Bitvavo-Access-Timestamp")]
    timestamp: Timestamp,
    #[signed(body)]
    body: &'a str,
    #[signed(header = "Bitvavo-Access-Key")]
    api_key: &'a str,
    #[signed(header = "Bitvavo-Access-Window")]
    window: u32,
}

#[test]
fn post_order() {
    let v = vector("bitvavo-rest-post-order");
    let request = PlaceOrder {
        timestamp: Timestamp::from_unix_millis(1_548_172_481_125),
        body: r#"{"market":"BTC-EUR","side":"buy","price":"5000","amount":"1.23","orderType":"limit"}"#,
        api_key: "my-api-key",
        window: 10_000,
    };
    let signed = request
        .sign_with(&Secret::new(text(&v["inputs"]["secret"])))
        .unwrap();
    assert_eq!(signed.message(), text(&v["message"]).as_bytes());
    let signature = text(&v["expected"]["signature_hex"]);
    assert_eq!(signed.signature(), signature);
    assert_eq!(
        headers(&signed),
        [
            ("Bitvavo-Access-Timestamp", "1548172481125"),
            ("Bitvavo-Access-Key", "my-api-key"),
            ("Bitvavo-Access-Window", "10000"),
            ("Bitvavo-Access-Signature", signature),
        ]
    );
    let http = signed.http_request("https://api.bitvavo.com").unwrap();
    assert_eq!(http.method(), "POST");
    assert_eq!(http.uri(), "https://api.bitvavo.com/v2/order");
    assert_eq!(http.body().as_slice(), request.body.as_bytes());
}
