//! RFC 9421's component parameters (`signing::httpsig::Component`): `sf` (§2.1.1), `key`
//! (§2.1.2), `bs` (§2.1.3), `tr` (§2.1.4) and `req` (§2.4), on the RFC's own examples, and the
//! combinations the RFC forbids refused. The §2.4 response's published ECDSA signature is
//! verified, and signatures over these components made by `http-message-signatures` (Python,
//! tests/interop) verify here.
//!
//! Expected lines are copied from RFC 9421 (the editors' source: github httpwg/http-extensions,
//! draft-ietf-httpbis-message-signatures.md, §2.1.1-§2.1.4 and §2.4; RFC 8792 `\` wrapping
//! undone). The §2.4 signature was checked independently when copied, over the RFC's printed
//! base (base24.txt, no final newline) with Python `cryptography`:
//!
//! ```text
//! python3 -c 'import base64; from cryptography.hazmat.primitives.serialization import load_pem_public_key as L; \
//!   from cryptography.hazmat.primitives.asymmetric import ec, utils; from cryptography.hazmat.primitives import hashes; \
//!   s=base64.b64decode("mh17P4Tb...V1Cx/Q=="); \
//!   L(open("tests/vectors/rfc9421/test-key-ecc-p256.pub.pem","rb").read()).verify( \
//!     utils.encode_dss_signature(int.from_bytes(s[:32],"big"), int.from_bytes(s[32:],"big")), \
//!     open("base24.txt","rb").read(), ec.ECDSA(hashes.SHA256())); print("verified")'
//! ```

use serde_json::json;
use signing::asymmetric::SignatureAlgorithm;
use signing::httpsig::{Component, HttpVerifier, Message, SignatureParams};
use signing::{Error, PrivateKey, PublicKey, Timestamp};

#[path = "support/python.rs"]
mod python;
use python::{run_python, signed_post, ROOT};

/// The lines of the signature base before `@signature-params`.
fn lines(components: Vec<Component>, message: &Message<'_>) -> Vec<String> {
    let base = SignatureParams::new(components)
        .signature_base(message)
        .unwrap();
    let mut lines: Vec<String> = base.lines().map(str::to_owned).collect();
    lines.pop();
    lines
}

fn request(headers: &[(&str, &str)]) -> http::Request<()> {
    let mut request = http::Request::get("/").header("host", "www.example.com");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(()).unwrap()
}

#[test]
fn sf_reserializes_a_structured_field() {
    // §2.1.1.
    let request = request(&[("Example-Dict", " a=1,    b=2;x=1;y=2,   c=(a   b   c)")]);
    let message = Message::request(&request);
    assert_eq!(
        lines(
            vec![
                Component::field("example-dict"),
                Component::field("example-dict").sf()
            ],
            &message
        ),
        [
            "\"example-dict\": a=1,    b=2;x=1;y=2,   c=(a   b   c)",
            "\"example-dict\";sf: a=1, b=2;x=1;y=2, c=(a b c)",
        ]
    );
    // A field that is not a structured field cannot be signed with `sf`.
    let dated = self::request(&[("Date", "Tue, 20 Apr 2021 02:07:56 GMT")]);
    let err = SignatureParams::new([Component::field("date").sf()])
        .signature_base(&Message::request(&dated))
        .unwrap_err();
    assert!(matches!(err, Error::MissingComponent { .. }), "{err}");
}

#[test]
fn key_selects_a_dictionary_member() {
    // §2.1.2.
    let request = request(&[("Example-Dict", "  a=1, b=2;x=1;y=2, c=(a   b    c), d")]);
    let message = Message::request(&request);
    let member = |key: &str| Component::field("example-dict").key(key);
    assert_eq!(
        lines(
            vec![member("a"), member("d"), member("b"), member("c")],
            &message
        ),
        [
            "\"example-dict\";key=\"a\": 1",
            "\"example-dict\";key=\"d\": ?1",
            "\"example-dict\";key=\"b\": 2;x=1;y=2",
            "\"example-dict\";key=\"c\": (a b c)",
        ]
    );
    // §2.5: a member the dictionary does not have is an error.
    let err = SignatureParams::new([member("e")])
        .signature_base(&message)
        .unwrap_err();
    assert!(matches!(err, Error::MissingComponent { .. }), "{err}");
}

