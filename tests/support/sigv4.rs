//! AWS Signature Version 4 laid out with the runtime's general pieces, shared by the suite test
//! (tests/sigv4_suite.rs) and the differential test against the `aws-sigv4` crate
//! (tests/sigv4_differential.rs). `canonical::{path, query, headers}` write the request's parts,
//! `derived_key` makes the signing key (cached per scope), `authorization` writes the header;
//! what is SigV4's own (the order of the canonical request's lines, the `X-Amz-*` names, the
//! scope) is data here, as a declaration will hold it.

#![allow(dead_code)] // each test uses part of it

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use signing::authorization::AuthorizationFormat;
use signing::canonical::headers::{CanonicalHeaders, SignedHeaderRule};
use signing::canonical::path::{CanonicalPath, PathEncoding};
use signing::canonical::query::{CanonicalQuery, QueryParams};
use signing::derived_key::{ChainKey, KeyChain};
use signing::MacAlgorithm;

pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
pub const CHAIN: KeyChain = KeyChain {
    prefix: "AWS4",
    algorithm: MacAlgorithm::HmacSha256,
};
pub const AUTHORIZATION: AuthorizationFormat = AuthorizationFormat {
    scheme: ALGORITHM,
    separator: ", ",
};
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The independent settings of one SigV4 signing (smithy-rs `SigningSettings` has the same ones).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub path: CanonicalPath,
    /// `Some(seconds)`: presigned (the `X-Amz-*` parameters and the signature in the query).
    pub presign_expires: Option<u64>,
    /// Header form: add `x-amz-content-sha256` (S3).
    pub content_sha256_header: bool,
    /// The payload line is `UNSIGNED-PAYLOAD` instead of the body's SHA-256.
    pub unsigned_payload: bool,
    /// The session token is signed; when not, it is added after signing.
    pub sign_session_token: bool,
    /// Headers never signed.
    pub except: &'static [&'static str],
}

impl Settings {
    pub const fn new(encoding: PathEncoding, normalize: bool) -> Settings {
        Settings {
            path: CanonicalPath::new(encoding, normalize),
            presign_expires: None,
            content_sha256_header: false,
            unsigned_payload: false,
            sign_session_token: true,
            except: &[],
        }
    }
}

/// One request to sign: the path and query decoded (as the request means them).
pub struct Input<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a [(Vec<u8>, Vec<u8>)],
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
    pub access_key_id: &'a str,
    pub session_token: Option<&'a str>,
    pub region: &'a str,
    pub service: &'a str,
    /// `20150830T123600Z`.
    pub datetime: &'a str,
}

/// Every stage of one signing, and what it adds to the request.
#[derive(Debug)]
pub struct Output {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signature: String,
    /// Header form: the headers added, in order, `Authorization` last.
    pub headers_added: Vec<(String, String)>,
    /// Presigned form: the query parameters added, in order, `X-Amz-Signature` last.
    pub params_added: Vec<(String, String)>,
    /// Presigned form: `params_added` as they go into the URL.
    pub sent_params: String,
}

pub fn sign(input: &Input<'_>, settings: &Settings, key: &ChainKey) -> Output {
    let date = &input.datetime[..8];
    let scope = format!("{date}/{}/{}/aws4_request", input.region, input.service);
    let payload = if settings.unsigned_payload {
        UNSIGNED_PAYLOAD.to_owned()
    } else {
        hex::encode(Sha256::digest(input.body))
    };
    let signed_token = input.session_token.filter(|_| settings.sign_session_token);
    let late_token = input.session_token.filter(|_| !settings.sign_session_token);

    // The headers sent: the request's, and those the header form adds.
    let mut added: Vec<(String, String)> = vec![];
    if settings.presign_expires.is_none() {
        added.push(("X-Amz-Date".into(), input.datetime.into()));
        if let Some(token) = signed_token {
            added.push(("X-Amz-Security-Token".into(), token.into()));
        }
        if settings.content_sha256_header {
            added.push(("x-amz-content-sha256".into(), payload.clone()));
        }
    }
    let rule = SignedHeaderRule {
        except: settings.except,
        ..SignedHeaderRule::ALL
    };
    let mut headers = CanonicalHeaders::new(rule);
    for (name, value) in input.headers.iter().chain(&added) {
        headers.push(name, value).expect("header");
    }
    let signed_names = headers.names(";");

    // The query signed: the request's parameters, and those the presigned form adds.
    let credential = format!("{}/{scope}", input.access_key_id);
    let mut params: Vec<(String, String)> = vec![];
    if let Some(expires) = settings.presign_expires {
        params = vec![
            ("X-Amz-Algorithm".into(), ALGORITHM.into()),
            ("X-Amz-Credential".into(), credential.clone()),
            ("X-Amz-Date".into(), input.datetime.into()),
            ("X-Amz-SignedHeaders".into(), signed_names.clone()),
            ("X-Amz-Expires".into(), expires.to_string()),
        ];
        if let Some(token) = signed_token {
            params.push(("X-Amz-Security-Token".into(), token.into()));
        }
    }
    let mut query = QueryParams::new();
    for (name, value) in input.query {
        query.push("query", name, value);
    }
    for (name, value) in &params {
        query.push("presign", name, value);
    }

    let mut canonical = Vec::new();
    canonical.extend_from_slice(input.method.as_bytes());
    canonical.push(b'\n');
    settings.path.write(&mut canonical, input.path);
    canonical.push(b'\n');
    query
        .write_canonical(&mut canonical, &CanonicalQuery::RFC3986_SORTED)
        .expect("query");
    canonical.push(b'\n');
    headers.write_block(&mut canonical);
    canonical.push(b'\n');
    canonical.extend_from_slice(signed_names.as_bytes());
    canonical.push(b'\n');
    canonical.extend_from_slice(payload.as_bytes());

    let string_to_sign = format!(
        "{ALGORITHM}\n{}\n{scope}\n{}",
        input.datetime,
        hex::encode(Sha256::digest(&canonical))
    );
    let parts: [&[u8]; 4] = [
        date.as_bytes(),
        input.region.as_bytes(),
        input.service.as_bytes(),
        b"aws4_request",
    ];
    let signing_key = key.for_scope(&parts);
    let mut mac = Hmac::<Sha256>::new_from_slice(signing_key.expose()).expect("any key length");
    mac.update(string_to_sign.as_bytes());
    let signature = hex::encode(mac.finalize().into_bytes());

    let mut sent_params = String::new();
    if settings.presign_expires.is_some() {
        if let Some(token) = late_token {
            params.push(("X-Amz-Security-Token".into(), token.into()));
        }
        params.push(("X-Amz-Signature".into(), signature.clone()));
        let mut sent = QueryParams::new();
        for (name, value) in &params {
            sent.push("presign", name, value);
        }
        let mut out = Vec::new();
        sent.write_sent(&mut out);
        sent_params = String::from_utf8(out).expect("ASCII");
    } else {
        if let Some(token) = late_token {
            added.push(("X-Amz-Security-Token".into(), token.into()));
        }
        let mut value = String::new();
        AUTHORIZATION.write(
            &mut value,
            &[
                ("Credential", &credential),
                ("SignedHeaders", &signed_names),
                ("Signature", &signature),
            ],
        );
        added.push(("Authorization".into(), value));
    }
    Output {
        canonical_request: String::from_utf8(canonical).expect("UTF-8"),
        string_to_sign,
        signature,
        headers_added: added,
        params_added: params,
        sent_params,
    }
}
