//! Bad input: each case is a typed error naming its cause, never a panic, never the secret.

use signing::{Error, KeyEncoding, Secret, SignedRequest, Timestamp};

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Query<'a> {
    user: &'a str,
    #[signed(timestamp = "unix-millis")]
    at: Timestamp,
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", escape = "rfc3986")]
struct EncodedQuery<'a> {
    user: &'a str,
    #[signed(timestamp = "unix-millis")]
    at: Timestamp,
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{username}:{api_key}@{timestamp}")]
struct Template<'a> {
    username: &'a str,
    api_key: &'a str,
    timestamp: &'a str,
}

#[test]
fn strict_refuses_a_value_holding_its_separator() {
    let key = Secret::new("k");
    let at = Timestamp::from_unix_millis(1);
    let err = Query {
        user: "bob&admin=1",
        at,
    }
    .sign_with(&key)
    .unwrap_err();
    assert_eq!(
        err,
        Error::AmbiguousValue {
            field: "user",
            character: '&'
        }
    );
    assert!(err.to_string().contains("`user`"), "{err}");

    // `=` cannot split a pair: the names are fixed, so it is allowed.
    assert_eq!(
        Query { user: "a=b", at }.message().unwrap(),
        b"user=a=b&at=1"
    );

    let err = Template {
        username: "a:b",
        api_key: "c",
        timestamp: "t",
    }
    .message()
    .unwrap_err();
    assert_eq!(
        err,
        Error::AmbiguousValue {
            field: "username",
            character: ':'
        }
    );
    let err = Template {
        username: "a",
        api_key: "b@c",
        timestamp: "t",
    }
    .message()
    .unwrap_err();
    assert_eq!(
        err,
        Error::AmbiguousValue {
            field: "api_key",
            character: '@'
        }
    );
    // The last placeholder is followed by nothing, so anything goes there.
    assert!(Template {
        username: "a",
        api_key: "b",
        timestamp: "@:&"
    }
    .message()
    .is_ok());
}

#[test]
fn rfc3986_encodes_instead_of_refusing() {
    let message = EncodedQuery {
        user: "bob&admin=1 é",
        at: Timestamp::from_unix_millis(1),
    }
    .message()
    .unwrap();
    // python3 -c "from urllib.parse import quote;print(quote('bob&admin=1 é',safe='~'))"
    assert_eq!(message, b"user=bob%26admin%3D1%20%C3%A9&at=1");
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key = env("SIGNING_TEST_SURELY_UNSET"))]
struct FromMissingEnv {
    n: u8,
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key = env("SIGNING_TEST_BASE64_KEY"), key_encoding = "base64")]
struct FromBase64Env {
    n: u8,
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key = file("/nonexistent/signing-test/key"))]
struct FromMissingFile {
    n: u8,
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key = file("tests/fixtures/not-hex.key"), key_encoding = "hex", trim_key)]
struct FromBadHexFile {
    n: u8,
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", strict_keys)]
struct StrictKeys {
    n: u8,
}

#[test]
fn key_loading_errors_name_their_source() {
    let err = FromMissingEnv { n: 1 }.sign().unwrap_err();
    assert_eq!(
        err,
        Error::MissingEnv {
            var: "SIGNING_TEST_SURELY_UNSET".into()
        }
    );

    std::env::set_var("SIGNING_TEST_BASE64_KEY", "hunter2 is not base64!");
    let err = FromBase64Env { n: 1 }.sign().unwrap_err();
    assert!(
        matches!(&err, Error::KeyEncoding { expected: KeyEncoding::Base64, origin, .. } if origin == "env var SIGNING_TEST_BASE64_KEY"),
        "{err:?}"
    );
    assert!(!err.to_string().contains("hunter2"), "{err}");
    assert!(!format!("{err:?}").contains("hunter2"), "{err:?}");

    let err = FromMissingFile { n: 1 }.sign().unwrap_err();
    assert!(
        matches!(
            err,
            Error::KeyFile {
                kind: std::io::ErrorKind::NotFound,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("/nonexistent/signing-test/key"),
        "{err}"
    );

    let err = FromBadHexFile { n: 1 }.sign().unwrap_err();
    assert!(
        matches!(
            err,
            Error::KeyEncoding {
                expected: KeyEncoding::Hex,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("not-hex.key"), "{err}");
    assert!(!err.to_string().contains("this is not"), "{err}");
}

#[test]
fn strict_keys_refuses_short_keys() {
    let err = StrictKeys { n: 1 }
        .sign_with(&Secret::new("short"))
        .unwrap_err();
    assert_eq!(
        err,
        Error::WeakKey {
            origin: "inline bytes".into(),
            len: 5,
            min: 32
        }
    );
    assert!(StrictKeys { n: 1 }
        .sign_with(&Secret::new([7u8; 32]))
        .is_ok());
}

#[test]
fn bad_urls_are_errors() {
    let signed = Query {
        user: "u",
        at: Timestamp::from_unix_millis(1),
    }
    .sign_with(&Secret::new("k"))
    .unwrap();
    assert!(matches!(signed.url(""), Err(Error::InvalidUrl { .. })));
    assert!(matches!(
        signed.url("https://x.example/#frag"),
        Err(Error::InvalidUrl { .. })
    ));
    assert!(matches!(
        signed.http_request("not a url"),
        Err(Error::InvalidUrl { .. })
    ));
    assert_eq!(
        signed.url("https://x.example/p?a=1").unwrap(),
        "https://x.example/p?a=1&user=u&at=1"
    );
    // A base that already ends where the next pair starts gets no second separator.
    for base in ["https://x.example/p?", "https://x.example/p?a=1&"] {
        assert_eq!(signed.url(base).unwrap(), format!("{base}user=u&at=1"));
    }
}

#[test]
fn verify_reports_a_malformed_signature_before_an_ambiguous_value() {
    let key = Secret::new("k");
    let query = Query {
        user: "bob&admin=1",
        at: Timestamp::from_unix_millis(1),
    };
    // The signature is checked for its form first, then the message is laid out.
    assert_eq!(
        query.verify("not hex", &key),
        Err(Error::MalformedSignature {
            expected: signing::Encoding::Hex
        })
    );
    assert_eq!(
        query.verify(&"AB".repeat(32), &key),
        Err(Error::AmbiguousValue {
            field: "user",
            character: '&'
        })
    );
    // A well-formed signature of the wrong length is a mismatch, not malformed.
    let fine = Query {
        user: "bob",
        at: Timestamp::from_unix_millis(1),
    };
    assert_eq!(fine.verify("ab", &key), Err(Error::SignatureMismatch));
    assert_eq!(
        fine.verify("abc", &key),
        Err(Error::MalformedSignature {
            expected: signing::Encoding::Hex
        })
    );
}
