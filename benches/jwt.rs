//! RS256 and ES256 JWTs through the derive, against `jsonwebtoken::encode` called directly.
//!
//! ```text
//! cargo bench --bench jwt
//! ```
//!
//! `jwt_rs256_input` is the before/after of keeping the parsed RSA key: `signing::jwt::sign_input`
//! (the key parsed once, when it was loaded) against `jsonwebtoken::crypto::sign`, which is what
//! this crate called before: jsonwebtoken's RSA signer parses the PKCS#1 key again for every
//! signature. Same key, same input, same `rsa` arithmetic, both blinded.
//!
//! Both sides sign the same claims (`iss`, `sub`, `aud`, and `nbf`/`exp` from the clock) with
//! the same key through the same backend (jsonwebtoken's RustCrypto provider), so the ratio is
//! what the derive adds: its header and payload building, its duplicate-claim check, and the
//! `Signed` it returns.

mod support;

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use criterion::{Criterion, SamplingMode};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use signing::{PrivateKey, SignedRequest};
use support::{Goal, Ratio};

/// How long the tokens live.
const LIFETIME: i64 = 300;

#[derive(SignedRequest, Serialize)]
#[signed(jwt = "RS256", lifetime = 300)]
struct Rs256Assertion<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
}

#[derive(SignedRequest, Serialize)]
#[signed(jwt = "ES256", lifetime = 300)]
struct Es256Assertion<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
}

/// The claims written out by hand, as `jsonwebtoken` users do.
#[derive(Serialize)]
struct DirectClaims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    nbf: i64,
    exp: i64,
}

const ISS: &str = "client-7f3a";
const SUB: &str = "client-7f3a";
const AUD: &str = "https://auth.example.com/oauth2/token";

fn direct(algorithm: Algorithm, key: &EncodingKey) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64;
    let claims = DirectClaims {
        iss: black_box(ISS),
        sub: black_box(SUB),
        aud: black_box(AUD),
        nbf: now,
        exp: now + LIFETIME,
    };
    jsonwebtoken::encode(&Header::new(algorithm), &claims, key).expect("sign")
}

/// The DER inside a PEM file's single block.
fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).expect("base64 PEM body")
}

