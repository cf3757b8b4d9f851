//! `#[signed(algorithm = "..")]`: any declared message signed with a `PrivateKey` and verified
//! with a `PublicKey` through the generated `sign` / `sign_with` / `signature_into` / `verify`,
//! every algorithm of RFC 9421's registry, keys from PEM and JWK, from `env`, `file` or a field.
//!
//! The messages are RFC 9421 Appendix B.2 signature bases, laid out here by templates (RFC 9421
//! as a declaration of its own is tests/rfc9421_declared.rs). Expected values are independent of
//! this crate: the RFC's published signatures (tests/vectors/rfc9421), and for the
//! deterministic algorithms without a published example, `openssl` and Python's `cryptography`
//! with the command beside each.

use signing::{Error, PrivateKey, PublicKey, SignedRequest, Timestamp};

#[path = "support/rfc9421.rs"]
mod rfc9421_vectors;
use rfc9421_vectors::{date, published, published_signature, vector, CREATED};

/// RFC 9421 B.2.6's signature base, laid out by a template, signed with Ed25519 (B.1.4's key
/// from its PEM file), the signature in RFC 9421's `Signature` header form.
#[derive(SignedRequest)]
#[signed(
    algorithm = "ed25519",
    key = file("tests/vectors/rfc9421/test-key-ed25519.pem"),
    encoding = "base64",
    method = "POST",
    path = "/foo",
    template = "\"date\": {date}\n\"@method\": {@method}\n\"@path\": {@path}\n\"@authority\": {authority}\n\"content-type\": {content_type}\n\"content-length\": {content_length}\n\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created={created};keyid=\"test-key-ed25519\"",
    signature = header("Signature", format = "sig-b26=:{signature}:")
)]
struct B26 {
    #[signed(header = "Date", timestamp = "imf-fixdate")]
    date: Timestamp,
    #[signed(header = "Host")]
    authority: &'static str,
    #[signed(header = "Content-Type")]
    content_type: &'static str,
    #[signed(header = "Content-Length")]
    content_length: u32,
    #[signed(timestamp = "unix-seconds")]
    created: Timestamp,
}

fn b26() -> B26 {
    B26 {
        date: date(),
        authority: "example.com",
        content_type: "application/json",
        content_length: 18,
        created: Timestamp::from_unix_seconds(CREATED),
    }
}

#[test]
fn ed25519_reproduces_rfc9421_b26_byte_for_byte() {
    let request = b26();
    assert_eq!(
        request.message().unwrap(),
        published("sig-b26", "signature_base").as_bytes()
    );
    let signed = request.sign().unwrap();
    assert_eq!(signed.signature(), published_signature("sig-b26"));
    let header = signed
        .headers()
        .find(|(name, _)| *name == "Signature")
        .map(|(_, value)| value.to_owned())
        .unwrap();
    assert_eq!(header, published("sig-b26", "Signature"));

    // The same key from its JWK, from the environment, and as a field: the same signature.
    let jwk = PrivateKey::from_jwk(&vector("test-key-ed25519.jwk.json")).unwrap();
    assert_eq!(
        request.sign_with(&jwk).unwrap().signature(),
        signed.signature()
    );
    let mut into = String::from("kept:");
    request.signature_into(&jwk, &mut into).unwrap();
    assert_eq!(into, format!("kept:{}", signed.signature()));

    // verify: the header as received, with the B.1.4 public key from PEM and from JWK.
    let public = PublicKey::from_pem(vector("test-key-ed25519.pub.pem").as_bytes()).unwrap();
    assert_eq!(request.verify(&header, &public), Ok(()));
    let public_jwk = PublicKey::from_jwk(&vector("test-key-ed25519.jwk.json")).unwrap();
    assert_eq!(request.verify(&header, &public_jwk), Ok(()));
}

#[test]
fn verify_refuses_a_changed_request_another_key_and_a_malformed_signature() {
    let header = published("sig-b26", "Signature");
    let public = PublicKey::from_jwk(&vector("test-key-ed25519.jwk.json")).unwrap();
    let mut changed = b26();
    changed.content_length = 19;
    assert_eq!(
        changed.verify(&header, &public),
        Err(Error::SignatureMismatch)
    );
    let other = PublicKey::from_pem(vector("test-key-ecc-p256.pub.pem").as_bytes()).unwrap();
    assert!(matches!(
        b26().verify(&header, &other),
        Err(Error::KeyMismatch { .. })
    ));
    assert!(matches!(
        b26().verify("sig-b26=:not base64!:", &public),
        Err(Error::MalformedSignature { .. })
    ));
    // The parameter's literal text around `{signature}` is required.
    assert!(matches!(
        b26().verify(&header.replace("=:", "="), &public),
        Err(Error::SignatureHeader { .. })
    ));
}