#[test]
fn bs_wraps_each_field_line() {
    // §2.1.3: two lines, then the same text as one line.
    let two = request(&[
        ("Example-Header", "value, with, lots"),
        ("Example-Header", "of, commas"),
    ]);
    let one = request(&[("Example-Header", "value, with, lots, of, commas")]);
    let components = || {
        vec![
            Component::field("example-header"),
            Component::field("example-header").bs(),
        ]
    };
    assert_eq!(
        lines(components(), &Message::request(&two)),
        [
            "\"example-header\": value, with, lots, of, commas",
            "\"example-header\";bs: :dmFsdWUsIHdpdGgsIGxvdHM=:, :b2YsIGNvbW1hcw==:",
        ]
    );
    assert_eq!(
        lines(components(), &Message::request(&one))[1],
        "\"example-header\";bs: :dmFsdWUsIHdpdGgsIGxvdHMsIG9mLCBjb21tYXM=:"
    );
}

#[test]
fn tr_reads_the_trailers() {
    // §2.1.4.
    let response = http::Response::builder()
        .status(200)
        .header("Content-Type", "text/plain")
        .header("Transfer-Encoding", "chunked")
        .header("Trailer", "Expires")
        .body(())
        .unwrap();
    let mut trailers = http::HeaderMap::new();
    trailers.insert("expires", "Wed, 9 Nov 2022 07:28:00 GMT".parse().unwrap());
    let message = Message::response(&response).with_trailers(&trailers);
    assert_eq!(
        lines(
            vec![
                Component::status(),
                Component::field("trailer"),
                Component::field("expires").tr()
            ],
            &message
        ),
        [
            "\"@status\": 200",
            "\"trailer\": Expires",
            "\"expires\";tr: Wed, 9 Nov 2022 07:28:00 GMT",
        ]
    );
    // Not in the headers, and no trailers given: an error, not the header's value.
    let err = SignatureParams::new([Component::field("expires").tr()])
        .signature_base(&Message::response(&response))
        .unwrap_err();
    assert!(matches!(err, Error::MissingComponent { .. }), "{err}");
}

const SIG1: &str = "sig1=:LAH8BjcfcOcLojiuOBFWn0P5keD3xAOuJRGziCLuD8r5MW9S0RoXXLzLSRfGY/3SF8kVIkHjE13SEFdTo4Af/fJ/Pu9wheqoLVdwXyY/UkBIS1M8Brc8IODsn5DFIrG0IrburbLi0uCc+E2ZIIb6HbUJ+o+jP58JelMTe0QE3IpWINTEzpxjqDf5/Df+InHCAkQCTuKsamjWXUpyOT1Wkxi7YPVNOjW4MfNuTZ9HdbD2Tr65+BXeTG9ZS/9SWuXAc+BZ8WyPz0QRz//ec3uWXd7bYYODSjRAxHqX+S1ag3LZElYyUKaAIjZ8MGOt4gXEwCSLDv/zqxZeWLj/PDkn6w==:";

