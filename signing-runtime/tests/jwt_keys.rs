//! Reading JWT keys: every supported PEM format, and errors that say what was found and what was
//! expected.
#![cfg(feature = "jwt")]

mod jwt_support;

use jwt_support::{at, key_path, key_text, spec, T0};
use signing_runtime::jwt::{self, jwt_sign, JwtAlgorithm, Validation};
use signing_runtime::{Error, KeyOrigin, KeySource, PrivateKey, PublicKey};

/// Signs with `private` and verifies with `public`.
fn round_trip(algorithm: JwtAlgorithm, private: &PrivateKey, public: &PublicKey) {
    let signed = jwt_sign(
        &serde_json::json!({"sub": "a"}),
        &spec(algorithm),
        private,
        at(T0),
    )
    .unwrap_or_else(|e| panic!("{algorithm}: {e}"));
    let validation = Validation::new(algorithm).at(at(T0));
    jwt::decode::<serde_json::Value>(signed.signature(), public, &validation)
        .unwrap_or_else(|e| panic!("{algorithm}: {e}"));
}

fn private(name: &str) -> PrivateKey {
    PrivateKey::from_pem_file(key_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn public(name: &str) -> PublicKey {
    PublicKey::from_pem_file(key_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_supported_format_loads_and_works() {
    // RSA: PKCS#1 and PKCS#8 private, SPKI and PKCS#1 public; the same key either way.
    let pkcs1 = private("rsa-pkcs1.pem");
    let pkcs8 = private("rsa-pkcs8.pem");
    assert_eq!((pkcs1.bits(), pkcs8.bits()), (2048, 2048));
    let input = b"eyJhbGciOiJSUzI1NiJ9.e30";
    assert_eq!(
        jwt::sign_input(JwtAlgorithm::Rs256, &pkcs1, input).unwrap(),
        jwt::sign_input(JwtAlgorithm::Rs256, &pkcs8, input).unwrap(),
    );
    for public in [public("rsa-spki.pub.pem"), public("rsa-pkcs1.pub.pem")] {
        round_trip(JwtAlgorithm::Rs256, &pkcs1, &public);
        round_trip(JwtAlgorithm::Rs512, &pkcs8, &public);
        round_trip(JwtAlgorithm::Ps256, &pkcs8, &public);
    }
    // EC P-256: SEC1 (after the EC PARAMETERS block openssl writes) and PKCS#8, SPKI public.
    let ec_public = public("ec-spki.pub.pem");
    round_trip(JwtAlgorithm::Es256, &private("ec-sec1.pem"), &ec_public);
    round_trip(JwtAlgorithm::Es256, &private("ec-pkcs8.pem"), &ec_public);
    // Ed25519: PKCS#8 private, SPKI public.
    round_trip(
        JwtAlgorithm::EdDsa,
        &private("ed25519.pem"),
        &public("ed25519.pub.pem"),
    );
}

#[test]
fn pem_with_crlf_or_literal_newline_escapes_is_read() {
    let text = String::from_utf8(key_text("ec-pkcs8.pem")).unwrap();
    PrivateKey::from_pem(text.replace('\n', "\r\n").as_bytes()).unwrap();
    // How deploy dashboards store a PEM in one environment variable line.
    PrivateKey::from_pem(text.trim().replace('\n', "\\n").as_bytes()).unwrap();
}

fn format_error(result: Result<impl std::fmt::Debug, Error>) -> (String, String, &'static str) {
    match result {
        Err(Error::KeyFormat {
            origin,
            found,
            expected,
        }) => (origin, found, expected),
        other => panic!("expected Error::KeyFormat, got {other:?}"),
    }
}

#[test]
fn not_pem_says_so() {
    let (origin, found, expected) = format_error(PrivateKey::from_pem(b"hunter2"));
    assert_eq!(origin, "inline bytes");
    assert!(found.starts_with("not PEM"), "{found}");
    assert!(
        expected.contains("`RSA PRIVATE KEY` (PKCS#1)"),
        "{expected}"
    );
    let (_, found, _) = format_error(PublicKey::from_pem(&[0x30, 0x82, 0xff, 0x00]));
    assert!(found.contains("binary data"), "{found}");
    let cut = String::from_utf8(key_text("ed25519.pem")).unwrap();
    let cut = cut.lines().take(2).collect::<Vec<_>>().join("\n");
    let (_, found, _) = format_error(PrivateKey::from_pem(cut.as_bytes()));
    assert!(
        found.contains("without its `-----END PRIVATE KEY-----` line"),
        "{found}"
    );
}

#[test]
fn public_where_private_is_expected_and_back() {
    let (origin, found, _) = format_error(PrivateKey::from_pem_file(key_path("rsa-spki.pub.pem")));
    assert!(origin.ends_with("tests/keys/rsa-spki.pub.pem"), "{origin}");
    assert!(
        found.starts_with("PEM `PUBLIC KEY` (a public key"),
        "{found}"
    );
    let (_, found, expected) = format_error(PublicKey::from_pem(&key_text("rsa-pkcs1.pem")));
    assert!(
        found.starts_with("PEM `RSA PRIVATE KEY` (a private key"),
        "{found}"
    );
    assert!(expected.contains("`PUBLIC KEY` (SPKI"), "{expected}");
    let err = PrivateKey::from_pem(&key_text("rsa-pkcs1.pub.pem")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("key from inline bytes: found PEM `RSA PUBLIC KEY` (a public key"),
        "{err}"
    );
}

#[test]
fn unsupported_keys_are_named() {
    let (_, found, _) = format_error(PrivateKey::from_pem(&key_text("rsa-encrypted.pem")));
    assert!(
        found.starts_with("PEM `ENCRYPTED PRIVATE KEY` (encrypted"),
        "{found}"
    );
    let (_, found, _) = format_error(PrivateKey::from_pem(&key_text("ec-p384.pem")));
    assert!(found.contains("EC key on P-384"), "{found}");
    let (_, found, _) = format_error(PrivateKey::from_pem(&key_text("rsa-1024.pem")));
    assert!(found.contains("1024-bit RSA key"), "{found}");
    let garbled = String::from_utf8(key_text("rsa-pkcs1.pem"))
        .unwrap()
        .replace("MII", "MIA");
    let (_, found, _) = format_error(PrivateKey::from_pem(garbled.as_bytes()));
    assert!(
        found.contains("not a valid PKCS#1 RSA private key"),
        "{found}"
    );
}

#[test]
fn key_of_the_wrong_family_names_both() {
    let ed = private("ed25519.pem");
    let err = jwt_sign(
        &serde_json::json!({}),
        &spec(JwtAlgorithm::Es256),
        &ed,
        at(T0),
    )
    .unwrap_err();
    assert!(matches!(
        &err,
        Error::KeyMismatch {
            key: "Ed25519",
            algorithm: "ES256",
            ..
        }
    ));
    assert!(err.to_string().contains("needs an EC P-256 key"), "{err}");
}

#[test]
fn loading_errors_name_the_source_and_debug_is_redacted() {
    assert!(matches!(
        PrivateKey::from_pem_file("/nonexistent/signing/key.pem"),
        Err(Error::KeyFile { .. })
    ));
    assert_eq!(
        PrivateKey::from_env("SIGNING_JWT_TEST_SURELY_UNSET").unwrap_err(),
        Error::MissingEnv {
            var: "SIGNING_JWT_TEST_SURELY_UNSET".into()
        }
    );
    let path = key_path("rsa-pkcs1.pem");
    let key = PrivateKey::load(KeySource::File(path.to_str().unwrap())).unwrap();
    assert!(matches!(key.origin(), KeyOrigin::File { .. }));
    let shown = format!("{key:?} {:?}", key.public_key());
    assert!(shown.contains("RSA") && shown.contains("2048"), "{shown}");
    let body_line = String::from_utf8(key_text("rsa-pkcs1.pem")).unwrap();
    let body_line = body_line.lines().nth(1).unwrap();
    assert!(!shown.contains(&body_line[..16]), "{shown}");
}

#[test]
fn keys_can_be_shared_across_threads() {
    fn shared<T: Send + Sync + Clone + 'static>() {}
    shared::<PrivateKey>();
    shared::<PublicKey>();
    shared::<Validation>();
}
