//! The AWS Signature Version 4 test suite (tests/vectors/aws-sigv4-suite, 33 requests), in both
//! forms (the `Authorization` header and the presigned query), every stage compared: the canonical
//! request, the string to sign, the signature, and the signed request.
//!
//! This harness drives the runtime's general pieces directly, through tests/support/sigv4.rs:
//! `canonical::{path, query, headers}` lay the request out, `derived_key` makes the signing key
//! (cached per scope), `authorization` writes the header. What is SigV4-specific (the order of the
//! canonical request's lines, the `X-Amz-*` names, the scope) is data there, as a declaration
//! will hold it.
//!
//! Reading `request.txt`: a header line that starts with a space continues the previous value
//! (HTTP's obsolete line folding, which a receiver replaces with a space, RFC 9112 §5.2); the
//! runtime then collapses the run of spaces.

use std::fs;
use std::path::Path;

use signing::canonical::path::PathEncoding;
use signing::canonical::query::decode_query;
use signing::derived_key::ChainKey;
use signing::Secret;

#[path = "support/sigv4.rs"]
mod sigv4;

#[path = "support/sigv4_suite.rs"]
mod suite;

/// A request as `request.txt` writes it.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    /// The request target as written (path, and `?query` when there is one).
    target: String,
    /// Each header's name, and its value with folded lines joined by a space.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn parse(text: &str) -> Request {
        let written = suite::Written::parse(text);
        Request {
            method: written.method.to_owned(),
            target: written.target.to_owned(),
            headers: written
                .headers
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect(),
            body: written.body.as_bytes().to_vec(),
        }
    }

    fn path(&self) -> &str {
        self.target.split_once('?').map_or(&self.target, |(p, _)| p)
    }

    fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }

    /// A form to compare two signed requests by: the request line with its query items sorted
    /// (their order is the signer's choice), the headers sorted by lower-cased name (the values
    /// of one name kept in order), the body.
    fn comparable(&self) -> String {
        let mut items: Vec<&str> = self.query().map_or(vec![], |q| q.split('&').collect());
        items.sort_unstable();
        let mut headers: Vec<(String, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.as_str()))
            .collect();
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out = format!("{} {} ?{}\n", self.method, self.path(), items.join("&"));
        for (name, value) in headers {
            out.push_str(&format!("{name}:{value}\n"));
        }
        out.push('\n');
        out.push_str(&String::from_utf8_lossy(&self.body));
        out
    }

    fn render(&self) -> String {
        let mut out = format!("{} {} HTTP/1.1\n", self.method, self.target);
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}:{value}\n"));
        }
        out.push('\n');
        out.push_str(&String::from_utf8_lossy(&self.body));
        out
    }
}

/// A case's `context.json`.
struct Context {
    access_key_id: String,
    secret: String,
    token: Option<String>,
    region: String,
    service: String,
    /// `20150830T123600Z`.
    datetime: String,
    normalize: bool,
    sign_body: bool,
    omit_session_token: bool,
    expires: u64,
}

impl Context {
    fn parse(text: &str) -> Context {
        let json: serde_json::Value = serde_json::from_str(text).expect("context.json");
        let s = |v: &serde_json::Value| v.as_str().expect("string").to_owned();
        let creds = &json["credentials"];
        // "2015-08-30T12:36:00Z" -> ISO 8601 basic; the runtime's own formats replace this when
        // the time module has them.
        let timestamp = s(&json["timestamp"]);
        let datetime: String = timestamp
            .chars()
            .filter(|c| *c != '-' && *c != ':')
            .collect();
        Context {
            access_key_id: s(&creds["access_key_id"]),
            secret: s(&creds["secret_access_key"]),
            token: creds.get("token").map(s),
            region: s(&json["region"]),
            service: s(&json["service"]),
            datetime,
            normalize: json["normalize"].as_bool().expect("normalize"),
            sign_body: json["sign_body"].as_bool().expect("sign_body"),
            omit_session_token: json
                .get("omit_session_token")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            expires: json["expiration_in_seconds"].as_u64().expect("expires"),
        }
    }
}

