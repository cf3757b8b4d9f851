//! The signature-header grammar draft-cavage-style schemes need (issue 13, "found on the way"):
//! a parameter written from a field that is not signed (`keyId="{key_id}"`), a scheme token
//! before the parameters (`Authorization: Signature keyId=..`), and a lower-case method in the
//! message (`(request-target): post /inbox`) from `{lowercase:..}`. Expected MACs from Python's
//! `hmac`, the command beside each.

use signing::{Error, FromSignedQuery, Secret, SignedRequest, Timestamp};

const KEY: &str = "cavage-grammar";

/// A cavage-shaped request: `keyId` comes from a field the message does not hold, the
/// `(request-target)` line lowers the declared method.
#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(
    mac = "hmac-sha256",
    encoding = "base64",
    method = "POST",
    path = "/inbox",
    template = "(request-target): {lowercase:{@method}} {@path}\nhost: {host}\ndate: {date}",
    signature = header(
        "Signature",
        format = "keyId=\"{key_id}\",algorithm=\"hmac-sha256\",headers=\"(request-target) host date\",signature=\"{signature}\""
    )
)]
struct Inbox {
    key_id: String,
    #[signed(header = "Host")]
    host: String,
    #[signed(header = "Date", timestamp = "imf-fixdate")]
    date: Timestamp,
}

fn inbox() -> Inbox {
    Inbox {
        key_id: "https://example.org/actor#main-key".into(),
        host: "example.org".into(),
        date: Timestamp::from_unix_seconds(1_700_000_000),
    }
}

#[test]
fn a_parameter_from_a_field_that_is_not_signed() {
    let key = Secret::new(KEY);
    let signed = inbox().sign_with(&key).unwrap();
    assert_eq!(
        signed.message(),
        b"(request-target): post /inbox\nhost: example.org\ndate: Tue, 14 Nov 2023 22:13:20 GMT"
    );
    // python3 -c "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b'cavage-grammar',
    //   b'(request-target): post /inbox\nhost: example.org\ndate: Tue, 14 Nov 2023 22:13:20 GMT',
    //   hashlib.sha256).digest()).decode())"
    let sig = "LXie14SOslNYzolJkcm/5nAfekg0o5q53SFLamC4J+A=";
    assert_eq!(signed.signature(), sig);
    let header = signed
        .headers()
        .find(|(name, _)| *name == "Signature")
        .map(|(_, value)| value);
    assert_eq!(
        header,
        Some(
            format!(
                "keyId=\"https://example.org/actor#main-key\",algorithm=\"hmac-sha256\",\
                 headers=\"(request-target) host date\",signature=\"{sig}\""
            )
            .as_str()
        )
    );
    // Read back: `key_id` comes from its parameter, the quotes around it taken off.
    let sent = signed.http_request("https://example.org").unwrap();
    assert_eq!(sent.method(), "POST");
    assert_eq!(Inbox::verify_request(&sent, &key).unwrap(), inbox());
    // It is not signed: another key id is read and verifies (a server picks its key by it).
    let mut other = sent.clone();
    let value = sent.headers()["signature"]
        .to_str()
        .unwrap()
        .replace("main-key", "other-key");
    other
        .headers_mut()
        .insert("signature", value.parse().unwrap());
    let read = Inbox::verify_request(&other, &key).unwrap();
    assert_eq!(read.key_id, "https://example.org/actor#other-key");
    // Without its quotes the parameter is not written as the format says.
    let unquoted = sent.headers()["signature"].to_str().unwrap().replace(
        "keyId=\"https://example.org/actor#main-key\"",
        "keyId=https://example.org/actor#main-key",
    );
    other
        .headers_mut()
        .insert("signature", unquoted.parse().unwrap());
    assert!(matches!(
        Inbox::from_request(&other),
        Err(Error::MalformedRequest { field: Some(f), .. }) if f == "keyId"
    ));
}

/// The query form: a field a signature parameter writes is sent there, not as a query pair.
#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(
    mac = "hmac-sha256",
    signature = header(
        "Authorization",
        scheme = "Signature",
        format = "keyId=\"{key_id}\", signature=\"{signature}\""
    )
)]
struct Query {
    key_id: String,
    date: String,
}

#[test]
fn a_scheme_token_and_a_parameter_from_a_field_in_the_query_form() {
    let key = Secret::new(KEY);
    let request = Query {
        key_id: "k1".into(),
        date: "20231114".into(),
    };
    let signed = request.sign_with(&key).unwrap();
    assert_eq!(signed.message(), b"date=20231114");
    // python3 -c "import hmac,hashlib;print(hmac.new(b'cavage-grammar',b'date=20231114',hashlib.sha256).hexdigest())"
    let sig = "c74a8a7954b20cb2849ecdbd9dc1b7397baff85bb0ce5ff95ed474f23a9586c3";
    assert_eq!(
        signed.url("https://api.example/").unwrap(),
        "https://api.example/?date=20231114"
    );
    assert_eq!(
        signed.headers().collect::<Vec<_>>(),
        [(
            "Authorization",
            format!("Signature keyId=\"k1\", signature=\"{sig}\"").as_str()
        )]
    );
    let sent = signed.http_request("https://api.example/").unwrap();
    assert_eq!(Query::verify_request(&sent, &key).unwrap(), request);
    // `verify` accepts `,` without the space between the parameters, and refuses another scheme.
    let tight = format!("Signature keyId=\"k1\",signature=\"{sig}\"");
    assert_eq!(request.verify(&tight, &key), Ok(()));
    assert!(matches!(
        request.verify(&tight.replace("Signature ", "Bearer "), &key),
        Err(Error::SignatureHeader { .. })
    ));
}

