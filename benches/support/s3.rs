//! The S3 GET the cloud benchmark and the callgrind script both sign: the AWS S3 documentation's
//! GET Object example (examplebucket/test.txt, `Range: bytes=0-9`, unsigned payload), declared,
//! and the floor it is measured against.
#![allow(dead_code)]

use hmac::{Hmac, Mac as _};
use sha2::{Digest as _, Sha256};
use signing::{SignedRequest, Timestamp};

pub const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
pub const HOST: &str = "examplebucket.s3.amazonaws.com";
pub const PATH: &str = "/test.txt";
pub const RANGE: &str = "bytes=0-9";
pub const UNSIGNED: &str = "UNSIGNED-PAYLOAD";
pub const DATETIME: &str = "20130524T000000Z";
pub const DATE: &str = "20130524";
pub const UNIX: u64 = 1_369_353_600;
pub const SCOPE: &str = "20130524/us-east-1/s3/aws4_request";

/// The S3 GET, declared.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    key_chain(prefix = "AWS4", scope = "{date}/{region}/{service}/aws4_request"),
    template = "AWS4-HMAC-SHA256\n{timestamp}\n{date}/{region}/{service}/aws4_request\n\
                {sha256:GET\n/test.txt\n\n{@headers}\n{@signed_headers}\nUNSIGNED-PAYLOAD}",
    signature = header(
        "Authorization",
        scheme = "AWS4-HMAC-SHA256",
        format = "Credential={access_key}/{date}/{region}/{service}/aws4_request, \
                  SignedHeaders={@signed_headers}, Signature={signature}"
    )
)]
pub struct S3Get<'a> {
    pub access_key: &'a str,
    #[signed(header = "host")]
    pub host: &'a str,
    #[signed(header = "range")]
    pub range: &'a str,
    #[signed(header = "x-amz-content-sha256")]
    pub content_sha256: &'a str,
    #[signed(header = "x-amz-date", timestamp = "iso8601-basic")]
    pub timestamp: Timestamp,
    #[signed(timestamp = "date-basic")]
    pub date: Timestamp,
    pub region: &'a str,
    pub service: &'a str,
}

/// The example request.
pub fn get() -> S3Get<'static> {
    let at = Timestamp::from_unix_seconds(UNIX as i64);
    S3Get {
        access_key: ACCESS_KEY,
        host: HOST,
        range: RANGE,
        content_sha256: UNSIGNED,
        timestamp: at,
        date: at,
        region: "us-east-1",
        service: "s3",
    }
}

/// The canonical request, built once (the floor does not count building it).
pub fn canonical_request() -> String {
    format!(
        "GET\n{PATH}\n\nhost:{HOST}\nrange:{RANGE}\nx-amz-content-sha256:{UNSIGNED}\n\
         x-amz-date:{DATETIME}\n\nhost;range;x-amz-content-sha256;x-amz-date\n{UNSIGNED}"
    )
}

fn string_to_sign_into(out: &mut Vec<u8>, canonical_hash_hex: &[u8]) {
    out.clear();
    out.extend_from_slice(b"AWS4-HMAC-SHA256\n");
    out.extend_from_slice(DATETIME.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(SCOPE.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(canonical_hash_hex);
}

pub fn hex_into(bytes: &[u8], out: &mut String) {
    let mut buf = [0u8; 64];
    let n = bytes.len() * 2;
    if hex::encode_to_slice(bytes, &mut buf[..n]).is_ok() {
        out.push_str(core::str::from_utf8(&buf[..n]).unwrap_or_default());
    }
}

/// The floor: SHA-256 of the prepared canonical request, the string to sign, and one HMAC of it
/// from a prepared state of the derived key.
pub fn floor(canonical: &str, prepared: &Hmac<Sha256>, sts: &mut Vec<u8>, out: &mut String) {
    let mut hex = [0u8; 64];
    let _ = hex::encode_to_slice(Sha256::digest(canonical.as_bytes()), &mut hex);
    string_to_sign_into(sts, &hex);
    let tag = prepared
        .clone()
        .chain_update(&sts[..])
        .finalize()
        .into_bytes();
    out.clear();
    hex_into(&tag, out);
}
