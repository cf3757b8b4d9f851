//! The AWS Signature Version 4 test suite (tests/vectors/aws-sigv4-suite, 33 requests) from
//! declarations, in both forms: the `Authorization` header and the presigned query. Each case is
//! signed by a `#[derive(SignedRequest)]` struct filled from the case's `request.txt` and
//! `context.json`, and every stage is compared with the suite's files: the canonical request
//! (through its SHA-256, the last line of the string to sign), the string to sign, the signature,
//! and the signed request (method, path, query parameters, headers, body); the same declaration
//! `verify`s the signature the suite sent and refuses it under another secret. No message, key or
//! header is written by hand here: the declarations below are the whole of SigV4.
//!
//! Reading `request.txt`: a header line that starts with a space continues the previous value
//! (HTTP/1.1's obsolete line folding, which a recipient replaces with a space, RFC 9112 §5.2), so
//! `get-header-value-multiline`'s value is given unfolded, as a server reads it; the canonical
//! block then collapses the run of spaces, as SigV4's "Trimall" says. A name sent several times
//! (`get-header-key-duplicate`, `get-header-value-order`) is one `Vec` field, its values in the
//! order sent.

use std::fs;
use std::path::Path;

use sha2::Digest as _;
use signing::derived_key::{ChainKey, KeyChain};
use signing::{Secret, Signed, SignedRequest, Timestamp};

const SIGV4_KEY: KeyChain = KeyChain {
    prefix: "AWS4",
    algorithm: signing::MacAlgorithm::HmacSha256,
};

/// The header form: the `X-Amz-Date` and session token headers, the canonical request over the
/// path, the query, the header fields and the payload hash, and the `Authorization` header.
/// `$normalize` is the path normalization (S3 and the `*-unnormalized` cases go without), `$token`
/// whether the session token is sent unsigned (`post-sts-header-after`).
macro_rules! header_form {
    ($name:ident, [$($normalize:ident)?], [$($token:ident)?]) => {
        #[derive(SignedRequest)]
        #[signed(
            mac = "hmac-sha256",
            key_chain(prefix = "AWS4", scope = "{date}/{region}/{service}/aws4_request"),
            escape = "rfc3986",
            sort,
            $($normalize,)?
            template = "AWS4-HMAC-SHA256\n{timestamp}\n{date}/{region}/{service}/aws4_request\n\
                        {sha256:{method}\n{@path}\n{@query}\n{@headers}\n{@signed_headers}\n\
                        {payload}}",
            signature = header(
                "Authorization",
                scheme = "AWS4-HMAC-SHA256",
                format = "Credential={access_key}/{date}/{region}/{service}/aws4_request, \
                          SignedHeaders={@signed_headers}, Signature={signature}"
            )
        )]
        struct $name<'a> {
            access_key: &'a str,
            method: &'a str,
            #[signed(path)]
            path: &'a str,
            #[signed(flatten)]
            params: Vec<(String, String)>,
            #[signed(header = "Host")]
            host: &'a str,
            #[signed(header = "My-Header1")]
            my_header1: Vec<&'a str>,
            #[signed(header = "Content-Type")]
            content_type: Option<&'a str>,
            #[signed(header = "Content-Length")]
            content_length: Option<&'a str>,
            #[signed(header = "X-Amz-Date", timestamp = "iso8601-basic")]
            timestamp: Timestamp,
            #[signed(header = "X-Amz-Security-Token" $(, $token)?)]
            token: Option<&'a str>,
            #[signed(header = "x-amz-content-sha256", digest = "sha256")]
            content_sha256: Option<&'a [u8]>,
            #[signed(digest = "sha256")]
            payload: &'a [u8],
            #[signed(timestamp = "date-basic")]
            date: Timestamp,
            region: &'a str,
            service: &'a str,
            #[signed(body)]
            body: &'a [u8],
        }
    };
}

header_form!(HeaderForm, [normalize_path], []);
header_form!(HeaderFormUnnormalized, [], []);
header_form!(HeaderFormTokenUnsigned, [normalize_path], [unsigned]);