/// §2.4's signed request, as the server received it.
fn section_2_4_request() -> http::Request<()> {
    http::Request::post("/foo?param=Value&Pet=dog")
        .header("Host", "example.com")
        .header("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
        .header("Content-Type", "application/json")
        .header("Content-Digest", "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:")
        .header("Content-Length", "18")
        .header("Signature-Input", "sig1=(\"@method\" \"@authority\" \"@path\" \"content-digest\" \"content-length\" \"content-type\");created=1618884475;keyid=\"test-key-rsa-pss\"")
        .header("Signature", format!(" {SIG1}"))
        .body(())
        .unwrap()
}

/// §2.4's response, before it is signed.
fn section_2_4_response() -> http::Response<()> {
    http::Response::builder()
        .status(503)
        .header("Date", "Tue, 20 Apr 2021 02:07:56 GMT")
        .header("Content-Type", "application/json")
        .header("Content-Length", "62")
        .body(())
        .unwrap()
}

fn reqres_components() -> Vec<Component> {
    vec![
        Component::status(),
        Component::field("content-length"),
        Component::field("content-type"),
        Component::field("signature").req().key("sig1"),
        Component::authority().req(),
        Component::method().req(),
    ]
}

#[test]
fn req_binds_a_response_to_its_request() {
    let request = section_2_4_request();
    let response = section_2_4_response();
    let request_message = Message::request(&request);
    let message = Message::response(&response).with_request(&request_message);
    let params = SignatureParams::new(reqres_components())
        .created(Timestamp::from_unix_seconds(1_618_884_479))
        .keyid("test-key-ecc-p256");
    let expected = [
        "\"@status\": 503",
        "\"content-length\": 62",
        "\"content-type\": application/json",
        &format!("\"signature\";req;key=\"sig1\": {}", &SIG1["sig1=".len()..]),
        "\"@authority\";req: example.com",
        "\"@method\";req: POST",
        "\"@signature-params\": (\"@status\" \"content-length\" \"content-type\" \"signature\";req;key=\"sig1\" \"@authority\";req \"@method\";req);created=1618884479;keyid=\"test-key-ecc-p256\"",
    ]
    .join("\n");
    assert_eq!(params.signature_base(&message).unwrap(), expected);

    // The RFC's signed response verifies (its components read back from Signature-Input).
    let mut signed = section_2_4_response();
    signed.headers_mut().insert("signature-input", "reqres=(\"@status\" \"content-length\" \"content-type\" \"signature\";req;key=\"sig1\" \"@authority\";req \"@method\";req);created=1618884479;keyid=\"test-key-ecc-p256\"".parse().unwrap());
    signed.headers_mut().insert("signature", "reqres=:mh17P4TbYYBmBwsXPT4nsyVzW4Rp9Fb8WcvnfqKCQLoMvzOBLD/n32tL/GPW6XE5GAS5bdsg1khK6lBzV1Cx/Q==:".parse().unwrap());
    let public = PublicKey::from_pem(
        std::fs::read(format!(
            "{ROOT}/tests/vectors/rfc9421/test-key-ecc-p256.pub.pem"
        ))
        .unwrap()
        .as_slice(),
    )
    .unwrap();
    let keys = |id: &str| {
        (id == "test-key-ecc-p256").then(|| (SignatureAlgorithm::EcdsaP256Sha256, public.clone()))
    };
    let verify = |message: &Message<'_>| {
        HttpVerifier::new(&keys)
            .at(Timestamp::from_unix_seconds(1_618_884_480))
            .verify(message)
    };
    let verified = verify(&Message::response(&signed).with_request(&request_message)).unwrap();
    assert_eq!(verified.label, "reqres");
    assert_eq!(verified.params.components(), reqres_components().as_slice());
    // Another request (a different `sig1`): refused.
    let mut other = section_2_4_request();
    other
        .headers_mut()
        .insert("signature", "sig1=:AAAA:".parse().unwrap());
    let other_message = Message::request(&other);
    assert_eq!(
        verify(&Message::response(&signed).with_request(&other_message)),
        Err(Error::SignatureMismatch)
    );
    // Without the request, the base cannot be made.
    assert!(matches!(
        verify(&Message::response(&signed)),
        Err(Error::MissingComponent { .. })
    ));
    // `req` on a request is an error (§2.4: "MUST NOT be used in a signature that targets a
    // request").
    let err = SignatureParams::new([Component::method().req()])
        .signature_base(&request_message)
        .unwrap_err();
    assert!(matches!(err, Error::MissingComponent { .. }), "{err}");
}

/// RFC 9421 B.1.4's Ed25519 key.
fn ed25519_key() -> PrivateKey {
    PrivateKey::from_jwk(
        &std::fs::read_to_string(format!(
            "{ROOT}/tests/vectors/rfc9421/test-key-ed25519.jwk.json"
        ))
        .unwrap(),
    )
    .unwrap()
}

