//! RFC 9530 `Content-Digest` / `Repr-Digest` as a declaration (issue 13, item 4):
//! `#[signed(content_digest = "sha-256")]` on a struct with a body. Without `mac` / `algorithm`
//! it is a declaration of its own (no key: `sign()` writes the field, `verify_request` checks it);
//! beside a signature, `sign` sends the field, `{@content_digest}` puts it in the message, an RFC
//! 9421 `http_signature(..)` covers it as the `content-digest` component, and
//! `#[derive(FromSignedQuery)]` checks the received field against the received body.
//!
//! Expected values: RFC 9530's examples (§3, Appendix B.1, B.2; the two-algorithm field is the
//! two printed members joined), RFC 9421 B.2.3's published signature base and signature, and
//! Python's `hmac`, the command beside it.

use signing::{Error, FromSignedQuery, NoKey, PublicKey, Secret, SignedRequest, Timestamp};

#[path = "support/rfc9421.rs"]
mod rfc9421_vectors;
use rfc9421_vectors::vector;

/// RFC 9530 Appendix B's representation: `{"hello": "world"}` and a newline.
const HELLO: &str = "{\"hello\": \"world\"}\n";
const B1_SHA256: &str = "sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:";
const S3_SHA512: &str = "sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:";

/// A request that carries the digest of its body and nothing else signed.
#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(content_digest = "sha-256", method = "POST", path = "/items")]
struct Upload {
    #[signed(header = "Content-Type")]
    content_type: String,
    #[signed(body)]
    body: String,
}

/// Both fields, `Repr-Digest` with two algorithms.
#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(content_digest = "sha-512", repr_digest = "sha-256, sha-512")]
struct Both {
    #[signed(body)]
    body: Vec<u8>,
}

fn header<'a>(signed: &'a signing::Signed, name: &str) -> Option<&'a str> {
    signed.headers().get(name)
}

#[test]
fn a_digest_declaration_writes_rfc9530_examples() {
    let upload = Upload {
        content_type: "application/json".into(),
        body: HELLO.into(),
    };
    let signed = upload.sign().unwrap();
    assert_eq!(signed.signature(), B1_SHA256);
    assert_eq!(header(&signed, "Content-Digest"), Some(B1_SHA256));
    assert_eq!(header(&signed, "Content-Type"), Some("application/json"));
    assert_eq!(signed.message(), HELLO.as_bytes());
    let request = signed.http_request("https://api.example").unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), "https://api.example/items");
    assert_eq!(request.body(), HELLO.as_bytes());
    // B.2: no content.
    let empty = Upload {
        content_type: "application/json".into(),
        body: String::new(),
    };
    assert_eq!(
        empty.sign_with(&NoKey).unwrap().signature(),
        "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:"
    );
    // §3's sha-512, and both algorithms in one field, in the order declared.
    let both = Both {
        body: HELLO.as_bytes().to_vec(),
    }
    .sign()
    .unwrap();
    assert_eq!(header(&both, "Content-Digest"), Some(S3_SHA512));
    assert_eq!(
        header(&both, "Repr-Digest"),
        Some(format!("{B1_SHA256}, {S3_SHA512}").as_str())
    );
    let mut text = String::new();
    Both {
        body: HELLO.as_bytes().to_vec(),
    }
    .signature_into(&NoKey, &mut text)
    .unwrap();
    assert_eq!(text, S3_SHA512);
}

#[test]
fn the_server_checks_the_received_fields_against_the_body() {
    let upload = Upload {
        content_type: "application/json".into(),
        body: HELLO.into(),
    };
    let request = upload
        .sign()
        .unwrap()
        .http_request("https://api.example")
        .unwrap();
    assert_eq!(Upload::verify_request(&request, &NoKey), Ok(upload));
    // The RFC's own field with an algorithm this declaration does not check: ignored.
    let mut with_other = request.clone();
    with_other.headers_mut().insert(
        "content-digest",
        format!("unixsum=:AAAA:, {B1_SHA256}").parse().unwrap(),
    );
    assert!(Upload::verify_request(&with_other, &NoKey).is_ok());
    // Another body.
    let mut changed = request.clone();
    *changed.body_mut() = b"{\"hello\": \"world\"}".to_vec();
    assert_eq!(
        Upload::verify_request(&changed, &NoKey),
        Err(Error::DigestMismatch {
            algorithm: "sha-256"
        })
    );
    // Only another algorithm than the declared one.
    let mut sha512 = request.clone();
    sha512
        .headers_mut()
        .insert("content-digest", S3_SHA512.parse().unwrap());
    assert!(matches!(
        Upload::verify_request(&sha512, &NoKey),
        Err(Error::SignatureHeader {
            header: "Content-Digest",
            ..
        })
    ));
    // No field.
    let mut bare = request.clone();
    bare.headers_mut().remove("content-digest");
    assert!(matches!(
        Upload::verify_request(&bare, &NoKey),
        Err(Error::MalformedRequest { field: Some(f), .. }) if f == "Content-Digest"
    ));
    // Every declared field is checked: `Repr-Digest` too.
    let both = Both {
        body: HELLO.as_bytes().to_vec(),
    };
    let sent = both
        .sign()
        .unwrap()
        .http_request("https://api.example")
        .unwrap();
    assert_eq!(Both::verify_request(&sent, &NoKey), Ok(both));
    let mut wrong = sent.clone();
    wrong.headers_mut().insert(
        "repr-digest",
        "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:"
            .parse()
            .unwrap(),
    );
    assert_eq!(
        Both::verify_request(&wrong, &NoKey),
        Err(Error::DigestMismatch {
            algorithm: "sha-256"
        })
    );
}

