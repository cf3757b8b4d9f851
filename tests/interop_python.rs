//! Differential checks against independent Python implementations (installed by `.ci/run`
//! into `target/pyenv` from tests/interop/requirements.txt, or by the first test that needs
//! them): RFC 9421 through `http-message-signatures` 3.0.0, on random requests and responses,
//! 1,000 per algorithm in each direction: every signature this crate makes is verified there
//! (which also checks that both build the same signature base), and every signature made there
//! is verified here.

use serde_json::{json, Value};
use signing::asymmetric::SignatureAlgorithm;
use signing::httpsig::{Component, HttpVerifier, Message, SignatureParams};
use signing::{PrivateKey, PublicKey, Secret, Timestamp};

#[path = "support/python.rs"]
mod python;
use python::{run_python, ROOT};

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

const PER_ALGORITHM: usize = 1000;

const KEYS: [(SignatureAlgorithm, &str, &str); 6] = [
    (
        SignatureAlgorithm::RsaPssSha512,
        "test-key-rsa-pss",
        "tests/vectors/rfc9421/test-key-rsa-pss.pem",
    ),
    (
        SignatureAlgorithm::RsaV15Sha256,
        "test-key-rsa",
        "tests/vectors/rfc9421/test-key-rsa.pem",
    ),
    (
        SignatureAlgorithm::HmacSha256,
        "hmac-test-shared-secret",
        "tests/vectors/rfc9421/test-shared-secret.b64",
    ),
    (
        SignatureAlgorithm::EcdsaP256Sha256,
        "test-key-ecc-p256",
        "tests/vectors/rfc9421/test-key-ecc-p256.pem",
    ),
    // `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384` (RFC 9421 has no P-384 key).
    (
        SignatureAlgorithm::EcdsaP384Sha384,
        "test-key-p384",
        "signing-runtime/tests/keys/ec-p384.pem",
    ),
    (
        SignatureAlgorithm::Ed25519,
        "test-key-ed25519",
        "tests/vectors/rfc9421/test-key-ed25519.pem",
    ),
];

fn key_paths() -> Value {
    let mut keys = serde_json::Map::new();
    for (_, id, path) in KEYS {
        keys.insert(id.into(), json!(format!("{ROOT}/{path}")));
    }
    Value::Object(keys)
}

/// Python `http-message-signatures` (tests/interop/rfc9421.py) verifies every one of `cases`
/// (each with its `signature_input` and `signature`) with the keys of [`KEYS`].
fn python_verifies_all(cases: &[Value]) {
    let result = run_python(
        "rfc9421.py",
        "verify",
        &json!({"keys": key_paths(), "cases": cases}),
    );
    assert_eq!(result["failures"], json!([]), "{result}");
    assert_eq!(result["ok"], json!(cases.len()));
}

fn private_key(id: &str) -> PrivateKey {
    let (_, _, path) = KEYS.iter().find(|(_, k, _)| *k == id).unwrap();
    let text = std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap();
    if path.ends_with(".b64") {
        PrivateKey::hmac(Secret::from_base64(text.trim()).unwrap())
    } else {
        PrivateKey::from_pem(text.as_bytes()).unwrap()
    }
}

fn resolver() -> impl Fn(&str) -> Option<(SignatureAlgorithm, PublicKey)> {
    let keys: Vec<(SignatureAlgorithm, &str, PublicKey)> = KEYS
        .iter()
        .map(|(alg, id, _)| (*alg, *id, private_key(id).public_key()))
        .collect();
    move |id: &str| {
        keys.iter()
            .find(|(_, k, _)| *k == id)
            .map(|(alg, _, key)| (*alg, key.clone()))
    }
}

