//! JWTs through the derive: the seed's RS256 assertion (exact header and claims, OpenSSL both
//! ways), RFC 7523 client assertions, declared keys, and each refusal of the derived `verify`.
//!
//! What the runtime does on its own (every key format, RFC 7515 vectors, `Validation`'s edges,
//! PS256/ES256/EdDSA against OpenSSL) is tested in `signing-runtime/tests/jwt_*.rs`; the keys
//! are its fixtures, `signing-runtime/tests/keys` (its README says how each was made).
#![cfg(feature = "jwt")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};
use signing::client_assertion::{self, CLIENT_ASSERTION_TYPE};
use signing::jwt::{self, JwtAlgorithm, Validation};
use signing::{
    ClientAssertion, DeclaredKey, Encoding, Error, PrivateKey, PublicKey, SignedRequest,
    TimedRequest, Timestamp,
};

/// 2023-11-14T22:13:20Z, the signing time of the deterministic tests.
const T: i64 = 1_700_000_000;
const AUD: &str = "https://api.provider.example";
const TOKEN_URL: &str = "https://idp.example.com/oauth2/token";

/// The seed provider's assertion: `POST /v1/auth/token` with the token as the body.
#[derive(Debug, SignedRequest, serde::Serialize)]
#[signed(jwt = "RS256", lifetime = 60, max_lifetime = 60,
         signature = body, method = "POST", path = "/v1/auth/token")]
struct Seed<'a> {
    aud: [&'a str; 1],
    #[serde(rename = "clientKeyId")]
    client_key_id: &'a str,
}

const SEED: Seed<'static> = Seed {
    aud: [AUD],
    client_key_id: "ck_demo_0001",
};

/// The same claims with a longer lifetime and no limit: what a client that ignores the
/// provider's 60 seconds would send.
#[derive(SignedRequest, serde::Serialize)]
#[signed(jwt = "RS256", lifetime = 120)]
struct LongLived<'a> {
    aud: [&'a str; 1],
    #[serde(rename = "clientKeyId")]
    client_key_id: &'a str,
}

/// The same claims signed with HS256: an algorithm the seed's `verify` must refuse.
#[derive(SignedRequest, serde::Serialize)]
#[signed(jwt = "HS256", lifetime = 60)]
struct SeedHs256<'a> {
    aud: [&'a str; 1],
    #[serde(rename = "clientKeyId")]
    client_key_id: &'a str,
}

fn key_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("signing-runtime/tests/keys")
        .join(name)
}

fn private(name: &str) -> PrivateKey {
    PrivateKey::from_pem_file(key_path(name)).unwrap()
}

fn public(name: &str) -> PublicKey {
    PublicKey::from_pem_file(key_path(name)).unwrap()
}

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_unix_seconds(seconds)
}

/// The current time, whole seconds (what a JWT carries).
fn now() -> Timestamp {
    at(Timestamp::now().unix_seconds())
}

/// The text of one base64url part of a compact token.
fn part(token: &str, index: usize) -> String {
    let text = token.split('.').nth(index).unwrap();
    let mut bytes = vec![0; text.len()];
    let len = Encoding::Base64UrlNoPad
        .decode_into(text, &mut bytes)
        .unwrap();
    String::from_utf8(bytes[..len].to_vec()).unwrap()
}

/// Runs openssl with `args`; `None` (after saying why) when it is not installed.
fn openssl(args: &[&str]) -> Option<Output> {
    match Command::new("openssl").args(args).output() {
        Ok(output) => Some(output),
        Err(e) => {
            eprintln!("skipped: openssl is not available ({e}); the independent check did not run");
            None
        }
    }
}

