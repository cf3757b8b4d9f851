//! Signing one S3 GET (4 signed headers, unsigned payload) with SigV4, three ways, in one run:
//!
//! ```text
//! cargo bench --bench cloud
//! ```
//!
//! - `floor`: the least any signer can do — SHA-256 of the canonical request (already built),
//!   the string to sign, and one HMAC of it from a prepared (cloned) state of the derived key
//!   (already derived);
//! - `aws_sigv4`: smithy-rs's `aws-sigv4` crate, the AWS SDK for Rust's signer (its signing
//!   parameters made once, the request made and signed each time);
//! - `pieces`: the runtime's canonical pieces (`canonical::{path, headers}` streamed into the
//!   hash, the key from `derived_key::ChainKey`'s per-scope cache, keyed per call with `hmac`:
//!   two compressions more than the floor's prepared state), driven by hand;
//! - `declaration_signature_into`: the same request declared (`key_chain`, `{@headers}`,
//!   `{@signed_headers}`, a digest group), the signature text alone into a reused buffer;
//! - `declaration_sign_with`: the same, through `sign_with` (a `Signed` with the headers and the
//!   `Authorization` header, all allocated).
//!
//! All must give the same signature, which is checked before anything is timed.

mod support;

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign as aws_sign, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings,
    UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use signing::canonical::headers::{CanonicalHeaders, SignedHeaderRule};
use signing::canonical::path::{CanonicalPath, PathEncoding};
use signing::derived_key::{ChainKey, KeyChain};
use signing::digest::{DigestAlgorithm, DigestEncoding};
use signing::message::DigestSink;
use signing::message::Sink as _;
use signing::{MacAlgorithm, Secret, SignedRequest};
use support::s3::{
    floor, hex_into, ACCESS_KEY, DATE, DATETIME, HOST, PATH, RANGE, SCOPE, SECRET, UNIX, UNSIGNED,
};
use support::{Goal, Ratio};

const CHAIN: KeyChain = KeyChain {
    prefix: "AWS4",
    algorithm: MacAlgorithm::HmacSha256,
};
const S3_PATH: CanonicalPath = CanonicalPath::new(PathEncoding::Once, false);

/// The runtime's pieces, the canonical request streamed into the hash.
fn pieces(key: &ChainKey, sts: &mut Vec<u8>, out: &mut String) {
    let mut hash = DigestSink::new(DigestAlgorithm::Sha256);
    hash.write(b"GET\n");
    S3_PATH.write(&mut hash, PATH);
    hash.write(b"\n\n");
    let mut headers = CanonicalHeaders::new(SignedHeaderRule::ALL);
    for (name, value) in [
        ("host", HOST),
        ("range", RANGE),
        ("x-amz-content-sha256", UNSIGNED),
        ("x-amz-date", DATETIME),
    ] {
        let _ = headers.push(name, value);
    }
    headers.write_block(&mut hash);
    hash.write(b"\n");
    headers.write_names(&mut hash, b";");
    hash.write(b"\n");
    hash.write(UNSIGNED.as_bytes());
    sts.clear();
    sts.extend_from_slice(b"AWS4-HMAC-SHA256\n");
    sts.extend_from_slice(DATETIME.as_bytes());
    sts.push(b'\n');
    sts.extend_from_slice(SCOPE.as_bytes());
    sts.push(b'\n');
    hash.finish(sts, DigestEncoding::Hex);
    let scope: [&[u8]; 4] = [DATE.as_bytes(), b"us-east-1", b"s3", b"aws4_request"];
    let signing_key = key.for_scope(&scope);
    let mut mac = Hmac::<Sha256>::new_from_slice(signing_key.expose()).expect("any key length");
    mac.update(sts);
    out.clear();
    hex_into(&mac.finalize().into_bytes(), out);
}

fn aws(params: &aws_sigv4::http_request::SigningParams<'_>) -> String {
    let request = SignableRequest::new(
        "GET",
        "https://examplebucket.s3.amazonaws.com/test.txt",
        [
            ("host", HOST),
            ("range", RANGE),
            ("x-amz-content-sha256", UNSIGNED),
        ]
        .into_iter(),
        SignableBody::UnsignedPayload,
    )
    .expect("request");
    let (_, signature) = aws_sign(request, params).expect("signs").into_parts();
    signature
}