/// A key of the wrong family is refused by name, before anything is signed.
#[test]
fn a_key_of_another_family_is_refused() {
    let p256 = PrivateKey::from_pem(vector("test-key-ecc-p256.pem").as_bytes()).unwrap();
    let err = b26().sign_with(&p256).unwrap_err();
    assert!(matches!(err, Error::KeyMismatch { .. }), "{err:?}");
}

/// B.2.6's base again, with the key in a field and the signature as a plain header.
#[derive(SignedRequest)]
#[signed(algorithm = "rsa-v1_5-sha256", encoding = "base64",
         template = "{base}", escape = "none", signature = header("X-Signature"))]
struct RsaV15<'a> {
    base: &'a str,
    #[signed(key)]
    key: PrivateKey,
}

#[test]
fn rsa_v1_5_sha256_matches_openssl() {
    // B.1.1's RSA key (PKCS#1 PEM), over B.2.6's signature base (`sig-b26.base`):
    //   openssl dgst -sha256 -sign test-key-rsa.pem sig-b26.base | base64 -w0
    const OPENSSL: &str = "d+rCoZ+NHG0ENxtHpFT2x28ImM0ogD5iEoiVh4LrVKbD5TH6+gAUPQHCSrYWo7xa2h56BybGl9KhjZ5liVFdGvIwM7NH3d3rzcVNtoPUUBC1+zsm8BKsPJtFajq/jp8VQMJo+dkSfEXeGZxxRwG0AkiM9/JoBt0B8wVPfY7Ca10fjO3JgyP97oy0HjmN38ngdAh6zUfcLFdZ2Z8NeOjk4vaNtp5QB9THPK39TbqFtFV/VpIiOz3xuIaYSg8TAOy8HZI1R4pLstHjJkTTN7rGt+uouHEfwWMDUxuWD7j0MlDEWoV9Vn7ps/F9GmqATVOVoLP6PmgqfY+ZOeMREgJ+4w==";
    let base = published("sig-b26", "signature_base");
    let request = RsaV15 {
        base: &base,
        key: PrivateKey::from_pem(vector("test-key-rsa.pem").as_bytes()).unwrap(),
    };
    let signed = request.sign().unwrap();
    assert_eq!(signed.signature(), OPENSSL);
    assert_eq!(
        signed.headers().collect::<Vec<_>>(),
        [("X-Signature", OPENSSL)]
    );
    let public = PublicKey::from_jwk(&vector("test-key-rsa.jwk.json")).unwrap();
    assert_eq!(request.verify(OPENSSL, &public), Ok(()));
    // The RSASSA-PSS-restricted key of B.1.2 cannot make PKCS#1 v1.5 signatures.
    let pss = PrivateKey::from_pem(vector("test-key-rsa-pss.pem").as_bytes()).unwrap();
    assert!(matches!(
        request.sign_with(&pss),
        Err(Error::KeyMismatch { .. })
    ));
}

/// Any message: B.2.1's base is `@signature-params` alone.
#[derive(SignedRequest)]
#[signed(
    algorithm = "rsa-pss-sha512",
    key = env("SIGNING_TEST_ASYM_RSA_PSS_JWK"),
    key_format = "jwk",
    encoding = "base64",
    template = "\"@signature-params\": ();created={created};keyid=\"test-key-rsa-pss\";nonce=\"{nonce}\""
)]
struct B21 {
    #[signed(timestamp = "unix-seconds")]
    created: Timestamp,
    nonce: String,
}

#[test]
fn rsa_pss_sha512_verifies_rfc9421_b21_and_its_own() {
    let request = B21 {
        created: Timestamp::from_unix_seconds(CREATED),
        nonce: "b3k2pp5k7z-50gnwp.yemd".into(),
    };
    assert_eq!(
        request.message().unwrap(),
        published("sig-b21", "signature_base").as_bytes()
    );
    let public = PublicKey::from_pem(vector("test-key-rsa-pss.pub.pem").as_bytes()).unwrap();
    assert_eq!(
        request.verify(&published_signature("sig-b21"), &public),
        Ok(())
    );
    // B.1.2's key as a JWK in the environment (`key = env(..)`, `key_format = "jwk"`).
    std::env::set_var(
        "SIGNING_TEST_ASYM_RSA_PSS_JWK",
        vector("test-key-rsa-pss.jwk.json"),
    );
    let signed = request.sign().unwrap();
    // Randomized (a fresh salt each time), so checked by verifying.
    assert_eq!(request.verify(signed.signature(), &public), Ok(()));
    assert_ne!(request.sign().unwrap().signature(), signed.signature());
}

