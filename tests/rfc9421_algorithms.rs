//! RFC 9421's signature algorithms over any message (`signing::asymmetric`), on the RFC's own
//! keys (Appendix B.1, read from their PEM and their JWK forms) and signed examples (B.2): the
//! published signatures verify over the published signature bases, the deterministic ones
//! (B.2.5 `hmac-sha256`, B.2.6 `ed25519`) are reproduced byte for byte, and every algorithm
//! refuses a key of another family, a changed message and a changed signature.
//!
//! The vectors (tests/vectors/rfc9421/) were checked with openssl and Python's `hmac` when they
//! were copied; the commands are in that folder's README.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use signing::asymmetric::SignatureAlgorithm;
use signing::{Error, PrivateKey, PublicKey, Secret};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/rfc9421/");

fn file(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}{name}")).unwrap()
}

fn case(label: &str) -> (Vec<u8>, Vec<u8>) {
    let all: serde_json::Value = serde_json::from_str(&file("appendix-b2.json")).unwrap();
    let case = &all[label];
    let base = case["signature_base"].as_str().unwrap().as_bytes().to_vec();
    let header = case["Signature"].as_str().unwrap();
    let b64 = header
        .strip_prefix(&format!("{label}=:"))
        .and_then(|s| s.strip_suffix(':'))
        .unwrap();
    (base, STANDARD.decode(b64).unwrap())
}

/// The B.1 key `name` as a private key from PEM and from JWK, and its public key from PEM and
/// from JWK.
fn keys(name: &str) -> (Vec<PrivateKey>, Vec<PublicKey>) {
    let jwk = file(&format!("{name}.jwk.json"));
    let private = vec![
        PrivateKey::from_pem(file(&format!("{name}.pem")).as_bytes()).unwrap(),
        PrivateKey::from_jwk(&jwk).unwrap(),
    ];
    let public = vec![
        PublicKey::from_pem(file(&format!("{name}.pub.pem")).as_bytes()).unwrap(),
        PublicKey::from_jwk(&jwk).unwrap(),
        private[0].public_key(),
        private[1].public_key(),
    ];
    (private, public)
}

fn shared_secret() -> Secret {
    Secret::from_base64(file("test-shared-secret.b64").trim()).unwrap()
}

/// The published signature verifies with every form of the public key, and not over another
/// message or with a bit flipped; our own signature verifies with every form too.
fn check(label: &str, key: &str, algorithm: SignatureAlgorithm) {
    let (base, published) = case(label);
    let (private, public) = keys(key);
    for public in &public {
        assert_eq!(
            public.verify(algorithm, &base, &published),
            Ok(()),
            "{label}"
        );
        let mut other = base.clone();
        other[0] ^= 1;
        assert_eq!(
            public.verify(algorithm, &other, &published),
            Err(Error::SignatureMismatch)
        );
        let mut flipped = published.clone();
        flipped[10] ^= 0x40;
        assert_eq!(
            public.verify(algorithm, &base, &flipped),
            Err(Error::SignatureMismatch)
        );
        assert_eq!(
            public.verify(algorithm, &base, &published[1..]),
            Err(Error::SignatureMismatch)
        );
    }
    for private in &private {
        let ours = private.sign(algorithm, &base).unwrap();
        assert_eq!(ours.len(), published.len());
        for public in &public {
            assert_eq!(public.verify(algorithm, &base, &ours), Ok(()));
        }
    }
}

#[test]
fn b_2_1_to_b_2_3_rsa_pss_sha512() {
    for label in ["sig-b21", "sig-b22", "sig-b23"] {
        check(label, "test-key-rsa-pss", SignatureAlgorithm::RsaPssSha512);
    }
    // PSS salts every signature.
    let (base, _) = case("sig-b21");
    let key = PrivateKey::from_jwk(&file("test-key-rsa-pss.jwk.json")).unwrap();
    let one = key.sign(SignatureAlgorithm::RsaPssSha512, &base).unwrap();
    let two = key.sign(SignatureAlgorithm::RsaPssSha512, &base).unwrap();
    assert_ne!(one, two);
}

#[test]
fn b_2_4_ecdsa_p256_sha256() {
    check(
        "sig-b24",
        "test-key-ecc-p256",
        SignatureAlgorithm::EcdsaP256Sha256,
    );
}

