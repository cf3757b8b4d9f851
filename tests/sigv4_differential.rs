//! Differential test: SigV4 laid out with the runtime's general pieces (tests/support/sigv4.rs:
//! `canonical::{path, query, headers}`, `derived_key`, `authorization`) against an independent
//! implementation, smithy-rs's `aws-sigv4` crate (the AWS SDK for Rust's signer), on 10,000
//! random requests (`SIGV4_DIFFERENTIAL_CASES` for another count).
//!
//! Each request draws its path segments, query parameters and header values from text full of
//! RFC 3986 reserved characters, `%`, spaces and non-ASCII; paths hold `.`, `..` and empty
//! segments (`//`); parameter names repeat and names and values can be empty; header names repeat
//! in different cases and values carry leading, trailing and inner runs of spaces, and tabs. Each
//! is signed under random settings: path encoded once or twice, normalized or not, header form or
//! presigned query, signed or unsigned payload, `x-amz-content-sha256` or not, with or without a
//! session token. Both signers must give the same signature and add the same headers or query
//! parameters (the `Authorization` header included).
//!
//! Where the two models meet: `aws-sigv4` takes the URL as sent (its path already encoded once,
//! its query parsed as `application/x-www-form-urlencoded`), the runtime takes the path and
//! parameters as the request means them; the test encodes the latter into the former with the
//! runtime's own `write_sent_path`/`write_sent`, so that step is checked too.

use std::time::{Duration, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign as aws_sign, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest,
    SignatureLocation, SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use signing::canonical::path::{write_sent_path, PathEncoding};
use signing::canonical::query::QueryParams;
use signing::derived_key::ChainKey;
use signing::{Secret, Timestamp, TimestampFormat};

#[path = "support/sigv4.rs"]
mod sigv4;

/// The headers `aws-sigv4` never signs (its `SigningSettings::default().excluded_headers`).
const EXCLUDED: &[&str] = &[
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
];
const HOST: &str = "example.amazonaws.com";

#[derive(Debug, Clone)]
struct Case {
    method: &'static str,
    segments: Vec<String>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    secret: String,
    token: Option<String>,
    region: &'static str,
    service: &'static str,
    unix_seconds: u64,
    twice: bool,
    normalize: bool,
    presign: Option<u64>,
    unsigned_payload: bool,
    content_sha256: bool,
}

/// Text from the characters that matter to encoding, with now and then any character at all.
fn text(max: usize) -> impl Strategy<Value = String> {
    let interesting = prop::sample::select(vec![
        'a', 'Z', '0', '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=',
        ':', '@', '/', '?', '#', '[', ']', '%', ' ', '"', '<', '>', '^', '`', '{', '|', '}', '\\',
        'é', 'ሴ', '😀',
    ]);
    let any_printable = any::<char>().prop_filter("no control characters", |c| !c.is_control());
    prop::collection::vec(prop_oneof![8 => interesting, 1 => any_printable], 0..max)
        .prop_map(|chars| chars.into_iter().collect())
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just(String::new()),
        1 => Just(".".to_owned()),
        1 => Just("..".to_owned()),
        5 => text(6).prop_map(|s| s.replace('/', "")),
    ]
}

fn param_name() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => prop::sample::select(vec!["a", "A", "b", "", "x y", "ሴ", "X-Amz-Meta"])
            .prop_map(str::to_owned),
        3 => text(5),
    ]
}

/// A header value: visible ASCII, non-ASCII and tabs, with runs of spaces anywhere.
fn header_value() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "v", "V1", " ", "  ", "   ", "\t", "a b", "=", ",", ";", "é", "ሴ", "\"q\"", "/", "+",
    ]);
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

fn header_name() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "My-Header",
        "my-header",
        "MY-HEADER",
        "X-Amz-Meta-Key",
        "x-amz-meta-key",
        "Content-Type",
        "X-Custom_1",
        "Accept",
        "User-Agent",
        "x-amzn-trace-id",
        "a",
        "Z~!#$%&'*+.^`|",
    ])
}

fn case() -> impl Strategy<Value = Case> {
    let request = (
        prop::sample::select(vec!["GET", "PUT", "POST", "DELETE", "HEAD"]),
        prop::collection::vec(segment(), 0..6),
        prop::collection::vec((param_name(), text(5)), 0..6),
        prop::collection::vec(
            (header_name().prop_map(str::to_owned), header_value()),
            0..6,
        ),
        prop::collection::vec(any::<u8>(), 0..40),
    );
    let credentials = (
        "[A-Za-z0-9/+]{1,40}",
        prop::option::of("[A-Za-z0-9/+=]{1,60}"),
        prop::sample::select(vec!["us-east-1", "eu-west-3", "cn-north-1"]),
        prop::sample::select(vec!["s3", "iam", "service", "execute-api"]),
        // 2000-01-01 .. 2040-01-01
        946_684_800u64..2_208_988_800,
    );
    let settings = (
        any::<bool>(),
        any::<bool>(),
        prop::option::weighted(0.5, 1u64..=604_800),
        any::<bool>(),
        any::<bool>(),
    );
    (request, credentials, settings).prop_map(
        |(
            (method, segments, query, headers, body),
            (secret, token, region, service, unix_seconds),
            (twice, normalize, presign, unsigned_payload, content_sha256),
        )| Case {
            method,
            segments,
            query,
            headers,
            body,
            secret,
            token,
            region,
            service,
            unix_seconds,
            twice,
            normalize,
            presign,
            unsigned_payload,
            content_sha256,
        },
    )
}