/// B.2.4's response base, ECDSA P-256 (B.1.3's key), `r || s` in base64, in a query parameter.
#[derive(SignedRequest)]
#[signed(
    algorithm = "ecdsa-p256-sha256",
    encoding = "base64",
    template = "\"@status\": {status}\n\"content-type\": {content_type}\n\"content-digest\": {digest}\n\"content-length\": {length}\n\"@signature-params\": (\"@status\" \"content-type\" \"content-digest\" \"content-length\");created={created};keyid=\"test-key-ecc-p256\"",
    signature = query("sig")
)]
struct B24 {
    status: u16,
    content_type: &'static str,
    digest: String,
    length: u32,
    #[signed(timestamp = "unix-seconds")]
    created: Timestamp,
}

fn b24() -> B24 {
    let base = published("sig-b24", "signature_base");
    let digest = base
        .lines()
        .find_map(|l| l.strip_prefix("\"content-digest\": "))
        .unwrap()
        .to_owned();
    B24 {
        status: 200,
        content_type: "application/json",
        digest,
        length: 23,
        created: Timestamp::from_unix_seconds(CREATED),
    }
}

#[test]
fn ecdsa_p256_verifies_rfc9421_b24_and_matches_python_cryptography() {
    let request = b24();
    assert_eq!(
        request.message().unwrap(),
        published("sig-b24", "signature_base").as_bytes()
    );
    let public = PublicKey::from_jwk(&vector("test-key-ecc-p256.jwk.json")).unwrap();
    assert_eq!(
        request.verify(&published_signature("sig-b24"), &public),
        Ok(())
    );
    // RFC 6979 deterministic ECDSA, r || s (python 3.11, cryptography 48):
    //   python3 -c 'from cryptography.hazmat.primitives import serialization, hashes
    //   from cryptography.hazmat.primitives.asymmetric import ec
    //   from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
    //   import base64
    //   k = serialization.load_pem_private_key(open("test-key-ecc-p256.pem","rb").read(), None)
    //   r, s = decode_dss_signature(k.sign(open("sig-b24.base","rb").read(),
    //          ec.ECDSA(hashes.SHA256(), deterministic_signing=True)))
    //   print(base64.b64encode(r.to_bytes(32,"big") + s.to_bytes(32,"big")).decode())'
    const PYTHON: &str =
        "OhTzKj+DBFDYHwYRamAS/pPd6gjdINNL34yfv75DGDrkzlch7bMvtLwzzQ+RVmh8XqsUvh5H67OvIDbqc1rclg==";
    let key = PrivateKey::from_pem(vector("test-key-ecc-p256.pem").as_bytes()).unwrap();
    let signed = request.sign_with(&key).unwrap();
    assert_eq!(signed.signature(), PYTHON);
    assert_eq!(
        signed.query(),
        format!(
            "sig={}",
            PYTHON
                .replace('+', "%2B")
                .replace('/', "%2F")
                .replace('=', "%3D")
        )
    );
    assert_eq!(request.verify(PYTHON, &public), Ok(()));
}

/// ECDSA P-384 (a key made with `openssl ecparam -name secp384r1 -genkey -noout | openssl pkcs8
/// -topk8 -nocrypt`, tests/fixtures/test-key-p384.pem), over B.2.6's base, hex.
#[derive(SignedRequest)]
#[signed(algorithm = "ecdsa-p384-sha384", template = "{base}", escape = "none",
         key = file("tests/fixtures/test-key-p384.pem"))]
struct P384<'a> {
    base: &'a str,
}

#[test]
fn ecdsa_p384_matches_python_cryptography() {
    // As above, with test-key-p384.pem, hashes.SHA384() and 48-byte r and s, over sig-b26.base.
    const PYTHON: &str = "ukWEkQSe28VUuv2PPGn9Qx/bHjO+zwkIHe8jfvFH0CGTv4rbtYzwpeSbtQHANbjgNEOjUP2EGQi+7cfCcKaxu7dE0zmvK9UP4vYWM7tWtAfBdlqiHukZiTCz7eDg34Nh";
    let base = published("sig-b26", "signature_base");
    let request = P384 { base: &base };
    let signed = request.sign().unwrap();
    // The default encoding is hex, as for a MAC.
    let bytes = base64_decode(PYTHON);
    assert_eq!(signed.signature(), hex(&bytes));
    assert_eq!(signed.signature().len(), 192);
    let public = PrivateKey::from_pem_file("tests/fixtures/test-key-p384.pem")
        .unwrap()
        .public_key();
    assert_eq!(request.verify(signed.signature(), &public), Ok(()));
    assert_eq!(
        request.verify(&signed.signature().to_uppercase(), &public),
        Ok(())
    );
}

