//! RFC 9421 as a declaration: `#[signed(algorithm = "..", http_signature(..))]`. Appendix
//! B.2.1-B.2.6 reproduced from declarations of the B.2 `test-request` and `test-response`, with
//! the B.1 keys: the signature bases and `Signature-Input` byte for byte, B.2.5 (HMAC) and B.2.6
//! (Ed25519) `Signature` byte for byte, the randomized RSA-PSS ones verified from the RFC's
//! published signatures, and B.2.4's ECDSA signature equal to Python `cryptography`'s
//! deterministic (RFC 6979) signature of the same base. What a declaration signs is verified by
//! the runtime's `HttpVerifier`, and what the runtime signs by the declaration's `verify`.
//!
//! Vectors: tests/vectors/rfc9421 (copied from the RFC; see its README).

use signing::asymmetric::SignatureAlgorithm;
use signing::httpsig::{Component, HttpVerifier, Message, SignatureParams};
use signing::{Error, PrivateKey, PublicKey, Secret, SignedRequest, Timestamp};

#[path = "support/rfc9421.rs"]
mod rfc9421_vectors;
use rfc9421_vectors::{created, date, published, vector, CREATED};

const DIGEST: &str = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";

fn header(signed: &signing::Signed, name: &str) -> String {
    signed
        .headers()
        .get(name)
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no {name} header"))
}

/// Checks a declaration's base and `Signature-Input` against the RFC's, byte for byte.
fn same_base_and_input(signed: &signing::Signed, label: &str) {
    assert_eq!(
        String::from_utf8(signed.message().to_vec()).unwrap(),
        published(label, "signature_base")
    );
    assert_eq!(
        header(signed, "Signature-Input"),
        published(label, "Signature-Input")
    );
}

fn public_pem(name: &str) -> PublicKey {
    PublicKey::from_pem(vector(name).as_bytes()).unwrap()
}

// B.2.1: no components, `created`, `keyid` and `nonce`.
#[derive(SignedRequest)]
#[signed(
    algorithm = "rsa-pss-sha512",
    http_signature(
        label = "sig-b21",
        components(),
        created = "{created}",
        keyid = "test-key-rsa-pss",
        nonce = "{nonce}"
    )
)]
struct B21 {
    created: Timestamp,
    nonce: String,
}

#[test]
fn b21_minimal() {
    let request = B21 {
        created: created(),
        nonce: "b3k2pp5k7z-50gnwp.yemd".into(),
    };
    let key = PrivateKey::from_pem(vector("test-key-rsa-pss.pem").as_bytes()).unwrap();
    let signed = request.sign_with(&key).unwrap();
    same_base_and_input(&signed, "sig-b21");
    let public = public_pem("test-key-rsa-pss.pub.pem");
    // The RFC's own signature, and ours (randomized).
    assert_eq!(
        request.verify(&published("sig-b21", "Signature"), &public),
        Ok(())
    );
    assert_eq!(
        request.verify(&header(&signed, "Signature"), &public),
        Ok(())
    );
    let other_nonce = B21 {
        created: created(),
        nonce: "another".into(),
    };
    assert_eq!(
        other_nonce.verify(&published("sig-b21", "Signature"), &public),
        Err(Error::SignatureMismatch)
    );
}

// B.2.2: selective components, `@query-param`, `tag`.
#[derive(SignedRequest)]
#[signed(
    algorithm = "rsa-pss-sha512",
    method = "POST",
    path = "/foo",
    http_signature(
        label = "sig-b22",
        components("@authority", "content-digest", "@query-param;name=Pet"),
        created = "{created}",
        keyid = "test-key-rsa-pss",
        tag = "header-example"
    )
)]
struct B22 {
    #[signed(header = "Host")]
    host: &'static str,
    #[signed(header = "Content-Digest")]
    content_digest: &'static str,
    #[signed(query)]
    param: &'static str,
    #[signed(query, rename = "Pet")]
    pet: &'static str,
    created: Timestamp,
}

#[test]
fn b22_selective() {
    let request = B22 {
        host: "example.com",
        content_digest: DIGEST,
        param: "Value",
        pet: "dog",
        created: created(),
    };
    let key = PrivateKey::from_jwk(&vector("test-key-rsa-pss.jwk.json")).unwrap();
    let signed = request.sign_with(&key).unwrap();
    same_base_and_input(&signed, "sig-b22");
    assert_eq!(signed.query(), "param=Value&Pet=dog");
    let public = PublicKey::from_jwk(&vector("test-key-rsa-pss.jwk.json")).unwrap();
    assert_eq!(
        request.verify(&published("sig-b22", "Signature"), &public),
        Ok(())
    );
}

