//! Officially published test vectors (tests/vectors/public.json, each with its source), every
//! scheme declared with the derive.

use signing::{Secret, SignedRequest, Timestamp};

fn vector(id: &str) -> serde_json::Value {
    let all: Vec<serde_json::Value> = serde_json::from_str(include_str!("vectors/public.json"))
        .expect("vectors/public.json is valid JSON");
    all.into_iter()
        .find(|v| v["id"] == id)
        .unwrap_or_else(|| panic!("no vector {id}"))
}

fn text(v: &serde_json::Value) -> &str {
    v.as_str().expect("a string")
}

/// RFC 4231: the message is the data, as raw bytes.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{data}")]
struct Rfc4231Sha256<'a> {
    #[signed(body)]
    data: &'a [u8],
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha512", template = "{data}")]
struct Rfc4231Sha512<'a> {
    #[signed(body)]
    data: &'a [u8],
}

#[test]
fn rfc4231_test_cases_1_2_6() {
    for id in ["rfc4231-tc1", "rfc4231-tc2", "rfc4231-tc6"] {
        for sha in ["sha256", "sha512"] {
            let v = vector(&format!("{id}-hmac-{sha}"));
            let key = Secret::from_hex(text(&v["inputs"]["key_hex"])).unwrap();
            let data = hex::decode(text(&v["inputs"]["data_hex"])).unwrap();
            let signed = if sha == "sha256" {
                Rfc4231Sha256 { data: &data }.sign_with(&key).unwrap()
            } else {
                Rfc4231Sha512 { data: &data }.sign_with(&key).unwrap()
            };
            assert_eq!(
                signed.signature(),
                text(&v["expected"]["mac_hex"]),
                "{id} {sha}"
            );
        }
    }
}

/// Binance `POST /api/v3/order`: the query form in declaration order, hex, `&signature=`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", signature = query("signature"), rename_all = "camelCase",
         method = "POST", path = "/api/v3/order")]
struct BinanceOrder<'a> {
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

#[test]
fn binance_signed_endpoint() {
    let v = vector("binance-hmac-ascii");
    let order = BinanceOrder {
        symbol: "LTCBTC",
        side: "BUY",
        r#type: "LIMIT",
        time_in_force: "GTC",
        quantity: "1",
        price: "0.1",
        recv_window: 5000,
        timestamp: Timestamp::from_unix_millis(1_499_827_319_559),
        api_key: text(&v["inputs"]["apiKey"]),
    };
    let signed = order
        .sign_with(&Secret::new(text(&v["inputs"]["secretKey"])))
        .unwrap();
    assert_eq!(signed.message(), text(&v["message"]).as_bytes());
    assert_eq!(signed.signature(), text(&v["expected"]["signature_hex"]));
    assert_eq!(
        signed.headers()[0],
        ("X-MBX-APIKEY", text(&v["inputs"]["apiKey"]).to_owned())
    );
    assert!(signed.query().ends_with(&format!(
        "&signature={}",
        text(&v["expected"]["signature_hex"])
    )));
}

/// Bitvavo: `timestamp + method + path + body` with nothing between the pieces, which only
/// `escape = "none"` allows: the caller vouches for the pieces.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    template = "{timestamp}{method}{path}{body}",
    escape = "none"
)]
struct BitvavoRequest<'a> {
    #[signed(timestamp = "unix-millis")]
    timestamp: Timestamp,
    method: &'a str,
    path: &'a str,
    #[signed(body)]
    body: &'a str,
}

#[test]
fn bitvavo_post_order() {
    let v = vector("bitvavo-rest-post-order");
    let request = BitvavoRequest {
        timestamp: Timestamp::from_unix_millis(1_548_172_481_125),
        method: "POST",
        path: "/v2/order",
        body: r#"{"market":"BTC-EUR","side":"buy","price":"5000","amount":"1.23","orderType":"limit"}"#,
    };
    let signed = request
        .sign_with(&Secret::new(text(&v["inputs"]["secret"])))
        .unwrap();
    assert_eq!(signed.message(), text(&v["message"]).as_bytes());
    assert_eq!(signed.signature(), text(&v["expected"]["signature_hex"]));
}

/// GitHub webhooks: HMAC-SHA256 of the raw body, in `X-Hub-Signature-256: sha256=<hex>`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{payload}", signature = header("X-Hub-Signature-256", prefix = "sha256="))]
struct GithubWebhook<'a> {
    #[signed(body)]
    payload: &'a [u8],
}

#[test]
fn github_webhook_signature_header() {
    let v = vector("github-webhook-x-hub-signature-256");
    let secret = Secret::new(text(&v["inputs"]["secret"]));
    let delivery = GithubWebhook {
        payload: text(&v["inputs"]["payload"]).as_bytes(),
    };
    let header = text(&v["expected"]["X-Hub-Signature-256"]);
    // The verification side, as a webhook receiver uses it: the header value as received.
    assert_eq!(delivery.verify(header, &secret), Ok(()));
    assert_eq!(
        delivery.verify(&header.replace("757107", "757108"), &secret),
        Err(signing::Error::SignatureMismatch)
    );
    let signed = delivery.sign_with(&secret).unwrap();
    assert_eq!(
        signed.headers(),
        &[("X-Hub-Signature-256", header.to_owned())]
    );
    assert_eq!(
        signed.body(),
        Some(text(&v["inputs"]["payload"]).as_bytes())
    );
}