/// A random request or response and the components a signature over it covers.
fn random_case(rng: &mut Rng, algorithm: SignatureAlgorithm, keyid: &str, now: i64) -> Value {
    const NAME: &[char] = &[
        'a', 'b', 'Z', '9', '-', '_', '.', '~', '*', ' ', '+', '/', 'é', '&', '=', '%',
    ];
    const VALUE: &[char] = &[
        'x', 'Y', '0', ' ', '"', '\'', ',', ';', ':', '=', '\\', '/', '(', ')', '{', '}', '@', '?',
        '!', '#', '\t',
    ];
    let form = |s: &str, plus: bool| {
        let mut out = String::new();
        for b in s.bytes() {
            match b {
                b' ' if plus => out.push('+'),
                b if b.is_ascii_alphanumeric() || b"*-._".contains(&b) => out.push(char::from(b)),
                b => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    };
    let response = rng.chance(15);
    let mut headers: Vec<(String, String)> = Vec::new();
    let header_names = [
        "content-type",
        "date",
        "x-request-id",
        "accept",
        "x-custom-field",
        "content-length",
    ];
    for name in header_names {
        if rng.chance(60) {
            let value = rng.text(VALUE, 24);
            let value = value.trim_matches([' ', '\t']).to_owned();
            headers.push((name.to_owned(), format!("v{value}")));
        }
    }
    let mut covered: Vec<String> = Vec::new();
    let (mut method, mut url, mut status) = (Value::Null, Value::Null, Value::Null);
    if response {
        status = json!(*rng.pick(&[200, 201, 204, 301, 404, 500]));
        covered.push("\"@status\"".into());
    } else {
        method = json!(*rng.pick(&["GET", "POST", "PUT", "DELETE", "PATCH"]));
        let host = *rng.pick(&["example.com", "api.example.org:8443", "a.b.example"]);
        let segments = 1 + rng.below(3);
        let mut path = String::new();
        for _ in 0..segments {
            path.push('/');
            path.push_str(&form(&rng.text(NAME, 6), false));
        }
        let mut query = String::new();
        let mut names_once: Vec<String> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for _ in 0..rng.below(4) {
            let name = format!("q{}", rng.text(NAME, 4));
            let value = rng.text(NAME, 6);
            if !query.is_empty() {
                query.push('&');
            }
            let plus = rng.chance(50);
            query.push_str(&form(&name, plus));
            query.push('=');
            query.push_str(&form(&value, plus));
            if seen.contains(&name) {
                names_once.retain(|n| *n != name);
            } else {
                seen.push(name.clone());
                names_once.push(name);
            }
        }
        let scheme = if rng.chance(80) { "https" } else { "http" };
        let mut full = format!("{scheme}://{host}{path}");
        if !query.is_empty() || rng.chance(10) {
            full.push('?');
            full.push_str(&query);
        }
        url = json!(full);
        for derived in [
            "@method",
            "@target-uri",
            "@authority",
            "@scheme",
            "@request-target",
            "@path",
            "@query",
        ] {
            if rng.chance(40) {
                covered.push(format!("\"{derived}\""));
            }
        }
        for name in &names_once {
            if rng.chance(50) {
                covered.push(format!("\"@query-param\";name=\"{}\"", form(name, false)));
            }
        }
    }
    for (name, _) in &headers {
        if rng.chance(60) {
            covered.push(format!("\"{name}\""));
        }
    }
    // Shuffle the covered components.
    for i in (1..covered.len()).rev() {
        covered.swap(i, rng.below(i + 1));
    }
    json!({
        "alg": algorithm.name(),
        "keyid": keyid,
        "label": format!("sig{}", rng.below(100)),
        "method": method,
        "url": url,
        "status": status,
        "headers": headers,
        "covered": covered,
        "created": now - rng.below(100) as i64,
        "expires": if rng.chance(30) { json!(now + 600) } else { Value::Null },
        "nonce": if rng.chance(30) { json!(rng.text(&['n', '0', '-', '.'], 12)) } else { Value::Null },
        "tag": if rng.chance(30) { json!("app-tag") } else { Value::Null },
    })
}

fn cases() -> Vec<Value> {
    let mut rng = Rng(0x9421_9421_9421_9421);
    let now = Timestamp::now().unix_seconds();
    let mut out = Vec::new();
    for (algorithm, keyid, _) in KEYS {
        for _ in 0..PER_ALGORITHM {
            out.push(random_case(&mut rng, algorithm, keyid, now));
        }
    }
    out
}

/// A case as an `http` request or response, with extra header fields.
enum Built {
    Request(http::Request<()>),
    Response(http::Response<()>),
}

fn build(case: &Value, extra: &[(&str, &str)]) -> Built {
    let headers = case["headers"].as_array().unwrap().iter().map(|h| {
        (
            h[0].as_str().unwrap().to_owned(),
            h[1].as_str().unwrap().to_owned(),
        )
    });
    let headers: Vec<(String, String)> = headers
        .chain(
            extra
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned())),
        )
        .collect();
    if let Some(status) = case["status"].as_u64() {
        let mut b = http::Response::builder().status(status as u16);
        for (n, v) in headers {
            b = b.header(n, v);
        }
        Built::Response(b.body(()).unwrap())
    } else {
        let mut b = http::Request::builder()
            .method(case["method"].as_str().unwrap())
            .uri(case["url"].as_str().unwrap());
        for (n, v) in headers {
            b = b.header(n, v);
        }
        Built::Request(b.body(()).unwrap())
    }
}

