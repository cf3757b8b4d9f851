//! The grammar canonical-request schemes need, declared (README, *Attribute reference*); each
//! expected value from an independent implementation, the command beside it.

use signing::derived_key::{ChainKey, KeyChain};
use signing::{Secret, SignedRequest};

/// The key a `key_chain(prefix = "AWS4", ..)` declaration signs with (the chain's MAC is the
/// declaration's).
const SIGV4_KEY: KeyChain = KeyChain {
    prefix: "AWS4",
    algorithm: signing::MacAlgorithm::HmacSha256,
};

/// Two digest groups that end together: SHA-256 of the hex SHA-256 of the body.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{sha256:{sha256:{body}}}")]
struct NestedDigest<'a> {
    #[signed(body)]
    body: &'a [u8],
}

#[test]
fn nested_digest_groups_end_together() {
    // python3 -c "import hashlib,hmac;b=b'hello';m=hashlib.sha256(hashlib.sha256(b).hexdigest().encode()).hexdigest();print(m, hmac.new(b'key',m.encode(),hashlib.sha256).hexdigest())"
    //   -> d7914fe546b684688bb95f4f888a92dfc680603a75f23eb823658031fff766d9
    //      63d65928b59c33b7ff03ead73862c1a6d262e0e6d7cfd018a2dc9b53953ba466
    let signed = NestedDigest { body: b"hello" }
        .sign_with(&Secret::new("key"))
        .unwrap();
    assert_eq!(
        signed.message(),
        b"d7914fe546b684688bb95f4f888a92dfc680603a75f23eb823658031fff766d9"
    );
    assert_eq!(
        signed.signature(),
        "63d65928b59c33b7ff03ead73862c1a6d262e0e6d7cfd018a2dc9b53953ba466"
    );
}

/// The presigned (query) form of the SigV4 suite's `get-vanilla-query-order-encoded`: the
/// `X-Amz-*` fields are query parameters while the message is a template, the request's own
/// parameters are a field of pairs, and `{@query}` writes them all sorted and RFC 3986-encoded.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    key_chain(prefix = "AWS4", scope = "{date}/{region}/{service}/aws4_request"),
    escape = "rfc3986",
    sort,
    template = "{algorithm}\n{timestamp}\n{date}/{region}/{service}/aws4_request\n\
                {sha256:GET\n/\n{@query}\nhost:{host}\n\nhost\n{sha256:{body}}}",
    signature = query("X-Amz-Signature")
)]
struct PresignedGet<'a> {
    #[signed(query, rename = "X-Amz-Algorithm")]
    algorithm: &'a str,
    #[signed(query, rename = "X-Amz-Credential")]
    credential: &'a str,
    #[signed(query, rename = "X-Amz-Date", timestamp = "iso8601-basic")]
    timestamp: signing::Timestamp,
    #[signed(query, rename = "X-Amz-SignedHeaders")]
    signed_headers: &'a str,
    #[signed(query, rename = "X-Amz-Expires")]
    expires: u32,
    #[signed(flatten)]
    params: Vec<(String, String)>,
    #[signed(timestamp = "date-basic")]
    date: signing::Timestamp,
    region: &'a str,
    service: &'a str,
    host: &'a str,
    #[signed(body)]
    body: &'a [u8],
}

#[path = "support/sigv4_suite.rs"]
mod suite;

#[test]
fn query_parameters_and_the_canonical_query_from_a_declaration() {
    let case = "get-vanilla-query-order-encoded";
    // 2015-08-30T12:36:00Z (context.json).
    let at = signing::Timestamp::from_unix_seconds(1_440_938_160);
    let request = PresignedGet {
        algorithm: "AWS4-HMAC-SHA256",
        credential: "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request",
        timestamp: at,
        signed_headers: "host",
        expires: 3600,
        params: vec![
            ("Param-3".into(), "Value3".into()),
            ("Param".into(), "Value2".into()),
            ("ሴ".into(), "Value1".into()),
        ],
        date: at,
        region: "us-east-1",
        service: "service",
        host: "example.amazonaws.com",
        body: b"",
    };
    let key = ChainKey::new(
        Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        SIGV4_KEY,
    );
    let signed = request.sign_with(&key).unwrap();
    assert_eq!(
        String::from_utf8(signed.message().to_vec()).unwrap(),
        suite::file(case, "query-string-to-sign.txt")
    );
    assert_eq!(signed.signature(), suite::file(case, "query-signature.txt"));
    // The URL carries every parameter and the signature (the suite lists them in another order).
    let url = signed.url("https://example.amazonaws.com/").unwrap();
    let sent = suite::file(case, "query-signed-request.txt");
    let sent_query = sent
        .lines()
        .next()
        .and_then(|line| line.split_once('?'))
        .and_then(|(_, rest)| rest.strip_suffix(" HTTP/1.1"))
        .unwrap();
    let mut ours: Vec<&str> = url.split_once('?').unwrap().1.split('&').collect();
    let mut theirs: Vec<&str> = sent_query.split('&').collect();
    ours.sort_unstable();
    theirs.sort_unstable();
    assert_eq!(ours, theirs);
}