fn raw_path(case: &Case) -> String {
    format!("/{}", case.segments.join("/"))
}

/// The URL as sent, written by the runtime: the path encoded once, the query RFC 3986-encoded.
fn sent_url(case: &Case) -> String {
    let mut url = format!("https://{HOST}").into_bytes();
    write_sent_path(&mut url, &raw_path(case));
    if !case.query.is_empty() {
        url.push(b'?');
        let mut query = QueryParams::new();
        for (name, value) in &case.query {
            query.push("query", name, value);
        }
        query.write_sent(&mut url);
    }
    String::from_utf8(url).expect("ASCII")
}

fn datetime(case: &Case) -> String {
    let seconds = i64::try_from(case.unix_seconds).expect("in range");
    Timestamp::from_unix_seconds(seconds)
        .format(TimestampFormat::Rfc3339)
        .replace(['-', ':'], "")
}

/// What a signer added to the request, in a comparable form.
type Added = Vec<(String, String)>;

fn theirs(case: &Case) -> Result<(String, Added), String> {
    let identity = Credentials::new(
        "AKIDEXAMPLE",
        case.secret.clone(),
        case.token.clone(),
        None,
        "differential",
    )
    .into();
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode = if case.twice {
        PercentEncodingMode::Double
    } else {
        PercentEncodingMode::Single
    };
    settings.uri_path_normalization_mode = UriPathNormalizationMode::from(case.normalize);
    if case.content_sha256 {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    if let Some(expires) = case.presign {
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(Duration::from_secs(expires));
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(case.region)
        .name(case.service)
        .time(UNIX_EPOCH + Duration::from_secs(case.unix_seconds))
        .settings(settings)
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let body = if case.unsigned_payload {
        SignableBody::UnsignedPayload
    } else {
        SignableBody::Bytes(&case.body)
    };
    let request = SignableRequest::new(
        case.method,
        sent_url(case),
        case.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        body,
    )
    .map_err(|e| e.to_string())?;
    let (instructions, signature) = aws_sign(request, &params)
        .map_err(|e| e.to_string())?
        .into_parts();
    let mut added: Added = instructions
        .headers()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_owned()))
        .collect();
    added.extend(
        instructions
            .params()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string())),
    );
    added.sort();
    Ok((signature, added))
}

fn ours(case: &Case, key: &ChainKey) -> (sigv4::Output, Added) {
    let query: Vec<(Vec<u8>, Vec<u8>)> = case
        .query
        .iter()
        .map(|(n, v)| (n.clone().into_bytes(), v.clone().into_bytes()))
        .collect();
    let mut headers = case.headers.clone();
    headers.push(("host".into(), HOST.into()));
    let datetime = datetime(case);
    let path = raw_path(case);
    let input = sigv4::Input {
        method: case.method,
        path: &path,
        query: &query,
        headers: &headers,
        body: &case.body,
        access_key_id: "AKIDEXAMPLE",
        session_token: case.token.as_deref(),
        region: case.region,
        service: case.service,
        datetime: &datetime,
    };
    let encoding = if case.twice {
        PathEncoding::Twice
    } else {
        PathEncoding::Once
    };
    let settings = sigv4::Settings {
        presign_expires: case.presign,
        content_sha256_header: case.content_sha256,
        unsigned_payload: case.unsigned_payload,
        except: EXCLUDED,
        ..sigv4::Settings::new(encoding, case.normalize)
    };
    let out = sigv4::sign(&input, &settings, key);
    let mut added: Added = out
        .headers_added
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
        .chain(out.params_added.iter().cloned())
        .collect();
    added.sort();
    (out, added)
}

fn cases() -> u32 {
    std::env::var("SIGV4_DIFFERENTIAL_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(10_000)
}

#[test]
fn the_runtime_signs_as_aws_sigv4_does() {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&case(), |case| {
        let key = ChainKey::new(Secret::new(case.secret.clone()), sigv4::CHAIN);
        let (their_signature, their_added) = theirs(&case).map_err(TestCaseError::fail)?;
        let (out, our_added) = ours(&case, &key);
        prop_assert_eq!(
            &out.signature,
            &their_signature,
            "signatures differ; our canonical request:\n{}",
            out.canonical_request
        );
        prop_assert_eq!(our_added, their_added);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn the_harness_sees_a_difference() {
    // Signing with another secret on our side must be caught: the comparison is not vacuous.
    let mut runner = TestRunner::new(Config {
        cases: 16,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&case(), |case| {
            let other = ChainKey::new(Secret::new(format!("{}x", case.secret)), sigv4::CHAIN);
            let (their_signature, _) = theirs(&case).map_err(TestCaseError::fail)?;
            let (out, _) = ours(&case, &other);
            prop_assert_ne!(out.signature, their_signature);
            Ok(())
        })
        .expect("a different secret never gives the same signature");
}
