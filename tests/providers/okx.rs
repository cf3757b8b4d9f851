//! OKX REST v5: `OK-ACCESS-SIGN` is base64 HMAC-SHA256 of `timestamp + method + requestPath +
//! body`, the timestamp in ISO 8601 with milliseconds (`2020-12-08T09:08:57.715Z`) and sent
//! again in `OK-ACCESS-TIMESTAMP`, with `OK-ACCESS-KEY` and `OK-ACCESS-PASSPHRASE`
//! (www.okx.com/docs-v5, "REST Authentication"; the request below is its example).

use signing::{Secret, SignedRequest, Timestamp};

use super::headers;

/// `GET /api/v5/account/balance?ccy=BTC`: the request path includes the query.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", encoding = "base64", template = "{timestamp}{@method}{@path}",
         signature = header("OK-ACCESS-SIGN"), method = "GET",
         path = "/api/v5/account/balance?ccy=BTC")]
struct Balance<'a> {
    #[signed(timestamp = "rfc3339-millis", header = "OK-ACCESS-TIMESTAMP")]
    timestamp: Timestamp,
    #[signed(header = "OK-ACCESS-KEY")]
    api_key: &'a str,
    #[signed(header = "OK-ACCESS-PASSPHRASE")]
    passphrase: &'a str,
}

#[test]
fn balance() {
    let request = Balance {
        // python3 -c "import datetime as d;print(int(d.datetime(2020,12,8,9,8,57,715000,tzinfo=d.timezone.utc).timestamp()*1000))"
        timestamp: Timestamp::from_unix_millis(1_607_418_537_715),
        api_key: "okx-key",
        passphrase: "okx-passphrase",
    };
    // A made-up secret in OKX's form (32 uppercase hex digits, used as text).
    let signed = request
        .sign_with(&Secret::new("22582BD0CFF14C41EDBF1AB98506286D"))
        .unwrap();
    assert_eq!(
        signed.message(),
        b"2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC"
    );
    // python3 -c "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b'22582BD0CFF14C41EDBF1AB98506286D',b'2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC',hashlib.sha256).digest()).decode())"
    let signature = "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=";
    assert_eq!(signed.signature(), signature);
    assert_eq!(
        headers(&signed),
        [
            ("OK-ACCESS-TIMESTAMP", "2020-12-08T09:08:57.715Z"),
            ("OK-ACCESS-KEY", "okx-key"),
            ("OK-ACCESS-PASSPHRASE", "okx-passphrase"),
            ("OK-ACCESS-SIGN", signature),
        ]
    );
    assert_eq!(
        signed.url("https://www.okx.com").unwrap(),
        "https://www.okx.com/api/v5/account/balance?ccy=BTC"
    );
}
