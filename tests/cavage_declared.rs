//! draft-cavage-http-signatures-12 as a declaration (issue 13, item 5): the Mastodon / ActivityPub
//! inbox POST, `Signature: keyId="…",algorithm="rsa-sha256",headers="(request-target) host date
//! digest",signature="…"` with `Digest: SHA-256=…` and an IMF-fixdate `Date`, declared with
//! `algorithm = "rsa-v1_5-sha256"` and the signature-header grammar (`keyId="{key_id}"` from an
//! unsigned field, `{lowercase:{@method}}`), signed with RFC 9421 B.1.1's RSA key. Checked
//! against an independent implementation, Python's `httpsig` 1.3.0 (tests/interop/cavage.py,
//! the algorithm pinned to rsa-sha256): the declaration's POSTs verified there, and POSTs signed
//! there verified by the declaration's `verify`; rsa-sha256 is deterministic, so both sides'
//! signatures agree byte for byte.

use serde_json::{json, Value};
use signing::{Error, FromSignedQuery, PrivateKey, PublicKey, SignedRequest, Timestamp};

#[path = "support/python.rs"]
mod python;
use python::{run_python, ROOT};

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

/// The inbox POST. `key_id` is sent in the `Signature` header and not signed (as the draft
/// has it: the receiver picks the key by it); the path, `Host`, `Date` and the body's digest
/// are signed; the signature is RSASSA-PKCS1-v1_5 with SHA-256, in base64.
#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(
    algorithm = "rsa-v1_5-sha256",
    encoding = "base64",
    method = "POST",
    template = "(request-target): {lowercase:{@method}} {@path}\nhost: {host}\ndate: {date}\n\
                digest: SHA-256={sha256(base64):{body}}",
    header("Digest", format = "SHA-256={sha256(base64):{body}}"),
    signature = header(
        "Signature",
        format = "keyId=\"{key_id}\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\",signature=\"{signature}\""
    )
)]
struct InboxPost {
    key_id: String,
    #[signed(path)]
    inbox: String,
    #[signed(header = "Host")]
    host: String,
    #[signed(header = "Date", timestamp = "imf-fixdate")]
    date: Timestamp,
    #[signed(body)]
    body: String,
}

const KEY_ID: &str = "https://sender.example/users/bob#main-key";

fn private_key() -> PrivateKey {
    let pem = std::fs::read(format!("{ROOT}/tests/vectors/rfc9421/test-key-rsa.pem")).unwrap();
    PrivateKey::from_pem(&pem).unwrap()
}

fn public_key() -> PublicKey {
    private_key().public_key()
}

fn follow() -> InboxPost {
    InboxPost {
        key_id: KEY_ID.into(),
        inbox: "/users/alice/inbox".into(),
        host: "mastodon.example".into(),
        date: Timestamp::from_unix_seconds(1_618_884_475),
        body: r#"{"type":"Follow","actor":"https://sender.example/users/bob"}"#.into(),
    }
}

