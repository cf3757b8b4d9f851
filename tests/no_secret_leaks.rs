//! Secrets never leak: every public path is driven with distinctive key material, and all the
//! text the library hands back (messages, signatures, queries, URLs, headers, `http::Request`s,
//! `explain()`, `explain_against()`, `Debug` of keys, requests, results and errors, `Display` of
//! errors) is searched for it, in every spelling: as text, hex in either case, base64 in each
//! alphabet with and without padding, the decimal bytes `Debug` of a `Vec<u8>` would print, and
//! for PEM keys each line of the PEM body.
//!
//! Key-holding types also must not be `Display` (checked below at compile time, by method
//! resolution). That they zeroize on drop cannot be observed without `unsafe`, which the
//! workspace forbids: it is a property of their fields (`Secret` and `Token` keep their bytes
//! in `zeroize::Zeroizing`; `PrivateKey` keeps jsonwebtoken's `EncodingKey`, which is
//! `ZeroizeOnDrop`, or a `Secret`), stated in the README's Security section with its one
//! exception, the cached HMAC key schedule.

use std::fmt::Debug;
use std::marker::PhantomData;

use signing::{DeclaredKey, Error, KeyEncoding, Secret, SignedRequest, Timestamp};

#[cfg(feature = "jwt")]
#[path = "support/rfc9421.rs"]
mod rfc9421_vectors;

/// The key text: distinctive, long enough for `strict_keys` with SHA-256.
const SECRET: &str = "Leak-Canary-7f3a9c2e-d41d8cd9-Key!";
/// A second one for the weak-key path.
const SHORT: &str = "Canary-Short-5b1e";

/// RFC 4648 base64 (written here, not taken from the library under test).
fn base64(bytes: &[u8], url: bool, pad: bool) -> String {
    let alphabet: &[u8; 64] = if url {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    } else {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    };
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(alphabet[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
        if pad {
            out.push_str(&"=".repeat(3 - chunk.len()));
        }
    }
    out
}

fn base64_decode(text: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let digits: Vec<u32> = text
        .bytes()
        .filter(|&b| b != b'=')
        .map(|b| alphabet.iter().position(|&a| a == b).unwrap() as u32)
        .collect();
    let mut out = Vec::new();
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | d << (18 - 6 * i));
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

/// Every spelling of `bytes` that a leak could take.
fn spellings(bytes: &[u8]) -> Vec<String> {
    let mut out = vec![
        hex::encode(bytes),
        hex::encode_upper(bytes),
        base64(bytes, false, true),
        base64(bytes, false, false),
        base64(bytes, true, true),
        base64(bytes, true, false),
        // `Debug` of a `Vec<u8>` / `&[u8]`.
        format!("{:?}", &bytes[..bytes.len().min(8)])
            .trim_matches(['[', ']'])
            .to_owned(),
    ];
    if let Ok(text) = std::str::from_utf8(bytes) {
        out.push(text.to_owned());
        // A piece of it, in case only part leaks.
        let mid = text.len() / 2;
        if let Some(piece) = text.get(mid.saturating_sub(6)..mid + 6) {
            out.push(piece.to_owned());
        }
    }
    out.retain(|s| s.len() >= 8);
    out
}

/// Everything the library said, to be searched.
#[derive(Default)]
struct Seen(Vec<(String, String)>);

impl Seen {
    fn text(&mut self, what: &str, text: impl Into<String>) {
        self.0.push((what.to_owned(), text.into()));
    }

    fn debug(&mut self, what: &str, value: &impl Debug) {
        self.text(what, format!("{value:?}"));
        self.text(what, format!("{value:#?}"));
    }

    fn error(&mut self, what: &str, error: &Error) {
        self.debug(what, error);
        self.text(what, error.to_string());
    }

    fn signed(&mut self, what: &str, signed: &signing::Signed) {
        self.debug(what, signed);
        self.text(what, String::from_utf8_lossy(signed.message()));
        self.text(what, signed.signature());
        self.text(what, signed.query());
        self.text(what, signed.explain());
        self.text(what, signed.explain_against(b"customerId=other"));
        self.debug(what, &signed.headers());
        self.debug(what, &signed.body());
        if let Ok(url) = signed.url("https://api.example/token") {
            self.text(what, url);
        }
        match signed.http_request("https://api.example/token") {
            Ok(request) => self.debug(what, &request),
            Err(error) => self.error(what, &error),
        }
    }

    fn result<T: Debug>(&mut self, what: &str, result: &Result<T, Error>) {
        self.debug(what, result);
        if let Err(error) = result {
            self.error(what, error);
        }
    }

    /// Fails naming the output and the spelling, when any output holds any spelling.
    fn assert_clean(&self, secret: &[u8]) {
        assert!(self.0.len() >= 4, "too little output to mean anything");
        for spelling in spellings(secret) {
            for (what, text) in &self.0 {
                assert!(
                    !text.contains(&spelling),
                    "{what} shows the secret as {spelling:?}: {text}"
                );
            }
        }
    }
}

#[derive(SignedRequest, Debug)]
#[signed(mac = "hmac-sha256", encoding = "base64", signature = query("signature"),
         rename_all = "camelCase", method = "POST", path = "/token")]
