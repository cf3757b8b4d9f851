//! A presigned S3 GET URL (AWS Signature Version 4, query form), declared.
//!
//! ```text
//! cargo run --example s3_presign
//! AWS_SECRET_ACCESS_KEY=... cargo run --example s3_presign -- AKIA... my-bucket photos/cat.jpg
//! AWS_SECRET_ACCESS_KEY=... cargo run --example s3_presign -- AKIA... my-bucket photos/cat.jpg http://127.0.0.1:9000
//! ```
//!
//! Everything SigV4 asks for is in the declaration: the `X-Amz-*` parameters are query fields
//! (`X-Amz-Date`, `X-Amz-Expires`) or written from a format (`X-Amz-Credential` from the access
//! key, the date and the region; `X-Amz-SignedHeaders` from the header fields), `{@query}` writes
//! them sorted and RFC 3986-encoded, `{@path}` the object key's path (encoded
//! once, not normalized: S3's rules), `{@headers}`/`{@signed_headers}` the one signed header
//! (`host`, a header field: its value is written as a header, unescaped, so `127.0.0.1:9000`
//! stays as it is), the digest group the canonical request's SHA-256, and `key_chain` the
//! signing key (`"AWS4" + secret -> date -> region -> "s3" -> "aws4_request"`, kept per scope by
//! the `ChainKey`). With a fourth argument, an S3-compatible endpoint, the URL is path-style
//! (`{endpoint}/{bucket}/{key}`, as MinIO and s3s serve it; `tests/s3_server.rs` fetches such
//! URLs from a real server). Without arguments it signs the AWS documentation's example request
//! (examplebucket/test.txt, 2013-05-24, 86400 s), whose published signature is
//! `aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404`.

use signing::derived_key::{ChainKey, KeyChain};
use signing::{MacAlgorithm, Secret, SignedRequest, Timestamp};

#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    key_chain(prefix = "AWS4", scope = "{date}/{region}/s3/aws4_request"),
    escape = "rfc3986",
    sort,
    query("X-Amz-Algorithm", format = "AWS4-HMAC-SHA256"),
    query("X-Amz-Credential", format = "{access_key}/{date}/{region}/s3/aws4_request"),
    query("X-Amz-SignedHeaders", format = "{@signed_headers}"),
    template = "AWS4-HMAC-SHA256\n{timestamp}\n{date}/{region}/s3/aws4_request\n\
                {sha256:GET\n{@path}\n{@query}\n{@headers}\n{@signed_headers}\nUNSIGNED-PAYLOAD}",
    signature = query("X-Amz-Signature")
)]
struct PresignedGet<'a> {
    access_key: &'a str,
    #[signed(path)]
    path: &'a str,
    #[signed(query, rename = "X-Amz-Date", timestamp = "iso8601-basic")]
    timestamp: Timestamp,
    #[signed(query, rename = "X-Amz-Expires")]
    expires: u32,
    #[signed(timestamp = "date-basic")]
    date: Timestamp,
    region: &'a str,
    #[signed(header = "Host")]
    host: &'a str,
}

const SIGV4: KeyChain = KeyChain {
    prefix: "AWS4",
    algorithm: MacAlgorithm::HmacSha256,
};

fn main() -> Result<(), signing::Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (access_key, bucket, key, endpoint, secret, at) = match args.as_slice() {
        [access_key, bucket, key, rest @ ..] if rest.len() <= 1 => (
            access_key.clone(),
            bucket.clone(),
            key.clone(),
            rest.first().cloned(),
            Secret::from_env("AWS_SECRET_ACCESS_KEY")?,
            Timestamp::now(),
        ),
        _ => (
            "AKIAIOSFODNN7EXAMPLE".to_owned(),
            "examplebucket".to_owned(),
            "test.txt".to_owned(),
            None,
            Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            // Fri, 24 May 2013 00:00:00 GMT
            Timestamp::from_unix_seconds(1_369_353_600),
        ),
    };
    let region = "us-east-1";
    // Virtual-hosted style on AWS; path style on an S3-compatible endpoint.
    let (base, host, path) = match &endpoint {
        Some(endpoint) => {
            let endpoint = endpoint.trim_end_matches('/');
            let host = endpoint
                .split_once("://")
                .map_or(endpoint, |(_, host)| host)
                .to_owned();
            (endpoint.to_owned(), host, format!("/{bucket}/{key}"))
        }
        None => {
            let host = format!("{bucket}.s3.amazonaws.com");
            (format!("https://{host}"), host, format!("/{key}"))
        }
    };
    let request = PresignedGet {
        access_key: &access_key,
        path: &path,
        timestamp: at,
        expires: 86_400,
        date: at,
        region,
        host: &host,
    };
    let signed = request.sign_with(&ChainKey::new(secret, SIGV4))?;
    println!("{}", signed.url(&base)?);
    Ok(())
}