#[test]
fn the_declaration_writes_the_mastodon_post() {
    let signed = follow().sign_with(&private_key()).unwrap();
    // python3 -c 'import hashlib,base64; print(base64.b64encode(hashlib.sha256(
    //   b"{\"type\":\"Follow\",\"actor\":\"https://sender.example/users/bob\"}").digest()).decode())'
    let digest = "SHA-256=LHbtPzjBu2SxkbVXmbNeyFCU8VRiIQrsAhsNRtWdyhQ=";
    assert_eq!(
        String::from_utf8(signed.message().to_vec()).unwrap(),
        format!(
            "(request-target): post /users/alice/inbox\nhost: mastodon.example\n\
             date: Tue, 20 Apr 2021 02:07:55 GMT\ndigest: {digest}"
        )
    );
    // rsa-sha256 is deterministic:
    // printf '(request-target): post /users/alice/inbox\nhost: mastodon.example\ndate: Tue, 20 Apr
    //   2021 02:07:55 GMT\ndigest: SHA-256=LHbtPzjBu2SxkbVXmbNeyFCU8VRiIQrsAhsNRtWdyhQ=' \
    //   | openssl dgst -sha256 -sign tests/vectors/rfc9421/test-key-rsa.pem | base64 -w0
    assert_eq!(
        signed.signature(),
        "MIs5D9MHD11M68klM4jsLgAguKpBeVst36ug5W7PUKNcIbvN8wSWgc6xC8L+Xc8odOOjooLhHARNFEsBkLETpyL1yXNw\
         ekn/cyn4gzdBpkC+iq98GYaBNBt2cheACKCBT/y1IRB3bF2k6LJ34adOfY3zW2pZzFkmKgaZL/CKpZrewa0bWq/7a2Jw\
         P5ZRhO8JehLs88HPWzPLFX3EtZOl2ev0srscNooTN7tq+Tb9yGe3JpKPmLeTAuN6FhDhYfKKLjlcXYWXDthml+kGa5SO\
         H0aIw76qrlbeZck1em7sGDCxK17as0WzGLdWnBIvPJ3yedYncvJYuSg8XZpSGQGfsw=="
    );
    let request = signed.http_request("https://mastodon.example").unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), "https://mastodon.example/users/alice/inbox");
    assert_eq!(request.headers()["digest"], digest);
    assert_eq!(request.headers()["date"], "Tue, 20 Apr 2021 02:07:55 GMT");
    let header = request.headers()["signature"].to_str().unwrap();
    assert_eq!(
        header,
        format!(
            "keyId=\"{KEY_ID}\",algorithm=\"rsa-sha256\",\
             headers=\"(request-target) host date digest\",signature=\"{}\"",
            signed.signature()
        )
    );
    // The inbox: the key is picked by `keyId`, then the signature checked over the request as
    // received (its path, Host, Date and the digest of its body).
    let (post, signature) = InboxPost::from_request(&request).unwrap();
    assert_eq!(post, follow());
    assert_eq!(post.key_id, KEY_ID);
    assert_eq!(post.verify(&signature, &public_key()), Ok(()));
    assert_eq!(
        InboxPost::verify_request(&request, &public_key()),
        Ok(follow())
    );
    // Another body, another inbox, another Date: refused.
    let mut other = request.clone();
    *other.body_mut() = b"{}".to_vec();
    assert_eq!(
        InboxPost::verify_request(&other, &public_key()),
        Err(Error::SignatureMismatch)
    );
    let mut moved = request.clone();
    *moved.uri_mut() = "https://mastodon.example/users/carol/inbox"
        .parse()
        .unwrap();
    assert_eq!(
        InboxPost::verify_request(&moved, &public_key()),
        Err(Error::SignatureMismatch)
    );
    let mut later = request.clone();
    later
        .headers_mut()
        .insert("date", "Tue, 20 Apr 2021 02:07:56 GMT".parse().unwrap());
    assert_eq!(
        InboxPost::verify_request(&later, &public_key()),
        Err(Error::SignatureMismatch)
    );
    // Another algorithm named in the header is not the declaration's.
    let mut hmac = request.clone();
    let value = header.replace("rsa-sha256", "hmac-sha256");
    hmac.headers_mut()
        .insert("signature", value.parse().unwrap());
    assert!(matches!(
        InboxPost::verify_request(&hmac, &public_key()),
        Err(Error::SignatureHeader { .. })
    ));
}

