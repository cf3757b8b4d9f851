//! The server side, `#[derive(FromSignedQuery)]`: reading incoming query strings and
//! `http::Request`s back into the declared struct, and refusing every malformed one with a typed
//! error that quotes nothing but a bounded snippet.

use signing::parse::{MAX_HEADER_BYTES, MAX_QUERY_BYTES, MAX_SNIPPET_CHARS};
use signing::{Error, FromSignedQuery, Secret, SignedRequest, Timestamp};

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

/// Binance `POST /api/v3/order` (tests/vectors/public.json, `binance-hmac-ascii`), as the
/// exchange's server reads it.
#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(mac = "hmac-sha256", rename_all = "camelCase", signature = query("signature"))]
struct BinanceOrder {
    symbol: String,
    side: String,
    r#type: String,
    time_in_force: String,
    quantity: u32,
    price: String,
    recv_window: u32,
    #[signed(timestamp = "unix-millis")]
    timestamp: Timestamp,
    #[signed(header = "X-MBX-APIKEY")]
    api_key: Option<String>,
}

/// GitHub webhooks (`github-webhook-x-hub-signature-256`): the body, signed, in a header.
#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(mac = "hmac-sha256", template = "{payload}",
         signature = header("X-Hub-Signature-256", prefix = "sha256="))]
struct GithubDelivery {
    #[signed(body)]
    payload: String,
}

/// Stripe webhooks: `Stripe-Signature: t=<timestamp>,v1=<hex>`, the timestamp read from the
/// header's `t` parameter, the payload from the body.
#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(mac = "hmac-sha256", template = "{timestamp}.{payload}",
         signature = header("Stripe-Signature", format = "t={timestamp},v1={signature}"))]
struct StripeEvent {
    #[signed(timestamp = "unix-seconds")]
    timestamp: Timestamp,
    #[signed(body)]
    payload: Vec<u8>,
}

#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq, Clone)]
#[signed(mac = "hmac-sha256", encoding = "base64", escape = "rfc3986",
         signature = query("signature"), rename_all = "camelCase")]
struct Circle {
    customer_id: String,
    app_key: String,
    end_user_id: String,
    note: Option<String>,
    #[signed(timestamp = "unix-seconds")]
    nonce: Timestamp,
    #[signed(timestamp = "rfc3339-millis")]
    expires: Option<Timestamp>,
    #[signed(skip)]
    received_by: String,
}

fn circle() -> Circle {
    Circle {
        customer_id: "cust 42&admin=1".into(),
        app_key: "100%+real".into(),
        end_user_id: "user@example.com/é{x}".into(),
        note: Some(String::new()),
        nonce: Timestamp::from_unix_seconds(1_700_000_000),
        expires: Some(Timestamp::from_unix_millis(1_740_568_725_231)),
        received_by: String::new(),
    }
}

fn malformed(result: Result<impl Sized, Error>) -> (Option<String>, &'static str) {
    match result.map(|_| ()) {
        Err(Error::MalformedRequest { field, reason }) => (field, reason),
        other => panic!("expected MalformedRequest, got {other:?}"),
    }
}