// B.2.3: full coverage.
#[derive(SignedRequest)]
#[signed(
    algorithm = "rsa-pss-sha512",
    key = file("tests/vectors/rfc9421/test-key-rsa-pss.pem"),
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
    #[signed(header = "Content-Digest")]
    content_digest: &'static str,
    #[signed(header = "Content-Length")]
    content_length: u32,
    #[signed(query)]
    param: &'static str,
    #[signed(query, rename = "Pet")]
    pet: &'static str,
    created: Timestamp,
}

fn b23() -> B23 {
    B23 {
        host: "example.com",
        date: date(),
        content_type: "application/json",
        content_digest: DIGEST,
        content_length: 18,
        param: "Value",
        pet: "dog",
        created: created(),
    }
}

#[test]
fn b23_full_coverage() {
    let request = b23();
    let signed = request.sign().unwrap();
    same_base_and_input(&signed, "sig-b23");
    let public = public_pem("test-key-rsa-pss.pub.pem");
    assert_eq!(
        request.verify(&published("sig-b23", "Signature"), &public),
        Ok(())
    );
    // Another label's signature beside ours is ignored; a changed header is not.
    let both = format!(
        "{}, {}",
        published("sig-b21", "Signature"),
        published("sig-b23", "Signature")
    );
    assert_eq!(request.verify(&both, &public), Ok(()));
    let mut changed = b23();
    changed.content_length = 19;
    assert_eq!(
        changed.verify(&published("sig-b23", "Signature"), &public),
        Err(Error::SignatureMismatch)
    );
}

/// The request a declaration signs, as a client sends it, verified by the runtime's
/// `HttpVerifier` on the server side (and its signature base recomputed there from the request).
#[test]
fn a_declared_request_is_verified_by_http_verifier() {
    let request = b23();
    let signed = request.sign().unwrap();
    let sent = signed.http_request("https://example.com").unwrap();
    assert_eq!(sent.uri(), "https://example.com/foo?param=Value&Pet=dog");
    let public = public_pem("test-key-rsa-pss.pub.pem");
    let keys = |id: &str| {
        (id == "test-key-rsa-pss").then(|| (SignatureAlgorithm::RsaPssSha512, public.clone()))
    };
    let verified = HttpVerifier::new(&keys)
        .require([Component::method(), Component::path(), Component::query()])
        .at(Timestamp::from_unix_seconds(CREATED + 10))
        .verify(&Message::request(&sent))
        .unwrap();
    assert_eq!(verified.label, "sig-b23");
}

/// And the reverse: the runtime signs B.2.3's request, the declaration's `verify` checks it.
#[test]
fn the_runtime_signature_is_verified_by_the_declaration() {
    let key = PrivateKey::from_pem(vector("test-key-rsa-pss.pem").as_bytes()).unwrap();
    let request = http::Request::post("https://example.com/foo?param=Value&Pet=dog")
        .header("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
        .header("Content-Type", "application/json")
        .header("Content-Digest", DIGEST)
        .header("Content-Length", "18")
        .body(())
        .unwrap();
    let c = Component::field;
    let made = SignatureParams::new([
        c("date"),
        Component::method(),
        Component::path(),
        Component::query(),
        Component::authority(),
        c("content-type"),
        c("content-digest"),
        c("content-length"),
    ])
    .created(created())
    .keyid("test-key-rsa-pss")
    .sign(
        &Message::request(&request),
        "sig-b23",
        SignatureAlgorithm::RsaPssSha512,
        &key,
    )
    .unwrap();
    assert_eq!(
        made.signature_input,
        published("sig-b23", "Signature-Input")
    );
    assert_eq!(
        b23().verify(&made.signature, &public_pem("test-key-rsa-pss.pub.pem")),
        Ok(())
    );
}

// B.2.4: a response, ECDSA P-256.
#[derive(SignedRequest)]
#[signed(
    algorithm = "ecdsa-p256-sha256",
    http_signature(
        label = "sig-b24",
        components("@status", "content-type", "content-digest", "content-length"),
        created = "{created}",
        keyid = "test-key-ecc-p256"
    )
)]
struct B24 {
    #[signed(status)]
    status: u16,
    #[signed(header = "Date")]
    date: &'static str,
    #[signed(header = "Content-Type")]
    content_type: &'static str,
    #[signed(header = "Content-Digest")]
    content_digest: String,
    #[signed(header = "Content-Length")]
    content_length: u32,
    created: Timestamp,
}