struct Inline<'a> {
    customer_id: &'a str,
    #[signed(header = "X-Api-Key")]
    api_key: &'a str,
    #[signed(timestamp = "unix-seconds")]
    nonce: Timestamp,
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha512", key = env("SIGNING_LEAK_TEST_UTF8"), trim_key,
         signature = header("X-Signature", prefix = "v1="))]
struct FromEnv<'a> {
    customer_id: &'a str,
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key = env("SIGNING_LEAK_TEST_HEX"), key_encoding = "hex")]
struct FromEnvHex<'a> {
    customer_id: &'a str,
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key = env("SIGNING_LEAK_TEST_B64"), key_encoding = "base64",
         strict_keys)]
struct FromEnvBase64<'a> {
    customer_id: &'a str,
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha1", key = file("/tmp/signing-no-secret-leaks.key"), encoding = "hex-upper")]
struct FromFile<'a> {
    customer_id: &'a str,
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key = env("SIGNING_LEAK_TEST_MISSING"))]
struct MissingEnv<'a> {
    customer_id: &'a str,
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key = file("/tmp/signing-no-secret-leaks/nonexistent.key"))]
struct MissingFile<'a> {
    customer_id: &'a str,
}

#[derive(SignedRequest, Debug)]
#[signed(mac = "hmac-sha256", strict_keys)]
struct KeyField<'a> {
    customer_id: &'a str,
    #[signed(key)]
    key: Secret,
    #[signed(skip)]
    _marker: PhantomData<&'a ()>,
}

fn inline() -> Inline<'static> {
    Inline {
        customer_id: "cust-42",
        api_key: "public-api-key",
        nonce: Timestamp::from_unix_seconds(1_700_000_000),
    }
}

/// Signs and verifies through every MAC path with `key`, recording everything said.
fn mac_paths(seen: &mut Seen, key: &Secret) {
    seen.debug("Secret", key);
    seen.text("KeyOrigin", key.origin().to_string());
    let request = inline();
    let signed = request.sign_with(key).unwrap();
    seen.signed("sign_with", &signed);
    let mut out = String::new();
    request.signature_into(key, &mut out).unwrap();
    seen.text("signature_into", out);
    seen.result("verify ok", &request.verify(signed.signature(), key));
    seen.result("verify mismatch", &request.verify("AAAA", key));
    seen.result("verify malformed", &request.verify("not base64!", key));
    seen.debug("request", &request);
}

#[test]
fn mac_keys_given_inline_never_show() {
    let mut seen = Seen::default();
    mac_paths(&mut seen, &Secret::new(SECRET));
    mac_paths(&mut seen, &Secret::from_hex(&hex::encode(SECRET)).unwrap());
    mac_paths(
        &mut seen,
        &Secret::from_base64(&base64(SECRET.as_bytes(), false, true)).unwrap(),
    );
    mac_paths(
        &mut seen,
        &Secret::decode(&hex::encode_upper(SECRET), KeyEncoding::Hex).unwrap(),
    );
    let field = KeyField {
        customer_id: "c",
        key: Secret::new(SECRET),
        _marker: PhantomData,
    };
    seen.debug("struct with a key field", &field);
    seen.debug("declared_key", &field.declared_key());
    seen.signed("sign() with a key field", &field.sign().unwrap());
    let weak = KeyField {
        customer_id: "c",
        key: Secret::new(SHORT),
        _marker: PhantomData,
    };
    seen.result("weak key", &weak.sign());
    seen.result("weak key, signature_into", &{
        let mut out = String::new();
        weak.signature_into(&weak.key, &mut out).map(|()| out)
    });
    // Key text that is not in its declared encoding.
    seen.result("hex key", &Secret::from_hex(SECRET));
    seen.result("base64 key", &Secret::from_base64(SECRET));
    seen.result("empty key", &Secret::decode("", KeyEncoding::Utf8));
    seen.assert_clean(SECRET.as_bytes());
    seen.assert_clean(SHORT.as_bytes());
}

