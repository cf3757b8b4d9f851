//! Request shapes and properties shared by the fuzz targets (`fuzz/`) and their regression test
//! (`tests/fuzz_regressions.rs`): whatever bytes come in, parsing and verifying never panic,
//! errors quote at most a bounded snippet, and whatever parses signs back to the same request.

use signing::parse::MAX_QUERY_BYTES;
use signing::{Error, FromSignedQuery, Secret, SignedRequest, Timestamp};

/// The key every shape is signed with.
pub const KEY: &str = "fuzz-shared-secret";

#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(mac = "hmac-sha256", encoding = "base64", signature = query("signature"),
         rename_all = "camelCase")]
pub struct Strict {
    pub customer_id: String,
    pub amount: u32,
    pub note: Option<String>,
    #[signed(timestamp = "unix-seconds")]
    pub nonce: Timestamp,
    #[signed(timestamp = "rfc3339-millis")]
    pub expires: Option<Timestamp>,
    #[signed(skip)]
    pub local: u8,
}

#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(mac = "hmac-sha512", encoding = "hex", escape = "rfc3986", sort,
         pair_separator = ";", kv_separator = ":", signature = query("sig"))]
pub struct Encoded {
    pub zeta: String,
    pub alpha: Option<i64>,
    #[signed(rename = "b")]
    pub beta: String,
    #[signed(timestamp = "rfc3339-micros")]
    pub at: Timestamp,
}

#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(mac = "hmac-sha1", encoding = "base64url-nopad", escape = "form",
         signature = header("X-Signature", prefix = "v1="))]
pub struct Headers {
    pub user: String,
    #[signed(header = "X-Api-Key")]
    pub api_key: String,
    #[signed(header = "X-Timestamp", timestamp = "unix-millis")]
    pub at: Timestamp,
    #[signed(header = "X-Trace")]
    pub trace: Option<u64>,
}

#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(mac = "hmac-sha256", template = "{body}", encoding = "hex-upper",
         signature = header("X-Hub-Signature-256", prefix = "sha256="))]
pub struct Webhook {
    #[signed(body)]
    pub body: Vec<u8>,
}

#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(mac = "hmac-sha256", template = "{timestamp}.{payload}",
         signature = header("Stripe-Signature", format = "t={timestamp},v1={signature}"))]
pub struct Stripe {
    #[signed(timestamp = "unix-seconds")]
    pub timestamp: Timestamp,
    #[signed(body)]
    pub payload: String,
}

fn key() -> Secret {
    Secret::new(KEY)
}

/// Errors quote at most a bounded snippet of what the client sent.
fn bounded(error: &Error) {
    let text = error.to_string();
    assert!(text.len() <= 600, "{} bytes: {text}", text.len());
    if let Error::MalformedRequest {
        field: Some(field), ..
    } = error
    {
        // 32 characters, each escaped as at most `\u{10ffff}`, and an ellipsis.
        assert!(field.len() <= 32 * 10 + 3, "{field}");
    }
}

/// `T::from_query(text)`: no panic, bounded errors; what parses signs back to itself.
fn query_round_trip<T>(text: &str)
where
    T: FromSignedQuery + SignedRequest<SigningKey = Secret, VerifyingKey = Secret>,
    T: PartialEq + core::fmt::Debug,
{
    let (request, signature) = match T::from_query(text) {
        Ok(parsed) => parsed,
        Err(error) => return bounded(&error),
    };
    let key = key();
    if let Err(error) = request.verify(&signature, &key) {
        bounded(&error);
    }
    // Under `strict` a parsed value may hold its separator: then it has no message.
    let Ok(signed) = request.sign_with(&key) else {
        return;
    };
    let query = signed.query();
    if query.len() > MAX_QUERY_BYTES {
        // Percent-encoding can make the signed query longer than the limit the parser enforces
        // (a `\u{fffd}` becomes 9 bytes): the server refuses it as too long, nothing else.
        let error = T::from_query(&query).err();
        assert!(
            matches!(&error, Some(Error::MalformedRequest { field: None, reason }) if reason.contains("MAX_QUERY_BYTES")),
            "{error:?}"
        );
        return;
    }
    let (again, again_signature) = T::from_query(&query)
        .unwrap_or_else(|e| panic!("the signed query does not parse back: {e}"));
    assert_eq!(again, request);
    assert_eq!(again_signature.as_str(), signed.signature());
    assert_eq!(T::verify_query(&query, &key).as_ref().err(), None);
}

