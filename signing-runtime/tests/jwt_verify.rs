//! Signing JWTs (the exact header and payload) and the server side: every bad token is refused
//! with its own error.
#![cfg(feature = "jwt")]

mod jwt_support;

use jwt_support::{at, b64, claims, key_path, key_text, spec, unb64, Claims, AUD, T0};
use serde::Serialize;
use signing_runtime::jwt::{
    self, jwt_message, jwt_sign, jwt_signature_into, jwt_verify, jwt_verify_at, JwtAlgorithm,
    Validation,
};
use signing_runtime::{Error, Placement, PrivateKey, PublicKey, Secret, Timestamp};

fn rsa() -> PrivateKey {
    PrivateKey::from_pem_file(key_path("rsa-pkcs8.pem")).unwrap()
}

fn rsa_public() -> PublicKey {
    PublicKey::from_pem_file(key_path("rsa-spki.pub.pem")).unwrap()
}

/// An RS256 token for `claims()`, signed at T0: nbf = T0, exp = T0 + 60.
fn token() -> String {
    let signed = jwt_sign(&claims(), &spec(JwtAlgorithm::Rs256), &rsa(), at(T0)).unwrap();
    signed.signature().to_owned()
}

fn validation() -> Validation {
    Validation::new(JwtAlgorithm::Rs256).audience(AUD)
}

fn decode_at(token: &str, now: i64) -> Result<Claims, Error> {
    jwt::decode(token, &rsa_public(), &validation().at(at(now)))
}

/// Decodes the (header, payload) JSON text of a compact token.
fn parts(token: &str) -> (String, String) {
    let mut it = token.split('.');
    let header = String::from_utf8(unb64(it.next().unwrap())).unwrap();
    let payload = String::from_utf8(unb64(it.next().unwrap())).unwrap();
    (header, payload)
}

#[test]
fn header_and_payload_are_exact() {
    let mut spec = spec(JwtAlgorithm::Rs256);
    spec.kid = Some("key-2024\"01");
    spec.jti = true;
    let signed = jwt_sign(&claims(), &spec, &rsa(), at(T0)).unwrap();
    let (header, payload) = parts(signed.signature());
    assert_eq!(
        header,
        r#"{"alg":"RS256","typ":"JWT","kid":"key-2024\"01"}"#
    );
    let expected = format!(
        r#"{{"sub":"client-1","aud":"https://api.example.com","iat":{T0},"nbf":{T0},"exp":{},"jti":""#,
        T0 + 60
    );
    assert!(payload.starts_with(&expected), "{payload}");
    let jti = &payload[expected.len()..payload.len() - 2];
    assert_eq!(jti.len(), 32, "{payload}");
    assert!(jti.bytes().all(|b| b.is_ascii_hexdigit()), "{payload}");
    assert!(payload.ends_with("\"}"));
    // The message is the signing input; the token is it, a dot, and the signature.
    let message = std::str::from_utf8(signed.message()).unwrap();
    assert!(signed.signature().starts_with(&format!("{message}.")));
    let explained = signed.explain();
    assert!(explained.contains("RS256 JWT"), "{explained}");
    assert!(explained.contains("256 bytes"), "{explained}");
}

