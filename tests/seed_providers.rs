//! The seed providers' schemes, declared once in `signing_testing::seeds` (used here through the examples
//! that re-export them) and checked against values computed by an independent implementation
//! (Python's `hmac`), with the command beside each.

#[path = "../examples/circle_token.rs"]
#[allow(dead_code)]
mod circle_token;

#[path = "../examples/bh_token.rs"]
#[allow(dead_code)]
mod bh_token;

#[path = "../examples/user_key_token.rs"]
#[allow(dead_code)]
mod user_key_token;

use signing::{Error, Secret, SignedRequest, Timestamp};

use circle_token::{CircleToken, CircleTokenMillis};

fn circle(nonce: Timestamp) -> CircleToken<'static> {
    CircleToken {
        customer_id: "cust-42",
        app_key: "app-7",
        end_user_id: "user@example.com",
        nonce,
    }
}

#[test]
fn circle_token_in_seconds() {
    let signed = circle(Timestamp::from_unix_seconds(1_700_000_000))
        .sign_with(&Secret::new(circle_token::DEMO_SECRET))
        .unwrap();
    assert_eq!(
        signed.message(),
        b"customerId=cust-42&appKey=app-7&endUserId=user@example.com&nonce=1700000000"
    );
    // python3 -c "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b'circle-demo-secret',b'customerId=cust-42&appKey=app-7&endUserId=user@example.com&nonce=1700000000',hashlib.sha256).digest()).decode())"
    assert_eq!(
        signed.signature(),
        "zSET5eGc64skQS9cbcqX9GsBzSlovwT1N+TzB8t1+ns="
    );
    // python3 -c "from urllib.parse import quote;print(quote('user@example.com',safe=''), quote('zSET5eGc64skQS9cbcqX9GsBzSlovwT1N+TzB8t1+ns=',safe=''))"
    assert_eq!(
        signed.url(circle_token::TOKEN_URL).unwrap(),
        "https://api.circlesecurity.ai/api/token?customerId=cust-42&appKey=app-7&endUserId=user%40example.com\
         &nonce=1700000000&signature=zSET5eGc64skQS9cbcqX9GsBzSlovwT1N%2BTzB8t1%2Bns%3D"
    );
}

#[test]
fn circle_token_in_milliseconds() {
    let request = CircleTokenMillis {
        customer_id: "cust-42",
        app_key: "app-7",
        end_user_id: "user@example.com",
        nonce: Timestamp::from_unix_millis(1_700_000_000_129),
    };
    let signed = request
        .sign_with(&Secret::new(circle_token::DEMO_SECRET))
        .unwrap();
    // python3 -c "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b'circle-demo-secret',b'customerId=cust-42&appKey=app-7&endUserId=user@example.com&nonce=1700000000129',hashlib.sha256).digest()).decode())"
    assert_eq!(
        signed.signature(),
        "MQ2+cFIpLmj1XrO4b5++j4NSKLT3Q03ynOXQe0aadW8="
    );
    assert!(signed
        .query()
        .ends_with("&signature=MQ2%2BcFIpLmj1XrO4b5%2B%2Bj4NSKLT3Q03ynOXQe0aadW8%3D"));
}

#[test]
fn circle_key_from_env_is_trimmed() {
    // The only test that sets CIRCLE_SECRET; the value has the pasted newline `trim_key` removes.
    std::env::set_var("CIRCLE_SECRET", "circle-demo-secret\n");
    let signed = circle(Timestamp::from_unix_seconds(1_700_000_000))
        .sign()
        .unwrap();
    // The trimmed key gives circle_token_in_seconds's signature (python3 command there).
    assert_eq!(
        signed.signature(),
        "zSET5eGc64skQS9cbcqX9GsBzSlovwT1N+TzB8t1+ns="
    );
    let explained = signed.explain();
    assert!(
        explained.contains("env var CIRCLE_SECRET, 18 bytes"),
        "{explained}"
    );
    assert!(!explained.contains("circle-demo-secret"), "{explained}");
}

#[test]
fn bh_token_request() {
    let request = bh_token::BhTokenRequest {
        timestamp: Timestamp::from_unix_millis(1_740_568_725_231),
        api_key: bh_token::DEMO_API_KEY,
    };
    let secret = Secret::new(bh_token::DEMO_SECRET);
    let signed = request.sign_with(&secret).unwrap();
    assert_eq!(signed.message(), b"timestamp=1740568725231");
    // python3 -c "import hmac,hashlib;print(hmac.new(b'bh-demo-secret',b'timestamp=1740568725231',hashlib.sha256).hexdigest())"
    let expected = "bb200b9ec7e3e38615d8bf0eed61db463d701d12684107a4c7ebe362a4c0f3ce";
    assert_eq!(signed.signature(), expected);
    assert_eq!(
        signed.headers().collect::<Vec<_>>(),
        [("X-BH-APIKEY", bh_token::DEMO_API_KEY)]
    );

    let http = signed.http_request(bh_token::BASE_URL).unwrap();
    assert_eq!(http.method(), "GET");
    assert_eq!(
        http.uri().to_string(),
        format!(
            "https://api.bh.example/v2/token/generate?timestamp=1740568725231&signature={expected}"
        )
    );
    assert_eq!(http.headers()["X-BH-APIKEY"], bh_token::DEMO_API_KEY);
}