/// Every stage of one signing.
#[derive(Debug, PartialEq)]
struct Stages {
    canonical_request: String,
    string_to_sign: String,
    signature: String,
    signed_request: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Form {
    Header,
    Query,
}

fn sign(request: &Request, ctx: &Context, key: &ChainKey, form: Form) -> Stages {
    let query: Vec<(Vec<u8>, Vec<u8>)> = request.query().map_or(vec![], |q| {
        decode_query(q)
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect()
    });
    let path = percent_encoding::percent_decode_str(request.path()).decode_utf8_lossy();
    let input = sigv4::Input {
        method: &request.method,
        path: &path,
        query: &query,
        headers: &request.headers,
        body: &request.body,
        access_key_id: &ctx.access_key_id,
        session_token: ctx.token.as_deref(),
        region: &ctx.region,
        service: &ctx.service,
        datetime: &ctx.datetime,
    };
    let settings = sigv4::Settings {
        presign_expires: (form == Form::Query).then_some(ctx.expires),
        content_sha256_header: ctx.sign_body,
        sign_session_token: !ctx.omit_session_token,
        ..sigv4::Settings::new(PathEncoding::Once, ctx.normalize)
    };
    let out = sigv4::sign(&input, &settings, key);
    let mut signed = request.clone();
    match form {
        Form::Header => signed.headers.extend(out.headers_added),
        Form::Query => {
            signed.target = match request.query() {
                Some(q) => format!("{}?{q}&{}", request.path(), out.sent_params),
                None => format!("{}?{}", request.path(), out.sent_params),
            };
        }
    }
    Stages {
        canonical_request: out.canonical_request,
        string_to_sign: out.string_to_sign,
        signature: out.signature,
        signed_request: signed.render(),
    }
}

fn expected(dir: &Path, form: Form) -> Stages {
    let prefix = match form {
        Form::Header => "header",
        Form::Query => "query",
    };
    let read = |what: &str| {
        fs::read_to_string(dir.join(format!("{prefix}-{what}.txt"))).expect("vector file")
    };
    Stages {
        canonical_request: read("canonical-request"),
        string_to_sign: read("string-to-sign"),
        signature: read("signature"),
        signed_request: read("signed-request"),
    }
}

#[test]
fn every_case_in_both_forms_at_every_stage() {
    let cases = suite::cases();
    assert_eq!(cases.len(), 33, "the suite has 33 cases");
    let mut failures = Vec::new();
    let mut compared = 0;
    for dir in &cases {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let request = Request::parse(&fs::read_to_string(dir.join("request.txt")).unwrap());
        let ctx = Context::parse(&fs::read_to_string(dir.join("context.json")).unwrap());
        let key = ChainKey::new(Secret::new(ctx.secret.clone()), sigv4::CHAIN);
        for form in [Form::Header, Form::Query] {
            let ours = sign(&request, &ctx, &key, form);
            let theirs = expected(dir, form);
            let form_name = if form == Form::Header {
                "header"
            } else {
                "query"
            };
            let stages = [
                (
                    "canonical request",
                    &ours.canonical_request,
                    &theirs.canonical_request,
                ),
                (
                    "string to sign",
                    &ours.string_to_sign,
                    &theirs.string_to_sign,
                ),
                ("signature", &ours.signature, &theirs.signature),
            ];
            for (stage, a, b) in stages {
                compared += 1;
                if a != b {
                    failures.push(format!(
                        "{name} ({form_name}) {stage}:\n{a}\n--- expected\n{b}"
                    ));
                }
            }
            compared += 1;
            let a = Request::parse(&ours.signed_request).comparable();
            let b = Request::parse(&theirs.signed_request).comparable();
            if a != b {
                failures.push(format!(
                    "{name} ({form_name}) signed request:\n{a}\n--- expected\n{b}"
                ));
            }
        }
    }
    assert_eq!(compared, 33 * 2 * 4);
    assert!(
        failures.is_empty(),
        "{} of {compared} stages differ:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