fn message(built: &Built) -> Message<'_> {
    match built {
        Built::Request(r) => Message::request(r),
        Built::Response(r) => Message::response(r),
    }
}

fn component(id: &str) -> Component {
    if let Some(name) = id.strip_prefix("\"@query-param\";name=\"") {
        let encoded = name.trim_end_matches('"');
        let decoded = percent_encoding::percent_decode_str(encoded)
            .decode_utf8()
            .unwrap();
        return Component::query_param(&decoded);
    }
    let name = id.trim_matches('"');
    match name {
        "@method" => Component::method(),
        "@target-uri" => Component::target_uri(),
        "@authority" => Component::authority(),
        "@scheme" => Component::scheme(),
        "@request-target" => Component::request_target(),
        "@path" => Component::path(),
        "@query" => Component::query(),
        "@status" => Component::status(),
        field => Component::field(field),
    }
}

fn params_of(case: &Value) -> SignatureParams {
    let mut params = SignatureParams::new(
        case["covered"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| component(c.as_str().unwrap())),
    )
    .created(Timestamp::from_unix_seconds(
        case["created"].as_i64().unwrap(),
    ));
    if let Some(expires) = case["expires"].as_i64() {
        params = params.expires(Timestamp::from_unix_seconds(expires));
    }
    params = params.keyid(case["keyid"].as_str().unwrap());
    params = params.alg(SignatureAlgorithm::from_name(case["alg"].as_str().unwrap()).unwrap());
    if let Some(nonce) = case["nonce"].as_str() {
        params = params.nonce(nonce);
    }
    if let Some(tag) = case["tag"].as_str() {
        params = params.tag(tag);
    }
    params
}

#[test]
fn our_rfc9421_signatures_verify_in_http_message_signatures() {
    let mut cases = cases();
    let keys: Vec<PrivateKey> = KEYS.iter().map(|(_, id, _)| private_key(id)).collect();
    for case in &mut cases {
        let built = build(case, &[]);
        let algorithm = SignatureAlgorithm::from_name(case["alg"].as_str().unwrap()).unwrap();
        let key = &keys[KEYS
            .iter()
            .position(|(_, id, _)| case["keyid"] == *id)
            .unwrap()];
        let signed = params_of(case)
            .sign(
                &message(&built),
                case["label"].as_str().unwrap(),
                algorithm,
                key,
            )
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        case["signature_input"] = json!(signed.signature_input);
        case["signature"] = json!(signed.signature);
    }
    python_verifies_all(&cases);
}

#[test]
fn http_message_signatures_signatures_verify_here() {
    let cases = cases();
    let signed = run_python(
        "rfc9421.py",
        "sign",
        &json!({"keys": key_paths(), "cases": cases}),
    );
    let signed = signed.as_array().unwrap();
    assert_eq!(signed.len(), 6 * PER_ALGORITHM);
    let resolver = resolver();
    for case in signed {
        let built = build(
            case,
            &[
                ("signature-input", case["signature_input"].as_str().unwrap()),
                ("signature", case["signature"].as_str().unwrap()),
            ],
        );
        let verified = HttpVerifier::new(&resolver)
            .label(case["label"].as_str().unwrap())
            .verify(&message(&built))
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(verified.algorithm.name(), case["alg"].as_str().unwrap());
    }
}

