//! RFC 9530 `Content-Digest` / `Repr-Digest` (`signing::content_digest`): the RFC's examples
//! reproduced, RFC 9421's `test-request` digest, a received field checked, and a digest covered
//! by an RFC 9421 signature so the body is bound to the request.
//!
//! Expected values are the RFC's (github httpwg/http-extensions,
//! archive/draft-ietf-httpbis-digest-headers.md, commit b1b1c72f, = RFC 9530); each was also
//! recomputed with Python:
//!   python3 -c 'import hashlib,base64; print(base64.b64encode(hashlib.sha256(b"{\"hello\": \"world\"}\n").digest()))'

use signing::asymmetric::SignatureAlgorithm;
use signing::content_digest::{self, HashAlgorithm};
use signing::httpsig::{Component, HttpVerifier, Message, SignatureParams};
use signing::{Error, PrivateKey, Timestamp};

const HELLO: &[u8] = b"{\"hello\": \"world\"}\n";

#[test]
fn rfc9530_examples() {
    // §3: sha-512 of the representation in appendix B.
    assert_eq!(
        content_digest::header_value(HELLO, &[HashAlgorithm::Sha512]),
        "sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:"
    );
    // B.1: full representation data.
    assert_eq!(
        content_digest::header_value(HELLO, &[HashAlgorithm::Sha256]),
        "sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:"
    );
    // B.2: no content (HEAD).
    assert_eq!(
        content_digest::header_value(b"", &[HashAlgorithm::Sha256]),
        "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:"
    );
    // B.3: partial content, bytes 10-18.
    assert_eq!(
        content_digest::header_value(&HELLO[10..], &[HashAlgorithm::Sha256]),
        "sha-256=:jjcgBDWNAtbYUXI37CVG3gRuGOAjaaDRGpIUFsdyepQ=:"
    );
    // RFC 9421 B.2's test-request: sha-512 of `{"hello": "world"}`.
    assert_eq!(
        content_digest::header_value(b"{\"hello\": \"world\"}", &[HashAlgorithm::Sha512]),
        "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"
    );
    // Two algorithms, in the order given.
    assert_eq!(
        content_digest::header_value(HELLO, &[HashAlgorithm::Sha256, HashAlgorithm::Sha512]),
        "sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:, \
         sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:"
    );
}

#[test]
fn received_fields_are_checked() {
    let both = [HashAlgorithm::Sha256, HashAlgorithm::Sha512];
    // The RFC's own field, with an algorithm this crate does not check (ignored).
    let field = "unixsum=:AAAA:, sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:";
    assert_eq!(content_digest::verify(field, HELLO, &both), Ok(()));
    assert_eq!(
        content_digest::verify(field, b"{\"hello\": \"world\"}", &both),
        Err(Error::DigestMismatch {
            algorithm: "sha-256"
        })
    );
    // Every accepted member must match, not just one.
    let mixed = "sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:, sha-512=:AAAA:";
    assert_eq!(
        content_digest::verify(mixed, HELLO, &both),
        Err(Error::DigestMismatch {
            algorithm: "sha-512"
        })
    );
    // Nothing acceptable, or not a dictionary of byte sequences.
    for bad in [
        "md5=:AAAA:",
        "",
        "sha-256=RK",
        "sha-256=:RK/0",
        "SHA-256=:AAAA:",
    ] {
        assert!(
            matches!(
                content_digest::verify(bad, HELLO, &both),
                Err(Error::SignatureHeader {
                    header: "Content-Digest",
                    ..
                })
            ),
            "{bad}"
        );
    }
}

#[test]
fn a_signature_covering_content_digest_binds_the_body() {
    // RFC 9421 B.1.4's Ed25519 key.
    let key = PrivateKey::from_pem(
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/vectors/rfc9421/test-key-ed25519.pem"
        ))
        .unwrap()
        .as_slice(),
    )
    .unwrap();
    let body = HELLO;
    let mut request = http::Request::post("https://example.com/items")
        .header(
            "content-digest",
            content_digest::header_value(body, &[HashAlgorithm::Sha256]),
        )
        .body(body.to_vec())
        .unwrap();
    let at = Timestamp::from_unix_seconds(1_700_000_000);
    SignatureParams::new([
        Component::method(),
        Component::path(),
        Component::field("content-digest"),
    ])
    .created(at)
    .keyid("k")
    .sign(
        &Message::request(&request),
        "sig1",
        SignatureAlgorithm::Ed25519,
        &key,
    )
    .unwrap()
    .add_to(request.headers_mut())
    .unwrap();
    let keys = |_: &str| Some((SignatureAlgorithm::Ed25519, key.public_key()));
    let verify = |request: &http::Request<Vec<u8>>| -> Result<(), Error> {
        HttpVerifier::new(&keys)
            .require([Component::field("content-digest")])
            .at(at)
            .verify(&Message::request(request))?;
        let field = request.headers()["content-digest"].to_str().unwrap();
        content_digest::verify(field, request.body(), &[HashAlgorithm::Sha256])
    };
    assert_eq!(verify(&request), Ok(()));
    // Another body under the same headers: the signature still holds, the digest does not.
    let mut swapped = request.clone();
    *swapped.body_mut() = b"{\"hello\": \"mallory\"}\n".to_vec();
    assert_eq!(
        verify(&swapped),
        Err(Error::DigestMismatch {
            algorithm: "sha-256"
        })
    );
    // A digest rewritten to match the new body: the signature no longer holds.
    let forged = content_digest::header_value(swapped.body(), &[HashAlgorithm::Sha256]);
    swapped
        .headers_mut()
        .insert("content-digest", forged.parse().unwrap());
    assert_eq!(verify(&swapped), Err(Error::SignatureMismatch));
}