#[test]
fn b24_response() {
    // The digest B.2.4's base signs (see tests/rfc9421_messages.rs: the printed response's
    // differs, an erratum).
    let base = published("sig-b24", "signature_base");
    let digest = base
        .lines()
        .find_map(|l| l.strip_prefix("\"content-digest\": "))
        .unwrap()
        .to_owned();
    let response = B24 {
        status: 200,
        date: "Tue, 20 Apr 2021 02:07:56 GMT",
        content_type: "application/json",
        content_digest: digest,
        content_length: 23,
        created: created(),
    };
    let key = PrivateKey::from_pem(vector("test-key-ecc-p256.pem").as_bytes()).unwrap();
    let signed = response.sign_with(&key).unwrap();
    same_base_and_input(&signed, "sig-b24");
    // Deterministic ECDSA (RFC 6979), r || s, by Python's `cryptography` 48 over sig-b24.base:
    //   k = serialization.load_pem_private_key(open("test-key-ecc-p256.pem","rb").read(), None)
    //   r, s = decode_dss_signature(k.sign(base, ec.ECDSA(hashes.SHA256(),
    //                                                      deterministic_signing=True)))
    //   base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big"))
    // (the full command is in tests/asymmetric_declared.rs).
    assert_eq!(
        header(&signed, "Signature"),
        "sig-b24=:OhTzKj+DBFDYHwYRamAS/pPd6gjdINNL34yfv75DGDrkzlch7bMvtLwzzQ+RVmh8XqsUvh5H67OvIDbqc1rclg==:"
    );
    let public = public_pem("test-key-ecc-p256.pub.pem");
    assert_eq!(
        response.verify(&published("sig-b24", "Signature"), &public),
        Ok(())
    );
}

// B.2.5: HMAC-SHA256, B.1.5's shared secret (base64 in its file).
#[derive(SignedRequest)]
#[signed(
    algorithm = "hmac-sha256",
    key = file("tests/vectors/rfc9421/test-shared-secret.b64"),
    key_encoding = "base64",
    trim_key,
    method = "POST",
    path = "/foo",
    http_signature(
        label = "sig-b25",
        components("date", "@authority", "content-type"),
        created = "{created}",
        keyid = "test-shared-secret"
    )
)]
struct B25 {
    #[signed(header = "Host")]
    host: &'static str,
    #[signed(header = "Date", timestamp = "imf-fixdate")]
    date: Timestamp,
    #[signed(header = "Content-Type")]
    content_type: &'static str,
    created: Timestamp,
}

#[test]
fn b25_hmac_byte_for_byte() {
    let request = B25 {
        host: "example.com",
        date: date(),
        content_type: "application/json",
        created: created(),
    };
    let signed = request.sign().unwrap();
    same_base_and_input(&signed, "sig-b25");
    assert_eq!(
        header(&signed, "Signature"),
        published("sig-b25", "Signature")
    );
    let secret = Secret::from_base64(vector("test-shared-secret.b64").trim()).unwrap();
    assert_eq!(
        request.verify(&published("sig-b25", "Signature"), &PublicKey::hmac(secret)),
        Ok(())
    );
}

// B.2.6: Ed25519, the key from its JWK in the environment.
#[derive(SignedRequest)]
#[signed(
    algorithm = "ed25519",
    key = env("SIGNING_TEST_RFC9421_ED25519_JWK"),
    key_format = "jwk",
    method = "POST",
    path = "/foo",
    http_signature(
        label = "sig-b26",
        components(
            "date",
            "@method",
            "@path",
            "@authority",
            "content-type",
            "content-length"
        ),
        created = "{created}",
        keyid = "test-key-ed25519"
    )
)]
struct B26 {
    #[signed(header = "Host")]
    host: &'static str,
    #[signed(header = "Date", timestamp = "imf-fixdate")]
    date: Timestamp,
    #[signed(header = "Content-Type")]
    content_type: &'static str,
    #[signed(header = "Content-Length")]
    content_length: u32,
    created: Timestamp,
}

