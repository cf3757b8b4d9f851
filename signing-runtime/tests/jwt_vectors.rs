//! JWTs against published vectors (RFC 7515 appendix A) and an independent implementation
//! (OpenSSL): tokens we sign verify there, and tokens signed there verify here.
#![cfg(feature = "jwt")]

mod jwt_support;

use jwt_support::{
    at, b64, claims, key_path, openssl, path_str, spec, temp_file, unb64, Claims, AUD, T0,
};
use serde::Deserialize;
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

/// Signs `claims()` with the fixture `private` and has OpenSSL verify the signature with the
/// fixture `public`: `openssl dgst -sha256 [extra] -verify <public> -signature <sig> <input>`.
/// `der` turns the JWS signature into the form OpenSSL reads.
fn openssl_verifies(
    algorithm: JwtAlgorithm,
    private: &str,
    public: &str,
    extra: &[&str],
    der: fn(&[u8]) -> Vec<u8>,
) {
    let key = PrivateKey::from_pem_file(key_path(private)).unwrap();
    let signed = jwt_sign(&claims(), &spec(algorithm), &key, at(T0)).unwrap();
    let (input, signature) = signed.signature().rsplit_once('.').unwrap();
    assert_eq!(signed.message(), input.as_bytes());
    let input_file = temp_file(&format!("{algorithm}.in"), input.as_bytes());
    let sig_file = temp_file(&format!("{algorithm}.sig"), &der(&unb64(signature)));
    let public = key_path(public);
    let mut args = vec!["dgst", "-sha256"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&[
        "-verify",
        path_str(&public),
        "-signature",
        path_str(&sig_file),
        path_str(&input_file),
    ]);
    let Some(out) = openssl(&args) else {
        return;
    };
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Verified OK",
        "{algorithm}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn rs256_token_is_verified_by_openssl() {
    // openssl dgst -sha256 -verify rsa-spki.pub.pem -signature RS256.sig RS256.in
    openssl_verifies(
        JwtAlgorithm::Rs256,
        "rsa-pkcs8.pem",
        "rsa-spki.pub.pem",
        &[],
        <[u8]>::to_vec,
    );
}

#[test]
fn ps256_token_is_verified_by_openssl() {
    // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash (32 bytes).
    // openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
    //   -verify rsa-spki.pub.pem -signature PS256.sig PS256.in
    openssl_verifies(
        JwtAlgorithm::Ps256,
        "rsa-pkcs1.pem",
        "rsa-spki.pub.pem",
        &[
            "-sigopt",
            "rsa_padding_mode:pss",
            "-sigopt",
            "rsa_pss_saltlen:32",
        ],
        <[u8]>::to_vec,
    );
}

#[test]
fn es256_token_is_verified_by_openssl() {
    // openssl dgst -sha256 -verify ec-spki.pub.pem -signature ES256.sig(DER) ES256.in
    openssl_verifies(
        JwtAlgorithm::Es256,
        "ec-sec1.pem",
        "ec-spki.pub.pem",
        &[],
        ecdsa_der,
    );
}

/// DER `SEQUENCE { INTEGER r, INTEGER s }` of a JWS ES256 signature (`r || s`, 32 bytes each).
fn ecdsa_der(raw: &[u8]) -> Vec<u8> {
    assert_eq!(raw.len(), 64, "JWS ES256 signatures are r || s");
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

/// Has OpenSSL sign a token built by hand (not by this library) with the fixture `private`,
/// using `openssl <command...> <input>`; checks that `jwt::decode` accepts it with the fixture
/// `public`, and that our own signature of the same input is OpenSSL's byte for byte (RS256
/// and EdDSA are deterministic).
fn openssl_signed_verifies(algorithm: JwtAlgorithm, private: &str, public: &str, command: &[&str]) {
    let header = format!("{{\"alg\":\"{algorithm}\",\"typ\":\"JWT\"}}");
    let payload = format!(
        "{{\"sub\":\"client-1\",\"aud\":\"{AUD}\",\"nbf\":{T0},\"exp\":{}}}",
        T0 + 60
    );
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let input_file = temp_file(&format!("foreign-{algorithm}.in"), input.as_bytes());
    let private = key_path(private);
    let args: Vec<&str> = command
        .iter()
        .map(|arg| {
            if *arg == "{key}" {
                path_str(&private)
            } else {
                arg
            }
        })
        .chain([path_str(&input_file)])
        .collect();
    let Some(out) = openssl(&args) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = format!("{input}.{}", b64(&out.stdout));
    let public = PublicKey::from_pem_file(key_path(public)).unwrap();
    let validation = Validation::new(algorithm).audience(AUD).at(at(T0 + 1));
    let got: Claims = jwt::decode(&token, &public, &validation).unwrap();
    assert_eq!(got, claims());
    let key = PrivateKey::from_pem_file(&private).unwrap();
    assert_eq!(
        jwt::sign_input(algorithm, &key, input.as_bytes()).unwrap(),
        b64(&out.stdout)
    );
}

#[test]
fn rs256_token_signed_by_openssl_verifies_and_matches_ours() {
    // openssl dgst -sha256 -sign rsa-pkcs8.pem foreign-RS256.in
    let command = ["dgst", "-sha256", "-sign", "{key}"];
    openssl_signed_verifies(
        JwtAlgorithm::Rs256,
        "rsa-pkcs8.pem",
        "rsa-pkcs1.pub.pem",
        &command,
    );
}

#[test]
fn eddsa_token_signed_by_openssl_verifies_and_matches_ours() {
    // openssl pkeyutl -sign -inkey ed25519.pem -rawin -in foreign-EdDSA.in
    let command = ["pkeyutl", "-sign", "-inkey", "{key}", "-rawin", "-in"];
    openssl_signed_verifies(
        JwtAlgorithm::EdDsa,
        "ed25519.pem",
        "ed25519.pub.pem",
        &command,
    );
}
