//! draft-cavage-http-signatures-12 as Mastodon and the ActivityPub fediverse use it
//! (`signing::httpsig::cavage`), declared here and not in the library: a POST to an inbox with
//! `Date` (IMF-fixdate), `Digest: SHA-256=…`, and `Signature: keyId="…",algorithm="rsa-sha256",
//! headers="(request-target) host date digest",signature="…"`, both sides. The same requests
//! are checked against Python's `httpsig` in tests/interop_python.rs.

use signing::asymmetric::SignatureAlgorithm;
use signing::httpsig::cavage::{self, CavageSigner, CavageVerifier};
use signing::httpsig::Message;
use signing::{Error, PrivateKey, PublicKey, Timestamp};

const KEY_ID: &str = "https://sender.example/users/bob#main-key";

/// RFC 9421 B.1.1's RSA key (tests/vectors/rfc9421).
fn key() -> PrivateKey {
    let pem = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/rfc9421/test-key-rsa.pem"
    ))
    .unwrap();
    PrivateKey::from_pem(&pem).unwrap()
}

fn at() -> Timestamp {
    Timestamp::from_unix_seconds(1_618_884_475)
}

/// The POST a server sends to another's inbox, signed.
fn signed_post(body: &[u8]) -> http::Request<Vec<u8>> {
    let mut request = http::Request::post("/users/alice/inbox")
        .header("host", "mastodon.example")
        .header("date", cavage::date_header(at()))
        .header("digest", cavage::digest_header(body))
        .header("content-type", "application/activity+json")
        .body(body.to_vec())
        .unwrap();
    let signature = CavageSigner::new(KEY_ID, SignatureAlgorithm::RsaV15Sha256)
        .sign(&Message::request(&request), &key())
        .unwrap();
    request
        .headers_mut()
        .insert("signature", signature.parse().unwrap());
    request
}

fn keys(id: &str) -> Option<(SignatureAlgorithm, PublicKey)> {
    (id == KEY_ID).then(|| (SignatureAlgorithm::RsaV15Sha256, key().public_key()))
}

#[test]
fn a_mastodon_post_is_signed_as_the_draft_lays_it_out() {
    let body = br#"{"type":"Follow","actor":"https://sender.example/users/bob"}"#;
    let request = signed_post(body);
    let headers = ["(request-target)", "host", "date", "digest"].map(str::to_owned);
    let text = cavage::signing_string(&Message::request(&request), &headers, None, None).unwrap();
    // The digest line is Python's, not this crate's:
    // python3 -c 'import hashlib,base64; print(base64.b64encode(hashlib.sha256(b"{\"type\":\"Follow\",\"actor\":\"https://sender.example/users/bob\"}").digest()).decode())'
    assert_eq!(
        text,
        "(request-target): post /users/alice/inbox\nhost: mastodon.example\n\
         date: Tue, 20 Apr 2021 02:07:55 GMT\n\
         digest: SHA-256=LHbtPzjBu2SxkbVXmbNeyFCU8VRiIQrsAhsNRtWdyhQ="
    );
    let signature = request.headers()["signature"].to_str().unwrap();
    assert!(
        signature.starts_with(&format!(
            "keyId=\"{KEY_ID}\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\",signature=\""
        )),
        "{signature}"
    );
    // python3 -c 'import hashlib,base64; print(base64.b64encode(hashlib.sha256(b"{\"hello\": \"world\"}").digest()))'
    assert_eq!(
        cavage::digest_header(b"{\"hello\": \"world\"}"),
        "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="
    );
}