#[test]
fn b26_ed25519_byte_for_byte() {
    std::env::set_var(
        "SIGNING_TEST_RFC9421_ED25519_JWK",
        vector("test-key-ed25519.jwk.json"),
    );
    let request = B26 {
        host: "example.com",
        date: date(),
        content_type: "application/json",
        content_length: 18,
        created: created(),
    };
    let signed = request.sign().unwrap();
    same_base_and_input(&signed, "sig-b26");
    assert_eq!(
        header(&signed, "Signature"),
        published("sig-b26", "Signature")
    );
    let public = public_pem("test-key-ed25519.pub.pem");
    assert_eq!(
        request.verify(&published("sig-b26", "Signature"), &public),
        Ok(())
    );
    assert!(matches!(
        request.verify("sig-other=:AAAA:", &public),
        Err(Error::SignatureHeader { .. })
    ));
}

// The derived components the B.2 examples do not use, `alg`, `expires`, an `Option` nonce, a path
// field and a body, checked by the runtime's verifier on the request as sent.
#[derive(SignedRequest)]
#[signed(
    algorithm = "ed25519",
    method = "POST",
    http_signature(
        components(
            "@method",
            "@target-uri",
            "@scheme",
            "@request-target",
            "@query-param;name=q",
            "x-empty-ok"
        ),
        created = "{created}",
        expires = "{expires}",
        keyid = "{key_id}",
        nonce = "{nonce}",
        tag = "app",
        alg,
        scheme = "https"
    )
)]
struct Everything<'a> {
    #[signed(path)]
    path: &'a str,
    #[signed(header = "Host")]
    host: &'a str,
    #[signed(header = "X-Empty-Ok")]
    extra: &'a str,
    #[signed(query)]
    q: &'a str,
    #[signed(body)]
    body: &'a [u8],
    created: Timestamp,
    expires: Timestamp,
    key_id: &'a str,
    nonce: Option<String>,
}

#[test]
fn every_derived_component_and_parameter() {
    let key = PrivateKey::from_pem(vector("test-key-ed25519.pem").as_bytes()).unwrap();
    let mut request = Everything {
        path: "/a b/c",
        host: "Example.COM:443",
        extra: "yes",
        q: "x y&z",
        body: b"{}",
        created: created(),
        expires: Timestamp::from_unix_seconds(CREATED + 300),
        key_id: "test-key-ed25519",
        nonce: Some("n-1".into()),
    };
    let signed = request.sign_with(&key).unwrap();
    assert_eq!(
        header(&signed, "Signature-Input"),
        "sig1=(\"@method\" \"@target-uri\" \"@scheme\" \"@request-target\" \
         \"@query-param\";name=\"q\" \"x-empty-ok\");created=1618884473;expires=1618884773;\
         keyid=\"test-key-ed25519\";alg=\"ed25519\";nonce=\"n-1\";tag=\"app\""
    );
    // `@authority` is normalized (lower case, no default port); `@target-uri` is the URI as sent.
    let sent = signed.http_request("https://Example.COM:443").unwrap();
    assert_eq!(sent.method(), "POST");
    let public = key.public_key();
    let keys = |id: &str| {
        (id == "test-key-ed25519").then(|| (SignatureAlgorithm::Ed25519, public.clone()))
    };
    let verified = HttpVerifier::new(&keys)
        .tag("app")
        .at(Timestamp::from_unix_seconds(CREATED + 10))
        .verify(&Message::request(&sent))
        .unwrap();
    assert_eq!(verified.params.nonce_value(), Some("n-1"));
    let base = String::from_utf8(signed.message().to_vec()).unwrap();
    assert!(
        base.contains("\"@target-uri\": https://Example.COM:443/a%20b/c?q=x%20y%26z\n"),
        "{base}"
    );
    assert!(
        base.contains("\"@query-param\";name=\"q\": x%20y%26z\n"),
        "{base}"
    );
    assert_eq!(
        request.verify(&header(&signed, "Signature"), &public),
        Ok(())
    );
    // Without a nonce, no `nonce` parameter.
    request.nonce = None;
    let signed = request.sign_with(&key).unwrap();
    assert!(!header(&signed, "Signature-Input").contains("nonce"));
}

/// README's *HTTP message signatures* section shows B.2.3's declaration: it is this file's.
#[test]
fn readme_shows_this_declaration() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let this = std::fs::read_to_string(file!()).unwrap();
    let (_, after) = readme.split_once("### As a declaration").unwrap();
    let (_, block) = after.split_once("```rust\n").unwrap();
    let (block, _) = block.split_once("```").unwrap();
    assert!(block.contains("http_signature("), "{block}");
    assert!(
        this.contains(block),
        "README's declaration is not the one tested here:\n{block}"
    );
}