/// `algorithm = "hmac-sha256"`: RFC 9421's HMAC, keyed by `PrivateKey::hmac`; B.1.5's secret is
/// base64 in its file (`key_encoding = "base64"`).
#[derive(SignedRequest)]
#[signed(
    algorithm = "hmac-sha256",
    key = file("tests/vectors/rfc9421/test-shared-secret.b64"),
    key_encoding = "base64",
    trim_key,
    encoding = "base64",
    template = "\"date\": {date}\n\"@authority\": {authority}\n\"content-type\": {content_type}\n\"@signature-params\": (\"date\" \"@authority\" \"content-type\");created={created};keyid=\"test-shared-secret\""
)]
struct B25 {
    #[signed(timestamp = "imf-fixdate")]
    date: Timestamp,
    authority: &'static str,
    content_type: &'static str,
    #[signed(timestamp = "unix-seconds")]
    created: Timestamp,
}

#[test]
fn hmac_sha256_reproduces_rfc9421_b25_byte_for_byte() {
    let request = B25 {
        date: date(),
        authority: "example.com",
        content_type: "application/json",
        created: Timestamp::from_unix_seconds(CREATED),
    };
    let signed = request.sign().unwrap();
    assert_eq!(signed.signature(), published_signature("sig-b25"));
    let secret = signing::Secret::from_base64(vector("test-shared-secret.b64").trim()).unwrap();
    assert_eq!(
        request.verify(signed.signature(), &PublicKey::hmac(secret)),
        Ok(())
    );
}

/// A key source that does not hold a key of the declared form: a typed error naming the source,
/// never the key.
#[test]
fn a_missing_or_malformed_key_is_a_typed_error() {
    #[derive(SignedRequest)]
    #[signed(algorithm = "ed25519", key = env("SIGNING_TEST_ASYM_UNSET"), template = "{a}")]
    struct Unset {
        a: u8,
    }
    assert!(matches!(
        Unset { a: 1 }.sign(),
        Err(Error::MissingEnv { var }) if var == "SIGNING_TEST_ASYM_UNSET"
    ));

    #[derive(SignedRequest)]
    #[signed(algorithm = "ed25519", key = file("tests/vectors/rfc9421/test-key-ed25519.pem"),
             key_format = "jwk", template = "{a}")]
    struct PemReadAsJwk {
        a: u8,
    }
    let err = PemReadAsJwk { a: 1 }.sign().unwrap_err();
    assert!(matches!(err, Error::KeyFormat { .. }), "{err:?}");
    assert!(err.to_string().contains("test-key-ed25519.pem"), "{err}");
    assert!(!err.to_string().contains("MC4CAQAw"), "{err}");
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `key_format = "jwk"` reads a claim set's key too.
#[test]
fn a_jwt_claim_set_key_from_a_jwk_file() {
    #[derive(SignedRequest, serde::Serialize)]
    #[signed(jwt = "EdDSA", key = file("tests/vectors/rfc9421/test-key-ed25519.jwk.json"),
             key_format = "jwk", lifetime = 60)]
    struct Claims {
        sub: String,
    }
    let claims = Claims { sub: "me".into() };
    let token = claims.sign().unwrap();
    let public = PublicKey::from_jwk(&vector("test-key-ed25519.jwk.json")).unwrap();
    assert_eq!(claims.verify(token.signature(), &public), Ok(()));
}

/// A signature prefix that names fields, under `algorithm`: `verify` takes the request's own
/// prefix off the header as received (as a MAC declaration's does), and refuses another
/// account's.
#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", encoding = "base64", template = "{account}\n{a}",
         signature = header("Authorization", prefix = "SharedKey {account}:"))]
struct PrefixNamesFields<'a> {
    account: &'a str,
    a: &'a str,
}

#[test]
fn a_prefix_that_names_fields_is_taken_off_by_verify() {
    let key = PrivateKey::from_pem(vector("test-key-ed25519.pem").as_bytes()).unwrap();
    let public = key.public_key();
    let request = PrefixNamesFields {
        account: "acct",
        a: "x",
    };
    let signed = request.sign_with(&key).unwrap();
    let header = signed
        .headers()
        .find(|(name, _)| *name == "Authorization")
        .map(|(_, value)| value.to_owned())
        .unwrap();
    assert_eq!(header, format!("SharedKey acct:{}", signed.signature()));
    assert_eq!(request.verify(&header, &public), Ok(()));
    assert_eq!(request.verify(signed.signature(), &public), Ok(()));
    let other = PrefixNamesFields {
        account: "other",
        a: "x",
    };
    assert!(other.verify(&header, &public).is_err());
}