#[test]
fn user_key_tokens_in_each_samples_timestamp_format() {
    use user_key_token::{UserKeyTokenGo, UserKeyTokenJs, UserKeyTokenPython};
    let secret = Secret::new(user_key_token::DEMO_SECRET);
    let at = Timestamp::from_unix_millis(1_740_568_725_231);
    // python3 -c "import hmac,hashlib;print(hmac.new(b'uk-demo-secret',b'alice:ak-123@2025-02-26T11:18:45.231Z',hashlib.sha256).hexdigest())"
    let js = UserKeyTokenJs {
        username: "alice",
        api_key: "ak-123",
        timestamp: at,
    }
    .sign_with(&secret)
    .unwrap();
    assert_eq!(js.message(), b"alice:ak-123@2025-02-26T11:18:45.231Z");
    assert_eq!(
        js.signature(),
        "5a269efa21778d7baa60e81d415c5f6b3f9c815ab7510482417c1091c4f535b2"
    );
    // python3 -c "import hmac,hashlib;print(hmac.new(b'uk-demo-secret',b'alice:ak-123@2025-02-26T11:18:45.231000+00:00',hashlib.sha256).hexdigest())"
    let py = UserKeyTokenPython {
        username: "alice",
        api_key: "ak-123",
        timestamp: at,
    }
    .sign_with(&secret)
    .unwrap();
    assert_eq!(
        py.message(),
        b"alice:ak-123@2025-02-26T11:18:45.231000+00:00"
    );
    assert_eq!(
        py.signature(),
        "34a319556ae21389be0aa330a069583ed77efd8202d821bcd6798af23b9afa76"
    );
    // python3 -c "import hmac,hashlib;print(hmac.new(b'uk-demo-secret',b'alice:ak-123@2025-02-26T11:18:45Z',hashlib.sha256).hexdigest())"
    let go = UserKeyTokenGo {
        username: "alice",
        api_key: "ak-123",
        timestamp: at,
    }
    .sign_with(&secret)
    .unwrap();
    assert_eq!(go.message(), b"alice:ak-123@2025-02-26T11:18:45Z");
    assert_eq!(
        go.signature(),
        "f3ead736244d16ca5d42d9509510890d34abfb9362a00759b232bea9beb93d05"
    );
}

#[test]
fn verify_accepts_what_sign_made_and_rejects_any_change() {
    let secret = Secret::new(circle_token::DEMO_SECRET);
    let request = circle(Timestamp::from_unix_seconds(1_700_000_000));
    let signed = request.sign_with(&secret).unwrap();
    assert_eq!(request.verify(signed.signature(), &secret), Ok(()));

    let changed_field = CircleToken {
        end_user_id: "user@example.org",
        ..circle(request.nonce)
    };
    assert_eq!(
        changed_field.verify(signed.signature(), &secret),
        Err(Error::SignatureMismatch)
    );

    let changed_nonce = circle(Timestamp::from_unix_seconds(1_700_000_001));
    assert_eq!(
        changed_nonce.verify(signed.signature(), &secret),
        Err(Error::SignatureMismatch)
    );

    let mut changed_signature = signed.signature().to_owned();
    changed_signature.replace_range(0..1, "A");
    assert_eq!(
        request.verify(&changed_signature, &secret),
        Err(Error::SignatureMismatch)
    );

    assert_eq!(
        request.verify(signed.signature(), &Secret::new("wrong key")),
        Err(Error::SignatureMismatch)
    );
    assert_eq!(
        request.verify("not base64!", &secret),
        Err(Error::MalformedSignature {
            expected: signing::Encoding::Base64
        })
    );
}

#[test]
fn hex_signatures_verify_in_either_case() {
    let secret = Secret::new(bh_token::DEMO_SECRET);
    let request = bh_token::BhTokenRequest {
        timestamp: Timestamp::from_unix_millis(1_740_568_725_231),
        api_key: "k",
    };
    let upper = "BB200B9EC7E3E38615D8BF0EED61DB463D701D12684107A4C7EBE362A4C0F3CE";
    assert_eq!(request.verify(upper, &secret), Ok(()));
    assert_eq!(
        request.verify(&upper[2..], &secret),
        Err(Error::SignatureMismatch)
    );
}