/// RFC 9530 Appendix B's other examples: the Brotli-encoded response (B.4, B.6: `Repr-Digest`
/// covers the encoded bytes, one algorithm and two), and the POST, PATCH and error examples
/// (B.7-B.10). Appendix D's sample values: `{"hello": "world"}` without the LF.
///
/// The RFC prints the encoded content as `8B 08 80 7B … 7D 0A 03`, which neither decodes as
/// Brotli nor hashes to the printed digests; `0B 09 80 7B … 7D 0A 03` does both, and is what
/// Brotli makes of the JSON (the first two bytes are misprinted):
///   python3 -m venv /tmp/brv && /tmp/brv/bin/pip install brotli
///   /tmp/brv/bin/python -c 'import brotli; print(brotli.compress(b"{\"hello\": \"world\"}\n").hex())'
///   -> 0b09807b2268656c6c6f223a2022776f726c64227d0a03
///   (brotli.decompress of the printed bytes: "decoder failed")
#[test]
fn rfc9530_encoded_content_and_repr_digest_examples() {
    let brotli: Vec<u8> = hex::decode("0b09807b2268656c6c6f223a2022776f726c64227d0a03").unwrap();
    // B.4: Content-Encoding: br, Repr-Digest of the encoded representation.
    assert_eq!(
        content_digest::header_value(&brotli, &[HashAlgorithm::Sha256]),
        "sha-256=:d435Qo+nKZ+gLcUHn7GQtQ72hiBVAgqoLsZnZPiTGPk=:"
    );
    // B.6: two algorithms, as the RFC prints the field (RFC 8792 wrapping undone: no space).
    let both = "sha-256=:d435Qo+nKZ+gLcUHn7GQtQ72hiBVAgqoLsZnZPiTGPk=:,sha-512=:db7fdBbgZMgX1Wb2MjA8zZj+rSNgfmDCEEXM8qLWfpfoNY0sCpHAzZbj09X1/7HAb7Od5Qfto4QpuBsFbUO3dQ==:";
    assert_eq!(
        content_digest::verify(
            both,
            &brotli,
            &[HashAlgorithm::Sha256, HashAlgorithm::Sha512]
        ),
        Ok(())
    );
    assert_eq!(
        content_digest::header_value(&brotli, &[HashAlgorithm::Sha256, HashAlgorithm::Sha512]),
        both.replace(":,", ":, ")
    );
    // The decoded JSON is another representation: its digest does not verify the encoded one.
    assert!(content_digest::verify(both, HELLO, &[HashAlgorithm::Sha256]).is_err());
    for (content, field) in [
        // B.7-B.9: the request `{"title": "New Title"}` and an LF.
        (
            &b"{\"title\": \"New Title\"}\n"[..],
            "sha-256=:mEkdbO7Srd9LIOegftO0aBX+VPTVz7/CSHes2Z27gc4=:",
        ),
        // B.7, B.9: the resource.
        (
            b"{\n  \"id\": \"123\",\n  \"title\": \"New Title\"\n}\n",
            "sha-256=:uVSlinTTdQUwm2On4k8TJUikGN1bf/Ds8WPX4oe0h9I=:",
        ),
        // B.8: the request's status.
        (
            b"{\n  \"status\": \"created\",\n  \"id\": \"123\",\n  \"ts\": 1569327729,\n  \"instance\": \"/books/123\"\n}\n",
            "sha-256=:yXIGDTN5VrfoyisKlXgRKUHHMs35SNtyC3szSz1dbO8=:",
        ),
        // B.10: the error.
        (
            b"{\n  \"title\": \"Not Found\",\n  \"detail\": \"Cannot PATCH a non-existent resource\",\n  \"status\": 404\n}\n",
            "sha-256=:EXB0S2VF2H7ijkAVJkH1Sm0pBho0iDZcvVUHHXTTZSA=:",
        ),
        // Appendix D: sha-256 of `{"hello": "world"}`.
        (
            b"{\"hello\": \"world\"}",
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:",
        ),
    ] {
        assert_eq!(
            content_digest::header_value(content, &[HashAlgorithm::Sha256]),
            field
        );
    }
}