#[test]
fn b_2_5_hmac_sha256_byte_for_byte() {
    let (base, published) = case("sig-b25");
    let key = PrivateKey::hmac(shared_secret());
    assert_eq!(
        key.sign(SignatureAlgorithm::HmacSha256, &base).unwrap(),
        published
    );
    let from_jwk = PrivateKey::from_jwk(&format!(
        r#"{{"kty":"oct","k":"{}"}}"#,
        file("test-shared-secret.b64")
            .trim()
            .replace('+', "-")
            .replace('/', "_")
            .trim_end_matches('=')
    ))
    .unwrap();
    assert_eq!(
        from_jwk
            .sign(SignatureAlgorithm::HmacSha256, &base)
            .unwrap(),
        published
    );
    let public = PublicKey::hmac(shared_secret());
    assert_eq!(
        public.verify(SignatureAlgorithm::HmacSha256, &base, &published),
        Ok(())
    );
    assert_eq!(
        public.verify(SignatureAlgorithm::HmacSha256, &base[1..], &published),
        Err(Error::SignatureMismatch)
    );
}

#[test]
fn b_2_6_ed25519_byte_for_byte() {
    check("sig-b26", "test-key-ed25519", SignatureAlgorithm::Ed25519);
    let (base, published) = case("sig-b26");
    let (private, _) = keys("test-key-ed25519");
    for key in &private {
        assert_eq!(
            key.sign(SignatureAlgorithm::Ed25519, &base).unwrap(),
            published
        );
    }
}

#[test]
fn rsa_v1_5_sha256_with_the_b_1_1_key() {
    // RFC 9421 publishes no rsa-v1_5-sha256 example; PKCS#1 v1.5 is deterministic, so the
    // signature below is openssl's, made over sig-b26's signature base with test-key-rsa:
    //   openssl dgst -sha256 -sign test-key-rsa.pem sig-b26.base | base64 -w0
    let expected = "d+rCoZ+NHG0ENxtHpFT2x28ImM0ogD5iEoiVh4LrVKbD5TH6+gAUPQHCSrYWo7xa2h56BybGl9KhjZ5liVFdGvIwM7NH3d3rzcVNtoPUUBC1+zsm8BKsPJtFajq/jp8VQMJo+dkSfEXeGZxxRwG0AkiM9/JoBt0B8wVPfY7Ca10fjO3JgyP97oy0HjmN38ngdAh6zUfcLFdZ2Z8NeOjk4vaNtp5QB9THPK39TbqFtFV/VpIiOz3xuIaYSg8TAOy8HZI1R4pLstHjJkTTN7rGt+uouHEfwWMDUxuWD7j0MlDEWoV9Vn7ps/F9GmqATVOVoLP6PmgqfY+ZOeMREgJ+4w==";
    let expected = STANDARD.decode(expected).unwrap();
    let (base, _) = case("sig-b26");
    let (private, public) = keys("test-key-rsa");
    for key in &private {
        assert_eq!(
            key.sign(SignatureAlgorithm::RsaV15Sha256, &base).unwrap(),
            expected
        );
    }
    for key in &public {
        assert_eq!(
            key.verify(SignatureAlgorithm::RsaV15Sha256, &base, &expected),
            Ok(())
        );
        assert_eq!(
            key.verify(SignatureAlgorithm::RsaV15Sha256, b"other", &expected),
            Err(Error::SignatureMismatch)
        );
    }
}

#[test]
fn ecdsa_p384_sha384() {
    // A P-384 key and its JWK made by openssl (tests/vectors/rfc9421 has none: RFC 9421 gives no
    // P-384 example). The signature is checked by openssl after converting r||s to DER, see
    // tests/interop_python.rs; here: our own signature, fixed-size, and a refusal of DER.
    let key = PrivateKey::from_pem(P384_PEM.as_bytes()).unwrap();
    let message = b"\"@method\": GET\n\"@signature-params\": (\"@method\")";
    let signature = key
        .sign(SignatureAlgorithm::EcdsaP384Sha384, message)
        .unwrap();
    assert_eq!(signature.len(), 96);
    // RFC 6979 nonces: the same message gives the same signature.
    assert_eq!(
        key.sign(SignatureAlgorithm::EcdsaP384Sha384, message)
            .unwrap(),
        signature
    );
    let public = key.public_key();
    assert_eq!(
        public.verify(SignatureAlgorithm::EcdsaP384Sha384, message, &signature),
        Ok(())
    );
    assert_eq!(
        public.verify(SignatureAlgorithm::EcdsaP384Sha384, b"x", &signature),
        Err(Error::SignatureMismatch)
    );
    assert_eq!(key.bits(), 384);
    // A P-384 key is not an ES256 key.
    assert!(matches!(
        key.sign(SignatureAlgorithm::EcdsaP256Sha256, message),
        Err(Error::KeyMismatch {
            key: "EC P-384",
            ..
        })
    ));
}

/// `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384` (a test key, used nowhere else).
const P384_PEM: &str = include_str!("../signing-runtime/tests/keys/ec-p384.pem");