#[test]
fn mac_keys_from_env_and_files_never_show() {
    let mut seen = Seen::default();
    std::env::set_var("SIGNING_LEAK_TEST_UTF8", format!("  {SECRET}\n"));
    std::env::set_var("SIGNING_LEAK_TEST_HEX", hex::encode(SECRET));
    std::env::set_var(
        "SIGNING_LEAK_TEST_B64",
        base64(SECRET.as_bytes(), false, true),
    );
    std::fs::write("/tmp/signing-no-secret-leaks.key", SECRET).unwrap();
    let c = "cust-42";
    seen.signed("env utf8", &FromEnv { customer_id: c }.sign().unwrap());
    seen.signed("env hex", &FromEnvHex { customer_id: c }.sign().unwrap());
    seen.signed(
        "env base64",
        &FromEnvBase64 { customer_id: c }.sign().unwrap(),
    );
    seen.signed("file", &FromFile { customer_id: c }.sign().unwrap());
    seen.debug(
        "declared env key",
        &FromEnv { customer_id: c }.declared_key(),
    );
    seen.debug(
        "declared file key",
        &FromFile { customer_id: c }.declared_key(),
    );
    mac_paths(
        &mut seen,
        &Secret::from_env("SIGNING_LEAK_TEST_UTF8").unwrap(),
    );
    mac_paths(
        &mut seen,
        &Secret::from_file("/tmp/signing-no-secret-leaks.key").unwrap(),
    );

    // Every loading error: the key's text is in the variable or file, never in the error.
    std::env::set_var("SIGNING_LEAK_TEST_HEX", SECRET);
    seen.result("env not hex", &FromEnvHex { customer_id: c }.sign());
    std::env::set_var("SIGNING_LEAK_TEST_B64", SECRET);
    seen.result("env not base64", &FromEnvBase64 { customer_id: c }.sign());
    std::env::set_var(
        "SIGNING_LEAK_TEST_B64",
        base64(SHORT.as_bytes(), false, true),
    );
    seen.result("env weak", &FromEnvBase64 { customer_id: c }.sign());
    std::env::set_var("SIGNING_LEAK_TEST_UTF8", " \n ");
    seen.result("env empty", &FromEnv { customer_id: c }.sign());
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt as _;
        let mut bytes = SECRET.as_bytes().to_vec();
        bytes.push(0xff);
        std::env::set_var(
            "SIGNING_LEAK_TEST_UTF8",
            std::ffi::OsString::from_vec(bytes),
        );
        seen.result("env not UTF-8", &FromEnv { customer_id: c }.sign());
        let mut bytes = SECRET.as_bytes().to_vec();
        bytes.push(0xff);
        std::fs::write("/tmp/signing-no-secret-leaks.key", bytes).unwrap();
        seen.result(
            "file not UTF-8",
            &signing::KeySource::File("/tmp/signing-no-secret-leaks.key")
                .load(KeyEncoding::Hex, false),
        );
    }
    seen.result("env missing", &MissingEnv { customer_id: c }.sign());
    seen.result("file missing", &MissingFile { customer_id: c }.sign());
    std::fs::write("/tmp/signing-no-secret-leaks.key", "").unwrap();
    seen.result("file empty", &FromFile { customer_id: c }.sign());
    let _ = std::fs::remove_file("/tmp/signing-no-secret-leaks.key");
    seen.assert_clean(SECRET.as_bytes());
    seen.assert_clean(SHORT.as_bytes());
}

#[cfg(feature = "jwt")]
mod jwt {
    use super::*;
    use signing::{PrivateKey, PublicKey, TimedRequest};