/// The presigned form: the `X-Amz-*` parameters in the query (the credential and the signed
/// header names written from formats), the same canonical request with them in `{@query}`, and
/// the signature as `X-Amz-Signature`.
macro_rules! query_form {
    ($name:ident, [$($normalize:ident)?], [$($token:ident)?]) => {
        #[derive(SignedRequest)]
        #[signed(
            mac = "hmac-sha256",
            key_chain(prefix = "AWS4", scope = "{date}/{region}/{service}/aws4_request"),
            escape = "rfc3986",
            sort,
            $($normalize,)?
            query("X-Amz-Algorithm", format = "AWS4-HMAC-SHA256"),
            query(
                "X-Amz-Credential",
                format = "{access_key}/{date}/{region}/{service}/aws4_request"
            ),
            query("X-Amz-SignedHeaders", format = "{@signed_headers}"),
            template = "AWS4-HMAC-SHA256\n{timestamp}\n{date}/{region}/{service}/aws4_request\n\
                        {sha256:{method}\n{@path}\n{@query}\n{@headers}\n{@signed_headers}\n\
                        {payload}}",
            signature = query("X-Amz-Signature")
        )]
        struct $name<'a> {
            access_key: &'a str,
            method: &'a str,
            #[signed(path)]
            path: &'a str,
            #[signed(flatten)]
            params: Vec<(String, String)>,
            #[signed(query, rename = "X-Amz-Date", timestamp = "iso8601-basic")]
            timestamp: Timestamp,
            #[signed(query, rename = "X-Amz-Expires")]
            expires: u64,
            #[signed(query, rename = "X-Amz-Security-Token" $(, $token)?)]
            token: Option<&'a str>,
            #[signed(header = "Host")]
            host: &'a str,
            #[signed(header = "My-Header1")]
            my_header1: Vec<&'a str>,
            #[signed(header = "Content-Type")]
            content_type: Option<&'a str>,
            #[signed(header = "Content-Length")]
            content_length: Option<&'a str>,
            #[signed(digest = "sha256")]
            payload: &'a [u8],
            #[signed(timestamp = "date-basic")]
            date: Timestamp,
            region: &'a str,
            service: &'a str,
            #[signed(body)]
            body: &'a [u8],
        }
    };
}

query_form!(QueryForm, [normalize_path], []);
query_form!(QueryFormUnnormalized, [], []);
query_form!(QueryFormTokenUnsigned, [normalize_path], [unsigned]);

#[path = "support/sigv4_suite.rs"]
mod suite;

/// A request as the suite's files write it (`request.txt`, `*-signed-request.txt`).
#[derive(Debug, PartialEq)]
struct Request {
    method: String,
    /// The path, percent-decoded.
    path: String,
    /// The query parameters, decoded, sorted (their order is the signer's choice).
    query: Vec<(Vec<u8>, Vec<u8>)>,
    /// `(lower-cased name, value)`, folded lines joined by a space, sorted by name with the
    /// values of one name in the order sent.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn parse(text: &str) -> Request {
        let written = suite::Written::parse(text);
        let headers = written
            .headers
            .into_iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value))
            .collect();
        Request::new(
            written.method,
            written.path,
            written.query,
            headers,
            written.body.as_bytes(),
        )
    }

    fn new(
        method: &str,
        path: &str,
        query: &str,
        mut headers: Vec<(String, String)>,
        body: &[u8],
    ) -> Request {
        let mut query: Vec<(Vec<u8>, Vec<u8>)> = signing::canonical::query::decode_query(query)
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        query.sort();
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        Request {
            method: method.to_owned(),
            path: percent_encoding::percent_decode_str(path)
                .decode_utf8_lossy()
                .into_owned(),
            query,
            headers,
            body: body.to_vec(),
        }
    }

    /// The values sent under `name`, in order.
    fn values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.values(name).first().copied()
    }
}

/// What a declaration signed, as a request.
fn signed_request(method: &str, signed: &Signed) -> Request {
    const BASE: &str = "https://example.amazonaws.com";
    let url = signed.url(BASE).expect("url");
    let target = url.strip_prefix(BASE).expect("base");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    // As an `http::HeaderMap` would send them: a name of several values keeps each, in order.
    let headers = signed
        .http_headers()
        .expect("headers")
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect();
    Request::new(
        method,
        path,
        query,
        headers,
        signed.body().unwrap_or_default(),
    )
}

/// A case's `context.json`.
struct Context {
    json: serde_json::Value,
}

impl Context {
    fn text(&self, pointer: &str) -> Option<&str> {
        self.json.pointer(pointer).and_then(|v| v.as_str())
    }

