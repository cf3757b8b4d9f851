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

/// A PEM delivered on one line, as environment variables and CI secret stores often deliver it:
/// its line breaks turned into spaces, removed, or left as bare `\r`. Each is read as the same
/// key (issue 16, finding 1: these used to be refused with the body quoted as the "label").
#[test]
fn pem_on_one_line_is_read_whatever_replaced_the_line_breaks() {
    let input = b"eyJhbGciOiJSUzI1NiJ9.e30";
    for (private_name, public_name, algorithm) in [
        ("rsa-pkcs1.pem", "rsa-pkcs1.pub.pem", JwtAlgorithm::Rs256),
        ("rsa-pkcs8.pem", "rsa-spki.pub.pem", JwtAlgorithm::Rs256),
        ("ec-sec1.pem", "ec-spki.pub.pem", JwtAlgorithm::Es256),
        ("ec-pkcs8.pem", "ec-spki.pub.pem", JwtAlgorithm::Es256),
        ("ed25519.pem", "ed25519.pub.pem", JwtAlgorithm::EdDsa),
    ] {
        let text = String::from_utf8(key_text(private_name)).unwrap();
        let public_text = String::from_utf8(key_text(public_name)).unwrap();
        let reference = private(private_name);
        for joiner in [" ", "", "\r", "\r\n", "\t"] {
            let line = text.trim_end().replace('\n', joiner);
            let key = PrivateKey::from_pem(line.as_bytes())
                .unwrap_or_else(|e| panic!("{private_name} joined by {joiner:?}: {e}"));
            assert_eq!(key.bits(), reference.bits());
            let public_line = public_text.trim_end().replace('\n', joiner);
            let public = PublicKey::from_pem(public_line.as_bytes())
                .unwrap_or_else(|e| panic!("{public_name} joined by {joiner:?}: {e}"));
            round_trip(algorithm, &key, &public);
            if algorithm == JwtAlgorithm::Rs256 {
                assert_eq!(
                    jwt::sign_input(algorithm, &key, input).unwrap(),
                    jwt::sign_input(algorithm, &reference, input).unwrap(),
                );
            }
        }
    }
}

/// Only a label that can be nothing but a label is quoted: a broken boundary line puts key
/// material where the label belongs.
#[test]
fn a_label_that_is_not_a_pem_label_is_not_quoted() {
    let text = String::from_utf8(key_text("ed25519.pem")).unwrap();
    let body = text.lines().nth(1).unwrap();
    for broken in [
        // The dashes after the label lost: the body runs into the label.
        text.replacen("PRIVATE KEY-----\n", "PRIVATE KEY ", 1),
        text.replacen("PRIVATE KEY-----\n", "PRIVATE KEY", 1),
        format!("-----BEGIN {body}-----\n-----END {body}-----\n"),
        format!(
            "-----BEGIN {}-----\n-----END {}-----\n",
            &body[..12],
            &body[..12]
        ),
        "-----BEGIN private key-----\nAAAA\n-----END private key-----\n".to_owned(),
        "-----BEGIN PRIVATE  KEY-----\nAAAA\n-----END PRIVATE  KEY-----\n".to_owned(),
        "-----BEGIN PRIVATE KEY \n".to_owned(),
    ] {
        let (_, found, _) = format_error(PrivateKey::from_pem(broken.as_bytes()));
        assert!(!found.contains(&body[..8]), "{found}");
        assert!(!found.to_lowercase().contains("private key"), "{found}");
        assert!(
            found.contains("not a PEM label") || found.contains("does not end"),
            "{found}"
        );
    }
    // A registered label is still named.
    let (_, found, _) = format_error(PrivateKey::from_pem(
        b"-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n",
    ));
    assert!(found.starts_with("PEM `X509 CRL`"), "{found}");
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
    // P-384 keys are read (RFC 9421's `ecdsa-p384-sha384`); ES256 refuses one by name.
    let p384 = PrivateKey::from_pem(&key_text("ec-p384.pem")).unwrap();
    assert_eq!(p384.bits(), 384);
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
    let p384 = private("ec-p384.pem");
    let err = jwt_sign(
        &serde_json::json!({}),
        &spec(JwtAlgorithm::Es256),
        &p384,
        at(T0),
    )
    .unwrap_err();
    assert!(matches!(
        &err,
        Error::KeyMismatch {
            key: "EC P-384",
            algorithm: "ES256",
            ..
        }
    ));
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

/// Issue 16, finding 6: PEM text can come from untrusted hands (public keys clients register).
/// 4 MiB of empty blocks took 6.5 s and gave a 1.1 MB error; now the text, the number of blocks
/// and the error are bounded, and a text of exactly the limit is still read.
#[test]
fn pem_input_blocks_and_errors_are_bounded() {
    assert_eq!(signing_runtime::jwt::MAX_PEM_BYTES, 64 * 1024);
    let block = "-----BEGIN X-----\n-----END X-----\n";
    let flood = block.repeat(4 * 1024 * 1024 / block.len());
    for result in [
        PublicKey::from_pem(flood.as_bytes()).map(|_| ()),
        PrivateKey::from_pem(flood.as_bytes()).map(|_| ()),
    ] {
        let err = result.unwrap_err();
        assert!(
            err.to_string().len() < 512,
            "{} bytes",
            err.to_string().len()
        );
        let (_, found, _) = format_error(Err::<(), _>(err));
        assert!(found.contains("more than the 65536 read"), "{found}");
    }
    // Under the size limit: at most 16 blocks.
    let many = block.repeat(17);
    let (_, found, _) = format_error(PublicKey::from_pem(many.as_bytes()));
    assert_eq!(
        found,
        "more than 16 PEM blocks (a key file holds one or two)"
    );
    let (_, found, _) = format_error(PublicKey::from_pem(block.repeat(16).as_bytes()));
    assert!(found.ends_with(", PEM `X` and 12 more blocks"), "{found}");
    assert!(found.len() < 256, "{found}");
    // Every block a long valid label: the error lists four.
    let label = "A".repeat(40);
    let long = format!("-----BEGIN {label}-----\n-----END {label}-----\n").repeat(16);
    let err = PrivateKey::from_pem(long.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(err.len() < 1024, "{} bytes: {err}", err.len());
    // A key padded to exactly the limit is read; one byte more is refused.
    let key = String::from_utf8(key_text("ec-spki.pub.pem")).unwrap();
    let padded = format!("{key}{}", "\n".repeat(64 * 1024 - key.len()));
    PublicKey::from_pem(padded.as_bytes()).unwrap();
    let (_, found, _) = format_error(PublicKey::from_pem(format!("{padded}\n").as_bytes()));
    assert!(found.starts_with("65537 bytes of key text"), "{found}");
}