/// A file in the temp dir, unique to this process and `name`.
fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("signing-jwt-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// OpenSSL's base64 of `file` (`openssl base64 -A -in file`), made base64url without padding
/// (RFC 7515 §2).
fn openssl_base64url(name: &str, bytes: &[u8]) -> Option<String> {
    let file = temp_file(name, bytes);
    let out = openssl(&["base64", "-A", "-in", path_str(&file)])?;
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    Some(
        text.trim()
            .trim_end_matches('=')
            .replace('+', "-")
            .replace('/', "_"),
    )
}

#[test]
fn seed_assertion_is_exact() {
    let signed = SEED.sign_at(&private("rsa-pkcs8.pem"), at(T)).unwrap();
    let token = signed.signature();
    let (input, _) = token.rsplit_once('.').unwrap();
    // python3 -c "import base64;print(base64.urlsafe_b64encode(
    //   b'{\"alg\":\"RS256\",\"typ\":\"JWT\"}').rstrip(b'=').decode())"
    // python3 -c "import base64;print(base64.urlsafe_b64encode(
    //   b'{\"aud\":[\"https://api.provider.example\"],\"clientKeyId\":\"ck_demo_0001\",
    //      \"nbf\":1700000000,\"exp\":1700000060}').rstrip(b'=').decode())"   (one line, no spaces)
    assert_eq!(
        input,
        "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.\
         eyJhdWQiOlsiaHR0cHM6Ly9hcGkucHJvdmlkZXIuZXhhbXBsZSJdLCJjbGllbnRLZXlJZCI6ImNrX2RlbW9fMDAwMSIsIm5iZiI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAwMDYwfQ"
    );
    assert_eq!(part(token, 0), r#"{"alg":"RS256","typ":"JWT"}"#);
    assert_eq!(
        part(token, 1),
        r#"{"aud":["https://api.provider.example"],"clientKeyId":"ck_demo_0001","nbf":1700000000,"exp":1700000060}"#
    );
    assert_eq!(signed.message(), input.as_bytes());

    // `signature = body`, `method`, `path`: the request is the token, POSTed.
    let request = signed.http_request("https://api.provider.example").unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), "https://api.provider.example/v1/auth/token");
    assert_eq!(request.body(), token.as_bytes());
    assert!(request.headers().is_empty());
    let explained = signed.explain();
    assert!(explained.contains("RS256"), "{explained}");
    assert!(explained.contains("request body"), "{explained}");
}

#[test]
fn seed_verify_uses_the_clock_and_the_declared_lifetime() {
    let key = private("rsa-pkcs8.pem");
    let public = public("rsa-spki.pub.pem");
    let now = now().unix_seconds();
    let sign = |t: i64| SEED.sign_at(&key, at(t)).unwrap().signature().to_owned();

    SEED.verify(&sign(now), &public).unwrap();
    // Accepted until `exp` + 60 s of leeway (a few seconds of margin for a slow run) ...
    SEED.verify(&sign(now - 60 - 55), &public).unwrap();
    // ... and not from then on (RFC 7519 §4.1.4: not "on or after" exp).
    let t = now - 60 - 60;
    assert!(matches!(
        SEED.verify(&sign(t), &public),
        Err(Error::TokenExpired { exp, .. }) if exp == t + 60
    ));
    // Not before `nbf` - 60 s.
    let t = now + 60 + 30;
    assert!(matches!(
        SEED.verify(&sign(t), &public),
        Err(Error::TokenNotYetValid { nbf, .. }) if nbf == t
    ));

    // The same decisions with a caller's clock, for a server.
    let token = sign(T);
    let validation = Validation::new(JwtAlgorithm::Rs256)
        .audience(AUD)
        .max_lifetime(60);
    let claims: Value = jwt::decode(&token, &public, &validation.clone().at(at(T))).unwrap();
    assert_eq!(
        claims,
        json!({"aud": [AUD], "clientKeyId": "ck_demo_0001", "nbf": T, "exp": T + 60})
    );
    assert_eq!(
        jwt::decode::<Value>(&token, &public, &validation.at(at(T + 60 + 60))),
        Err(Error::TokenExpired {
            exp: T + 60,
            now: T + 120
        })
    );
}