#[test]
fn a_parameter_list_with_a_wrong_or_malformed_signature() {
    let key = Secret::new(KEY);
    let header = |sig: &str| {
        format!(
            "keyId=\"https://example.org/actor#main-key\",algorithm=\"hmac-sha256\",\
             headers=\"(request-target) host date\",signature=\"{sig}\""
        )
    };
    // The MAC from Python's `hmac` (the command in a_parameter_from_a_field_that_is_not_signed).
    let sig = "LXie14SOslNYzolJkcm/5nAfekg0o5q53SFLamC4J+A=";
    assert_eq!(inbox().verify(&header(sig), &key), Ok(()));
    // Base64 of 32 other bytes (the first character changed): a mismatch.
    let other = "MXie14SOslNYzolJkcm/5nAfekg0o5q53SFLamC4J+A=";
    assert_eq!(
        inbox().verify(&header(other), &key),
        Err(Error::SignatureMismatch)
    );
    // The same bytes in the URL-safe alphabet: not the declared base64, malformed.
    let url_safe = "LXie14SOslNYzolJkcm_5nAfekg0o5q53SFLamC4J-A=";
    assert_eq!(
        inbox().verify(&header(url_safe), &key),
        Err(Error::MalformedSignature {
            expected: signing::Encoding::Base64
        })
    );
}

/// `{lowercase:..}` over a field: its capitals written small, a small letter refused.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    encoding = "base64",
    template = "(request-target): {lowercase:{method}} {path}"
)]
struct Target<'a> {
    method: &'a str,
    path: &'a str,
}

#[test]
fn a_lower_case_method_from_a_field() {
    let key = Secret::new(KEY);
    let signed = Target {
        method: "DELETE",
        path: "/notes/1",
    }
    .sign_with(&key)
    .unwrap();
    assert_eq!(signed.message(), b"(request-target): delete /notes/1");
    // python3 -c "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b'cavage-grammar',
    //   b'(request-target): delete /notes/1',hashlib.sha256).digest()).decode())"
    assert_eq!(
        signed.signature(),
        "mKImxH01i+FMAaUWXlDPVCHhfcTQRufN+5dZyaXv79U="
    );
    // `delete` and `DELETE` would sign alike: a small letter is refused, and named.
    let lower = Target {
        method: "delete",
        path: "/notes/1",
    };
    assert_eq!(
        lower.message(),
        Err(Error::NotCapitals {
            field: "method",
            character: 'd'
        })
    );
    // The separator after the group is the value's: a space in the method is refused.
    let spaced = Target {
        method: "GET /x",
        path: "/notes/1",
    };
    assert!(matches!(
        spaced.message(),
        Err(Error::AmbiguousValue {
            field: "method",
            ..
        })
    ));
}

/// `#[signed(method)]`: the request's method is a field, which `{@method}` writes (here lowered
/// for `(request-target)`), `http_request` sends, and `FromSignedQuery` reads back from the
/// request's own method.
#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(
    mac = "hmac-sha256",
    encoding = "base64",
    template = "(request-target): {lowercase:{@method}} {@path}\nhost: {host}",
    signature = header(
        "Signature",
        format = "keyId=\"{key_id}\",headers=\"(request-target) host\",signature=\"{signature}\""
    )
)]
struct AnyMethod {
    key_id: String,
    #[signed(method)]
    method: String,
    #[signed(path)]
    path: String,
    #[signed(header = "Host")]
    host: String,
}

#[test]
fn the_method_is_a_field_tied_to_the_request_target() {
    let key = Secret::new(KEY);
    let delete = AnyMethod {
        key_id: "k1".into(),
        method: "DELETE".into(),
        path: "/notes/1".into(),
        host: "example.org".into(),
    };
    let signed = delete.sign_with(&key).unwrap();
    assert_eq!(
        signed.message(),
        b"(request-target): delete /notes/1\nhost: example.org"
    );
    // python3 -c "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b'cavage-grammar',
    //   b'(request-target): delete /notes/1\nhost: example.org',hashlib.sha256).digest()).decode())"
    assert_eq!(
        signed.signature(),
        "ULx2w6aSvlnrytusCiosve94RGqt82MabFQg136gdBM="
    );
    assert_eq!(signed.method(), "DELETE");
    let sent = signed.http_request("https://example.org").unwrap();
    assert_eq!(sent.method(), "DELETE");
    assert_eq!(AnyMethod::verify_request(&sent, &key), Ok(delete));
    // The same signature on another method is refused: the method is read from the request.
    let mut put = sent.clone();
    *put.method_mut() = http::Method::PUT;
    assert_eq!(
        AnyMethod::verify_request(&put, &key),
        Err(Error::SignatureMismatch)
    );
    // An extension method in small letters would sign as its capitals do: refused.
    let lower = AnyMethod {
        key_id: "k1".into(),
        method: "purge".into(),
        path: "/notes/1".into(),
        host: "example.org".into(),
    };
    assert_eq!(
        lower.sign_with(&key).err(),
        Some(Error::NotCapitals {
            field: "method",
            character: 'p'
        })
    );
}