#[test]
fn a_key_of_another_family_is_refused_by_name() {
    let (ed, _) = keys("test-key-ed25519");
    let err = ed[0]
        .sign(SignatureAlgorithm::RsaPssSha512, b"m")
        .unwrap_err();
    assert_eq!(
        err,
        Error::KeyMismatch {
            origin: "inline bytes".into(),
            key: "Ed25519",
            algorithm: "rsa-pss-sha512",
            needed: "an RSA key",
        }
    );
    assert!(
        err.to_string().contains("rsa-pss-sha512 needs an RSA key"),
        "{err}"
    );
    let hmac = PrivateKey::hmac(shared_secret());
    assert!(matches!(
        hmac.sign(SignatureAlgorithm::Ed25519, b"m"),
        Err(Error::KeyMismatch {
            key: "HMAC secret",
            ..
        })
    ));
    let (_, ec) = keys("test-key-ecc-p256");
    assert!(matches!(
        ec[0].verify(SignatureAlgorithm::HmacSha256, b"m", &[0; 32]),
        Err(Error::KeyMismatch {
            key: "EC P-256",
            ..
        })
    ));
    // The RSASSA-PSS-restricted key of B.1.2 signs only PSS.
    let pss = PrivateKey::from_pem(file("test-key-rsa-pss.pem").as_bytes()).unwrap();
    let err = pss
        .sign(SignatureAlgorithm::RsaV15Sha256, b"m")
        .unwrap_err();
    assert!(
        err.to_string().contains("not restricted to RSASSA-PSS"),
        "{err}"
    );
    // A DER ECDSA signature is not the r||s RFC 9421 wants.
    let (base, published) = case("sig-b24");
    let mut der = vec![0x30, 0x44, 0x02, 0x20];
    der.extend_from_slice(&published[..32]);
    der.extend_from_slice(&[0x02, 0x20]);
    der.extend_from_slice(&published[32..]);
    assert_eq!(
        ec[0].verify(SignatureAlgorithm::EcdsaP256Sha256, &base, &der),
        Err(Error::SignatureMismatch)
    );
}

#[test]
fn jwk_errors_name_the_member_never_its_value() {
    let err = PrivateKey::from_jwk(r#"{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}"#).unwrap_err();
    assert!(err.to_string().contains("without member `d`"), "{err}");
    let err = PrivateKey::from_jwk(r#"{"kty":"EC","crv":"P-521","x":"AA","y":"AA","d":"AA"}"#)
        .unwrap_err();
    assert!(err.to_string().contains("curve \"P-521\""), "{err}");
    let secret_like = "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU";
    let err = PrivateKey::from_jwk(&format!(r#"{{"kty":"{secret_like}","d":"{secret_like}"}}"#))
        .unwrap_err();
    assert!(!err.to_string().contains(secret_like), "{err}");
    assert!(!format!("{err:?}").contains(secret_like), "{err:?}");
    let err = PrivateKey::from_jwk(&format!(r#"{{"kty":"OKP","crv":"Ed25519","d":"{secret_like}","x":"JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bX"}}"#)).unwrap_err();
    assert!(!err.to_string().contains(secret_like), "{err}");
    let err = PrivateKey::from_jwk("not json").unwrap_err();
    assert!(matches!(err, Error::KeyFormat { .. }), "{err}");
    let err = PublicKey::from_jwk(r#"{"kty":"RSA","n":"AQAB"}"#).unwrap_err();
    assert!(err.to_string().contains("without member `e`"), "{err}");
    // The public part must be the private key's.
    let mut jwk: serde_json::Value =
        serde_json::from_str(&file("test-key-ecc-p256.jwk.json")).unwrap();
    jwk["x"] = serde_json::from_str(r#""JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs""#).unwrap();
    let err = PrivateKey::from_jwk(&jwk.to_string()).unwrap_err();
    assert!(
        err.to_string().contains("not the public key of its `d`"),
        "{err}"
    );
}

#[test]
fn keys_from_jwk_never_show_their_private_members() {
    for name in [
        "test-key-rsa",
        "test-key-rsa-pss",
        "test-key-ecc-p256",
        "test-key-ed25519",
    ] {
        let jwk: serde_json::Value =
            serde_json::from_str(&file(&format!("{name}.jwk.json"))).unwrap();
        let key = PrivateKey::from_jwk(&jwk.to_string()).unwrap();
        let shown = format!("{key:?} {:?}", key.public_key());
        for member in ["d", "p", "q", "dp", "dq", "qi"] {
            if let Some(secret) = jwk[member].as_str() {
                assert!(!shown.contains(&secret[..16]), "{name}.{member} in {shown}");
            }
        }
        // A signature of another algorithm fails without quoting anything of the key.
        let err = key
            .sign(SignatureAlgorithm::HmacSha256, b"m")
            .unwrap_err()
            .to_string();
        assert!(!err.contains(&jwk["d"].as_str().unwrap()[..16]), "{err}");
    }
}