    fn flag(&self, name: &str) -> bool {
        self.json[name].as_bool().unwrap_or(false)
    }
}

/// The values a case gives every field of either declaration.
struct Values<'a> {
    access_key: &'a str,
    method: &'a str,
    path: &'a str,
    params: Vec<(String, String)>,
    host: &'a str,
    my_header1: Vec<&'a str>,
    content_type: Option<&'a str>,
    content_length: Option<&'a str>,
    at: Timestamp,
    token: Option<&'a str>,
    content_sha256: Option<&'a [u8]>,
    expires: u64,
    body: &'a [u8],
    region: &'a str,
    service: &'a str,
}

macro_rules! sign_header_form {
    ($name:ident, $v:expr, $key:expr, $received:expr) => {{
        let v: &Values = $v;
        let request = $name {
            access_key: v.access_key,
            method: v.method,
            path: v.path,
            params: v.params.clone(),
            host: v.host,
            my_header1: v.my_header1.clone(),
            content_type: v.content_type,
            content_length: v.content_length,
            timestamp: v.at,
            token: v.token,
            content_sha256: v.content_sha256,
            payload: v.body,
            date: v.at,
            region: v.region,
            service: v.service,
            body: v.body,
        };
        // The receiving side of the same declaration: the signature as the suite sent it.
        let verified = request.verify($received, $key);
        let other = ChainKey::new(Secret::new("another secret"), SIGV4_KEY);
        assert!(
            request.verify($received, &other).is_err(),
            "another secret verifies"
        );
        (request.sign_with($key).expect("sign"), verified)
    }};
}

macro_rules! sign_query_form {
    ($name:ident, $v:expr, $key:expr, $received:expr) => {{
        let v: &Values = $v;
        let request = $name {
            access_key: v.access_key,
            method: v.method,
            path: v.path,
            params: v.params.clone(),
            timestamp: v.at,
            expires: v.expires,
            token: v.token,
            host: v.host,
            my_header1: v.my_header1.clone(),
            content_type: v.content_type,
            content_length: v.content_length,
            payload: v.body,
            date: v.at,
            region: v.region,
            service: v.service,
            body: v.body,
        };
        // The receiving side of the same declaration: the signature as the suite sent it.
        let verified = request.verify($received, $key);
        let other = ChainKey::new(Secret::new("another secret"), SIGV4_KEY);
        assert!(
            request.verify($received, &other).is_err(),
            "another secret verifies"
        );
        (request.sign_with($key).expect("sign"), verified)
    }};
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Form {
    Header,
    Query,
}

impl Form {
    fn prefix(self) -> &'static str {
        match self {
            Form::Header => "header",
            Form::Query => "query",
        }
    }
}