    #[derive(SignedRequest, serde::Serialize, Debug)]
    #[signed(jwt = "RS256", lifetime = 60, signature = header("Authorization", prefix = "Bearer "))]
    struct Claims<'a> {
        sub: &'a str,
    }

    #[derive(SignedRequest, serde::Serialize)]
    #[signed(jwt = "HS256", lifetime = 60, signature = body)]
    struct HmacClaims<'a> {
        sub: &'a str,
    }

    #[derive(SignedRequest, serde::Serialize)]
    #[signed(jwt = "RS256", lifetime = 60, key = env("SIGNING_LEAK_TEST_PEM_LINE"))]
    struct EnvKeyClaims<'a> {
        sub: &'a str,
    }

    fn pem(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("signing-runtime/tests/keys")
            .join(name);
        std::fs::read_to_string(path).unwrap()
    }

    /// The base64 lines of a PEM's body, and the DER they hold.
    fn material(pem: &str) -> Vec<Vec<u8>> {
        let body: Vec<&str> = pem
            .lines()
            .filter(|l| !l.starts_with("-----") && !l.contains(':') && !l.is_empty())
            .collect();
        let der = base64_decode(&body.concat());
        let mut out: Vec<Vec<u8>> = body.iter().map(|l| l.as_bytes().to_vec()).collect();
        // The private part of the DER, past its algorithm header.
        out.push(der[der.len() / 3..der.len() / 3 + 24].to_vec());
        out
    }

    #[test]
    fn jwt_private_keys_never_show() {
        let mut seen = Seen::default();
        let at = Timestamp::from_unix_seconds(1_700_000_000);
        for name in [
            "rsa-pkcs8.pem",
            "rsa-pkcs1.pem",
            "ec-sec1.pem",
            "ed25519.pem",
        ] {
            let text = pem(name);
            let key = PrivateKey::from_pem(text.as_bytes()).unwrap();
            seen.debug(name, &key);
            seen.debug(name, &key.public_key());
            seen.text(name, key.origin().to_string());
            if name.starts_with("rsa") {
                let claims = Claims { sub: "user-1" };
                let signed = claims.sign_at(&key, at).unwrap();
                seen.signed(name, &signed);
                seen.result(
                    "jwt verify",
                    &claims.verify(signed.signature(), &key.public_key()),
                );
                seen.result("jwt verify bad", &claims.verify("a.b.c", &key.public_key()));
                let mut out = String::new();
                seen.result("jwt signature_into", &claims.signature_into(&key, &mut out));
                seen.text("jwt signature_into", out);
                // The key for the wrong algorithm family.
                seen.result("jwt wrong key", &HmacClaims { sub: "u" }.sign_at(&key, at));
            }
            // Every way a key can be refused: cut short, corrupted, public where private is
            // wanted, a private key where a public one is.
            let cut = &text[..text.len() * 2 / 3];
            seen.result("cut", &PrivateKey::from_pem(cut.as_bytes()));
            let corrupt = text.replacen('A', "!", 3);
            seen.result("corrupt", &PrivateKey::from_pem(corrupt.as_bytes()));
            let garbled: String = text
                .lines()
                .map(|l| {
                    if l.starts_with("-----") {
                        l.to_owned()
                    } else {
                        l.chars().rev().collect()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            seen.result("garbled", &PrivateKey::from_pem(garbled.as_bytes()));
            seen.result("private as public", &PublicKey::from_pem(text.as_bytes()));
            let escaped = text.replace('\n', "\\n");
            seen.debug("one line", &PrivateKey::from_pem(escaped.as_bytes()));
            std::env::set_var("SIGNING_LEAK_TEST_PEM", &corrupt);
            seen.result("env pem", &PrivateKey::from_env("SIGNING_LEAK_TEST_PEM"));
            for secret in material(&text) {
                seen.assert_clean(&secret);
            }
        }
        seen.result(
            "encrypted",
            &PrivateKey::from_pem(pem("rsa-encrypted.pem").as_bytes()),
        );
        seen.result(
            "small rsa",
            &PrivateKey::from_pem(pem("rsa-1024.pem").as_bytes()),
        );
        for secret in material(&pem("rsa-1024.pem")) {
            seen.assert_clean(&secret);
        }
    }

    /// A PEM flattened into one line, as environment variables and CI secret stores deliver it:
    /// the line breaks turned into spaces, removed, or left as bare `\r`. Whether the key is
    /// read or refused, no part of it may show (issue 16, finding 1: the reader took the whole
    /// body for the PEM label and quoted it).
    #[test]
    fn one_line_pems_never_show() {
        let mut seen = Seen::default();
        let at = Timestamp::from_unix_seconds(1_700_000_000);
        let file = std::env::temp_dir().join(format!(
            "signing-no-secret-leaks-{}.pem",
            std::process::id()
        ));
        for name in [
            "rsa-pkcs8.pem",
            "rsa-pkcs1.pem",
            "ec-sec1.pem",
            "ed25519.pem",
            "rsa-encrypted.pem",
        ] {
            let text = pem(name);
            for (spelling, joiner) in [("spaces", " "), ("nothing", ""), ("bare CR", "\r")] {
                let line = text.trim_end().replace('\n', joiner);
                let what = format!("{name}, one line joined by {spelling}");
                seen.result(&what, &PrivateKey::from_pem(line.as_bytes()));
                seen.result(&what, &PublicKey::from_pem(line.as_bytes()));
                std::env::set_var("SIGNING_LEAK_TEST_PEM_LINE", &line);
                seen.result(&what, &PrivateKey::from_env("SIGNING_LEAK_TEST_PEM_LINE"));
                seen.result(&what, &PublicKey::from_env("SIGNING_LEAK_TEST_PEM_LINE"));
                let derived = EnvKeyClaims { sub: "user-1" }.sign();
                match &derived {
                    Ok(signed) => seen.signed(&what, signed),
                    Err(error) => seen.error(&what, error),
                }
                std::fs::write(&file, &line).unwrap();
                seen.result(&what, &PrivateKey::from_pem_file(&file));
                seen.result(&what, &PublicKey::from_pem_file(&file));
                // Cut short and corrupted, on one line.
                let cut = &line[..line.len() * 2 / 3];
                seen.result(&what, &PrivateKey::from_pem(cut.as_bytes()));
                let corrupt = line.replacen('A', "!", 3);
                seen.result(&what, &PrivateKey::from_pem(corrupt.as_bytes()));
                // The BEGIN line's closing dashes lost too: the body follows the label.
                let unclosed = line.replacen("KEY-----", "KEY", 1);
                seen.result(&what, &PrivateKey::from_pem(unclosed.as_bytes()));
                seen.result(&what, &PublicKey::from_pem(unclosed.as_bytes()));
                if let Ok(key) = PrivateKey::from_pem(line.as_bytes()) {
                    seen.debug(&what, &key);
                    if name.starts_with("rsa") {
                        seen.signed(&what, &Claims { sub: "u" }.sign_at(&key, at).unwrap());
                    }
                }
            }
            for secret in material(&text) {
                seen.assert_clean(&secret);
            }
        }
        let _ = std::fs::remove_file(&file);
    }

    #[test]
    fn jwt_hmac_secrets_never_show() {
        let mut seen = Seen::default();
        let key = PrivateKey::hmac(Secret::new(SECRET));
        seen.debug("hmac private", &key);
        seen.debug("hmac public", &PublicKey::hmac(Secret::new(SECRET)));
        let claims = HmacClaims { sub: "user-1" };
        let signed = claims
            .sign_at(&key, Timestamp::from_unix_seconds(1_700_000_000))
            .unwrap();
        seen.signed("hs256", &signed);
        seen.result(
            "hs256 verify",
            &claims.verify(signed.signature(), &key.public_key()),
        );
        seen.result(
            "hs256 verify wrong",
            &claims.verify(signed.signature(), &PublicKey::hmac(Secret::new(SHORT))),
        );
        seen.assert_clean(SECRET.as_bytes());
    }
}

#[cfg(feature = "token")]
#[test]
fn access_tokens_never_show() {
    use signing::token::{AccessTokenResponse, Token};
    let mut seen = Seen::default();
    let now = Timestamp::from_unix_seconds(1_700_000_000);
    let token = Token::new(SECRET, Some(now));
    seen.debug("Token", &token);
    let body =
        format!(r#"{{"accessToken":"{SECRET}","expiresInSeconds":3600,"tokenType":"Bearer"}}"#);
    let parsed = Token::from_json::<AccessTokenResponse>(200, body.as_bytes(), now);
    seen.debug("parsed", &parsed);
    let refused =
        Token::from_json::<AccessTokenResponse>(200, &body.as_bytes()[..body.len() - 3], now);
    seen.result("cut short", &refused);
    seen.assert_clean(SECRET.as_bytes());
}

/// The search finds a leak in any spelling (so a clean result means something).
#[test]
fn the_search_finds_leaks() {
    let leaks = [
        format!("key: {SECRET}"),
        format!("{:?}", SECRET.as_bytes()),
        format!("Bearer {}", hex::encode_upper(SECRET)),
        format!("k={}", base64(SECRET.as_bytes(), true, false)),
        format!("…{}…", &SECRET[10..24]),
    ];
    for leak in leaks {
        let mut seen = Seen::default();
        for _ in 0..3 {
            seen.text("clean", "nothing to see");
        }
        seen.text("leaky", leak.clone());
        let caught = std::panic::catch_unwind(|| seen.assert_clean(SECRET.as_bytes()));
        assert!(caught.is_err(), "not caught: {leak}");
    }
}

/// `Display` would hand key material to anything that formats (a logger, `bearer_auth`).
#[test]
fn key_types_are_not_display() {
    struct Probe<T>(PhantomData<T>);
    trait NotDisplay {
        fn is_display(&self) -> bool {
            false
        }
    }
    impl<T> NotDisplay for Probe<T> {}
    impl<T: std::fmt::Display> Probe<T> {
        #[allow(dead_code)]
        fn is_display(&self) -> bool {
            true
        }
    }
    assert!(!Probe::<Secret>(PhantomData).is_display());
    assert!(!Probe::<signing::KeyRef<'static, Secret>>(PhantomData).is_display());
    #[cfg(feature = "jwt")]
    {
        assert!(!Probe::<signing::PrivateKey>(PhantomData).is_display());
        assert!(!Probe::<signing::PublicKey>(PhantomData).is_display());
    }
    #[cfg(feature = "token")]
    assert!(!Probe::<signing::token::Token>(PhantomData).is_display());
    // The probe does see `Display` where there is one.
    assert!(Probe::<signing::Error>(PhantomData).is_display());
}

/// Keys added this round: JSON Web Keys (well-formed and broken), keys derived by an HMAC
/// chain (and the derived keys themselves), and the token store's sealing key.
#[cfg(feature = "jwt")]
#[test]
fn jwks_derived_keys_and_token_keys_never_show() {
    use signing::__private::{ChainKey, KeyChain};
    use signing::{MacAlgorithm, PrivateKey, PublicKey};

    let mut seen = Seen::default();
    let k = base64(SECRET.as_bytes(), true, false);
    let jwks = [
        format!(r#"{{"kty":"oct","k":"{k}"}}"#),
        format!(r#"{{"kty":"oct","k":"{k}!"}}"#),
        format!(r#"{{"kty":"oct","k":"{k}","k":"{k}"}}"#),
        format!(r#"{{"kty":"EC","crv":"P-256","x":"{k}","y":"{k}","d":"{k}"}}"#),
        format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{k}","d":"{k}"}}"#),
        format!(r#"{{"kty":"RSA","n":"{k}","e":"AQAB","d":"{k}","p":"{k}","q":"{k}"}}"#),
        format!(r#"{{"kty":"oct","k":{k:?}"#),
        format!(r#"{{"kty":"{k}"}}"#),
    ];
    for jwk in &jwks {
        seen.result("PrivateKey::from_jwk", &PrivateKey::from_jwk(jwk));
        seen.result("PublicKey::from_jwk", &PublicKey::from_jwk(jwk));
    }

    let chain = KeyChain {
        prefix: "AWS4",
        algorithm: MacAlgorithm::HmacSha256,
    };
    let key = ChainKey::new(Secret::new(SECRET), chain);
    seen.debug("ChainKey", &key);
    let derived = key.for_scope(&[b"20150830", b"us-east-1", b"service", b"aws4_request"]);
    seen.debug("derived key", &derived);
    seen.debug("ChainKey after use", &key);
    seen.assert_clean(SECRET.as_bytes());
    // The derived key is as secret as the secret it came from.
    let mut derived_seen = Seen::default();
    derived_seen.debug("ChainKey after use", &key);
    derived_seen.debug("derived key", &derived);
    derived_seen.debug("KeyChain", &chain);
    derived_seen.debug("ChainKey clone", &key.clone());
    derived_seen.assert_clean(derived.expose());
}

#[cfg(feature = "shared-tokens")]
#[test]
fn token_keys_never_show() {
    use signing::token::TokenKey;

    let hex_key = hex::encode(&SECRET.as_bytes()[..32]);
    let mut seen = Seen::default();
    seen.debug("TokenKey", &TokenKey::from_hex(&hex_key).unwrap());
    seen.debug(
        "TokenKey::new",
        &TokenKey::new(SECRET.as_bytes()[..32].try_into().unwrap()),
    );
    let bad = format!("{hex_key}zz");
    seen.result("TokenKey::from_hex bad", &TokenKey::from_hex(&bad));
    seen.result(
        "TokenKey::from_hex short",
        &TokenKey::from_hex(&hex_key[..40]),
    );
    seen.assert_clean(&SECRET.as_bytes()[..32]);
}

/// Keys added this session: a declaration signed with `algorithm = ".."` (a PEM, a JWK with
/// `key_format = "jwk"`, an HMAC secret) from the environment, well-formed and broken, through
/// the generated `sign` / `sign_with` / `verify`.
#[cfg(feature = "jwt")]
mod declared_algorithms {
    use super::rfc9421_vectors::vector;
    use super::*;
    use signing::{PrivateKey, PublicKey};

    #[derive(SignedRequest, Debug)]
    #[signed(algorithm = "ed25519", key = env("SIGNING_LEAK_TEST_ASYM_PEM"), template = "{a}",
             signature = header("Signature", prefix = "sig="))]
    struct PemDeclared {
        a: u8,
    }

    #[derive(SignedRequest, Debug)]
    #[signed(algorithm = "ecdsa-p256-sha256", key = env("SIGNING_LEAK_TEST_ASYM_JWK"),
             key_format = "jwk", template = "{a}")]
    struct JwkDeclared {
        a: u8,
    }

    #[derive(SignedRequest, Debug)]
    #[signed(algorithm = "hmac-sha256", key = env("SIGNING_LEAK_TEST_ASYM_HMAC"), template = "{a}")]
    struct HmacDeclared {
        a: u8,
    }

    #[test]
    fn declared_algorithm_keys_never_show() {
        let mut seen = Seen::default();
        let pem = vector("test-key-ed25519.pem");
        let jwk = vector("test-key-ecc-p256.jwk.json");
        // The JWK's private scalar `d`, as it is written there (base64url).
        let d = "UpuF81l-kOxbjf7T4mNSv0r5tN67Gim7rnf6EFpcYDs";
        assert!(jwk.contains(d));
        let pem_line = pem.trim_end().replace('\n', " ");
        for (what, text) in [
            ("PEM", pem.clone()),
            ("PEM on one line", pem_line.clone()),
            ("PEM cut short", pem[..pem.len() * 2 / 3].to_owned()),
            ("PEM corrupted", pem.replacen('A', "!", 2)),
            ("JWK given for a PEM", jwk.clone()),
        ] {
            std::env::set_var("SIGNING_LEAK_TEST_ASYM_PEM", &text);
            match (PemDeclared { a: 1 }).sign() {
                Ok(signed) => seen.signed(what, &signed),
                Err(error) => seen.error(what, &error),
            }
        }
        for (what, text) in [
            ("JWK", jwk.clone()),
            ("JWK without x", jwk.replacen("\"x\"", "\"z\"", 1)),
            ("JWK with another x", jwk.replacen("qIVY", "AIVY", 1)),
            ("JWK cut short", jwk[..jwk.len() - 20].to_owned()),
            ("PEM given for a JWK", pem.clone()),
        ] {
            std::env::set_var("SIGNING_LEAK_TEST_ASYM_JWK", &text);
            match (JwkDeclared { a: 1 }).sign() {
                Ok(signed) => seen.signed(what, &signed),
                Err(error) => seen.error(what, &error),
            }
        }
        std::env::set_var("SIGNING_LEAK_TEST_ASYM_HMAC", SECRET);
        match (HmacDeclared { a: 1 }).sign() {
            Ok(signed) => seen.signed("hmac-sha256 declared", &signed),
            Err(error) => seen.error("hmac-sha256 declared", &error),
        }
        let ed = PrivateKey::from_pem(pem.as_bytes()).unwrap();
        let ec = PrivateKey::from_jwk(&jwk).unwrap();
        seen.debug("ed25519 PrivateKey", &ed);
        seen.debug("P-256 PrivateKey", &ec);
        seen.result("sign_with ed25519", &PemDeclared { a: 2 }.sign_with(&ed));
        seen.result("sign_with P-256", &JwkDeclared { a: 2 }.sign_with(&ec));
        // A key of another family, and signatures that do not verify.
        seen.result(
            "sign_with P-256 for ed25519",
            &PemDeclared { a: 2 }.sign_with(&ec),
        );
        let public = PublicKey::from_pem(vector("test-key-ed25519.pub.pem").as_bytes()).unwrap();
        seen.result(
            "verify bad",
            &PemDeclared { a: 2 }.verify("sig=AAAA", &public),
        );
        seen.result(
            "verify not base64",
            &PemDeclared { a: 2 }.verify("!!", &public),
        );
        seen.debug("request", &PemDeclared { a: 3 });

        // The PEM's body lines and the JWK's private scalar (and its bytes) never show.
        for line in pem
            .lines()
            .filter(|l| !l.starts_with("-----") && !l.is_empty())
        {
            seen.assert_clean(line.as_bytes());
        }
        seen.assert_clean(d.as_bytes());
        seen.assert_clean(&base64_decode(&d.replace('-', "+").replace('_', "/")));
        seen.assert_clean(SECRET.as_bytes());
    }
}

/// A signed request's URL carries its signature (the query form's `signature=..`, a presigned
/// URL's `X-Amz-Signature`: a credential until it expires). reqwest's errors print the URL, so
/// `client::send` and `fetch_token` failures leave it out.
#[cfg(feature = "reqwest")]
#[tokio::test]
async fn send_errors_do_not_show_the_signed_url() {
    use signing::token::AccessTokenResponse;

    // A port nothing listens on: bound, then closed, so the connection is refused.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let signed = inline().sign_with(&Secret::new(SECRET)).unwrap();
    let request = signed
        .http_request(&format!("http://127.0.0.1:{port}"))
        .unwrap();
    assert!(request.uri().to_string().contains("signature="));
    let client = reqwest::Client::new();
    let err = signing::client::send(&client, request.clone())
        .await
        .unwrap_err();
    let refresh = signing::client::fetch_token::<AccessTokenResponse>(&client, request)
        .await
        .unwrap_err();
    let mut seen = Seen::default();
    seen.text("send error", err.to_string());
    seen.text("send error", format!("{err:?}"));
    seen.text("fetch_token error", refresh.to_string());
    seen.text("fetch_token error", format!("{refresh:?}"));
    for (what, text) in &seen.0 {
        assert!(
            !text.contains("signature="),
            "{what} shows the signature: {text}"
        );
        assert!(
            !text.contains("/token"),
            "{what} shows the signed URL: {text}"
        );
    }
}

/// The receiving side's key holders added this session: `server::Keys` (the store a route's
/// verifier and an RFC 9421 `MessageVerifier` take, as a `KeyIdResolver`) holding HMAC secrets,
/// and the `MessageVerifier` built on it. Their Debug shows counts, ids and settings only.
#[cfg(all(feature = "jwt", any(feature = "axum", feature = "tower")))]
#[test]
fn receiving_key_holders_never_show() {
    use signing::asymmetric::SignatureAlgorithm;
    use signing::replay::{MemoryNonceStore, ReplayGuard};
    use signing::server::{Keys, MessageVerifier};
    use signing::PublicKey;

    let mut seen = Seen::default();
    let hmac = || {
        (
            SignatureAlgorithm::HmacSha256,
            PublicKey::hmac(Secret::new(SECRET)),
        )
    };
    let by_id = Keys::by_id("X-Key-Id").key("key-1", hmac());
    seen.debug("Keys::by_id with an HMAC key", &by_id);
    let rotating = Keys::rotating([Secret::new(SECRET), Secret::new(SECRET)]);
    seen.debug("Keys::rotating of secrets", &rotating);
    let guard = ReplayGuard::new(
        MemoryNonceStore::new(4),
        std::time::Duration::from_secs(300),
    );
    let verifier = MessageVerifier::rfc9421(by_id, guard);
    seen.debug("MessageVerifier over HMAC keys", &verifier);
    seen.debug("NoKey", &signing::NoKey);
    seen.assert_clean(SECRET.as_bytes());
}