/// Under `strict`, `{@query}` refuses a name or value holding a separator or the character the
/// template writes after it, naming the field.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", sort, template = "{@query}\n{nonce}")]
struct StrictQuery {
    #[signed(query)]
    a: String,
    #[signed(flatten)]
    extra: Vec<(String, String)>,
    nonce: u64,
}

#[test]
fn strict_refuses_separators_in_the_canonical_query() {
    let ok = StrictQuery {
        a: "x=y".into(),
        extra: vec![("b".into(), "2".into()), ("a".into(), "0".into())],
        nonce: 7,
    };
    assert_eq!(ok.message().unwrap(), b"a=0&a=x=y&b=2\n7");
    for (a, extra, field, character) in [
        ("x&y", vec![], "a", '&'),
        ("x\ny", vec![], "a", '\n'),
        ("x", vec![("b=c".to_owned(), "1".to_owned())], "extra", '='),
    ] {
        let request = StrictQuery {
            a: a.into(),
            extra,
            nonce: 1,
        };
        assert_eq!(
            request.message(),
            Err(signing::Error::AmbiguousValue { field, character })
        );
    }
}

/// A server reads `query` fields of a template back from the URL and verifies them.
#[derive(SignedRequest, signing::FromSignedQuery, Debug, PartialEq)]
#[signed(
    mac = "hmac-sha256",
    escape = "rfc3986",
    sort,
    template = "GET\n{@query}\n{nonce}",
    signature = query("sig")
)]
struct ReadBack {
    #[signed(query, rename = "X-Id")]
    id: String,
    #[signed(query)]
    nonce: u64,
}

#[test]
fn query_fields_of_a_template_are_read_back_and_verified() {
    use signing::FromSignedQuery as _;
    let key = Secret::new("k");
    let request = ReadBack {
        id: "a b/ሴ".into(),
        nonce: 42,
    };
    let signed = request.sign_with(&key).unwrap();
    // python3 -c "import hmac,hashlib;print(hmac.new(b'k',b'GET\nX-Id=a%20b%2F%E1%88%B4&nonce=42\n42',hashlib.sha256).hexdigest())"
    assert_eq!(
        signed.message(),
        "GET\nX-Id=a%20b%2F%E1%88%B4&nonce=42\n42".as_bytes()
    );
    assert_eq!(
        signed.signature(),
        "535e40d747e121736b88c80c44510dc3706376bc14c2768c8e8f43d026ded4e5"
    );
    let url = signed.url("https://api.example/").unwrap();
    let query = url.split_once('?').unwrap().1;
    assert_eq!(ReadBack::verify_query(query, &key).unwrap(), request);
    let tampered = query.replace("nonce=42", "nonce=43");
    assert!(ReadBack::verify_query(&tampered, &key).is_err());
}

/// The header form of SigV4 over header fields: `{@headers}` is their canonical block,
/// `{@signed_headers}` their names, and the `Authorization` header a scheme token with `, `
/// separated parameters.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    key_chain(prefix = "AWS4", scope = "{date}/{region}/{service}/aws4_request"),
    template = "AWS4-HMAC-SHA256\n{timestamp}\n{date}/{region}/{service}/aws4_request\n\
                {sha256:{method}\n/\n\n{@headers}\n{@signed_headers}\n{sha256:{body}}}",
    signature = header(
        "Authorization",
        scheme = "AWS4-HMAC-SHA256",
        format = "Credential={access_key}/{date}/{region}/{service}/aws4_request, \
                  SignedHeaders={@signed_headers}, Signature={signature}"
    )
)]
struct HeaderSigned<'a> {
    access_key: &'a str,
    method: &'a str,
    #[signed(header = "Host")]
    host: &'a str,
    #[signed(header = "Content-Type")]
    content_type: Option<&'a str>,
    #[signed(header = "Content-Length")]
    content_length: Option<usize>,
    #[signed(header = "X-Amz-Date", timestamp = "iso8601-basic")]
    timestamp: signing::Timestamp,
    #[signed(header = "X-Amz-Security-Token")]
    token: Option<&'a str>,
    #[signed(header = "x-amz-content-sha256", digest = "sha256")]
    content_sha256: Option<&'a [u8]>,
    #[signed(timestamp = "date-basic")]
    date: signing::Timestamp,
    region: &'a str,
    service: &'a str,
    #[signed(body)]
    body: &'a [u8],
}