#[test]
fn forbidden_and_unknown_parameters_are_refused_from_signature_input() {
    let key = ed25519_key();
    let public = key.public_key();
    let keys = |_: &str| Some((SignatureAlgorithm::Ed25519, public.clone()));
    for (input, what) in [
        (
            "(\"example-dict\";sf;bs)",
            "`bs` with `sf` (§2.1: incompatible)",
        ),
        ("(\"example-dict\";key=\"a\";bs)", "`bs` with `key`"),
        ("(\"example-dict\";xyz)", "an unknown parameter"),
        ("(\"@method\";sf)", "`sf` on a derived component"),
        ("(\"@status\";req)", "`req` on `@status`"),
        ("(\"example-dict\";sf=?0)", "a flag that is not true"),
    ] {
        let request = self::request(&[
            ("Example-Dict", "a=1"),
            (
                "Signature-Input",
                &format!("s={input};created=1;keyid=\"k\""),
            ),
            ("Signature", "s=:AAAA:"),
        ]);
        let err = HttpVerifier::new(&keys)
            .created_optional()
            .verify(&Message::request(&request))
            .unwrap_err();
        assert!(
            matches!(err, Error::SignatureHeader { .. }),
            "{what}: {err}"
        );
    }
}

/// Signed here with every parameter, verified here (the components read back from
/// `Signature-Input` are the ones signed).
#[test]
fn our_signatures_over_parameterized_components_verify() {
    let key = ed25519_key();
    let public = key.public_key();
    let keys = |_: &str| Some((SignatureAlgorithm::Ed25519, public.clone()));
    let mut request = request(&[
        ("Example-Dict", "a=1,  b=(x  y)"),
        ("Example-Header", "one, two"),
        ("Example-Header", "three"),
    ]);
    let components = [
        Component::field("example-dict").sf(),
        Component::field("example-dict").key("b"),
        Component::field("example-header").bs(),
    ];
    let signed = SignatureParams::new(components.clone())
        .created(Timestamp::from_unix_seconds(1_700_000_000))
        .keyid("k")
        .sign(
            &Message::request(&request),
            "sig1",
            SignatureAlgorithm::Ed25519,
            &key,
        )
        .unwrap();
    assert_eq!(
        signed.signature_input,
        "sig1=(\"example-dict\";sf \"example-dict\";key=\"b\" \"example-header\";bs);created=1700000000;keyid=\"k\""
    );
    signed.add_to(request.headers_mut()).unwrap();
    let verified = HttpVerifier::new(&keys)
        .require(components.clone())
        .at(Timestamp::from_unix_seconds(1_700_000_001))
        .verify(&Message::request(&request))
        .unwrap();
    assert_eq!(verified.params.components(), components.as_slice());
}

/// `http-message-signatures` (Python) signs requests covering `sf`, `key` and `bs` components;
/// they verify here, so both build the same base.
#[test]
fn python_signatures_over_parameterized_components_verify_here() {
    let created = 1_700_000_000;
    let case = json!({
        "alg": "ed25519", "keyid": "test-key-ed25519", "label": "py", "method": "POST",
        "url": "https://www.example.com/hook",
        "headers": [["Host", "www.example.com"], ["Priority", "u=1,   i"],
                    ["Example-Dict", "a=1,    b=2;x=1;y=2,   c=(a   b   c)"],
                    ["Example-Header", "value, with, lots"]],
        "covered": ["\"priority\";sf", "\"example-dict\";key=\"b\"", "\"example-dict\";key=\"c\"",
                    "\"example-header\";bs", "@method"],
        "created": created,
    });
    let input = json!({
        "keys": {"test-key-ed25519": format!("{ROOT}/tests/vectors/rfc9421/test-key-ed25519.pem")},
        "cases": [case],
    });
    let signed = &run_python("rfc9421.py", "sign", &input)[0];
    let request = signed_post("https://www.example.com/hook", signed, ());
    let public = PublicKey::from_pem(
        std::fs::read(format!(
            "{ROOT}/tests/vectors/rfc9421/test-key-ed25519.pub.pem"
        ))
        .unwrap()
        .as_slice(),
    )
    .unwrap();
    let keys = |_: &str| Some((SignatureAlgorithm::Ed25519, public.clone()));
    let verified = HttpVerifier::new(&keys)
        .require([
            Component::field("priority").sf(),
            Component::field("example-dict").key("b"),
            Component::field("example-header").bs(),
        ])
        .at(Timestamp::from_unix_seconds(created + 1))
        .verify(&Message::request(&request))
        .unwrap_or_else(|e| panic!("{e}: {}", signed["signature_input"]));
    assert_eq!(verified.label, "py");
}