#[test]
fn without_computed_claims_the_payload_is_the_struct() {
    let mut spec = spec(JwtAlgorithm::Hs256);
    (spec.lifetime, spec.max_lifetime, spec.iat) = (None, None, false);
    let message = jwt_message(&claims(), &spec, at(T0)).unwrap();
    let message = String::from_utf8(message).unwrap();
    let (header, payload) = parts(&format!("{message}."));
    assert_eq!(header, r#"{"alg":"HS256","typ":"JWT"}"#);
    assert_eq!(
        payload,
        r#"{"sub":"client-1","aud":"https://api.example.com"}"#
    );
}

#[test]
fn signature_into_appends_the_same_token() {
    let mut out = String::from("Bearer ");
    jwt_signature_into(
        &claims(),
        &spec(JwtAlgorithm::Rs256),
        &rsa(),
        at(T0),
        &mut out,
    )
    .unwrap();
    assert_eq!(out, format!("Bearer {}", token()));
    // On error nothing is appended.
    let ec = PrivateKey::from_pem_file(key_path("ec-pkcs8.pem")).unwrap();
    let mut out = String::from("x");
    let err = jwt_signature_into(&claims(), &spec(JwtAlgorithm::Rs256), &ec, at(T0), &mut out);
    assert!(matches!(err, Err(Error::KeyMismatch { .. })));
    assert_eq!(out, "x");
}

#[test]
fn valid_within_leeway_and_refused_outside() {
    let token = token();
    assert_eq!(decode_at(&token, T0 + 30).unwrap(), claims());
    // Default leeway 60 s: exp = T0 + 60 is accepted up to (not at) T0 + 120.
    decode_at(&token, T0 + 119).unwrap();
    assert_eq!(
        decode_at(&token, T0 + 120),
        Err(Error::TokenExpired {
            exp: T0 + 60,
            now: T0 + 120
        })
    );
    // nbf = T0 is accepted from T0 - 60.
    decode_at(&token, T0 - 60).unwrap();
    assert_eq!(
        decode_at(&token, T0 - 61),
        Err(Error::TokenNotYetValid {
            nbf: T0,
            now: T0 - 61
        })
    );
    let strict = validation().leeway(0).at(at(T0 + 60));
    assert!(matches!(
        jwt::decode::<Claims>(&token, &rsa_public(), &strict),
        Err(Error::TokenExpired { .. })
    ));
}

#[test]
fn too_long_lived_is_refused() {
    let mut long = spec(JwtAlgorithm::Rs256);
    long.lifetime = Some(3600);
    let token = jwt_sign(&claims(), &long, &rsa(), at(T0)).unwrap();
    let validation = validation().max_lifetime(60).at(at(T0 + 1));
    assert_eq!(
        jwt::decode::<Claims>(token.signature(), &rsa_public(), &validation),
        Err(Error::LifetimeTooLong {
            lifetime: 3600,
            max: 60
        })
    );
    // The derived verify caps the lifetime at max_lifetime.
    let now = jwt_sign(&claims(), &long, &rsa(), Timestamp::now()).unwrap();
    assert!(matches!(
        jwt_verify(
            &claims(),
            &spec(JwtAlgorithm::Rs256),
            now.signature(),
            &rsa_public()
        ),
        Err(Error::LifetimeTooLong {
            lifetime: 3600,
            max: 60
        })
    ));
}

#[test]
fn audience_and_issuer() {
    let token = token();
    let other = Validation::new(JwtAlgorithm::Rs256)
        .audience("https://other.example.com")
        .at(at(T0));
    assert_eq!(
        jwt::decode::<Claims>(&token, &rsa_public(), &other),
        Err(Error::WrongAudience {
            expected: vec!["https://other.example.com".into()]
        })
    );
    // A second accepted audience matches.
    let both = other.clone().audience(AUD);
    jwt::decode::<Claims>(&token, &rsa_public(), &both).unwrap();
    // RFC 7519 §4.1.3: a token with `aud` is refused by a verifier that names no audience.
    let none = Validation::new(JwtAlgorithm::Rs256).at(at(T0));
    assert_eq!(
        jwt::decode::<Claims>(&token, &rsa_public(), &none),
        Err(Error::WrongAudience { expected: vec![] })
    );
    let issuer = validation().issuer("client-1").at(at(T0));
    assert_eq!(
        jwt::decode::<Claims>(&token, &rsa_public(), &issuer),
        Err(Error::MissingClaim { claim: "iss" })
    );
}

#[test]
fn wrong_key_is_a_signature_mismatch() {
    let other = PrivateKey::from_pem_file(key_path("rsa-other.pem")).unwrap();
    let token = token();
    assert_eq!(
        jwt::decode::<Claims>(&token, &other.public_key(), &validation().at(at(T0))),
        Err(Error::SignatureMismatch)
    );
}

#[test]
fn alg_none_is_refused() {
    let payload = format!(r#"{{"sub":"client-1","aud":"{AUD}","exp":{}}}"#, T0 + 60);
    for alg in ["none", "None", "NONE"] {
        let header = format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#);
        let token = format!("{}.{}.", b64(header.as_bytes()), b64(payload.as_bytes()));
        assert_eq!(decode_at(&token, T0), Err(Error::UnsecuredToken), "{alg}");
    }
}

#[test]
fn algorithm_confusion_is_refused() {
    // The classic attack: HS256 "signed" with the RSA public key's PEM text as the HMAC secret.
    let public_pem = key_text("rsa-spki.pub.pem");
    let forged_key = PrivateKey::hmac(Secret::new(public_pem));
    let forged = jwt_sign(&claims(), &spec(JwtAlgorithm::Hs256), &forged_key, at(T0)).unwrap();
    assert_eq!(
        decode_at(forged.signature(), T0),
        Err(Error::AlgorithmMismatch {
            expected: "RS256",
            found: "HS256".into()
        })
    );
    // A server that (wrongly) accepts HS256 still cannot use an RSA key as an HMAC secret.
    let hs = Validation::new(JwtAlgorithm::Hs256)
        .audience(AUD)
        .at(at(T0));
    assert!(matches!(
        jwt::decode::<Claims>(forged.signature(), &rsa_public(), &hs),
        Err(Error::KeyMismatch {
            key: "RSA",
            algorithm: "HS256",
            ..
        })
    ));
    // And an EC key cannot sign RS256.
    let ec = PrivateKey::from_pem_file(key_path("ec-pkcs8.pem")).unwrap();
    let err = jwt_sign(&claims(), &spec(JwtAlgorithm::Rs256), &ec, at(T0)).unwrap_err();
    assert!(
        err.to_string()
            .contains("is an EC P-256 key, but RS256 needs an RSA key"),
        "{err}"
    );
}

#[test]
fn tampered_tokens_are_refused() {
    let token = token();
    let (header, rest) = token.split_once('.').unwrap();
    let (_, signature) = rest.split_once('.').unwrap();
    // Another subject, same signature.
    let payload = format!(
        r#"{{"sub":"admin","aud":"{AUD}","iat":{T0},"nbf":{T0},"exp":{}}}"#,
        T0 + 60
    );
    let tampered = format!("{header}.{}.{signature}", b64(payload.as_bytes()));
    assert_eq!(decode_at(&tampered, T0), Err(Error::SignatureMismatch));
    // A flipped signature character.
    let mut flipped = token.clone().into_bytes();
    let last = flipped.len() - 2;
    flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
    assert_eq!(
        decode_at(std::str::from_utf8(&flipped).unwrap(), T0),
        Err(Error::SignatureMismatch)
    );
    // Not a token at all.
    for bad in [
        "",
        "abc",
        "a.b",
        "a.b.c.d",
        "!!!.e30.sig",
        &format!("{header}.{rest}="),
    ] {
        assert!(
            matches!(decode_at(bad, T0), Err(Error::MalformedToken { .. })),
            "{bad:?}: {:?}",
            decode_at(bad, T0)
        );
    }
}

#[test]
fn computed_claims_are_never_duplicated() {
    #[derive(Serialize)]
    struct WithExp {
        sub: &'static str,
        exp: i64,
    }
    let err = jwt_message(
        &WithExp { sub: "a", exp: 1 },
        &spec(JwtAlgorithm::Rs256),
        at(T0),
    );
    assert_eq!(err, Err(Error::DuplicateClaim { claim: "exp" }));
    #[derive(Serialize)]
    struct WithIat {
        iat: i64,
    }
    let err = jwt_message(&WithIat { iat: 1 }, &spec(JwtAlgorithm::Rs256), at(T0));
    assert_eq!(err, Err(Error::DuplicateClaim { claim: "iat" }));
    // Claims must be a JSON object.
    let err = jwt_message(&[1, 2], &spec(JwtAlgorithm::Rs256), at(T0));
    assert!(matches!(err, Err(Error::InvalidClaims { .. })), "{err:?}");
}

#[test]
fn derived_verify_checks_the_request_claims() {
    let mut spec = spec(JwtAlgorithm::Es256);
    spec.signature = Placement::Header {
        name: "Authorization",
        prefix: "Bearer ",
    };
    let key = PrivateKey::from_pem_file(key_path("ec-sec1.pem")).unwrap();
    let public = PublicKey::from_pem_file(key_path("ec-spki.pub.pem")).unwrap();
    let signed = jwt_sign(&claims(), &spec, &key, Timestamp::now()).unwrap();
    let header = signed.headers().next().unwrap();
    assert_eq!(header.0, "Authorization");
    jwt_verify(&claims(), &spec, header.1, &public).unwrap();
    jwt_verify(&claims(), &spec, signed.signature(), &public).unwrap();
    let other = Claims {
        sub: "client-2".into(),
        ..claims()
    };
    assert_eq!(
        jwt_verify(&other, &spec, signed.signature(), &public),
        Err(Error::ClaimMismatch {
            claim: "sub".into()
        })
    );
    // An old token is expired for the derived verify (system clock).
    let old = jwt_sign(&claims(), &spec, &key, at(T0)).unwrap();
    assert!(matches!(
        jwt_verify(&claims(), &spec, old.signature(), &public),
        Err(Error::TokenExpired { .. })
    ));
}

#[test]
fn hs256_and_eddsa_round_trip() {
    let hmac = PrivateKey::hmac(Secret::new("a 32-byte secret for HS256 tests"));
    let ed = PrivateKey::from_pem_file(key_path("ed25519.pem")).unwrap();
    for (algorithm, key) in [(JwtAlgorithm::Hs256, hmac), (JwtAlgorithm::EdDsa, ed)] {
        let signed = jwt_sign(&claims(), &spec(algorithm), &key, at(T0)).unwrap();
        let validation = Validation::new(algorithm).audience(AUD).at(at(T0));
        let got: Claims = jwt::decode(signed.signature(), &key.public_key(), &validation).unwrap();
        assert_eq!(got, claims());
        let wrong = PrivateKey::hmac(Secret::new("another secret"));
        if algorithm == JwtAlgorithm::Hs256 {
            assert_eq!(
                jwt::decode::<Claims>(signed.signature(), &wrong.public_key(), &validation),
                Err(Error::SignatureMismatch)
            );
        }
    }
}

/// A token with exactly this header and payload, validly signed with the RS256 test key: what a
/// client holding a registered key can mint.
fn minted(header: &str, payload: &str) -> String {
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let signature = jwt::sign_input(JwtAlgorithm::Rs256, &rsa(), input.as_bytes()).unwrap();
    format!("{input}.{signature}")
}

const RS256: &str = r#"{"alg":"RS256","typ":"JWT"}"#;

/// Issue 16, finding 3: `max_lifetime` was measured between the token's own claims only, so a
/// future `iat` (and no `nbf`) made a ten-year token pass as a 60-second one.
#[test]
fn a_future_iat_cannot_stretch_max_lifetime() {
    let ten_years = 10 * 365 * 86_400;
    let payload = format!(
        r#"{{"sub":"client-1","aud":"{AUD}","iat":{},"exp":{}}}"#,
        T0 + ten_years - 60,
        T0 + ten_years
    );
    let token = minted(RS256, &payload);
    let capped = validation().max_lifetime(300).at(at(T0));
    assert_eq!(
        jwt::decode::<Claims>(&token, &rsa_public(), &capped),
        Err(Error::ExpiryTooFar {
            exp: T0 + ten_years,
            now: T0,
            max: 300
        })
    );
    // Without a maximum, the future `iat` alone is refused.
    assert_eq!(
        decode_at(&token, T0),
        Err(Error::TokenIssuedInFuture {
            iat: T0 + ten_years - 60,
            now: T0
        })
    );
    // The derived verify (max_lifetime = 60) refuses it too, at a given time.
    assert_eq!(
        jwt_verify_at(
            &claims(),
            &spec(JwtAlgorithm::Rs256),
            &token,
            &rsa_public(),
            at(T0)
        ),
        Err(Error::ExpiryTooFar {
            exp: T0 + ten_years,
            now: T0,
            max: 60
        })
    );
}

/// The boundaries: `iat` up to the leeway ahead is accepted, `exp` up to `max + leeway` ahead.
#[test]
fn iat_and_exp_boundaries_against_the_clock() {
    let with = |iat: i64, exp: i64| {
        minted(
            RS256,
            &format!(r#"{{"sub":"client-1","aud":"{AUD}","iat":{iat},"exp":{exp}}}"#),
        )
    };
    let capped = validation().max_lifetime(100).at(at(T0));
    let decode = |token: &str| jwt::decode::<Claims>(token, &rsa_public(), &capped);
    // exp - now = 100 + 60 (max + leeway), iat = now + 60 (leeway): both at the limit.
    decode(&with(T0 + 60, T0 + 160)).unwrap();
    assert_eq!(
        decode(&with(T0 + 61, T0 + 161)),
        Err(Error::ExpiryTooFar {
            exp: T0 + 161,
            now: T0,
            max: 100
        })
    );
    assert_eq!(
        decode(&with(T0 + 61, T0 + 150)),
        Err(Error::TokenIssuedInFuture {
            iat: T0 + 61,
            now: T0
        })
    );
    // Without max_lifetime, only `iat` is held to the clock.
    decode_at(&with(T0 + 60, T0 + 1_000_000), T0).unwrap();
    assert!(matches!(
        decode_at(&with(T0 + 61, T0 + 1_000_000), T0),
        Err(Error::TokenIssuedInFuture { .. })
    ));
    let strict = validation().leeway(0).at(at(T0));
    assert!(matches!(
        jwt::decode::<Claims>(&with(T0 + 1, T0 + 100), &rsa_public(), &strict),
        Err(Error::TokenIssuedInFuture { .. })
    ));
}

/// A token without `exp` never expires: refused unless asked for (mutation testing found this
/// promise untested).
#[test]
fn a_token_without_exp_is_refused_by_default() {
    let token = minted(
        RS256,
        &format!(r#"{{"sub":"client-1","aud":"{AUD}","iat":{T0}}}"#),
    );
    assert_eq!(
        decode_at(&token, T0),
        Err(Error::MissingClaim { claim: "exp" })
    );
    let lenient = validation().require_exp(false).at(at(T0));
    assert_eq!(
        jwt::decode::<Claims>(&token, &rsa_public(), &lenient),
        Ok(claims())
    );
    // The derived verify, for a declaration with a lifetime.
    assert_eq!(
        jwt_verify_at(
            &claims(),
            &spec(JwtAlgorithm::Rs256),
            &token,
            &rsa_public(),
            at(T0)
        ),
        Err(Error::MissingClaim { claim: "exp" })
    );
}

/// Issue 16, finding 7: a member given twice was last-wins (`{"alg":"none","alg":"HS256"}` was
/// read as HS256), while another parser of the same token may take the first.
#[test]
fn a_member_given_twice_is_refused() {
    let payload = format!(r#"{{"sub":"client-1","aud":"{AUD}","exp":{}}}"#, T0 + 60);
    let token = minted(r#"{"alg":"none","alg":"RS256"}"#, &payload);
    assert_eq!(
        decode_at(&token, T0),
        Err(Error::MalformedToken {
            reason: "its header has a member twice (RFC 7515 §5.2: refused, not last-wins)"
        })
    );
    for claims_text in [
        format!(
            r#"{{"sub":"admin","sub":"client-1","aud":"{AUD}","exp":{}}}"#,
            T0 + 60
        ),
        format!(
            r#"{{"sub":"client-1","aud":"{AUD}","exp":{},"exp":{}}}"#,
            T0 + 60,
            T0 + 9999
        ),
        format!(
            r#"{{"sub":"client-1","aud":"{AUD}","exp":{},"x":[{{"a":1,"a":2}}]}}"#,
            T0 + 60
        ),
    ] {
        let token = minted(RS256, &claims_text);
        assert_eq!(
            decode_at(&token, T0),
            Err(Error::MalformedToken {
                reason: "its claims have a member twice (RFC 7519 §4: refused, not last-wins)"
            }),
            "{claims_text}"
        );
    }
    // The same members once each are fine, and values of every JSON type are read as before.
    let fine = format!(
        r#"{{"sub":"client-1","aud":"{AUD}","exp":{},"x":[1,-2,3.5,true,null,"s",{{"a":{{}}}}]}}"#,
        T0 + 60
    );
    let got: serde_json::Value = jwt::decode(
        &minted(RS256, &fine),
        &rsa_public(),
        &validation().at(at(T0)),
    )
    .unwrap();
    assert_eq!(
        got,
        serde_json::from_str::<serde_json::Value>(&fine).unwrap()
    );
}

/// Issue 16, finding 7: a token of any length was decoded and parsed before its signature was
/// checked (a 32 MiB header took 2 s). The limit holds before the surrounding whitespace is
/// trimmed; a token of exactly the limit is read.
#[test]
fn a_token_over_the_size_limit_is_refused_before_it_is_read() {
    assert_eq!(jwt::MAX_TOKEN_BYTES, 8192);
    let token = token();
    let padded = format!("{token}{}", " ".repeat(jwt::MAX_TOKEN_BYTES - token.len()));
    decode_at(&padded, T0).unwrap();
    let over = format!("{padded} ");
    assert_eq!(
        decode_at(&over, T0),
        Err(Error::MalformedToken {
            reason: "it is longer than the verifier accepts (`Validation::max_token_bytes`, 8 KiB by default)"
        })
    );
    let huge_header = format!(
        "{}.e30.sig",
        b64(format!(r#"{{"alg":"RS256","x":"{}"}}"#, "a".repeat(1 << 20)).as_bytes())
    );
    assert!(matches!(
        decode_at(&huge_header, T0),
        Err(Error::MalformedToken { reason }) if reason.starts_with("it is longer")
    ));
    // The limit can be changed.
    let small = validation().max_token_bytes(token.len()).at(at(T0));
    jwt::decode::<Claims>(&token, &rsa_public(), &small).unwrap();
    let smaller = validation().max_token_bytes(token.len() - 1).at(at(T0));
    assert!(matches!(
        jwt::decode::<Claims>(&token, &rsa_public(), &smaller),
        Err(Error::MalformedToken { .. })
    ));
}

/// Issue 16, finding 7, decided: ECDSA signatures are malleable, `(r, n - s)` verifies like
/// `(r, s)`, and ES256 verification accepts both (RFC 7518 §3.4 sets no low-S rule, and
/// signers such as OpenSSL produce high-S half of the time, so refusing them would refuse
/// valid tokens). Whatever is keyed by a token must use its signing input
/// (`header.payload`, `Signed::message()`) or its `jti`, never the token text. This test pins
/// the behaviour so that changing it is a decision.
#[test]
fn es256_accepts_both_s_values_so_key_by_the_signing_input() {
    // The order of P-256 (SEC 2 §2.4.2).
    const N: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63,
        0x25, 0x51,
    ];
    let key = PrivateKey::from_pem_file(key_path("ec-pkcs8.pem")).unwrap();
    let signed = jwt_sign(&claims(), &spec(JwtAlgorithm::Es256), &key, at(T0)).unwrap();
    let (input, signature) = signed.signature().rsplit_once('.').unwrap();
    let mut rs = unb64(signature);
    // s' = n - s, big-endian.
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = i16::from(N[i]) - i16::from(rs[32 + i]) - borrow;
        borrow = i16::from(d < 0);
        rs[32 + i] = d.rem_euclid(256) as u8;
    }
    let other = format!("{input}.{}", b64(&rs));
    assert_ne!(other, signed.signature());
    let validation = Validation::new(JwtAlgorithm::Es256)
        .audience(AUD)
        .at(at(T0));
    let public = key.public_key();
    for token in [signed.signature(), other.as_str()] {
        assert_eq!(
            jwt::decode::<Claims>(token, &public, &validation),
            Ok(claims())
        );
    }
}

/// Each malformed part is named exactly (mutation testing: a JSON error other than a member
/// given twice was reported as one when the check was loosened).
#[test]
fn a_part_that_is_not_a_json_object_is_named() {
    let exp = T0 + 60;
    for (header, payload, reason) in [
        (
            "{\"alg\":\"RS256\"",
            format!(r#"{{"exp":{exp}}}"#),
            "its header is not a JSON object",
        ),
        (
            "[\"RS256\"]",
            format!(r#"{{"exp":{exp}}}"#),
            "its header is not a JSON object",
        ),
        (
            RS256,
            format!(r#"{{"exp":{exp}"#),
            "its payload is not a JSON object",
        ),
        (
            RS256,
            format!("[{exp}]"),
            "its payload is not a JSON object",
        ),
    ] {
        assert_eq!(
            decode_at(&minted(header, &payload), T0),
            Err(Error::MalformedToken { reason }),
            "{header} {payload}"
        );
    }
}

/// A declaration without `lifetime` (its tokens are made elsewhere) does not require `exp` in
/// the derived verify; one with a lifetime does (mutation testing: the field could be dropped).
#[test]
fn derived_verify_requires_exp_only_with_a_lifetime() {
    let token = minted(
        RS256,
        &format!(r#"{{"sub":"client-1","aud":"{AUD}","iat":{T0}}}"#),
    );
    let mut open = spec(JwtAlgorithm::Rs256);
    open.lifetime = None;
    open.max_lifetime = None;
    assert_eq!(
        jwt_verify_at(&claims(), &open, &token, &rsa_public(), at(T0)),
        Ok(())
    );
    assert_eq!(
        jwt_verify_at(
            &claims(),
            &spec(JwtAlgorithm::Rs256),
            &token,
            &rsa_public(),
            at(T0)
        ),
        Err(Error::MissingClaim { claim: "exp" })
    );
}

/// `aud` as an array naming the audience, and `iss` equal or not (mutation testing: the array
/// arm and the issuer comparison were pinned by no test).
#[test]
fn audience_arrays_and_the_issuer_are_compared() {
    let token = |aud: &str, iss: &str| {
        minted(
            RS256,
            &format!(
                r#"{{"sub":"client-1","aud":{aud},"iss":"{iss}","exp":{}}}"#,
                T0 + 60
            ),
        )
    };
    let validation = Validation::new(JwtAlgorithm::Rs256)
        .audience(AUD)
        .issuer("client-1")
        .at(at(T0));
    let decode = |t: &str| jwt::decode::<serde_json::Value>(t, &rsa_public(), &validation);
    decode(&token(
        &format!(r#"["https://other.example","{AUD}"]"#),
        "client-1",
    ))
    .unwrap();
    decode(&token(&format!(r#""{AUD}""#), "client-1")).unwrap();
    assert_eq!(
        decode(&token(r#"["https://other.example"]"#, "client-1")),
        Err(Error::WrongAudience {
            expected: vec![AUD.into()]
        })
    );
    assert_eq!(
        decode(&token(&format!(r#""{AUD}""#), "client-2")),
        Err(Error::WrongIssuer {
            expected: "client-1".into()
        })
    );
}
