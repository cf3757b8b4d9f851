//! Properties of the key and token parsers, shared by the fuzz targets `pem_keys` and
//! `jwt_decode` (`fuzz/`) and their regression test (`tests/fuzz_regressions.rs`): whatever bytes
//! come in, reading a PEM key or a JWT never panics, its error is bounded and never quotes key
//! material, and what is accepted is what the rules allow.

use signing::jwt::{self, JwtAlgorithm, Validation, MAX_PEM_BYTES, MAX_TOKEN_BYTES};
use signing::{Error, PrivateKey, PublicKey, Secret, Timestamp};

/// Real keys for the fuzzer to mangle (signing-runtime/tests/keys; how each was made is in its
/// README).
const PEMS: [&str; 4] = [
    include_str!("../../signing-runtime/tests/keys/ed25519.pem"),
    include_str!("../../signing-runtime/tests/keys/ec-sec1.pem"),
    include_str!("../../signing-runtime/tests/keys/rsa-pkcs1.pem"),
    include_str!("../../signing-runtime/tests/keys/ed25519.pub.pem"),
];

/// The longest error a key or token parser may give, in bytes.
const MAX_ERROR: usize = 1024;

/// The base64 body of a PEM, one string.
fn body(pem: &str) -> String {
    pem.lines()
        .filter(|l| !l.starts_with("-----") && !l.contains(':'))
        .collect()
}

/// Pieces of a key's body an error must never show: every 12-character window (at a step of
/// 4) that could not pass for a PEM label (it has a lower-case letter, `+` or `/`). A window of
/// capitals and digits only could be quoted as a label if the input were built around it; that
/// is not key material leaking through a broken line, which is what this looks for.
fn secret_windows(pem: &str) -> Vec<String> {
    let body = body(pem);
    (0..body.len().saturating_sub(12))
        .step_by(4)
        .map(|i| &body[i..i + 12])
        .filter(|w| {
            w.bytes()
                .any(|b| b.is_ascii_lowercase() || b == b'+' || b == b'/')
        })
        .map(str::to_owned)
        .collect()
}

fn check_key_error(error: &Error, secrets: &[String]) {
    let shown = [error.to_string(), format!("{error:?}")];
    for text in &shown {
        assert!(text.len() <= MAX_ERROR, "{} bytes: {text}", text.len());
        for secret in secrets {
            assert!(
                !text.contains(secret.as_str()),
                "key material {secret:?} in {text}"
            );
        }
    }
    assert!(
        matches!(error, Error::KeyFormat { .. } | Error::KeyMismatch { .. }),
        "{error:?}"
    );
}

/// PEM key text. The first byte picks how the rest is used: as the text itself; spliced into a
/// real key at a position the second byte picks; as what replaces every line break of a real
/// key (the one-line spellings, and any other); or repeated past the size limit.
pub fn check_pem(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (&pick, tail) = rest.split_first().unwrap_or((&0, &[]));
    let pem = PEMS[usize::from(pick) % PEMS.len()];
    let text: Vec<u8> = match mode % 4 {
        0 => rest.to_vec(),
        1 => {
            let at = (usize::from(mode / 4) * 37) % (pem.len() + 1);
            let mut text = pem.as_bytes()[..at].to_vec();
            text.extend_from_slice(tail);
            text.extend_from_slice(&pem.as_bytes()[at..]);
            text
        }
        2 => {
            let joiner = &tail[..tail.len().min(4)];
            let mut text = Vec::new();
            for (i, line) in pem.trim_end().split('\n').enumerate() {
                if i > 0 {
                    text.extend_from_slice(joiner);
                }
                text.extend_from_slice(line.as_bytes());
            }
            text
        }
        _ => {
            let times = MAX_PEM_BYTES / tail.len().max(1) + usize::from(mode / 4);
            tail.repeat(times.min(MAX_PEM_BYTES + 64))
        }
    };
    let secrets = if mode % 4 == 0 {
        Vec::new()
    } else {
        secret_windows(pem)
    };
    let private = PrivateKey::from_pem(&text);
    let public = PublicKey::from_pem(&text);
    for error in [private.as_ref().err(), public.as_ref().err()]
        .into_iter()
        .flatten()
    {
        check_key_error(error, &secrets);
    }
    if text.len() > MAX_PEM_BYTES {
        assert!(
            private.is_err() && public.is_err(),
            "over the size limit, read"
        );
    }
    // Line breaks replaced by whitespace only: the same key is read.
    if mode % 4 == 2
        && tail[..tail.len().min(4)]
            .iter()
            .all(u8::is_ascii_whitespace)
    {
        let (ok, expected) = if pem.contains("PUBLIC") {
            (public.is_ok(), PublicKey::from_pem(pem.as_bytes()).is_ok())
        } else {
            (
                private.is_ok(),
                PrivateKey::from_pem(pem.as_bytes()).is_ok(),
            )
        };
        assert_eq!(ok, expected, "a one-line spelling is read differently");
    }
}