#[test]
fn seed_verify_refuses_each_bad_token_with_its_own_error() {
    let key = private("rsa-pkcs8.pem");
    let public = public("rsa-spki.pub.pem");
    let now = now();
    let good = SEED.sign_at(&key, now).unwrap().signature().to_owned();
    let (input, signature) = good.rsplit_once('.').unwrap();
    let (header, payload) = input.split_once('.').unwrap();

    // Too long-lived: exp - nbf = 120 > max_lifetime = 60.
    let long = LongLived {
        aud: SEED.aud,
        client_key_id: SEED.client_key_id,
    };
    let long = long.sign_at(&key, now).unwrap();
    assert_eq!(
        SEED.verify(long.signature(), &public),
        Err(Error::LifetimeTooLong {
            lifetime: 120,
            max: 60
        })
    );

    // Another audience, another client key id: the token is not for this request.
    let other_aud = Seed {
        aud: ["https://other.example"],
        ..SEED
    };
    assert_eq!(
        other_aud.verify(&good, &public),
        Err(Error::ClaimMismatch {
            claim: "aud".into()
        })
    );
    let other_key_id = Seed {
        client_key_id: "ck_other",
        ..SEED
    };
    assert_eq!(
        other_key_id.verify(&good, &public),
        Err(Error::ClaimMismatch {
            claim: "clientKeyId".into()
        })
    );

    // Signed by another RSA key; or checked with a key of the wrong family.
    let other = SEED.sign_at(&private("rsa-other.pem"), now).unwrap();
    assert_eq!(
        SEED.verify(other.signature(), &public),
        Err(Error::SignatureMismatch)
    );
    assert!(matches!(
        SEED.verify(&good, &public_ec()),
        Err(Error::KeyMismatch {
            algorithm: "RS256",
            key: "EC P-256",
            ..
        })
    ));
    assert!(matches!(
        SEED.sign_at(&private("ec-sec1.pem"), now),
        Err(Error::KeyMismatch {
            algorithm: "RS256",
            ..
        })
    ));

    // `alg: none` with no signature, and an HS256 token: only the declared RS256 is accepted.
    // python3 -c "import base64;print(base64.urlsafe_b64encode(b'{\"alg\":\"none\"}').rstrip(b'=').decode())"
    let none = format!("eyJhbGciOiJub25lIn0.{payload}.");
    assert_eq!(SEED.verify(&none, &public), Err(Error::UnsecuredToken));
    let hs = SeedHs256 {
        aud: SEED.aud,
        client_key_id: SEED.client_key_id,
    };
    let hmac = PrivateKey::hmac(signing::Secret::new("a 32-byte secret for HS256 tests"));
    let hs = hs.sign_at(&hmac, now).unwrap();
    assert_eq!(
        SEED.verify(hs.signature(), &public),
        Err(Error::AlgorithmMismatch {
            expected: "RS256",
            found: "HS256".into()
        })
    );

    // Tampered: another payload under the same signature; a changed signature; a cut token.
    let admin = Seed {
        client_key_id: "ck_admin",
        ..SEED
    };
    let forged = admin.sign_at(&key, now).unwrap();
    let forged_payload = forged.signature().split('.').nth(1).unwrap();
    let tampered = format!("{header}.{forged_payload}.{signature}");
    assert_eq!(
        admin.verify(&tampered, &public),
        Err(Error::SignatureMismatch)
    );
    let flipped = if signature.starts_with('A') { "B" } else { "A" };
    let tampered = format!("{input}.{flipped}{}", &signature[1..]);
    assert_eq!(
        SEED.verify(&tampered, &public),
        Err(Error::SignatureMismatch)
    );
    assert!(matches!(
        SEED.verify(input, &public),
        Err(Error::MalformedToken { .. })
    ));
}

fn public_ec() -> PublicKey {
    public("ec-spki.pub.pem")
}