/// Signs one case in one form from its declaration and compares every stage; returns the
/// differences.
fn check(dir: &Path, form: Form) -> Vec<String> {
    let case = dir.file_name().unwrap().to_string_lossy().into_owned();
    let read = |file: &str| fs::read_to_string(dir.join(file)).expect("vector file");
    let context = Context {
        json: serde_json::from_str(&read("context.json")).expect("context.json"),
    };
    let request_text = read("request.txt");
    let request = Request::parse(&request_text);
    // The path and query as request.txt writes them (the declaration encodes the path).
    let first = request_text.lines().next().unwrap();
    let target = first
        .split_once(' ')
        .and_then(|(_, rest)| rest.strip_suffix(" HTTP/1.1"))
        .unwrap();
    let raw_path = target.split_once('?').map_or(target, |(p, _)| p);
    let path = percent_encoding::percent_decode_str(raw_path).decode_utf8_lossy();
    assert_eq!(context.text("/timestamp"), Some("2015-08-30T12:36:00Z"));
    let at = Timestamp::from_unix_seconds(1_440_938_160);
    let key = ChainKey::new(
        Secret::new(context.text("/credentials/secret_access_key").unwrap()),
        SIGV4_KEY,
    );
    let params: Vec<(String, String)> = request
        .query
        .iter()
        .map(|(n, v)| {
            (
                String::from_utf8(n.clone()).unwrap(),
                String::from_utf8(v.clone()).unwrap(),
            )
        })
        .collect();
    let sign_body = context.flag("sign_body");
    let values = Values {
        access_key: context.text("/credentials/access_key_id").unwrap(),
        method: &request.method,
        path: &path,
        params,
        host: request.header("host").unwrap(),
        my_header1: request.values("my-header1"),
        content_type: request.header("content-type"),
        content_length: request.header("content-length"),
        at,
        token: context.text("/credentials/token"),
        // `sign_body` adds `x-amz-content-sha256` in the header form only.
        content_sha256: (sign_body && form == Form::Header).then_some(request.body.as_slice()),
        expires: context.json["expiration_in_seconds"].as_u64().unwrap(),
        body: &request.body,
        region: context.text("/region").unwrap(),
        service: context.text("/service").unwrap(),
    };
    let prefix = form.prefix();
    let expected = |what: &str| read(&format!("{prefix}-{what}.txt"));
    let theirs = Request::parse(&expected("signed-request"));
    let received = match form {
        Form::Header => theirs.header("authorization").unwrap().to_owned(),
        Form::Query => {
            let (_, signature) = theirs
                .query
                .iter()
                .find(|(n, _)| n == b"X-Amz-Signature")
                .unwrap();
            String::from_utf8(signature.clone()).unwrap()
        }
    };
    let received = received.as_str();
    let normalize = context.flag("normalize");
    let unsigned_token = context.flag("omit_session_token");
    let (signed, verified) = match (form, normalize, unsigned_token) {
        (Form::Header, true, false) => sign_header_form!(HeaderForm, &values, &key, received),
        (Form::Header, false, false) => {
            sign_header_form!(HeaderFormUnnormalized, &values, &key, received)
        }
        (Form::Header, true, true) => {
            sign_header_form!(HeaderFormTokenUnsigned, &values, &key, received)
        }
        (Form::Query, true, false) => sign_query_form!(QueryForm, &values, &key, received),
        (Form::Query, false, false) => {
            sign_query_form!(QueryFormUnnormalized, &values, &key, received)
        }
        (Form::Query, true, true) => {
            sign_query_form!(QueryFormTokenUnsigned, &values, &key, received)
        }
        (_, false, true) => panic!("{case}: no case is unnormalized with an unsigned token"),
    };
    let mut differences = Vec::new();
    if let Err(e) = verified {
        differences.push(format!(
            "{case} ({prefix}): verify refused the suite's signature: {e}"
        ));
    }
    let mut compare = |stage: &str, ours: String, theirs: String| {
        if ours != theirs {
            differences.push(format!(
                "{case} ({prefix}) {stage}:\n{ours}\n--- expected\n{theirs}"
            ));
        }
    };
    let string_to_sign = String::from_utf8(signed.message().to_vec()).unwrap();
    compare(
        "canonical request (its SHA-256)",
        string_to_sign.lines().last().unwrap_or_default().to_owned(),
        hex::encode(sha2::Sha256::digest(expected("canonical-request"))),
    );
    compare("string to sign", string_to_sign, expected("string-to-sign"));
    compare(
        "signature",
        signed.signature().to_owned(),
        expected("signature"),
    );
    compare(
        "signed request",
        format!("{:#?}", signed_request(&request.method, &signed)),
        format!("{theirs:#?}"),
    );
    differences
}

#[test]
fn every_case_in_the_header_form_from_a_declaration() {
    let cases = suite::cases();
    assert_eq!(cases.len(), 33, "the suite has 33 cases");
    let differences: Vec<String> = cases.iter().flat_map(|d| check(d, Form::Header)).collect();
    assert!(
        differences.is_empty(),
        "{} stages differ:\n\n{}",
        differences.len(),
        differences.join("\n\n")
    );
}

#[test]
fn every_case_in_the_presigned_form_from_a_declaration() {
    let cases = suite::cases();
    assert_eq!(cases.len(), 33, "the suite has 33 cases");
    // Every case publishes its presigned form: AWS's rules express each one.
    for dir in &cases {
        for what in [
            "canonical-request",
            "string-to-sign",
            "signature",
            "signed-request",
        ] {
            assert!(dir.join(format!("query-{what}.txt")).is_file(), "{dir:?}");
        }
    }
    let differences: Vec<String> = cases.iter().flat_map(|d| check(d, Form::Query)).collect();
    assert!(
        differences.is_empty(),
        "{} stages differ:\n\n{}",
        differences.len(),
        differences.join("\n\n")
    );
}
