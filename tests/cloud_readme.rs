//! README's *Cloud providers* section shows declarations; this file runs the SigV4 one, and
//! checks that the section shows it and the TC3, ACS3 and Azure ones (tests/cloud_sdks.rs)
//! character for character as the tests run them, so the README stays true.

use std::path::Path;

use sha2::Digest as _;
use signing::derived_key::{ChainKey, KeyChain};
use signing::{Secret, SignedRequest, Timestamp};

/// AWS Signature Version 4, header form: the request's path, query and headers in canonical
/// form, the key an HMAC chain over the scope, the `Authorization` header with its scheme.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    key_chain(prefix = "AWS4", scope = "{date}/{region}/{service}/aws4_request"),
    escape = "rfc3986",
    sort,
    normalize_path,
    template = "AWS4-HMAC-SHA256\n{timestamp}\n{date}/{region}/{service}/aws4_request\n\
                {sha256:{method}\n{@path}\n{@query}\n{@headers}\n{@signed_headers}\n{payload}}",
    signature = header(
        "Authorization",
        scheme = "AWS4-HMAC-SHA256",
        format = "Credential={access_key}/{date}/{region}/{service}/aws4_request, \
                  SignedHeaders={@signed_headers}, Signature={signature}"
    )
)]
struct SigV4Request<'a> {
    access_key: &'a str,
    method: &'a str,
    #[signed(path)]
    path: &'a str,
    #[signed(flatten)]
    params: Vec<(String, String)>,
    #[signed(header = "Host")]
    host: &'a str,
    #[signed(header = "Content-Type")]
    content_type: Option<&'a str>,
    #[signed(header = "Content-Length")]
    content_length: Option<usize>,
    #[signed(header = "X-Amz-Date", timestamp = "iso8601-basic")]
    timestamp: Timestamp,
    #[signed(header = "X-Amz-Security-Token")]
    token: Option<&'a str>,
    #[signed(header = "x-amz-content-sha256", digest = "sha256")]
    content_sha256: Option<&'a [u8]>,
    #[signed(digest = "sha256")]
    payload: &'a [u8],
    #[signed(timestamp = "date-basic")]
    date: Timestamp,
    region: &'a str,
    service: &'a str,
    #[signed(body)]
    body: &'a [u8],
}

const SIGV4_KEY: KeyChain = KeyChain {
    prefix: "AWS4",
    algorithm: signing::MacAlgorithm::HmacSha256,
};

#[path = "support/sigv4_suite.rs"]
mod suite;

/// The README's declaration against every case of the AWS SigV4 suite whose path is normalized
/// and whose headers are one value each of `Host`, `Content-Type`, `Content-Length` (20 of 33;
/// tests/sigv4_suite_declared.rs takes all 33): canonical request (its
/// SHA-256 ends the string to sign), string to sign, signature, every header sent.
#[test]
fn the_readme_sigv4_declaration_reproduces_the_suite() {
    let mut reached = Vec::new();
    for dir in suite::cases() {
        let case = dir.file_name().unwrap().to_string_lossy().into_owned();
        let context: serde_json::Value =
            serde_json::from_str(&suite::file(&case, "context.json")).unwrap();
        let text = suite::file(&case, "request.txt");
        let written = suite::Written::parse(&text);
        let (method, path, body) = (written.method, written.path, written.body);
        let known = ["host", "content-type", "content-length"];
        let plain = written
            .headers
            .iter()
            .all(|(n, _)| known.contains(&n.to_ascii_lowercase().as_str()));
        let omit_token = context["omit_session_token"].as_bool().unwrap_or(false);
        if !plain || omit_token || !context["normalize"].as_bool().unwrap() {
            continue;
        }
        let header = |name: &str| written.header(name);
        let params: Vec<(String, String)> = signing::canonical::query::decode_query(written.query)
            .map(|(n, v)| {
                (
                    String::from_utf8(n.into_owned()).unwrap(),
                    String::from_utf8(v.into_owned()).unwrap(),
                )
            })
            .collect();
        // 2015-08-30T12:36:00Z, every case's time.
        assert_eq!(context["timestamp"], "2015-08-30T12:36:00Z");
        let at = Timestamp::from_unix_seconds(1_440_938_160);
        let creds = &context["credentials"];
        let sign_body = context["sign_body"].as_bool().unwrap();
        let request = SigV4Request {
            access_key: creds["access_key_id"].as_str().unwrap(),
            method,
            path,
            params,
            host: header("Host").unwrap(),
            content_type: header("Content-Type"),
            content_length: header("Content-Length").map(|n| n.parse().unwrap()),
            timestamp: at,
            token: creds["token"].as_str(),
            content_sha256: sign_body.then_some(body.as_bytes()),
            payload: body.as_bytes(),
            date: at,
            region: context["region"].as_str().unwrap(),
            service: context["service"].as_str().unwrap(),
            body: body.as_bytes(),
        };
        let key = ChainKey::new(
            Secret::new(creds["secret_access_key"].as_str().unwrap()),
            SIGV4_KEY,
        );
        let signed = request.sign_with(&key).unwrap();
        let string_to_sign = String::from_utf8(signed.message().to_vec()).unwrap();
        let canonical = suite::file(&case, "header-canonical-request.txt");
        assert_eq!(
            string_to_sign.lines().last().unwrap(),
            hex::encode(sha2::Sha256::digest(canonical.as_bytes())),
            "{case}: canonical request"
        );
        assert_eq!(
            string_to_sign,
            suite::file(&case, "header-string-to-sign.txt"),
            "{case}"
        );
        assert_eq!(
            signed.signature(),
            suite::file(&case, "header-signature.txt"),
            "{case}"
        );
        let expected = suite::file(&case, "header-signed-request.txt");
        assert_eq!(
            suite::sent_header_lines(&signed),
            suite::Written::parse(&expected).header_lines(),
            "{case}: headers sent"
        );
        let authorization = suite::sent_header(&signed, "Authorization");
        request.verify(&authorization, &key).unwrap();
        reached.push(case);
    }
    assert_eq!(reached.len(), 20, "{reached:?}");
}

/// The declaration of `name` in `source`: from its `#[derive(SignedRequest)]` to the `}` that
/// ends the struct.
fn declaration<'a>(source: &'a str, name: &str) -> &'a str {
    let at = source
        .find(&format!("struct {name}<"))
        .unwrap_or_else(|| panic!("no struct {name}"));
    let start = source[..at]
        .rfind("#[derive(SignedRequest")
        .expect("a derive before the struct");
    let end = at + source[at..].find("\n}\n").expect("the struct's end") + 3;
    &source[start..end]
}

/// README's *Cloud providers* section shows these declarations exactly as the tests run them.
#[test]
fn readme_shows_the_tested_cloud_declarations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let start = readme
        .find("## Cloud providers")
        .expect("a Cloud providers section");
    let section = &readme[start..];
    let end = section[3..].find("\n## ").map_or(section.len(), |i| i + 3);
    let section = &section[..end];
    for (file, name) in [
        ("tests/cloud_readme.rs", "SigV4Request"),
        ("tests/cloud_sdks.rs", "Tc3Request"),
        ("tests/cloud_sdks.rs", "Acs3Request"),
        ("tests/cloud_sdks.rs", "AzureSharedKey"),
    ] {
        let source = std::fs::read_to_string(root.join(file)).unwrap();
        let shown = format!("```rust\n{}```", declaration(&source, name));
        assert!(
            section.contains(&shown),
            "README's Cloud providers section does not show {file}'s {name} as it is:\n{shown}"
        );
    }
}