#[test]
fn seed_token_signed_by_openssl_verifies_and_is_ours_byte_for_byte() {
    // The token built by hand and signed by OpenSSL, at the current time so that the derived
    // `verify` (system clock) accepts it:
    //   openssl base64 -A -in <header>, -in <payload>   (then `+/` -> `-_`, `=` dropped)
    //   openssl dgst -sha256 -sign rsa-pkcs8.pem <header.payload>
    let t = now().unix_seconds();
    let header = r#"{"alg":"RS256","typ":"JWT"}"#;
    let payload = format!(
        r#"{{"aud":["{AUD}"],"clientKeyId":"ck_demo_0001","nbf":{t},"exp":{}}}"#,
        t + 60
    );
    let Some(header) = openssl_base64url("seed-header.json", header.as_bytes()) else {
        return;
    };
    let Some(payload) = openssl_base64url("seed-payload.json", payload.as_bytes()) else {
        return;
    };
    let input = format!("{header}.{payload}");
    let input_file = temp_file("seed-openssl.in", input.as_bytes());
    let private_path = key_path("rsa-pkcs8.pem");
    let Some(out) = openssl(&[
        "dgst",
        "-sha256",
        "-sign",
        path_str(&private_path),
        path_str(&input_file),
    ]) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let Some(signature) = openssl_base64url("seed-openssl.sig", &out.stdout) else {
        return;
    };
    let token = format!("{input}.{signature}");

    // The PKCS#1 public key too: any format OpenSSL writes is read.
    SEED.verify(&token, &public("rsa-pkcs1.pub.pem")).unwrap();
    let validation = Validation::new(JwtAlgorithm::Rs256).audience(AUD).at(at(t));
    let claims: Value = jwt::decode(&token, &public("rsa-spki.pub.pem"), &validation).unwrap();
    assert_eq!(claims["clientKeyId"], "ck_demo_0001");
    // RS256 is deterministic: the derive signs the same claims at the same time identically.
    let ours = SEED.sign_at(&private("rsa-pkcs1.pem"), at(t)).unwrap();
    assert_eq!(ours.signature(), token);
}

#[test]
fn seed_token_is_verified_by_openssl() {
    // openssl dgst -sha256 -verify rsa-spki.pub.pem -signature seed.sig seed.in
    let signed = SEED.sign_at(&private("rsa-pkcs8.pem"), at(T)).unwrap();
    let (input, signature) = signed.signature().rsplit_once('.').unwrap();
    let mut raw = vec![0; signature.len()];
    let len = Encoding::Base64UrlNoPad
        .decode_into(signature, &mut raw)
        .unwrap();
    let input_file = temp_file("seed.in", input.as_bytes());
    let sig_file = temp_file("seed.sig", &raw[..len]);
    let public_path = key_path("rsa-spki.pub.pem");
    let Some(out) = openssl(&[
        "dgst",
        "-sha256",
        "-verify",
        path_str(&public_path),
        "-signature",
        path_str(&sig_file),
        path_str(&input_file),
    ]) else {
        return;
    };
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Verified OK",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn client_assertion_pairs_carry_the_rfc7523_claims() {
    let key = private("rsa-pkcs8.pem");
    let public = public("rsa-spki.pub.pem");
    let assertion = ClientAssertion::new("client-1", TOKEN_URL);
    assert_eq!(assertion.client_id(), "client-1");
    assert_eq!(assertion.audience(), TOKEN_URL);

    let first = assertion.form_pairs(&key, at(T)).unwrap();
    let second = assertion.form_pairs(&key, at(T)).unwrap();
    // RFC 7523 §2.2.
    assert_eq!(
        CLIENT_ASSERTION_TYPE,
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    assert_eq!(
        first[0],
        ("client_assertion_type", CLIENT_ASSERTION_TYPE.to_owned())
    );
    assert_eq!(first[1].0, "client_assertion");

    let token = &first[1].1;
    assert_eq!(part(token, 0), r#"{"alg":"RS256","typ":"JWT"}"#);
    let payload = part(token, 1);
    let expected = format!(
        r#"{{"iss":"client-1","sub":"client-1","aud":"{TOKEN_URL}","iat":{T},"nbf":{T},"exp":{},"jti":""#,
        T + 60
    );
    assert!(payload.starts_with(&expected), "{payload}");

    // What an authorization server checks (RFC 7523 §3).
    let validation = Validation::new(JwtAlgorithm::Rs256)
        .audience(TOKEN_URL)
        .issuer("client-1")
        .max_lifetime(60)
        .at(at(T));
    let claims: Value = jwt::decode(token, &public, &validation).unwrap();
    let jti = claims["jti"].as_str().unwrap();
    assert_eq!(claims["sub"], claims["iss"]);
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["nbf"].as_i64().unwrap(),
        60
    );
    assert_eq!(jti.len(), 32);
    assert!(jti.bytes().all(|b| b.is_ascii_hexdigit()), "{jti}");
    assert_eq!(claims.as_object().unwrap().len(), 7, "{claims}");
    // Minted anew each time: same instant, another `jti`, another token.
    assert_ne!(first[1].1, second[1].1);
    let second: Value = jwt::decode(&second[1].1, &public, &validation).unwrap();
    assert_ne!(second["jti"], claims["jti"]);

    // The wrong audience or issuer is refused by the server.
    let elsewhere = Validation::new(JwtAlgorithm::Rs256)
        .audience("https://other.example/token")
        .at(at(T));
    assert_eq!(
        jwt::decode::<Value>(token, &public, &elsewhere),
        Err(Error::WrongAudience {
            expected: vec!["https://other.example/token".into()]
        })
    );
    assert_eq!(
        jwt::decode::<Value>(token, &public, &validation.clone().issuer("client-2")),
        Err(Error::WrongIssuer {
            expected: "client-2".into()
        })
    );
    // An EC key cannot sign the RS256 assertion.
    assert!(matches!(
        assertion.form_pairs(&private("ec-sec1.pem"), at(T)),
        Err(Error::KeyMismatch {
            algorithm: "RS256",
            ..
        })
    ));
}

#[test]
fn client_assertion_verify_checks_client_and_audience() {
    let key = private("rsa-pkcs8.pem");
    let public = public("rsa-spki.pub.pem");
    let assertion = ClientAssertion::new("client-1", TOKEN_URL);
    let [_, (_, token)] = assertion.form_pairs(&key, Timestamp::now()).unwrap();
    assertion.verify(&token, &public).unwrap();
    assert_eq!(
        ClientAssertion::new("client-2", TOKEN_URL).verify(&token, &public),
        Err(Error::ClaimMismatch {
            claim: "iss".into()
        })
    );
    assert_eq!(
        ClientAssertion::new("client-1", "https://other.example/token").verify(&token, &public),
        Err(Error::ClaimMismatch {
            claim: "aud".into()
        })
    );
}

/// A client assertion the caller declares: ES256, 5 minutes, a `kid`.
#[derive(SignedRequest, serde::Serialize)]
#[signed(jwt = "ES256", lifetime = 300, kid = "2024-01", iat, jti)]
struct Es256Assertion<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
}