#[test]
fn header_fields_and_the_canonical_header_block_from_a_declaration() {
    let at = signing::Timestamp::from_unix_seconds(1_440_938_160);
    let key = ChainKey::new(
        Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        SIGV4_KEY,
    );
    let form: &[u8] = b"Param1=value1";
    let token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
    let base = HeaderSigned {
        access_key: "AKIDEXAMPLE",
        method: "GET",
        host: "example.amazonaws.com",
        content_type: None,
        content_length: None,
        timestamp: at,
        token: None,
        content_sha256: None,
        date: at,
        region: "us-east-1",
        service: "service",
        body: b"",
    };
    let cases = [
        ("get-vanilla", HeaderSigned { ..base }),
        (
            "get-vanilla-with-session-token",
            HeaderSigned {
                token: Some(token),
                ..base
            },
        ),
        (
            "post-x-www-form-urlencoded",
            HeaderSigned {
                method: "POST",
                content_type: Some("application/x-www-form-urlencoded"),
                content_length: Some(form.len()),
                content_sha256: Some(form),
                body: form,
                ..base
            },
        ),
    ];
    for (case, request) in cases {
        let signed = request.sign_with(&key).unwrap();
        assert_eq!(
            String::from_utf8(signed.message().to_vec()).unwrap(),
            suite::file(case, "header-string-to-sign.txt"),
            "{case}"
        );
        assert_eq!(
            signed.signature(),
            suite::file(case, "header-signature.txt"),
            "{case}"
        );
        // Every header the suite's signed request carries is sent, `Authorization` included.
        let expected = suite::file(case, "header-signed-request.txt");
        assert_eq!(
            suite::sent_header_lines(&signed),
            suite::Written::parse(&expected).header_lines(),
            "{case}"
        );
        // A server holding the same secret accepts the header as received, and refuses it
        // signed with another secret.
        let authorization = suite::sent_header(&signed, "Authorization");
        request.verify(&authorization, &key).unwrap();
        let other = ChainKey::new(Secret::new("another secret"), SIGV4_KEY);
        assert!(request.verify(&authorization, &other).is_err());
    }
}

// Every case of the SigV4 suite, in both forms, from declarations: tests/sigv4_suite_declared.rs.

/// A presigned S3 GET (examples/s3_presign.rs declares the same request with its `X-Amz-*`
/// parameters written from `query(.., format = ..)`): an S3 key as the path (encoded once, not
/// normalized).
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    key_chain(prefix = "AWS4", scope = "{date}/{region}/s3/aws4_request"),
    escape = "rfc3986",
    sort,
    template = "AWS4-HMAC-SHA256\n{timestamp}\n{date}/{region}/s3/aws4_request\n\
                {sha256:GET\n{@path}\n{@query}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD}",
    signature = query("X-Amz-Signature")
)]
struct S3PresignedGet<'a> {
    #[signed(path)]
    path: &'a str,
    #[signed(query, rename = "X-Amz-Algorithm")]
    algorithm: &'a str,
    #[signed(query, rename = "X-Amz-Credential")]
    credential: &'a str,
    #[signed(query, rename = "X-Amz-Date", timestamp = "iso8601-basic")]
    timestamp: signing::Timestamp,
    #[signed(query, rename = "X-Amz-Expires")]
    expires: u32,
    #[signed(query, rename = "X-Amz-SignedHeaders")]
    signed_headers: &'a str,
    #[signed(timestamp = "date-basic")]
    date: signing::Timestamp,
    region: &'a str,
    host: &'a str,
}

#[test]
fn s3_presigned_url_from_the_aws_documentation() {
    // Amazon S3 API Reference, "Authenticating Requests: Using Query Parameters (AWS Signature
    // Version 4)", example: GET examplebucket/test.txt, 2013-05-24, 86400 s; the same vector is
    // in s3s 0.14.1's tests (src/sig_v4/methods.rs).
    let at = signing::Timestamp::from_unix_seconds(1_369_353_600);
    let signed = S3PresignedGet {
        path: "/test.txt",
        algorithm: "AWS4-HMAC-SHA256",
        credential: "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request",
        timestamp: at,
        expires: 86_400,
        signed_headers: "host",
        date: at,
        region: "us-east-1",
        host: "examplebucket.s3.amazonaws.com",
    }
    .sign_with(&ChainKey::new(
        Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        SIGV4_KEY,
    ))
    .unwrap();
    assert_eq!(
        signed
            .url("https://examplebucket.s3.amazonaws.com")
            .unwrap(),
        "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
         &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
         &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
         &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
    );
    // An S3 key keeps its `/` and has the rest encoded once.
    let key_path = S3PresignedGet {
        path: "/photos/my cat+1.jpg",
        ..S3PresignedGet {
            path: "",
            algorithm: "AWS4-HMAC-SHA256",
            credential: "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request",
            timestamp: at,
            expires: 60,
            signed_headers: "host",
            date: at,
            region: "us-east-1",
            host: "examplebucket.s3.amazonaws.com",
        }
    }
    .sign_with(&ChainKey::new(Secret::new("s"), SIGV4_KEY))
    .unwrap();
    // python3 -c "import urllib.parse as u;print(u.quote('/photos/my cat+1.jpg', safe='/-_.~'))"
    assert!(key_path
        .url("https://h")
        .unwrap()
        .starts_with("https://h/photos/my%20cat%2B1.jpg?"));
}