#[test]
fn binance_order_as_the_exchange_reads_it() {
    let v = vector("binance-hmac-ascii");
    let key = Secret::new(text(&v["inputs"]["secretKey"]));
    let signature = text(&v["expected"]["signature_hex"]);
    let query = format!("{}&signature={signature}", text(&v["message"]));
    let (order, sent) = BinanceOrder::from_query(&query).unwrap();
    assert_eq!(sent.as_str(), signature);
    assert_eq!(order.r#type, "LIMIT");
    assert_eq!(
        order.timestamp,
        Timestamp::from_unix_millis(1_499_827_319_559)
    );
    assert_eq!(order.api_key, None);
    assert_eq!(order.verify(&sent, &key), Ok(()));
    // Binance treats the hex as case-insensitive, and so does `verify`.
    assert_eq!(
        BinanceOrder::verify_query(
            &query
                .to_uppercase()
                .replace("SIGNATURE=", "signature=")
                .replacen(&text(&v["message"]).to_uppercase(), text(&v["message"]), 1),
            &key
        )
        .map(|o| o.price),
        Ok("0.1".to_owned())
    );
    // The same order for 10 LTC instead of 1 carries a signature that no longer matches.
    assert_eq!(
        BinanceOrder::verify_query(&query.replace("quantity=1&", "quantity=10&"), &key),
        Err(Error::SignatureMismatch)
    );

    // From the HTTP request, the API key header is read too.
    let request = http::Request::post(format!("https://api.binance.com/api/v3/order?{query}"))
        .header("X-MBX-APIKEY", text(&v["inputs"]["apiKey"]))
        .body(Vec::new())
        .unwrap();
    let order = BinanceOrder::verify_request(&request, &key).unwrap();
    assert_eq!(order.api_key.as_deref(), Some(text(&v["inputs"]["apiKey"])));
}

#[test]
fn github_delivery_as_the_receiver_reads_it() {
    let v = vector("github-webhook-x-hub-signature-256");
    let key = Secret::new(text(&v["inputs"]["secret"]));
    let header = text(&v["expected"]["X-Hub-Signature-256"]);
    let request = |body: &str, signature: &str| {
        http::Request::post("https://hooks.example/github")
            .header("X-Hub-Signature-256", signature)
            .body(body.as_bytes().to_vec())
            .unwrap()
    };
    let payload = text(&v["inputs"]["payload"]);
    let delivery = GithubDelivery::verify_request(&request(payload, header), &key).unwrap();
    assert_eq!(delivery.payload, payload);
    let hex = text(&v["expected"]["signature_hex"]);
    // The signature text is the header as received; `verify` takes the prefix off once.
    let (read, sent) = GithubDelivery::from_request(&request(payload, header)).unwrap();
    assert_eq!(sent.as_str(), header);
    assert_eq!(read.verify(&sent, &key), Ok(()));
    // `verify` alone, given the header value with its prefix, or the bare signature.
    assert_eq!(delivery.verify(header, &key), Ok(()));
    assert_eq!(delivery.verify(hex, &key), Ok(()));
    let bare = GithubDelivery::verify_request(&request(payload, hex), &key);
    assert_eq!(bare.map(|d| d.payload), Ok(payload.to_owned()));
    // A doubled prefix is not a signature (issue 16, finding 7: the prefix was taken off twice,
    // once by `from_request`, once by `verify`, so `verify_request` accepted it).
    let doubled = format!("sha256={header}");
    assert_eq!(
        GithubDelivery::verify_request(&request(payload, &doubled), &key),
        Err(Error::MalformedSignature {
            expected: signing::Encoding::Hex
        })
    );
    let (read, sent) = GithubDelivery::from_request(&request(payload, &doubled)).unwrap();
    assert!(read.verify(&sent, &key).is_err());
    assert_eq!(
        GithubDelivery::verify_request(&request("Hello, World?", header), &key),
        Err(Error::SignatureMismatch)
    );
    assert_eq!(
        malformed(GithubDelivery::from_request(
            &http::Request::post("/").body(payload.as_bytes()).unwrap()
        )),
        (
            Some("X-Hub-Signature-256".into()),
            "the signature header is missing"
        )
    );
    // A query alone has no body.
    assert_eq!(
        malformed(GithubDelivery::from_query("")),
        (
            Some("X-Hub-Signature-256".into()),
            "the signature header is missing"
        )
    );
    let mut twice = request(payload, header);
    twice.headers_mut().append(
        "X-Hub-Signature-256",
        http::HeaderValue::from_static("sha256=00"),
    );
    assert_eq!(
        malformed(GithubDelivery::from_request(&twice)),
        (
            Some("X-Hub-Signature-256".into()),
            "a header given more than once"
        )
    );
    let not_utf8 = http::Request::post("/")
        .header("X-Hub-Signature-256", header)
        .body(vec![0xff, 0xfe])
        .unwrap();
    assert_eq!(
        malformed(GithubDelivery::from_request(&not_utf8)),
        (Some("body".into()), "a body that is not UTF-8")
    );
}

#[test]
fn stripe_event_as_the_receiver_reads_it() {
    const PAYLOAD: &[u8] = br#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded"}"#;
    // printf '%s' '{"id":"evt_1","object":"event","type":"payment_intent.succeeded"}' | python3 -c "import hmac,hashlib,sys;print(hmac.new(b'whsec_test_secret_for_signing_crate',b'1700000000.'+sys.stdin.buffer.read(),hashlib.sha256).hexdigest())"
    const V1: &str = "2aa0c86e240bdb16d9e5bf0aa1c0a52efcbfa9ab044d17a92a764c6f8a497f96";
    let key = Secret::new("whsec_test_secret_for_signing_crate");
    let request = |header: &str, body: &[u8]| {
        http::Request::post("https://hooks.example/stripe")
            .header("Stripe-Signature", header)
            .body(body.to_vec())
            .unwrap()
    };
    let event =
        StripeEvent::verify_request(&request(&format!("t=1700000000,v1={V1}"), PAYLOAD), &key)
            .unwrap();
    assert_eq!(event.timestamp, Timestamp::from_unix_seconds(1_700_000_000));
    assert_eq!(event.payload, PAYLOAD);
    // While a secret is rotated, one `v1` per secret: any may match.
    let rotating = format!("t=1700000000, v1=00{}, v1={V1}", &V1[2..]);
    assert!(StripeEvent::verify_request(&request(&rotating, PAYLOAD), &key).is_ok());
    // Another timestamp with the same signature: the message differs.
    assert_eq!(
        StripeEvent::verify_request(&request(&format!("t=1700000001,v1={V1}"), PAYLOAD), &key),
        Err(Error::SignatureMismatch)
    );
    // Two `t` parameters: which one was signed? Refused.
    assert_eq!(
        malformed(StripeEvent::from_request(&request(
            &format!("t=1700000000,t=1800000000,v1={V1}"),
            PAYLOAD
        ))),
        (Some("t".into()), "a header parameter given more than once")
    );
    assert_eq!(
        malformed(StripeEvent::from_request(&request(
            &format!("v1={V1}"),
            PAYLOAD
        ))),
        (Some("t".into()), "a required header parameter is missing")
    );
    // What the sending side makes, the receiving side reads back.
    let signed = event.sign_with(&key).unwrap();
    let sent = signed.http_request("https://hooks.example/stripe").unwrap();
    assert_eq!(StripeEvent::verify_request(&sent, &key), Ok(event));
}

#[test]
fn what_the_client_signs_the_server_reads_back() {
    let key = Secret::new("circle-shared-secret");
    let sent = circle();
    let signed = sent.sign_with(&key).unwrap();
    let query = signed.query();
    let (read, signature) = Circle::from_query(&query).unwrap();
    assert_eq!(read, sent);
    assert_eq!(signature.as_str(), signed.signature());
    assert_eq!(Circle::verify_query(&query, &key), Ok(sent.clone()));

    // `None` is left out, `Some("")` is sent empty; each reads back as itself.
    let none = Circle {
        note: None,
        expires: None,
        ..sent.clone()
    };
    let query = none.sign_with(&key).unwrap().query();
    assert!(!query.contains("note="), "{query}");
    assert_eq!(Circle::verify_query(&query, &key), Ok(none));

    // `+` is a space, as in every form-encoded query.
    let (read, _) =
        Circle::from_query("customerId=a+b&appKey=k&endUserId=u&nonce=1&signature=x").unwrap();
    assert_eq!(read.customer_id, "a b");
}

#[test]
fn http_requests_built_by_the_client_verify_on_the_server() {
    let key = Secret::new("circle-shared-secret");
    let sent = circle();
    let request = sent
        .sign_with(&key)
        .unwrap()
        .http_request("https://api.example/token")
        .unwrap();
    assert_eq!(Circle::verify_request(&request, &key), Ok(sent));
}

#[test]
fn malformed_queries_are_refused_with_the_parameter_named() {
    let base = "customerId=c&appKey=k&endUserId=u&nonce=1700000000&signature=s";
    assert!(Circle::from_query(base).is_ok());
    let cases: &[(&str, Option<&str>, &str)] = &[
        ("customerId=c&customerId=d&appKey=k&endUserId=u&nonce=1&signature=s", Some("customerId"), "a parameter given more than once"),
        ("customerId=c&%63ustomerId=d&appKey=k&endUserId=u&nonce=1&signature=s", Some("customerId"), "a parameter given more than once"),
        ("customerId=c&appKey=k&endUserId=u&nonce=1&signature=s&signature=t", Some("signature"), "a parameter given more than once"),
        ("appKey=k&endUserId=u&nonce=1&signature=s", Some("customerId"), "a required parameter is missing"),
        ("customerId=c&appKey=k&endUserId=u&nonce=1", Some("signature"), "the signature parameter is missing"),
        ("customerId=c&appKey=k&endUserId=u&nonce=1&signature=s&admin=1", Some("admin"), "a parameter the declaration does not name"),
        ("customerId=c&appKey=k&endUserId=u&nonce=1&signature=s&receivedBy=x", Some("receivedBy"), "a parameter the declaration does not name"),
        ("customerId=c&&appKey=k&endUserId=u&nonce=1&signature=s", None, "an empty parameter (`&&`, or `&` at either end)"),
        ("customerId=c&appKey=k&endUserId=u&nonce=1&signature=s&", None, "an empty parameter (`&&`, or `&` at either end)"),
        ("customerId&appKey=k&endUserId=u&nonce=1&signature=s", Some("customerId"), "a parameter without `=`"),
        ("customerId=%E9&appKey=k&endUserId=u&nonce=1&signature=s", Some("customerId"), "text that is not UTF-8 once percent-decoded"),
        ("customerId=100%&appKey=k&endUserId=u&nonce=1&signature=s", Some("customerId"), "a `%` not followed by two hex digits"),
        ("customerId=c&appKey=k&endUserId=u&nonce=soon&signature=s", Some("nonce"), "not a timestamp written as unix-seconds"),
        // Spellings the message would not reproduce could never verify: refused up front.
        ("customerId=c&appKey=k&endUserId=u&nonce=01700000000&signature=s", Some("nonce"), "not a timestamp written as unix-seconds"),
        ("customerId=c&appKey=k&endUserId=u&nonce=1&expires=2025-02-26T12:18:45.231%2B01:00&signature=s", Some("expires"), "not a timestamp written as rfc3339-millis"),
    ];
    for (query, field, reason) in cases {
        assert_eq!(
            malformed(Circle::from_query(query)),
            (field.map(str::to_owned), *reason),
            "{query}"
        );
    }
    assert_eq!(
        malformed(BinanceOrder::from_query(
            "symbol=A&side=B&type=C&timeInForce=D&quantity=05&price=1&recvWindow=1&timestamp=1&signature=s"
        )),
        (
            Some("quantity".into()),
            "a value not in the spelling the message gives it (it could never verify)"
        )
    );
    assert_eq!(
        malformed(BinanceOrder::from_query(
            "symbol=A&side=B&type=C&timeInForce=D&quantity=-1&price=1&recvWindow=1&timestamp=1&signature=s"
        )),
        (
            Some("quantity".into()),
            "a value that is not valid for its field's type"
        )
    );
}

#[test]
fn hostile_text_is_never_quoted_beyond_a_snippet() {
    let long_name = format!("{}\u{7}\n", "x".repeat(500));
    let query = format!("customerId=c&appKey=k&endUserId=u&nonce=1&signature=s&{long_name}=1");
    let (field, _) = malformed(Circle::from_query(&query));
    let field = field.unwrap();
    assert_eq!(field, format!("{}…", "x".repeat(MAX_SNIPPET_CHARS)));
    let err = Circle::from_query(&query).unwrap_err().to_string();
    assert!(err.len() < 200, "{err}");

    // Values are never quoted at all.
    let err =
        Circle::from_query("customerId=c&appKey=k&endUserId=u&nonce=evil-value-1234&signature=s")
            .unwrap_err()
            .to_string();
    assert!(!err.contains("evil-value"), "{err}");

    // Control characters in a name are escaped.
    let (field, _) = malformed(Circle::from_query(
        "customerId=c&appKey=k&endUserId=u&nonce=1&signature=s&a%0Ab=1",
    ));
    assert_eq!(field.as_deref(), Some("a\\nb"));
}

#[test]
fn limits_are_enforced() {
    let at_limit = format!(
        "customerId={}&appKey=k&endUserId=u&nonce=1&signature=s",
        "c".repeat(10)
    );
    assert!(Circle::from_query(&at_limit).is_ok());
    let long = format!(
        "customerId={}&appKey=k&endUserId=u&nonce=1&signature=s",
        "c".repeat(MAX_QUERY_BYTES)
    );
    assert_eq!(
        malformed(Circle::from_query(&long)),
        (
            None,
            "the query is longer than MAX_QUERY_BYTES (8192 bytes)"
        )
    );
    let request = http::Request::post("/")
        .header("X-Hub-Signature-256", "a".repeat(MAX_HEADER_BYTES + 1))
        .body(Vec::new())
        .unwrap();
    assert_eq!(
        malformed(GithubDelivery::from_request(&request)),
        (
            Some("X-Hub-Signature-256".into()),
            "a header value longer than MAX_HEADER_BYTES (8192 bytes)"
        )
    );
    let request = http::Request::post("/")
        .header(
            "X-Hub-Signature-256",
            http::HeaderValue::from_bytes("sha256=é".as_bytes()).unwrap(),
        )
        .body(Vec::new())
        .unwrap();
    assert_eq!(
        malformed(GithubDelivery::from_request(&request)),
        (
            Some("X-Hub-Signature-256".into()),
            "a header value that is not visible ASCII"
        )
    );
}

/// The timestamp formats of cloud signing (ISO 8601 basic, the date alone, the HTTP date), written
/// by the derive and read back by `FromSignedQuery`.
#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(mac = "hmac-sha256", escape = "rfc3986", signature = query("sig"))]
struct Dated {
    #[signed(timestamp = "iso8601-basic")]
    amz: Timestamp,
    #[signed(timestamp = "date-basic")]
    day: Timestamp,
    #[signed(timestamp = "imf-fixdate")]
    date: Timestamp,
}

#[test]
fn cloud_timestamp_formats_round_trip() {
    // python3 -c "
    // import urllib.parse,hmac,hashlib
    // q='&'.join(k+'='+urllib.parse.quote(v,safe='-._~') for k,v in [('amz','20150830T123600Z'),('day','20150830'),('date','Sun, 30 Aug 2015 12:36:00 GMT')])
    // print(q); print(hmac.new(b'secret',q.encode(),hashlib.sha256).hexdigest())"
    let message =
        "amz=20150830T123600Z&day=20150830&date=Sun%2C%2030%20Aug%202015%2012%3A36%3A00%20GMT";
    let signature = "697a6081c99236651e9a1df67edb8eae74a2174990237c47f2a9f18f25f76ff2";
    let at = Timestamp::from_unix_seconds(1_440_938_160);
    // date -u -d 2015-08-30 +%s -> 1440892800: the date alone reads back as its midnight.
    let midnight = Timestamp::from_unix_seconds(1_440_892_800);
    let dated = Dated {
        amz: at,
        day: at,
        date: at,
    };
    let key = Secret::new("secret");
    assert_eq!(dated.message().unwrap(), message.as_bytes());
    assert_eq!(dated.sign_with(&key).unwrap().signature(), signature);
    let (read, sent) = Dated::from_query(&format!("{message}&sig={signature}")).unwrap();
    assert_eq!(
        read,
        Dated {
            amz: at,
            day: midnight,
            date: at
        }
    );
    assert_eq!(read.verify(&sent, &key), Ok(()));
    // A wrong day of the week is not an HTTP date.
    let (_, reason) = malformed(Dated::from_query(&format!(
        "{}&sig={signature}",
        message.replace("Sun", "Mon")
    )));
    assert_eq!(reason, "not a timestamp written as imf-fixdate");
}

/// Signature header formats of every shape (the signature first or last, with text around it,
/// quoted), read back: issue 16 reported "does not say where the signature is" for some. Each
/// reads and verifies when the header is there, and names the header when it is not.
mod header_formats {
    use super::*;

    #[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
    #[signed(mac = "hmac-sha256", template = "{timestamp}.{payload}",
             signature = header("Signature", format = "sig1=:{signature}:"))]
    struct Colons {
        #[signed(timestamp = "unix-seconds", header = "X-Timestamp")]
        timestamp: Timestamp,
        #[signed(body)]
        payload: String,
    }

    #[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
    #[signed(mac = "hmac-sha256", template = "{timestamp}.{payload}",
             signature = header("Authorization", format = "keyId=\"k1\",signature=\"{signature}\""))]
    struct Quoted {
        #[signed(timestamp = "unix-seconds", header = "X-Timestamp")]
        timestamp: Timestamp,
        #[signed(body)]
        payload: String,
    }

    #[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
    #[signed(mac = "hmac-sha256", template = "{timestamp}.{payload}",
             signature = header("Sig", format = "v1={signature},t={timestamp}"))]
    struct SignatureFirst {
        #[signed(timestamp = "unix-seconds")]
        timestamp: Timestamp,
        #[signed(body)]
        payload: String,
    }

    fn check<T>(request: T, header: &'static str)
    where
        T: SignedRequest<SigningKey = Secret, VerifyingKey = Secret>,
        T: FromSignedQuery + PartialEq + std::fmt::Debug,
    {
        let key = Secret::new("header-formats");
        let signed = request.sign_with(&key).unwrap();
        let sent = signed.http_request("https://hooks.example/").unwrap();
        assert_eq!(T::verify_request(&sent, &key).as_ref(), Ok(&request));
        // Without the signature header: the header is named, whatever the format.
        let mut bare = http::Request::post("/").body(sent.body().clone()).unwrap();
        for (name, value) in sent.headers() {
            if name.as_str() != header.to_ascii_lowercase() {
                bare.headers_mut().insert(name, value.clone());
            }
        }
        assert_eq!(
            malformed(T::from_request(&bare)),
            (Some(header.to_owned()), "the signature header is missing")
        );
        assert_eq!(
            malformed(T::from_query("")),
            (Some(header.to_owned()), "the signature header is missing")
        );
    }

    #[test]
    fn every_shape_reads_back_and_names_its_header() {
        let timestamp = Timestamp::from_unix_seconds(1_700_000_000);
        let payload = "{\"id\":1}".to_owned();
        check(
            Colons {
                timestamp,
                payload: payload.clone(),
            },
            "Signature",
        );
        check(
            Quoted {
                timestamp,
                payload: payload.clone(),
            },
            "Authorization",
        );
        check(SignatureFirst { timestamp, payload }, "Sig");
    }
}