#[test]
fn client_assertion_of_another_algorithm() {
    let claims = Es256Assertion {
        iss: "client-1",
        sub: "client-1",
        aud: TOKEN_URL,
    };
    let pairs = client_assertion::form_pairs_of(&claims, &private("ec-sec1.pem"), at(T)).unwrap();
    assert_eq!(pairs[0].1, CLIENT_ASSERTION_TYPE);
    assert_eq!(
        part(&pairs[1].1, 0),
        r#"{"alg":"ES256","typ":"JWT","kid":"2024-01"}"#
    );
    let validation = Validation::new(JwtAlgorithm::Es256)
        .audience(TOKEN_URL)
        .issuer("client-1")
        .max_lifetime(300)
        .at(at(T + 299));
    let got: Value = jwt::decode(&pairs[1].1, &public_ec(), &validation).unwrap();
    assert_eq!(got["exp"], T + 300);
}

/// The key from an environment variable holding the PEM text.
#[derive(SignedRequest, serde::Serialize)]
#[signed(jwt = "RS256", lifetime = 60, key = env("SIGNING_TESTS_JWT_KEY"))]
struct EnvKeyed<'a> {
    sub: &'a str,
}

/// The key from a PEM file (relative to the package: `cargo test` runs there).
#[derive(SignedRequest, serde::Serialize)]
#[signed(jwt = "RS256", lifetime = 60, key = file("signing-runtime/tests/keys/rsa-pkcs1.pem"))]
struct FileKeyed<'a> {
    sub: &'a str,
}

/// Declared keys that are missing or of the wrong kind.
#[derive(SignedRequest, serde::Serialize)]
#[signed(jwt = "RS256", lifetime = 60, key = env("SIGNING_TESTS_JWT_KEY_UNSET"))]
struct UnsetEnv {
    sub: &'static str,
}

#[derive(SignedRequest, serde::Serialize)]
#[signed(jwt = "RS256", lifetime = 60, key = file("signing-runtime/tests/keys/rsa-spki.pub.pem"))]
struct PublicKeyFile {
    sub: &'static str,
}