/// Mastodon-style POSTs (draft-cavage-12, rsa-sha256, `(request-target) host date digest`):
/// random inboxes, hosts, dates and bodies.
fn cavage_cases() -> Vec<Value> {
    let mut rng = Rng(0xCA7A_6E12_CA7A_6E12);
    let base = 1_618_884_475i64;
    (0..200)
        .map(|i| {
            let body = format!("{{\"type\":\"Create\",\"n\":{i},\"text\":\"{}\"}}", rng.text(&['a', ' ', 'é', '<', '"'], 30).replace('"', "'"));
            let path = format!("/users/{}/inbox{}", rng.text(&['a', 'b', '_', '1'], 8), if rng.chance(20) { "?page=2" } else { "" });
            json!({
                "key_id": format!("https://s{}.example/users/bob#main-key", rng.below(10)),
                "method": "POST",
                "path": path,
                "body": body,
                "headers": {
                    "Host": format!("h{}.example", rng.below(5)),
                    "Date": signing::httpsig::cavage::date_header(Timestamp::from_unix_seconds(base + rng.below(1000) as i64)),
                    "Digest": signing::httpsig::cavage::digest_header(body.as_bytes()),
                },
            })
        })
        .collect()
}

fn cavage_request(case: &Value, signature: Option<&str>) -> http::Request<()> {
    let mut b = http::Request::builder()
        .method("POST")
        .uri(case["path"].as_str().unwrap());
    for (n, v) in case["headers"].as_object().unwrap() {
        b = b.header(n, v.as_str().unwrap());
    }
    if let Some(signature) = signature {
        b = b.header("signature", signature);
    }
    b.body(()).unwrap()
}

#[test]
fn mastodon_posts_agree_with_python_httpsig_both_ways() {
    use signing::httpsig::cavage::{CavageSigner, CavageVerifier};
    let key = private_key("test-key-rsa");
    let mut cases = cavage_cases();
    for case in &mut cases {
        let signature = CavageSigner::new(
            case["key_id"].as_str().unwrap(),
            SignatureAlgorithm::RsaV15Sha256,
        )
        .sign(&Message::request(&cavage_request(case, None)), &key)
        .unwrap();
        case["signature"] = json!(signature);
    }
    let input = json!({"private_key": format!("{ROOT}/tests/vectors/rfc9421/test-key-rsa.pem"), "cases": cases});
    let result = run_python("cavage.py", "verify", &input);
    assert_eq!(result["failures"], json!([]), "{result}");
    assert_eq!(result["ok"], json!(cases.len()));
    let theirs = run_python("cavage.py", "sign", &input);
    let theirs = theirs.as_array().unwrap();
    // One signature per case, or the loop below would check only as many as came back.
    assert_eq!(theirs.len(), cases.len());
    let public = key.public_key();
    for (case, signature) in cases.iter().zip(theirs) {
        let signature = signature.as_str().unwrap();
        // rsa-sha256 is deterministic: the same request gives the same signature, byte for byte
        // (httpsig writes `signature` before `headers`; the parameters' order is free).
        let value = |header: &str| {
            header
                .split("signature=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_owned()
        };
        assert_eq!(value(signature), value(case["signature"].as_str().unwrap()));
        let keys = |_: &str| Some((SignatureAlgorithm::RsaV15Sha256, public.clone()));
        let date = case["headers"]["Date"].as_str().unwrap();
        let now = Timestamp::parse(date, signing::TimestampFormat::ImfFixdate).unwrap();
        CavageVerifier::new(&keys)
            .require(&["(request-target)", "host", "date", "digest"])
            .at(now)
            .verify(&Message::request(&cavage_request(case, Some(signature))))
            .unwrap_or_else(|e| panic!("{case}: {e}"));
    }
}

/// One RFC 9421 declaration per algorithm (`#[signed(algorithm = .., http_signature(..))]`),
/// covering every request component a declaration can give.
#[rustfmt::skip] // rustfmt indents the attribute again on every run inside macro_rules!
macro_rules! declared {
    ($name:ident, $alg:tt, $keyid:tt) => {
        #[derive(signing::SignedRequest)]
        #[signed(
            algorithm = $alg,
            method = "PUT",
            http_signature(
                label = "sig-declared",
                components(
                    "@method", "@target-uri", "@authority", "@scheme", "@request-target",
                    "@path", "@query", "@query-param;name=q", "content-type", "x-value"
                ),
                created = "{created}",
                keyid = $keyid,
                nonce = "{nonce}",
                tag = "interop",
                alg,
                scheme = "https"
            )
        )]
        struct $name {
            #[signed(path)]
            path: String,
            #[signed(header = "Host")]
            host: String,
            #[signed(header = "Content-Type")]
            content_type: String,
            #[signed(header = "X-Value")]
            value: String,
            #[signed(query)]
            q: String,
            #[signed(query, rename = "other")]
            other: String,
            created: Timestamp,
            nonce: String,
        }
    };
}