/// Random inbox POSTs: key ids, inboxes, hosts, dates and bodies.
fn posts(n: usize) -> Vec<InboxPost> {
    let mut rng = Rng(0xCA7A_6E12_DEC1_A4ED);
    (0..n)
        .map(|i| InboxPost {
            key_id: format!("https://s{}.example/users/bob#main-key", rng.below(10)),
            inbox: format!("/users/{}/inbox", rng.text(&['a', 'b', '_', '1'], 8)),
            host: format!("h{}.example", rng.below(5)),
            date: Timestamp::from_unix_seconds(1_618_884_475 + rng.below(100_000) as i64),
            body: format!(
                "{{\"type\":\"Create\",\"n\":{i},\"text\":\"{}\"}}",
                rng.text(&['a', ' ', 'é', '<', '\''], 30)
            ),
        })
        .collect()
}

/// The case tests/interop/cavage.py reads: the request as sent.
fn case(request: &http::Request<Vec<u8>>, key_id: &str) -> Value {
    let header = |name: &str| request.headers()[name].to_str().unwrap().to_owned();
    let mut case = json!({
        "key_id": key_id,
        "method": request.method().as_str(),
        "path": request.uri().path(),
        "body": String::from_utf8(request.body().clone()).unwrap(),
        "headers": {"Host": header("host"), "Date": header("date"), "Digest": header("digest")},
    });
    if let Some(signature) = request.headers().get("signature") {
        case["signature"] = json!(signature.to_str().unwrap());
    }
    case
}

#[test]
fn declared_posts_agree_with_python_httpsig_both_ways() {
    let key = private_key();
    let posts = posts(100);
    let requests: Vec<http::Request<Vec<u8>>> = posts
        .iter()
        .map(|post| {
            let signed = post.sign_with(&key).unwrap();
            let url = format!("https://{}", post.host);
            signed.http_request(&url).unwrap()
        })
        .collect();
    // Ours, verified by httpsig.
    let cases: Vec<Value> = requests
        .iter()
        .zip(&posts)
        .map(|(request, post)| case(request, &post.key_id))
        .collect();
    let input = json!({
        "private_key": format!("{ROOT}/tests/vectors/rfc9421/test-key-rsa.pem"),
        "cases": cases,
    });
    let result = run_python("cavage.py", "verify", &input);
    assert_eq!(result["failures"], json!([]), "{result}");
    assert_eq!(result["ok"], json!(posts.len()));
    // Theirs (the same requests signed by httpsig), verified by the declaration.
    let theirs = run_python("cavage.py", "sign", &input);
    let theirs = theirs.as_array().unwrap();
    // One signature per post, or the loop below would check only as many as came back.
    assert_eq!(theirs.len(), posts.len());
    let public = public_key();
    for ((request, post), signature) in requests.iter().zip(&posts).zip(theirs) {
        let signature = signature.as_str().unwrap();
        let mut received = request.clone();
        received
            .headers_mut()
            .insert("signature", signature.parse().unwrap());
        // httpsig writes `signature` before `headers`; the parameters' order is free.
        assert_eq!(
            InboxPost::verify_request(&received, &public).as_ref(),
            Ok(post),
            "{signature}"
        );
        // Deterministic: httpsig's signature bytes are the declaration's.
        let ours = request.headers()["signature"].to_str().unwrap();
        let bytes = |header: &str| {
            let after = header.split("signature=\"").nth(1).unwrap();
            after.split('"').next().unwrap().to_owned()
        };
        assert_eq!(bytes(signature), bytes(ours));
    }
}

/// README's *draft-cavage-12 as a declaration* shows this file's declaration, character for
/// character from `#[signed(` to the end of the struct.
#[test]
fn the_readme_shows_this_declaration() {
    let readme = std::fs::read_to_string(format!("{ROOT}/README.md")).unwrap();
    let section = readme
        .split("### draft-cavage-12 as a declaration")
        .nth(1)
        .unwrap();
    let start = section.find("#[signed(").unwrap();
    let end = start + section[start..].find("\n}\n").unwrap() + 2;
    let shown = &section[start..end];
    assert!(
        include_str!("cavage_declared.rs").contains(shown),
        "README's declaration differs from tests/cavage_declared.rs:\n{shown}"
    );
}
