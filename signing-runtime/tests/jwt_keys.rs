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
    // Read, and the key read is the file's: what it signs, the file's public key verifies.
    let ec_public = public("ec-spki.pub.pem");
    for (what, variant) in [
        ("CRLF", text.replace('\n', "\r\n")),
        // How deploy dashboards store a PEM in one environment variable line.
        ("literal \\n", text.trim().replace('\n', "\\n")),
    ] {
        let key =
            PrivateKey::from_pem(variant.as_bytes()).unwrap_or_else(|e| panic!("{what}: {e}"));
        round_trip(JwtAlgorithm::Es256, &key, &ec_public);
    }
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

// `rsa-pss.pem` is an RSA key restricted to RSASSA-PSS (PKCS#8/SPKI algorithm id-RSASSA-PSS,
// 1.2.840.113549.1.1.10), made with `openssl genpkey -algorithm RSA-PSS` (tests/keys/gen.sh).
// The signatures below were made by OpenSSL 3.0 (`b64u` is `basenc --base64url -w0 | tr -d =`):
//
// PSS_KEY_PS256: with the PSS key itself,
//   printf '%s' "$PS256_INPUT" | openssl dgst -sha256 -sign rsa-pss.pem \
//     -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest | b64u
// PSS_KEY_RS256: a genuine PKCS#1 v1.5 signature by the same RSA numbers, which OpenSSL itself
// refuses to make with the PSS-restricted key, so the inner PKCS#1 key is taken out first:
//   openssl asn1parse -in rsa-pss.pem -strparse 20 -noout -out inner.der
//   openssl rsa -inform DER -in inner.der -traditional -out as-v15.pem
//   printf '%s' "$RS256_INPUT" | openssl dgst -sha256 -sign as-v15.pem | b64u
// PSS_KEY_V15_MESSAGE / PSS_KEY_PSS512_MESSAGE: the message `message`, signed the same way
// (`-sha256` with as-v15.pem; `-sha512 -sign rsa-pss.pem -sigopt rsa_padding_mode:pss
// -sigopt rsa_pss_saltlen:64 -sigopt rsa_mgf1_md:sha512`).
const RS256_INPUT: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhIn0";
const PS256_INPUT: &str = "eyJhbGciOiJQUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhIn0";
const PSS_KEY_RS256: &str = "Ix8Ew6sJtINnqms7xtDYXUOQ6ygGpnpaVV6F2IRC7k2KxciNGHQTbpKCcN6DEOlZDYAD-jxFJxOXeYB0TUwjXPRl60J7PSPeJ0y-n4NXWo2ae0e7iPEpCVInTaRFgh0aXizWqjeyiXjUiie7rggs5fzr8ERTCtlm8dj0Ev1ZRJZ4iTyCQyTKBbEoEoirlZkRnfWhnMl53F3lL9Xgsyg8Nt7g8tSknxdnJrta56-NOM4T3hDGpCJQGdD3yjxc1DyJWQifLcYbcUSXKx3U0BW229xBdIIm69VmDTmN-4zsZkD651zkeyYhZn2v3SFzwXiMRBoDnmZkNYwpW2CO3iBiDw";
const PSS_KEY_PS256: &str = "nMWOU95D8019LIsGyx7nA209oJvhP6Qvyt204_LkvUQEuei49kSLHr8GVhFjJY9cZhcy6ofI63_S2CsJKjVBqWHKxtIsiU9C88xIM91fJtZkOjxBm_KUS1INemkNJQZvOn_V_Yv2mCxqJ5BLabTrA83v_toc6Y-h84b1CddhYabYE4YXVpTlNwrNsUGT5ZUMPm6cpP1ouCKBAgrjfNXi6NrxfQfH68HfrRrjIeulmU_RpCthvJIFYg_BuG6PRBV80te3lIwhBK8mych7WRc3CANX4Qy40YNjE2mFqFp1zxAVMLrl4IfyQ8hM9IKceb4BvOxJQnepZ2cGR0wEtSOTgw";
const PSS_KEY_V15_MESSAGE: &str = "mH1KRGzDmq1DTVknEUYbagiD0VLM7gtVQtS1pXPmF2-5LN3TLNkiFJsxO4svlz2MPTUn9x9iYRrZ25XOD3HktkHbIjCOKBp619OAk9Qtaz4LYy_ysCzBLKhSz8yT8xzhRWvozCR-nhi4CmF5T6AFd23C2vthAIIlSLeBSIFgkxC--gKRID6fnR3F9nZn90-MeX9f-rzaDmgxywfywnm7DD7HDqWUAwOBPZt8DddaeO3hYNgTxBaIBVs62a1k8PngTkyCd2ZcBNM7b5nPzforv3Dw_DcUviGA_takBJgV3RP8qVl8ZQS7QV5pv4Go4tVVeW2SLh86upINsbhJpoGU8Q";
const PSS_KEY_PSS512_MESSAGE: &str = "gG00-PSkheD7WKCiaaIFOZBYKqXI8VhrwE9UmVf-U_5BkwYRX-7y75PolJtbX3Z1PM1dcLSbREYHGOEsM3Q5Vp8qcF2kX4G88Z68lLJaEkFwlYfZ8HJgWdcjNrrrula1DuHx92OH7CyUipNfd29UW98g3Wb3eCINfKftKuS3jplNgAJ_FuTR4IQvPv6AkjbG5BNitci_ZTQdlulciRMOMGAJ_JplrVxM30vm4YjknugO9Ca-sLwYHFexA8FAJYSiykNgZzQ5G-7uCrd3Y9veHr2Fn_CUFzkRForI4D3S28j2WI0r2UiXRYnET2RA5d-xUqH9GdITvCTO5BPVeyGekg";

fn b64u(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .unwrap()
}