fn main() {
    let started = SystemTime::now();
    let mut c = support::criterion(Duration::from_millis(500), Duration::from_secs(2));

    let identity = Credentials::new(ACCESS_KEY, SECRET, None, None, "bench").into();
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("s3")
        .time(UNIX_EPOCH + Duration::from_secs(UNIX))
        .settings(settings)
        .build()
        .expect("params")
        .into();

    let key = ChainKey::new(Secret::new(SECRET), CHAIN);
    let scope: [&[u8]; 4] = [DATE.as_bytes(), b"us-east-1", b"s3", b"aws4_request"];
    let derived = key.for_scope(&scope);
    let prepared = Hmac::<Sha256>::new_from_slice(derived.expose()).expect("any key length");
    let canonical = support::s3::canonical_request();

    let (mut sts, mut out) = (Vec::with_capacity(256), String::with_capacity(64));
    floor(&canonical, &prepared, &mut sts, &mut out);
    let expected = out.clone();
    pieces(&key, &mut sts, &mut out);
    assert_eq!(out, expected, "pieces and floor differ");
    assert_eq!(aws(&params), expected, "aws-sigv4 and floor differ");

    let declared = support::s3::get();
    let mut text = String::with_capacity(64);
    declared.signature_into(&key, &mut text).expect("signs");
    assert_eq!(text, expected, "the declaration and floor differ");

    let mut g = c.benchmark_group("s3_get");
    g.bench_function("floor", |b| {
        b.iter(|| floor(black_box(&canonical), &prepared, &mut sts, &mut out))
    });
    g.bench_function("aws_sigv4", |b| b.iter(|| aws(black_box(&params))));
    g.bench_function("pieces", |b| {
        b.iter(|| pieces(black_box(&key), &mut sts, &mut out))
    });
    g.bench_function("declaration_signature_into", |b| {
        b.iter(|| {
            text.clear();
            black_box(&declared).signature_into(&key, &mut text)
        })
    });
    g.bench_function("declaration_sign_with", |b| {
        b.iter(|| black_box(&declared).sign_with(&key))
    });
    g.finish();
    c.final_summary();

    let ratios = [
        Ratio::new(
            "S3 GET: declaration (signature_into) vs the floor",
            "s3_get/declaration_signature_into",
            "s3_get/floor",
            Goal::AtMost(2.0),
        ),
        Ratio::new(
            "S3 GET: declaration (signature_into) vs aws-sigv4",
            "s3_get/declaration_signature_into",
            "s3_get/aws_sigv4",
            Goal::FasterBy(5.0),
        ),
        Ratio::new(
            "S3 GET: declaration (sign_with) vs aws-sigv4",
            "s3_get/declaration_sign_with",
            "s3_get/aws_sigv4",
            Goal::None,
        ),
        Ratio::new(
            "S3 GET: runtime pieces vs the floor",
            "s3_get/pieces",
            "s3_get/floor",
            Goal::AtMost(2.0),
        ),
        Ratio::new(
            "S3 GET: runtime pieces vs aws-sigv4",
            "s3_get/pieces",
            "s3_get/aws_sigv4",
            Goal::FasterBy(5.0),
        ),
        Ratio::new(
            "S3 GET: aws-sigv4 vs the floor",
            "s3_get/aws_sigv4",
            "s3_get/floor",
            Goal::None,
        ),
    ];
    support::print_ratios("SigV4 S3 GET (benches/cloud.rs)", started, &ratios);

    // The same ratios timed interleaved (see `support::interleaved`): on a busy machine the
    // criterion medians, measured one benchmark after another, drift with the load.
    let (mut sts2, mut out2, mut text2) = (
        Vec::with_capacity(256),
        String::with_capacity(64),
        String::with_capacity(64),
    );
    let (canonical, prepared, key, params, declared) =
        (&canonical, &prepared, &key, &params, &declared);
    let cases: Vec<support::Case<'_>> = vec![
        (
            "s3_get/floor",
            Box::new(move || floor(black_box(canonical), prepared, &mut sts, &mut out)),
        ),
        (
            "s3_get/aws_sigv4",
            Box::new(move || drop(black_box(aws(black_box(params))))),
        ),
        (
            "s3_get/pieces",
            Box::new(move || pieces(black_box(key), &mut sts2, &mut out2)),
        ),
        (
            "s3_get/declaration_signature_into",
            Box::new(move || {
                text2.clear();
                let _ = black_box(black_box(declared).signature_into(key, &mut text2));
            }),
        ),
        (
            "s3_get/declaration_sign_with",
            Box::new(move || drop(black_box(black_box(declared).sign_with(key)))),
        ),
    ];
    support::interleaved("SigV4 S3 GET (benches/cloud.rs)", 100, 200, cases, &ratios);
}
