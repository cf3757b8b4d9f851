//! JWTs against published vectors (RFC 7515 appendix A) and an independent implementation
//! (OpenSSL): tokens we sign verify there, and tokens signed there verify here.
#![cfg(feature = "jwt")]

mod jwt_support;

use jwt_support::{at, b64, key_path, openssl, path_str, spec, temp_file, unb64, T0};
use serde::{Deserialize, Serialize};
use signing_runtime::jwt::{self, jwt_sign, JwtAlgorithm, Validation};
use signing_runtime::{PrivateKey, PublicKey, Secret};

/// RFC 7515 A.1 / A.2 payload, byte for byte (CRLF and a space before each later member).
const RFC_PAYLOAD: &[u8] =
    b"{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";

// RFC 7515 appendix A.2 (https://www.rfc-editor.org/rfc/rfc7515#appendix-A.2);
// ../shared/vectors/public.json id `rfc7515-a2-rs256`.
const A2_HEADER: &[u8] = b"{\"alg\":\"RS256\"}";
const A2_SIGNING_INPUT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const A2_SIGNATURE: &str = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

// RFC 7515 appendix A.1 (https://www.rfc-editor.org/rfc/rfc7515#appendix-A.1), the same JWT as
// RFC 7519 §3.1; ../shared/vectors/public.json id `rfc7515-a1-hs256 (= rfc7519-s3.1)`.
const A1_HEADER: &[u8] = b"{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
const A1_KEY_B64URL: &str =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
const A1_SIGNING_INPUT: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const A1_SIGNATURE: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

/// Before the RFC tokens' `exp` (1300819380).
const RFC_NOW: i64 = 1_300_819_000;

#[derive(Debug, Deserialize)]
struct RfcClaims {
    iss: String,
    exp: i64,
    #[serde(rename = "http://example.com/is_root")]
    is_root: bool,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Claims {
    sub: String,
    aud: String,
}

fn claims() -> Claims {
    Claims {
        sub: "client-1".into(),
        aud: "https://api.example.com".into(),
    }
}

#[test]
fn rfc7515_a2_rs256_signature_is_reproduced_and_verifies() {
    let input = format!("{}.{}", b64(A2_HEADER), b64(RFC_PAYLOAD));
    assert_eq!(input, A2_SIGNING_INPUT);
    // tests/keys/rfc7515-a2.pem is the appendix's JWK as PEM (tests/keys/gen.sh).
    let key = PrivateKey::from_pem_file(key_path("rfc7515-a2.pem")).unwrap();
    assert_eq!(key.bits(), 2048);
    let signature = jwt::sign_input(JwtAlgorithm::Rs256, &key, input.as_bytes()).unwrap();
    assert_eq!(signature, A2_SIGNATURE);

    let token = format!("{A2_SIGNING_INPUT}.{A2_SIGNATURE}");
    let public = PublicKey::from_pem_file(key_path("rfc7515-a2.pub.pem")).unwrap();
    let validation = Validation::new(JwtAlgorithm::Rs256).at(at(RFC_NOW));
    let claims: RfcClaims = jwt::decode(&token, &public, &validation).unwrap();
    assert_eq!(
        (claims.iss.as_str(), claims.exp, claims.is_root),
        ("joe", 1_300_819_380, true)
    );
    // The private key's own public half verifies too.
    jwt::decode::<RfcClaims>(&token, &key.public_key(), &validation).unwrap();
}

#[test]
fn rfc7515_a1_hs256_signature_is_reproduced_and_verifies() {
    let input = format!("{}.{}", b64(A1_HEADER), b64(RFC_PAYLOAD));
    assert_eq!(input, A1_SIGNING_INPUT);
    let key = PrivateKey::hmac(Secret::new(unb64(A1_KEY_B64URL)));
    let signature = jwt::sign_input(JwtAlgorithm::Hs256, &key, input.as_bytes()).unwrap();
    assert_eq!(signature, A1_SIGNATURE);

    let token = format!("{A1_SIGNING_INPUT}.{A1_SIGNATURE}");
    let validation = Validation::new(JwtAlgorithm::Hs256).at(at(RFC_NOW));
    let claims: RfcClaims = jwt::decode(&token, &key.public_key(), &validation).unwrap();
    assert_eq!(claims.iss, "joe");
}

/// Splits a compact token into (signing input, raw signature).
fn split(token: &str) -> (&str, Vec<u8>) {
    let (input, signature) = token.rsplit_once('.').unwrap();
    (input, unb64(signature))
}

#[test]
fn rs256_token_is_verified_by_openssl() {
    let key = PrivateKey::from_pem_file(key_path("rsa-pkcs8.pem")).unwrap();
    let signed = jwt_sign(&claims(), &spec(JwtAlgorithm::Rs256), &key, at(T0)).unwrap();
    let (input, signature) = split(signed.signature());
    assert_eq!(signed.message(), input.as_bytes());
    let input_file = temp_file("rs256.in", input.as_bytes());
    let sig_file = temp_file("rs256.sig", &signature);
    // openssl dgst -sha256 -verify rsa-spki.pub.pem -signature rs256.sig rs256.in
    let Some(out) = openssl(&[
        "dgst",
        "-sha256",
        "-verify",
        path_str(&key_path("rsa-spki.pub.pem")),
        "-signature",
        path_str(&sig_file),
        path_str(&input_file),
    ]) else {
        return;
    };
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "Verified OK");
}