#[test]
fn the_inbox_verifies_it_and_refuses_what_it_must() {
    let body = br#"{"type":"Create"}"#.to_vec();
    let request = signed_post(&body);
    let verifier = || {
        CavageVerifier::new(&keys)
            .require(&["(request-target)", "host", "date", "digest"])
            .at(at())
    };
    let check = |request: &http::Request<Vec<u8>>| -> Result<(), Error> {
        verifier().verify(&Message::request(request))?;
        cavage::verify_digest(
            request.headers()["digest"].to_str().unwrap(),
            request.body(),
        )
    };
    assert_eq!(check(&request), Ok(()));
    let verified = verifier().verify(&Message::request(&request)).unwrap();
    assert_eq!(verified.key_id, KEY_ID);
    // Another body: the digest no longer matches.
    let mut other = request.clone();
    *other.body_mut() = b"{}".to_vec();
    assert_eq!(
        check(&other),
        Err(Error::DigestMismatch {
            algorithm: "SHA-256"
        })
    );
    // Another inbox: the request target is signed.
    let mut moved = request.clone();
    *moved.uri_mut() = "/users/carol/inbox".parse().unwrap();
    assert_eq!(check(&moved), Err(Error::SignatureMismatch));
    // Too old a Date (Mastodon-like windows are a setting).
    assert!(matches!(
        CavageVerifier::new(&keys)
            .at(Timestamp::from_unix_seconds(1_618_884_475 + 301))
            .verify(&Message::request(&request)),
        Err(Error::StaleTimestamp { .. })
    ));
    assert!(CavageVerifier::new(&keys)
        .max_skew(3600)
        .at(Timestamp::from_unix_seconds(1_618_884_475 + 301))
        .verify(&Message::request(&request))
        .is_ok());
    // `digest` not covered: refused when required.
    let mut bare = request.clone();
    let sig = CavageSigner::new(KEY_ID, SignatureAlgorithm::RsaV15Sha256)
        .headers(&["(request-target)", "host", "date"])
        .sign(&Message::request(&bare), &key())
        .unwrap();
    bare.headers_mut().insert("signature", sig.parse().unwrap());
    assert!(matches!(
        verifier().verify(&Message::request(&bare)),
        Err(Error::MissingComponent {
            reason: "not covered by the signature",
            ..
        })
    ));
    // A header naming another algorithm than the key's; an unknown keyId.
    let mut hmac = request.clone();
    let value = request.headers()["signature"]
        .to_str()
        .unwrap()
        .replace("rsa-sha256", "hmac-sha256");
    hmac.headers_mut()
        .insert("signature", value.parse().unwrap());
    assert!(matches!(
        verifier().verify(&Message::request(&hmac)),
        Err(Error::SignatureHeader { .. })
    ));
    let none = |_: &str| None;
    assert_eq!(
        CavageVerifier::new(&none)
            .at(at())
            .verify(&Message::request(&request)),
        Err(Error::UnknownKey)
    );
    // Malformed headers.
    for bad in [
        "",
        "keyId=\"x",
        "keyId=\"x\",keyId=\"y\",signature=\"AA==\"",
        "signature=\"AA==\"",
    ] {
        let mut r = request.clone();
        r.headers_mut().insert("signature", bad.parse().unwrap());
        assert!(verifier().verify(&Message::request(&r)).is_err(), "{bad}");
    }
}

#[test]
fn hs2019_with_an_ed25519_key() {
    let pem = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/rfc9421/test-key-ed25519.pem"
    ))
    .unwrap();
    let ed = PrivateKey::from_pem(&pem).unwrap();
    let mut request = http::Request::post("/inbox")
        .header("host", "h.example")
        .header("date", cavage::date_header(at()))
        .body(())
        .unwrap();
    let sig = CavageSigner::new("ed", SignatureAlgorithm::Ed25519)
        .headers(&["(request-target)", "host", "date"])
        .sign(&Message::request(&request), &ed)
        .unwrap();
    assert!(sig.contains("algorithm=\"hs2019\""), "{sig}");
    // Ed25519 is deterministic: the signature is Python cryptography's (target/pyenv):
    // python -c 'from cryptography.hazmat.primitives import serialization; import base64
    // k = serialization.load_pem_private_key(open("tests/vectors/rfc9421/test-key-ed25519.pem","rb").read(), None)
    // print(base64.b64encode(k.sign(b"(request-target): post /inbox\nhost: h.example\ndate: Tue, 20 Apr 2021 02:07:55 GMT")).decode())'
    assert!(
        sig.ends_with(
            "signature=\"8J1F2bv3vOkDiSEjNjMRbm5y2h4jn5VAlkHXtjpWNKpGmQ4wqD/6oQ6xMY3/wrSwqlZC1EjPWFa39Yvh/qjsCA==\""
        ),
        "{sig}"
    );
    request
        .headers_mut()
        .insert("signature", sig.parse().unwrap());
    let keys = |_: &str| Some((SignatureAlgorithm::Ed25519, ed.public_key()));
    assert!(CavageVerifier::new(&keys)
        .at(at())
        .verify(&Message::request(&request))
        .is_ok());
}
