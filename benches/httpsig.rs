//! RFC 9421 signatures (`signing::asymmetric`, `signing::httpsig`) against the RustCrypto crates
//! called directly on the same signature base: Ed25519 (`ed25519-dalek`) and ECDSA P-256
//! (`p256`), signing and verifying.
//!
//! ```text
//! cargo bench --bench httpsig
//! ```
//!
//! The base is RFC 9421 B.2.6's; the keys are RFC 9421 B.1.3 and B.1.4's. `sign` parses nothing
//! per call (the keys are parsed once, when loaded), so the ratio is what the dispatch on the
//! algorithm and the returned `Vec` cost.
//!
//! Declared (`#[signed(algorithm = "ed25519", ..)]`): `declared_sign` is a declaration whose
//! template lays out the same base from its fields, signed through the generated
//! `signature_into` (layout, signature, base64), and `declared_verify` its generated `verify`;
//! `declared_httpsig_sign` is B.2.6 declared with `http_signature(..)` (base, `Signature-Input`
//! and `Signature` through `sign_with`).

#[path = "../tests/support/rfc9421.rs"]
mod rfc9421_vectors;
mod support;

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::SamplingMode;
use ed25519_dalek::pkcs8::DecodePrivateKey as _;
use ed25519_dalek::Signer as _;
use p256::ecdsa::signature::Verifier as _;
use rfc9421_vectors::vector;
use signing::asymmetric::SignatureAlgorithm;
use signing::httpsig::{Component, Message, SignatureParams};
use signing::{PrivateKey, SignedRequest, Timestamp};
use support::{Goal, Ratio};

/// RFC 9421 B.2.6's base laid out by a template (as in tests/asymmetric_declared.rs).
#[derive(SignedRequest)]
#[signed(
    algorithm = "ed25519",
    encoding = "base64",
    method = "POST",
    path = "/foo",
    template = "\"date\": {date}\n\"@method\": {@method}\n\"@path\": {@path}\n\"@authority\": {authority}\n\"content-type\": {content_type}\n\"content-length\": {content_length}\n\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created={created};keyid=\"test-key-ed25519\""
)]
struct Templated {
    #[signed(header = "Date", timestamp = "imf-fixdate")]
    date: Timestamp,
    #[signed(header = "Host")]
    authority: &'static str,
    #[signed(header = "Content-Type")]
    content_type: &'static str,
    #[signed(header = "Content-Length")]
    content_length: u32,
    #[signed(timestamp = "unix-seconds")]
    created: Timestamp,
}

/// RFC 9421 B.2.6 declared (as in tests/rfc9421_declared.rs).
#[derive(SignedRequest)]
#[signed(
    algorithm = "ed25519",
    method = "POST",
    path = "/foo",
    http_signature(
        label = "sig-b26",
        components(
            "date",
            "@method",
            "@path",
            "@authority",
            "content-type",
            "content-length"
        ),
        created = "{created}",
        keyid = "test-key-ed25519"
    )
)]
struct Declared {
    #[signed(header = "Host")]
    host: &'static str,
    #[signed(header = "Date", timestamp = "imf-fixdate")]
    date: Timestamp,
    #[signed(header = "Content-Type")]
    content_type: &'static str,
    #[signed(header = "Content-Length")]
    content_length: u32,
    created: Timestamp,
}

fn base() -> Vec<u8> {
    let all: serde_json::Value = serde_json::from_str(&vector("appendix-b2.json")).unwrap();
    all["sig-b26"]["signature_base"]
        .as_str()
        .unwrap()
        .as_bytes()
        .to_vec()
}