#[test]
fn ps256_token_is_verified_by_openssl() {
    let key = PrivateKey::from_pem_file(key_path("rsa-pkcs1.pem")).unwrap();
    let signed = jwt_sign(&claims(), &spec(JwtAlgorithm::Ps256), &key, at(T0)).unwrap();
    let (input, signature) = split(signed.signature());
    let input_file = temp_file("ps256.in", input.as_bytes());
    let sig_file = temp_file("ps256.sig", &signature);
    // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash (32 bytes).
    // openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
    //   -verify rsa-spki.pub.pem -signature ps256.sig ps256.in
    let Some(out) = openssl(&[
        "dgst",
        "-sha256",
        "-sigopt",
        "rsa_padding_mode:pss",
        "-sigopt",
        "rsa_pss_saltlen:32",
        "-verify",
        path_str(&key_path("rsa-spki.pub.pem")),
        "-signature",
        path_str(&sig_file),
        path_str(&input_file),
    ]) else {
        return;
    };
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "Verified OK");
}

/// DER `SEQUENCE { INTEGER r, INTEGER s }` of a JWS ES256 signature (`r || s`, 32 bytes each).
fn ecdsa_der(raw: &[u8]) -> Vec<u8> {
    let integer = |bytes: &[u8]| {
        let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
        let mut value = if trimmed.first().is_some_and(|b| b & 0x80 != 0) {
            vec![0]
        } else {
            Vec::new()
        };
        value.extend_from_slice(&trimmed);
        let mut out = vec![0x02, value.len() as u8];
        out.extend_from_slice(&value);
        out
    };
    let mut body = integer(&raw[..32]);
    body.extend(integer(&raw[32..]));
    let mut der = vec![0x30, body.len() as u8];
    der.extend(body);
    der
}

#[test]
fn es256_token_is_verified_by_openssl() {
    let key = PrivateKey::from_pem_file(key_path("ec-sec1.pem")).unwrap();
    let signed = jwt_sign(&claims(), &spec(JwtAlgorithm::Es256), &key, at(T0)).unwrap();
    let (input, signature) = split(signed.signature());
    assert_eq!(signature.len(), 64, "JWS ES256 signatures are r || s");
    let input_file = temp_file("es256.in", input.as_bytes());
    let sig_file = temp_file("es256.sig", &ecdsa_der(&signature));
    // openssl dgst -sha256 -verify ec-spki.pub.pem -signature es256.sig es256.in
    let Some(out) = openssl(&[
        "dgst",
        "-sha256",
        "-verify",
        path_str(&key_path("ec-spki.pub.pem")),
        "-signature",
        path_str(&sig_file),
        path_str(&input_file),
    ]) else {
        return;
    };
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "Verified OK");
}

/// A signing input for a token built by hand, not by this library.
fn foreign_input(alg: &str) -> String {
    let header = format!("{{\"alg\":\"{alg}\",\"typ\":\"JWT\"}}");
    let payload = format!(
        "{{\"sub\":\"client-1\",\"aud\":\"https://api.example.com\",\"nbf\":{T0},\"exp\":{}}}",
        T0 + 60
    );
    format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()))
}

#[test]
fn rs256_token_signed_by_openssl_verifies() {
    let input = foreign_input("RS256");
    let input_file = temp_file("foreign-rs256.in", input.as_bytes());
    // openssl dgst -sha256 -sign rsa-pkcs8.pem foreign-rs256.in
    let Some(out) = openssl(&[
        "dgst",
        "-sha256",
        "-sign",
        path_str(&key_path("rsa-pkcs8.pem")),
        path_str(&input_file),
    ]) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = format!("{input}.{}", b64(&out.stdout));
    let public = PublicKey::from_pem_file(key_path("rsa-pkcs1.pub.pem")).unwrap();
    let validation = Validation::new(JwtAlgorithm::Rs256)
        .audience("https://api.example.com")
        .at(at(T0 + 1));
    let got: Claims = jwt::decode(&token, &public, &validation).unwrap();
    assert_eq!(got, claims());
    // RSASSA-PKCS1-v1_5 is deterministic: our signature of the same input is OpenSSL's.
    let key = PrivateKey::from_pem_file(key_path("rsa-pkcs1.pem")).unwrap();
    assert_eq!(
        jwt::sign_input(JwtAlgorithm::Rs256, &key, input.as_bytes()).unwrap(),
        b64(&out.stdout)
    );
}

#[test]
fn eddsa_token_signed_by_openssl_verifies_and_matches_ours() {
    let input = foreign_input("EdDSA");
    let input_file = temp_file("foreign-eddsa.in", input.as_bytes());
    // openssl pkeyutl -sign -inkey ed25519.pem -rawin -in foreign-eddsa.in
    let Some(out) = openssl(&[
        "pkeyutl",
        "-sign",
        "-inkey",
        path_str(&key_path("ed25519.pem")),
        "-rawin",
        "-in",
        path_str(&input_file),
    ]) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = format!("{input}.{}", b64(&out.stdout));
    let public = PublicKey::from_pem_file(key_path("ed25519.pub.pem")).unwrap();
    let validation = Validation::new(JwtAlgorithm::EdDsa)
        .audience("https://api.example.com")
        .at(at(T0 + 1));
    let got: Claims = jwt::decode(&token, &public, &validation).unwrap();
    assert_eq!(got, claims());
    // Ed25519 is deterministic (RFC 8032): ours is OpenSSL's, byte for byte.
    let key = PrivateKey::from_pem_file(key_path("ed25519.pem")).unwrap();
    assert_eq!(
        jwt::sign_input(JwtAlgorithm::EdDsa, &key, input.as_bytes()).unwrap(),
        b64(&out.stdout)
    );
}