declared!(DeclaredRsaPss, "rsa-pss-sha512", "test-key-rsa-pss");
declared!(DeclaredRsaV15, "rsa-v1_5-sha256", "test-key-rsa");
declared!(DeclaredHmac, "hmac-sha256", "hmac-test-shared-secret");
declared!(DeclaredP256, "ecdsa-p256-sha256", "test-key-ecc-p256");
declared!(DeclaredP384, "ecdsa-p384-sha384", "test-key-p384");
declared!(DeclaredEd25519, "ed25519", "test-key-ed25519");

/// Requests signed through the declarations above, with random paths, hosts, header and query
/// values, 250 per algorithm, each verified by `http-message-signatures` on the request as
/// `Signed::url` and `Signed::headers` send it: the declared components and the library's
/// computation of them agree with an independent implementation.
#[test]
fn declared_rfc9421_signatures_verify_in_http_message_signatures() {
    const PER_DECLARATION: usize = 250;
    const TEXT: &[char] = &[
        'a', 'Z', '9', '-', '_', '.', '~', '*', ' ', '+', '/', 'é', '&', '=', '%', '?', '#', ';',
    ];
    const VALUE: &[char] = &[
        'x', 'Y', '0', ' ', '"', '\'', ',', ';', ':', '=', '\\', '/', '(', ')', '{', '}', '@', '?',
    ];
    macro_rules! sign {
        ($ty:ident, $rng:expr, $key:expr, $now:expr) => {{
            let rng: &mut Rng = $rng;
            let path: String = (0..1 + rng.below(3))
                .map(|_| format!("/{}", rng.text(TEXT, 6)))
                .collect();
            let host =
                (*rng.pick(&["example.com", "api.example.org:8443", "a.b.example:443"])).to_owned();
            let request = $ty {
                path,
                host: host.clone(),
                content_type: format!("t{}", rng.text(VALUE, 16).trim_end()),
                value: format!("v{}", rng.text(VALUE, 24).trim_end()),
                q: rng.text(TEXT, 8),
                other: rng.text(TEXT, 8),
                created: Timestamp::from_unix_seconds($now),
                nonce: format!("n{}", rng.below(1_000_000)),
            };
            let signed =
                signing::SignedRequest::sign_with(&request, $key).unwrap_or_else(|e| panic!("{e}"));
            let url = signed.url(&format!("https://{host}")).unwrap();
            (signed, url)
        }};
    }
    let mut rng = Rng(0x5EED_DEC1_A7ED);
    let now = 1_700_000_000;
    let mut cases = Vec::new();
    for (algorithm, keyid, _) in KEYS {
        let key = private_key(keyid);
        for _ in 0..PER_DECLARATION {
            let (signed, url) = match algorithm {
                SignatureAlgorithm::RsaPssSha512 => sign!(DeclaredRsaPss, &mut rng, &key, now),
                SignatureAlgorithm::RsaV15Sha256 => sign!(DeclaredRsaV15, &mut rng, &key, now),
                SignatureAlgorithm::HmacSha256 => sign!(DeclaredHmac, &mut rng, &key, now),
                SignatureAlgorithm::EcdsaP256Sha256 => sign!(DeclaredP256, &mut rng, &key, now),
                SignatureAlgorithm::EcdsaP384Sha384 => sign!(DeclaredP384, &mut rng, &key, now),
                _ => sign!(DeclaredEd25519, &mut rng, &key, now),
            };
            let header = |name: &str| signed.headers().get(name).unwrap().to_owned();
            let headers: Vec<(&str, &str)> = signed
                .headers()
                .filter(|(n, _)| !n.starts_with("Signature"))
                .collect();
            cases.push(json!({
                "alg": algorithm.name(),
                "keyid": keyid,
                "label": "sig-declared",
                "method": "PUT",
                "url": url,
                "status": null,
                "headers": headers,
                "signature_input": header("Signature-Input"),
                "signature": header("Signature"),
            }));
        }
    }
    python_verifies_all(&cases);
}