fn key_file(name: &str) -> String {
    let path = format!(
        "{}/signing-runtime/tests/keys/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).expect("key fixture")
}

fn bench_jwt<R: SignedRequest<SigningKey = PrivateKey, VerifyingKey = signing::PublicKey>>(
    c: &mut Criterion,
    group: &str,
    request: &R,
    key: &PrivateKey,
    algorithm: Algorithm,
    direct_key: &EncodingKey,
) {
    // Both tokens verify with the same public key: same key, same algorithm.
    let signed = request.sign_with(key).expect("sign");
    request
        .verify(signed.signature(), &key.public_key())
        .expect("derived token verifies");
    let token = direct(algorithm, direct_key);
    request
        .verify(&token, &key.public_key())
        .expect("jsonwebtoken's token verifies against the same claims");

    let mut g = c.benchmark_group(group);
    g.sample_size(20).sampling_mode(SamplingMode::Flat);
    g.bench_function("jsonwebtoken", |b| {
        b.iter(|| direct(algorithm, black_box(direct_key)))
    });
    g.bench_function("sign_with", |b| {
        b.iter(|| black_box(request).sign_with(black_box(key)))
    });
    let mut out = String::with_capacity(1024);
    g.bench_function("signature_into", |b| {
        b.iter(|| {
            out.clear();
            black_box(request).signature_into(black_box(key), &mut out)
        })
    });
    g.finish();
}

fn main() {
    let started = SystemTime::now();
    let mut c = support::criterion(Duration::from_millis(500), Duration::from_secs(3));

    // tests/keys/README.md says how each key was made (OpenSSL).
    let rsa_pem = key_file("rsa-pkcs1.pem");
    let rsa = PrivateKey::from_pem(rsa_pem.as_bytes()).expect("RSA key");
    let rsa_direct = EncodingKey::from_rsa_der(&pem_der(&rsa_pem));
    let ec_pem = key_file("ec-pkcs8.pem");
    let ec = PrivateKey::from_pem(ec_pem.as_bytes()).expect("EC key");
    let ec_direct = EncodingKey::from_ec_der(&pem_der(&ec_pem));

    let claims = Rs256Assertion {
        iss: ISS,
        sub: SUB,
        aud: AUD,
    };
    bench_jwt(
        &mut c,
        "jwt_rs256",
        &claims,
        &rsa,
        Algorithm::RS256,
        &rsa_direct,
    );
    let claims = Es256Assertion {
        iss: ISS,
        sub: SUB,
        aud: AUD,
    };
    bench_jwt(
        &mut c,
        "jwt_es256",
        &claims,
        &ec,
        Algorithm::ES256,
        &ec_direct,
    );
    // The signing input alone: the key parsed once (now) against parsed per signature (before).
    let input = black_box("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhIn0").as_bytes();
    assert_eq!(
        signing::jwt::sign_input(signing::jwt::JwtAlgorithm::Rs256, &rsa, input).expect("sign"),
        jsonwebtoken::crypto::sign(input, &rsa_direct, Algorithm::RS256).expect("sign"),
        "RS256 is deterministic: both must make the same signature"
    );
    let mut g = c.benchmark_group("jwt_rs256_input");
    g.sample_size(20).sampling_mode(SamplingMode::Flat);
    g.bench_function("jsonwebtoken_parse_per_signature", |b| {
        b.iter(|| {
            jsonwebtoken::crypto::sign(black_box(input), black_box(&rsa_direct), Algorithm::RS256)
        })
    });
    g.bench_function("sign_input_parsed_once", |b| {
        b.iter(|| {
            signing::jwt::sign_input(
                signing::jwt::JwtAlgorithm::Rs256,
                black_box(&rsa),
                black_box(input),
            )
        })
    });
    g.finish();
    c.final_summary();

    let mut ratios = Vec::new();
    for (group, what) in [("jwt_rs256", "RS256 JWT"), ("jwt_es256", "ES256 JWT")] {
        for id in ["sign_with", "signature_into"] {
            ratios.push(Ratio::new(
                format!("{what}: `{id}` vs `jsonwebtoken::encode`"),
                &format!("{group}/{id}"),
                &format!("{group}/jsonwebtoken"),
                Goal::AtMost(1.05),
            ));
        }
    }
    ratios.push(Ratio::new(
        "RS256 signing input: parsed once (`jwt::sign_input`) vs parsed per signature (`jsonwebtoken::crypto::sign`, before)",
        "jwt_rs256_input/sign_input_parsed_once",
        "jwt_rs256_input/jsonwebtoken_parse_per_signature",
        Goal::None,
    ));
    support::print_ratios("JWT signing (benches/jwt.rs)", started, &ratios);

    // The same comparisons, timed interleaved (see `support::interleaved`).
    let rs = Rs256Assertion {
        iss: ISS,
        sub: SUB,
        aud: AUD,
    };
    let es = Es256Assertion {
        iss: ISS,
        sub: SUB,
        aud: AUD,
    };
    let (mut out1, mut out2) = (String::with_capacity(1024), String::with_capacity(1024));
    let (rsa, ec, rs, es) = (&rsa, &ec, &rs, &es);
    let (rsa_direct, ec_direct) = (&rsa_direct, &ec_direct);
    let cases: Vec<support::Case<'_>> = vec![
        (
            "jwt_rs256/jsonwebtoken",
            Box::new(move || {
                black_box(direct(Algorithm::RS256, rsa_direct));
            }),
        ),
        (
            "jwt_rs256/sign_with",
            Box::new(move || {
                black_box(black_box(rs).sign_with(rsa).expect("sign"));
            }),
        ),
        (
            "jwt_rs256/signature_into",
            Box::new(move || {
                out1.clear();
                black_box(rs).signature_into(rsa, &mut out1).expect("sign");
                black_box(&out1);
            }),
        ),
        (
            "jwt_rs256_input/jsonwebtoken_parse_per_signature",
            Box::new(move || {
                black_box(
                    jsonwebtoken::crypto::sign(input, rsa_direct, Algorithm::RS256).expect("sign"),
                );
            }),
        ),
        (
            "jwt_rs256_input/sign_input_parsed_once",
            Box::new(move || {
                black_box(
                    signing::jwt::sign_input(signing::jwt::JwtAlgorithm::Rs256, rsa, input)
                        .expect("sign"),
                );
            }),
        ),
        (
            "jwt_es256/jsonwebtoken",
            Box::new(move || {
                black_box(direct(Algorithm::ES256, ec_direct));
            }),
        ),
        (
            "jwt_es256/sign_with",
            Box::new(move || {
                black_box(black_box(es).sign_with(ec).expect("sign"));
            }),
        ),
        (
            "jwt_es256/signature_into",
            Box::new(move || {
                out2.clear();
                black_box(es).signature_into(ec, &mut out2).expect("sign");
                black_box(&out2);
            }),
        ),
    ];
    support::interleaved("JWT signing (benches/jwt.rs)", 20, 5, cases, &ratios);
}