const JWT_SECRET: &str = "fuzz-jwt-hs256-secret-32-bytes!!";
const NOW: i64 = 1_700_000_000;
const LEEWAY: i64 = 60;
const MAX_LIFETIME: i64 = 300;

fn numeric(claims: &serde_json::Value, name: &str) -> Option<i64> {
    let value = claims.get(name)?;
    value
        .as_i64()
        .or_else(|| value.as_f64().map(|f| f.floor() as i64))
}

/// JWT text. The first byte picks: the bytes as a whole token, or the bytes split at the first
/// 0xFF into a header and a payload, validly signed with the verifier's key (so the fuzzer
/// reaches past the signature to the header and claim checks).
pub fn check_jwt(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let key = PrivateKey::hmac(Secret::new(JWT_SECRET));
    let token = if mode % 2 == 0 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        let mut parts = rest.splitn(2, |&b| b == 0xff);
        let header = parts.next().unwrap_or_default();
        let payload = parts.next().unwrap_or_default();
        let b64 = |bytes: &[u8]| {
            let mut out = String::new();
            signing::Encoding::Base64UrlNoPad.encode_into(bytes, &mut out);
            out
        };
        let input = format!("{}.{}", b64(header), b64(payload));
        let signature = jwt::sign_input(JwtAlgorithm::Hs256, &key, input.as_bytes())
            .expect("an HS256 key signs anything");
        format!("{input}.{signature}")
    };
    let mut validation = Validation::new(JwtAlgorithm::Hs256)
        .at(Timestamp::from_unix_seconds(NOW))
        .leeway(LEEWAY as u32);
    if mode & 2 == 2 {
        validation = validation.max_lifetime(MAX_LIFETIME as u32);
    }
    let result = jwt::decode::<serde_json::Value>(&token, &key.public_key(), &validation);
    let claims = match result {
        Err(error) => {
            let text = error.to_string();
            assert!(text.len() <= MAX_ERROR, "{} bytes: {text}", text.len());
            if token.len() > MAX_TOKEN_BYTES {
                assert!(matches!(error, Error::MalformedToken { .. }), "{error:?}");
            }
            return;
        }
        Ok(claims) => claims,
    };
    // Accepted: every rule holds, checked here with serde_json's own reading of the token.
    assert!(token.len() <= MAX_TOKEN_BYTES);
    let mut parts = token.trim().split('.');
    let mut json = |what: &str| -> serde_json::Value {
        let text = parts.next().unwrap_or_else(|| panic!("no {what}"));
        let mut bytes = Vec::new();
        base64_url_decode(text, &mut bytes);
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{what}: {e}"))
    };
    let header = json("header");
    let payload = json("payload");
    assert_eq!(payload, claims);
    let mut parts = token.trim().split('.');
    for what in ["header", "payload"] {
        let mut bytes = Vec::new();
        base64_url_decode(parts.next().expect("three parts"), &mut bytes);
        let Members(mut names) = serde_json::from_slice(&bytes).expect("an object");
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "the {what} has a member twice");
    }
    assert_eq!(header.get("alg").and_then(|a| a.as_str()), Some("HS256"));
    assert!(header.get("crit").is_none());
    let exp = numeric(&claims, "exp").expect("exp is required");
    assert!(NOW < exp.saturating_add(LEEWAY), "expired: {claims}");
    if let Some(nbf) = numeric(&claims, "nbf") {
        assert!(nbf <= NOW + LEEWAY, "not yet valid: {claims}");
    }
    let iat = numeric(&claims, "iat");
    if let Some(iat) = iat {
        assert!(iat <= NOW + LEEWAY, "issued in the future: {claims}");
    }
    if mode & 2 == 2 {
        let start = numeric(&claims, "nbf").or(iat).expect("a start");
        assert!(exp.saturating_sub(start) <= MAX_LIFETIME, "{claims}");
        assert!(exp.saturating_sub(NOW) <= MAX_LIFETIME + LEEWAY, "{claims}");
    }
}

/// RFC 4648 §5 without padding (written here, not taken from the library under test).
fn base64_url_decode(text: &str, out: &mut Vec<u8>) {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let digits: Vec<u32> = text
        .bytes()
        .map(|b| alphabet.iter().position(|&a| a == b).expect("base64url") as u32)
        .collect();
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | d << (18 - 6 * i));
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
}

/// The member names of a JSON object, in order, duplicates kept (serde_json's `Value` keeps the
/// last of two).
struct Members(Vec<String>);

impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Members, D::Error> {
        struct Names;
        impl<'de> serde::de::Visitor<'de> for Names {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Members, A::Error> {
                let mut names = Vec::new();
                while let Some((name, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                    names.push(name);
                }
                Ok(Members(names))
            }
        }
        deserializer.deserialize_map(Names)
    }
}