fn main() {
    let started = SystemTime::now();
    let mut c = support::criterion(Duration::from_millis(500), Duration::from_secs(3));
    let base = base();

    let ed_pem = vector("test-key-ed25519.pem");
    let ed = PrivateKey::from_pem(ed_pem.as_bytes()).unwrap();
    let ed_public = ed.public_key();
    let ed_direct = ed25519_dalek::SigningKey::from_pkcs8_pem(&ed_pem).unwrap();
    let ed_verifying = ed_direct.verifying_key();
    let ed_sig = ed.sign(SignatureAlgorithm::Ed25519, &base).unwrap();
    assert_eq!(ed_sig, ed_direct.sign(&base).to_bytes());
    let ed_sig_direct = ed25519_dalek::Signature::from_slice(&ed_sig).unwrap();

    let ec = PrivateKey::from_pem(vector("test-key-ecc-p256.pem").as_bytes()).unwrap();
    let ec_public = ec.public_key();
    let ec_direct: p256::ecdsa::SigningKey =
        p256::SecretKey::from_sec1_pem(&vector("test-key-ecc-p256.pem"))
            .unwrap()
            .into();
    let ec_verifying = *ec_direct.verifying_key();
    let ec_sig = ec.sign(SignatureAlgorithm::EcdsaP256Sha256, &base).unwrap();
    let direct_sig: p256::ecdsa::Signature = ec_direct.sign(&base);
    assert_eq!(ec_sig, direct_sig.to_bytes().to_vec());

    // The whole of a request's signature: base, Signature-Input and Signature.
    let request = http::Request::post("https://example.com/foo?param=Value&Pet=dog")
        .header("date", "Tue, 20 Apr 2021 02:07:55 GMT")
        .header("content-type", "application/json")
        .header("content-length", "18")
        .body(())
        .unwrap();
    let params = SignatureParams::new([
        Component::field("date"),
        Component::method(),
        Component::path(),
        Component::authority(),
        Component::field("content-type"),
        Component::field("content-length"),
    ])
    .created(Timestamp::from_unix_seconds(1_618_884_473))
    .keyid("test-key-ed25519");

    let templated = Templated {
        date: Timestamp::from_unix_seconds(1_618_884_475),
        authority: "example.com",
        content_type: "application/json",
        content_length: 18,
        created: Timestamp::from_unix_seconds(1_618_884_473),
    };
    assert_eq!(templated.message().unwrap(), base);
    let mut templated_sig = String::new();
    templated.signature_into(&ed, &mut templated_sig).unwrap();
    let declared = Declared {
        host: "example.com",
        date: Timestamp::from_unix_seconds(1_618_884_475),
        content_type: "application/json",
        content_length: 18,
        created: Timestamp::from_unix_seconds(1_618_884_473),
    };
    assert_eq!(declared.message().unwrap(), base);

    let mut g = c.benchmark_group("ed25519");
    g.sample_size(50).sampling_mode(SamplingMode::Flat);
    g.bench_function("dalek_sign", |b| {
        b.iter(|| black_box(&ed_direct).sign(black_box(&base)))
    });
    g.bench_function("sign", |b| {
        b.iter(|| black_box(&ed).sign(SignatureAlgorithm::Ed25519, black_box(&base)))
    });
    g.bench_function("dalek_verify", |b| {
        b.iter(|| black_box(&ed_verifying).verify_strict(black_box(&base), &ed_sig_direct))
    });
    g.bench_function("verify", |b| {
        b.iter(|| {
            black_box(&ed_public).verify(SignatureAlgorithm::Ed25519, black_box(&base), &ed_sig)
        })
    });
    g.bench_function("httpsig_sign", |b| {
        b.iter(|| {
            black_box(&params).sign(
                &Message::request(black_box(&request)),
                "sig-b26",
                SignatureAlgorithm::Ed25519,
                &ed,
            )
        })
    });
    g.bench_function("declared_sign", |b| {
        let mut out = String::with_capacity(88);
        b.iter(|| {
            out.clear();
            black_box(&templated).signature_into(&ed, &mut out)
        })
    });
    g.bench_function("declared_verify", |b| {
        b.iter(|| black_box(&templated).verify(black_box(&templated_sig), &ed_public))
    });
    g.bench_function("declared_httpsig_sign", |b| {
        b.iter(|| black_box(&declared).sign_with(&ed))
    });
    g.finish();

    let mut g = c.benchmark_group("ecdsa_p256");
    g.sample_size(30).sampling_mode(SamplingMode::Flat);
    g.bench_function("p256_sign", |b| {
        b.iter(|| -> p256::ecdsa::Signature { black_box(&ec_direct).sign(black_box(&base)) })
    });
    g.bench_function("sign", |b| {
        b.iter(|| black_box(&ec).sign(SignatureAlgorithm::EcdsaP256Sha256, black_box(&base)))
    });
    g.bench_function("p256_verify", |b| {
        b.iter(|| black_box(&ec_verifying).verify(black_box(&base), &direct_sig))
    });
    g.bench_function("verify", |b| {
        b.iter(|| {
            black_box(&ec_public).verify(
                SignatureAlgorithm::EcdsaP256Sha256,
                black_box(&base),
                &ec_sig,
            )
        })
    });
    g.finish();
    c.final_summary();

    let ratios = [
        Ratio::new(
            "Ed25519 sign: `PrivateKey::sign` / ed25519-dalek",
            "ed25519/sign",
            "ed25519/dalek_sign",
            Goal::AtMost(1.05),
        ),
        Ratio::new(
            "Ed25519 verify: `PublicKey::verify` / ed25519-dalek `verify_strict`",
            "ed25519/verify",
            "ed25519/dalek_verify",
            Goal::AtMost(1.05),
        ),
        Ratio::new(
            "Ed25519 whole request (base + headers) / ed25519-dalek sign",
            "ed25519/httpsig_sign",
            "ed25519/dalek_sign",
            Goal::None,
        ),
        Ratio::new(
            "Ed25519 declared sign (`algorithm`, template; signature_into) / ed25519-dalek sign",
            "ed25519/declared_sign",
            "ed25519/dalek_sign",
            Goal::AtMost(1.05),
        ),
        Ratio::new(
            "Ed25519 declared verify / ed25519-dalek `verify_strict`",
            "ed25519/declared_verify",
            "ed25519/dalek_verify",
            Goal::AtMost(1.05),
        ),
        Ratio::new(
            "Ed25519 declared `http_signature(..)` sign_with (base + headers) / ed25519-dalek sign",
            "ed25519/declared_httpsig_sign",
            "ed25519/dalek_sign",
            Goal::None,
        ),
        Ratio::new(
            "ECDSA P-256 sign: `PrivateKey::sign` / p256",
            "ecdsa_p256/sign",
            "ecdsa_p256/p256_sign",
            Goal::AtMost(1.05),
        ),
        Ratio::new(
            "ECDSA P-256 verify: `PublicKey::verify` / p256",
            "ecdsa_p256/verify",
            "ecdsa_p256/p256_verify",
            Goal::AtMost(1.05),
        ),
    ];
    support::print_ratios("RFC 9421 signatures (benches/httpsig.rs)", started, &ratios);

    let (ed, ed_direct, ec, ec_direct, base) = (&ed, &ed_direct, &ec, &ec_direct, &base);
    let (ed_public, ed_verifying, ec_public, ec_verifying) =
        (&ed_public, &ed_verifying, &ec_public, &ec_verifying);
    let (ed_sig, ed_sig_direct, ec_sig, direct_sig) =
        (&ed_sig, &ed_sig_direct, &ec_sig, &direct_sig);
    let (params, request) = (&params, &request);
    let (templated, templated_sig, declared) = (&templated, &templated_sig, &declared);
    let cases: Vec<support::Case<'_>> = vec![
        (
            "ed25519/dalek_sign",
            Box::new(move || {
                black_box(black_box(ed_direct).sign(base));
            }),
        ),
        (
            "ed25519/sign",
            Box::new(move || {
                black_box(
                    black_box(ed)
                        .sign(SignatureAlgorithm::Ed25519, base)
                        .unwrap(),
                );
            }),
        ),
        (
            "ed25519/dalek_verify",
            Box::new(move || {
                black_box(
                    black_box(ed_verifying)
                        .verify_strict(base, ed_sig_direct)
                        .is_ok(),
                );
            }),
        ),
        (
            "ed25519/verify",
            Box::new(move || {
                black_box(
                    black_box(ed_public)
                        .verify(SignatureAlgorithm::Ed25519, base, ed_sig)
                        .is_ok(),
                );
            }),
        ),
        (
            "ed25519/httpsig_sign",
            Box::new(move || {
                black_box(
                    params
                        .sign(
                            &Message::request(request),
                            "sig-b26",
                            SignatureAlgorithm::Ed25519,
                            ed,
                        )
                        .unwrap(),
                );
            }),
        ),
        (
            "ed25519/declared_sign",
            Box::new(move || {
                let mut out = String::with_capacity(88);
                black_box(templated).signature_into(ed, &mut out).unwrap();
                black_box(out);
            }),
        ),
        (
            "ed25519/declared_verify",
            Box::new(move || {
                black_box(
                    black_box(templated)
                        .verify(templated_sig, ed_public)
                        .is_ok(),
                );
            }),
        ),
        (
            "ed25519/declared_httpsig_sign",
            Box::new(move || {
                black_box(black_box(declared).sign_with(ed).unwrap());
            }),
        ),
        (
            "ecdsa_p256/p256_sign",
            Box::new(move || {
                let s: p256::ecdsa::Signature = black_box(ec_direct).sign(base);
                black_box(s);
            }),
        ),
        (
            "ecdsa_p256/sign",
            Box::new(move || {
                black_box(
                    black_box(ec)
                        .sign(SignatureAlgorithm::EcdsaP256Sha256, base)
                        .unwrap(),
                );
            }),
        ),
        (
            "ecdsa_p256/p256_verify",
            Box::new(move || {
                black_box(black_box(ec_verifying).verify(base, direct_sig).is_ok());
            }),
        ),
        (
            "ecdsa_p256/verify",
            Box::new(move || {
                black_box(
                    black_box(ec_public)
                        .verify(SignatureAlgorithm::EcdsaP256Sha256, base, ec_sig)
                        .is_ok(),
                );
            }),
        ),
    ];
    support::interleaved(
        "RFC 9421 signatures (benches/httpsig.rs)",
        100,
        20,
        cases,
        &ratios,
    );
}