#[test]
fn declared_keys_from_env_and_file() {
    let pem = std::fs::read_to_string(key_path("rsa-pkcs8.pem")).unwrap();
    std::env::set_var("SIGNING_TESTS_JWT_KEY", pem);
    let public = public("rsa-spki.pub.pem");

    let env = EnvKeyed { sub: "client-1" };
    assert!(env
        .declared_key()
        .unwrap()
        .origin()
        .to_string()
        .contains("SIGNING_TESTS_JWT_KEY"));
    let token = env.sign().unwrap();
    env.verify(token.signature(), &public).unwrap();

    let file = FileKeyed { sub: "client-1" };
    let token = file.sign().unwrap();
    file.verify(token.signature(), &public).unwrap();
    assert!(
        token.explain().contains("rsa-pkcs1.pem"),
        "{}",
        token.explain()
    );

    assert_eq!(
        UnsetEnv { sub: "x" }.sign().map(|_| ()),
        Err(Error::MissingEnv {
            var: "SIGNING_TESTS_JWT_KEY_UNSET".into()
        })
    );
    let err = PublicKeyFile { sub: "x" }.sign().unwrap_err();
    let Error::KeyFormat { origin, found, .. } = &err else {
        panic!("{err:?}");
    };
    assert!(origin.contains("rsa-spki.pub.pem"), "{origin}");
    assert!(found.contains("PUBLIC KEY"), "{found}");
}

/// A derived `verify_at` checks a fixed token at a given time (issue 16: a derived `verify` could
/// not be given a clock, so a published token could only fail with `TokenExpired`).
#[test]
fn derived_verify_at_takes_the_time() {
    let public = public("rsa-spki.pub.pem");
    let token = SEED.sign_at(&private("rsa-pkcs8.pem"), at(T)).unwrap();
    let token = token.signature();
    SEED.verify_at(token, &public, at(T)).unwrap();
    // Up to (not at) exp + 60 s of leeway, from nbf - 60 s.
    SEED.verify_at(token, &public, at(T + 119)).unwrap();
    SEED.verify_at(token, &public, at(T - 60)).unwrap();
    assert_eq!(
        SEED.verify_at(token, &public, at(T + 120)),
        Err(Error::TokenExpired {
            exp: T + 60,
            now: T + 120
        })
    );
    assert!(matches!(
        SEED.verify_at(token, &public, at(T - 61)),
        Err(Error::TokenNotYetValid { .. })
    ));
    // The system clock says it expired long ago.
    assert!(matches!(
        SEED.verify(token, &public),
        Err(Error::TokenExpired { .. })
    ));
    // Tokens the seed's own key could mint, checked by the derived verify at T: one without
    // `exp` (never expires), one whose future `iat` made a ten-year token pass `max_lifetime`.
    let key = private("rsa-pkcs8.pem");
    let mint = |claims: &str| {
        let input = format!(
            "{}.{}",
            jwt_b64(br#"{"alg":"RS256","typ":"JWT"}"#),
            jwt_b64(claims.as_bytes())
        );
        let signature = jwt::sign_input(JwtAlgorithm::Rs256, &key, input.as_bytes()).unwrap();
        format!("{input}.{signature}")
    };
    let claims = r#""aud":["https://api.provider.example"],"clientKeyId":"ck_demo_0001""#;
    assert_eq!(
        SEED.verify_at(&mint(&format!("{{{claims},\"nbf\":{T}}}")), &public, at(T)),
        Err(Error::MissingClaim { claim: "exp" })
    );
    let ten_years = 10 * 365 * 86_400;
    let stretched = mint(&format!(
        "{{{claims},\"iat\":{},\"exp\":{}}}",
        T + ten_years - 60,
        T + ten_years
    ));
    assert_eq!(
        SEED.verify_at(&stretched, &public, at(T)),
        Err(Error::ExpiryTooFar {
            exp: T + ten_years,
            now: T,
            max: 60
        })
    );
}

/// base64url without padding, by hand (RFC 4648 §5), not through the library under test.
fn jwt_b64(bytes: &[u8]) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(alphabet[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}