/// The refusal a PSS-only key gets for `algorithm`: typed, naming the key format expected and
/// the one found, never the key.
fn assert_pss_only_refusal(err: Error, algorithm: &str, key_text: &[u8]) {
    let Error::KeyMismatch {
        key,
        algorithm: named,
        needed,
        ..
    } = &err
    else {
        panic!("{algorithm}: expected KeyMismatch, got {err:?}");
    };
    assert_eq!((*key, *named), ("RSASSA-PSS-only RSA", algorithm), "{err}");
    assert!(
        needed.contains("rsaEncryption (1.2.840.113549.1.1.1)"),
        "{err}"
    );
    assert!(
        needed.contains("id-RSASSA-PSS (1.2.840.113549.1.1.10)"),
        "{err}"
    );
    let body: String = String::from_utf8_lossy(key_text)
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    for shown in [err.to_string(), format!("{err:?}")] {
        // No 16-character run of the PEM body (private or public) appears in the error.
        for start in (0..body.len().saturating_sub(16)).step_by(16) {
            assert!(!shown.contains(&body[start..start + 16]), "{shown}");
        }
    }
}

#[test]
fn pss_only_rsa_key_is_refused_for_pkcs1_v15_jwts_on_both_sides() {
    let private_key = private("rsa-pss.pem");
    let public_key = public("rsa-pss.pub.pem");
    assert_eq!((private_key.bits(), public_key.bits()), (2048, 2048));

    // Sign: RS256, RS384 and RS512 are PKCS#1 v1.5: refused before anything is signed.
    for (algorithm, name) in [
        (JwtAlgorithm::Rs256, "RS256"),
        (JwtAlgorithm::Rs384, "RS384"),
        (JwtAlgorithm::Rs512, "RS512"),
    ] {
        let err = jwt::sign_input(algorithm, &private_key, RS256_INPUT.as_bytes()).unwrap_err();
        assert_pss_only_refusal(err, name, &key_text("rsa-pss.pem"));
        let err = jwt_sign(
            &serde_json::json!({"sub": "a"}),
            &spec(algorithm),
            &private_key,
            at(T0),
        )
        .unwrap_err();
        assert_pss_only_refusal(err, name, &key_text("rsa-pss.pem"));
    }

    // Verify: a genuine RS256 signature by the same RSA numbers (made by OpenSSL) is refused
    // with the same typed error, not checked and accepted.
    let token = format!("{RS256_INPUT}.{PSS_KEY_RS256}");
    let validation = Validation::new(JwtAlgorithm::Rs256).require_exp(false);
    let err = jwt::decode::<serde_json::Value>(&token, &public_key, &validation).unwrap_err();
    assert_pss_only_refusal(err, "RS256", &key_text("rsa-pss.pub.pem"));
    // The same signature is valid under the same numbers as an rsaEncryption key: the refusal
    // is the key's restriction, not a bad signature. (`openssl pkey -pubout` of as-v15.pem is
    // the SPKI below with the rsaEncryption OID; checked here through the private key's
    // numbers re-read as PKCS#1.)
    let pss_der = pem_body(&key_text("rsa-pss.pem"));
    let inner = &pss_der[pss_der.len() - 1190..]; // the OCTET STRING at offset 20, 1190 bytes
    let as_v15 = to_pem("RSA PRIVATE KEY", inner);
    let v15 = PrivateKey::from_pem(as_v15.as_bytes()).unwrap();
    jwt::decode::<serde_json::Value>(&token, &v15.public_key(), &validation).unwrap();

    // PSS stays allowed both ways: OpenSSL's PS256 signature verifies, ours round-trips.
    let token = format!("{PS256_INPUT}.{PSS_KEY_PS256}");
    let claims: serde_json::Value = jwt::decode(
        &token,
        &public_key,
        &Validation::new(JwtAlgorithm::Ps256).require_exp(false),
    )
    .unwrap();
    assert_eq!(claims["sub"], "a");
    round_trip(JwtAlgorithm::Ps256, &private_key, &public_key);
}

#[test]
fn pss_only_rsa_key_is_refused_for_rsa_v1_5_sha256_on_both_sides() {
    use signing_runtime::asymmetric::SignatureAlgorithm;
    let private_key = private("rsa-pss.pem");
    let public_key = public("rsa-pss.pub.pem");

    let err = private_key
        .sign(SignatureAlgorithm::RsaV15Sha256, b"message")
        .unwrap_err();
    assert_pss_only_refusal(err, "rsa-v1_5-sha256", &key_text("rsa-pss.pem"));
    let err = public_key
        .verify(
            SignatureAlgorithm::RsaV15Sha256,
            b"message",
            &b64u(PSS_KEY_V15_MESSAGE),
        )
        .unwrap_err();
    assert_pss_only_refusal(err, "rsa-v1_5-sha256", &key_text("rsa-pss.pub.pem"));

    // rsa-pss-sha512: OpenSSL's signature verifies, and ours verifies under the public key.
    assert_eq!(
        public_key.verify(
            SignatureAlgorithm::RsaPssSha512,
            b"message",
            &b64u(PSS_KEY_PSS512_MESSAGE)
        ),
        Ok(())
    );
    let ours = private_key
        .sign(SignatureAlgorithm::RsaPssSha512, b"message")
        .unwrap();
    assert_eq!(
        public_key.verify(SignatureAlgorithm::RsaPssSha512, b"message", &ours),
        Ok(())
    );
}

fn pem_body(pem: &[u8]) -> Vec<u8> {
    let body: String = String::from_utf8_lossy(pem)
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    base64::Engine::decode(&base64::engine::general_purpose::STANDARD, body).unwrap()
}

fn to_pem(label: &str, der: &[u8]) -> String {
    let body = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}