/// Covered by a MAC: `{@content_digest}` in the template is the field as sent.
#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(
    mac = "hmac-sha256",
    content_digest = "sha-256",
    method = "POST",
    path = "/items",
    template = "{@method} {@path}\ncontent-digest: {@content_digest}",
    signature = header("X-Signature")
)]
struct Covered {
    #[signed(body)]
    body: String,
}

#[test]
fn a_mac_covers_the_digest_field() {
    let key = Secret::new("rfc9530-declared");
    let covered = Covered { body: HELLO.into() };
    let signed = covered.sign_with(&key).unwrap();
    assert_eq!(
        signed.message(),
        format!("POST /items\ncontent-digest: {B1_SHA256}").as_bytes()
    );
    // python3 -c "import hmac,hashlib;print(hmac.new(b'rfc9530-declared',
    //   b'POST /items\ncontent-digest: sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:',
    //   hashlib.sha256).hexdigest())"
    assert_eq!(
        signed.signature(),
        "af339a6e28c3208baed5472a9a12cb21451b8699c9ee15dbbbcadf87d153de39"
    );
    assert_eq!(header(&signed, "Content-Digest"), Some(B1_SHA256));
    let request = signed.http_request("https://api.example").unwrap();
    assert_eq!(Covered::verify_request(&request, &key), Ok(covered));
    // A field that is not the body's digest is refused before the signature is checked.
    let mut lying = request.clone();
    lying.headers_mut().insert(
        "content-digest",
        "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:"
            .parse()
            .unwrap(),
    );
    assert_eq!(
        Covered::verify_request(&lying, &key),
        Err(Error::DigestMismatch {
            algorithm: "sha-256"
        })
    );
}

/// RFC 9421 B.2.3 with the `content-digest` component sent by `content_digest = "sha-512"` from
/// the body, not a field holding the text.
#[derive(SignedRequest)]
#[signed(
    algorithm = "rsa-pss-sha512",
    key = file("tests/vectors/rfc9421/test-key-rsa-pss.pem"),
    content_digest = "sha-512",
    method = "POST",
    path = "/foo",
    http_signature(
        label = "sig-b23",
        components(
            "date",
            "@method",
            "@path",
            "@query",
            "@authority",
            "content-type",
            "content-digest",
            "content-length"
        ),
        created = "{created}",
        keyid = "test-key-rsa-pss"
    )
)]
struct B23 {
    #[signed(header = "Host")]
    host: &'static str,
    #[signed(header = "Date", timestamp = "imf-fixdate")]
    date: Timestamp,
    #[signed(header = "Content-Type")]
    content_type: &'static str,
    #[signed(header = "Content-Length")]
    content_length: u32,
    #[signed(query)]
    param: &'static str,
    #[signed(query, rename = "Pet")]
    pet: &'static str,
    created: Timestamp,
    #[signed(body)]
    body: &'static str,
}

#[test]
fn an_rfc9421_signature_covers_the_declared_digest() {
    let vectors: serde_json::Value = serde_json::from_str(&vector("appendix-b2.json")).unwrap();
    let published = |what: &str| vectors["sig-b23"][what].as_str().unwrap().to_owned();
    let request = B23 {
        host: "example.com",
        date: Timestamp::from_unix_seconds(1_618_884_475),
        content_type: "application/json",
        content_length: 18,
        param: "Value",
        pet: "dog",
        created: Timestamp::from_unix_seconds(1_618_884_473),
        body: "{\"hello\": \"world\"}",
    };
    assert_eq!(
        String::from_utf8(request.message().unwrap()).unwrap(),
        published("signature_base")
    );
    let signed = request.sign().unwrap();
    assert_eq!(
        header(&signed, "Content-Digest"),
        Some("sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:")
    );
    let public = PublicKey::from_pem(vector("test-key-rsa-pss.pub.pem").as_bytes()).unwrap();
    assert_eq!(request.verify(&published("Signature"), &public), Ok(()));
    let changed = B23 {
        body: "{\"hello\": \"world!\"}",
        ..request
    };
    assert_eq!(
        changed.verify(&published("Signature"), &public),
        Err(Error::SignatureMismatch)
    );
}