/// Query strings.
pub fn check_query(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    query_round_trip::<Strict>(&text);
    query_round_trip::<Encoded>(&text);
}

/// Whole requests: the bytes are split at 0xFF into a query, four header values and a body.
pub fn check_request(data: &[u8]) {
    let mut parts = data.split(|&b| b == 0xff);
    let query = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let mut builder = http::Request::builder().uri(format!("/hook?{query}"));
    for name in [
        "X-Api-Key",
        "X-Timestamp",
        "X-Signature",
        "Stripe-Signature",
    ] {
        if let Some(value) = parts.next() {
            builder = builder.header(name, value);
        }
    }
    let body = parts.next().unwrap_or_default().to_vec();
    // Bytes that make no valid URI or header never reach a server.
    let Ok(request) = builder.body(body) else {
        return;
    };
    let key = key();
    for result in [
        Headers::verify_request(&request, &key).map(|_| ()),
        Webhook::verify_request(&request, &key).map(|_| ()),
        Stripe::verify_request(&request, &key).map(|_| ()),
    ] {
        if let Err(error) = result {
            bounded(&error);
        }
    }
    request_round_trip::<Stripe>(&request);
    request_round_trip::<Headers>(&request);
}

/// What `T::from_request` reads, signed again and sent as an `http::Request`, reads back as
/// itself (these shapes have no separator for `strict` to refuse).
fn request_round_trip<T>(request: &http::Request<Vec<u8>>)
where
    T: FromSignedQuery + SignedRequest<SigningKey = Secret, VerifyingKey = Secret>,
    T: PartialEq + core::fmt::Debug,
{
    let Ok((parsed, _)) = T::from_request(request) else {
        return;
    };
    let key = key();
    let signed = parsed.sign_with(&key).expect("nothing to refuse");
    if signed.query().len() > MAX_QUERY_BYTES {
        // As in `query_round_trip`: refused as too long, nothing else.
        return;
    }
    let again = signed
        .http_request("http://localhost")
        .expect("signed requests are valid");
    match T::verify_request(&again, &key) {
        Ok(again) => assert_eq!(again, parsed),
        Err(error) => panic!("the signed request does not verify: {error}"),
    }
}

/// Signature text: `verify` never panics, and accepts only the signature itself (any case of
/// hex; base64 exactly as encoded). The first byte picks raw text or the valid signature with
/// the rest of the bytes spliced in.
pub fn check_verify(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let key = key();
    let request = Strict {
        customer_id: "c1".into(),
        amount: 7,
        note: None,
        nonce: Timestamp::from_unix_seconds(1_700_000_000),
        expires: None,
        local: 0,
    };
    let encoded = Encoded {
        zeta: "z".into(),
        alpha: Some(-1),
        beta: "b".into(),
        at: Timestamp::from_unix_micros(1),
    };
    let strict_sig = request
        .sign_with(&key)
        .expect("valid")
        .signature()
        .to_owned();
    let encoded_sig = encoded
        .sign_with(&key)
        .expect("valid")
        .signature()
        .to_owned();
    let candidate = |valid: &str| -> String {
        let tail = String::from_utf8_lossy(rest);
        match mode % 4 {
            0 => tail.into_owned(),
            1 => format!("{valid}{tail}"),
            2 => {
                let at = usize::from(mode / 4) % (valid.len() + 1);
                let mut text = valid.to_owned();
                if text.is_char_boundary(at) {
                    text.insert_str(at, &tail);
                }
                text
            }
            _ => valid
                .chars()
                .zip(rest.iter().chain(std::iter::repeat(&0)))
                .map(|(c, &flip)| {
                    if flip & 1 == 1 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect(),
        }
    };
    let text = candidate(&strict_sig);
    match request.verify(&text, &key) {
        Ok(()) => assert_eq!(text, strict_sig, "base64 accepted a non-canonical spelling"),
        Err(error) => bounded(&error),
    }
    let text = candidate(&encoded_sig);
    match encoded.verify(&text, &key) {
        Ok(()) => assert!(
            text.eq_ignore_ascii_case(&encoded_sig),
            "hex accepted another text"
        ),
        Err(error) => bounded(&error),
    }
}
