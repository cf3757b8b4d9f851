//! The presigned S3 GET URL declaration (SigV4 in the query) that tests/cloud_server.rs and
//! tests/s3_server.rs both sign and read back: one declaration, so the one checked against s3s
//! is the one the verifier tests exercise.

use signing::{FromSignedQuery, SignedRequest, Timestamp};

/// A presigned S3 GET URL (the client signs it, a server reads it back): `X-Amz-Date` and
/// `X-Amz-Expires` are query fields, the credential and the signed header names written from
/// formats (the date and region the credential carries are read back from it), the signature the `X-Amz-Signature`
/// parameter, the payload unsigned. `host` is a header field written by `{@headers}` (as a
/// header value, not escaped): a template placeholder would be escaped as `escape` says, and
/// `127.0.0.1:8014` is not `127.0.0.1%3A8014`. The URL itself sends no header: any client
/// fetching it sends the same `Host`. Owned, it is also what a server reads back
/// (`FromSignedQuery`): the test checks that this side accepts what s3s accepts.
#[derive(SignedRequest, FromSignedQuery, Debug, Clone, PartialEq)]
#[signed(
    mac = "hmac-sha256",
    method = "GET",
    key_chain(prefix = "AWS4", scope = "{date}/{region}/s3/aws4_request"),
    escape = "rfc3986",
    sort,
    query("X-Amz-Algorithm", format = "AWS4-HMAC-SHA256"),
    query("X-Amz-Credential", format = "{access_key}/{date}/{region}/s3/aws4_request"),
    query("X-Amz-SignedHeaders", format = "{@signed_headers}"),
    template = "AWS4-HMAC-SHA256\n{timestamp}\n{date}/{region}/s3/aws4_request\n\
                {sha256:{@method}\n{@path}\n{@query}\n{@headers}\n{@signed_headers}\n\
                UNSIGNED-PAYLOAD}",
    signature = query("X-Amz-Signature")
)]
pub struct S3PresignedGet {
    pub access_key: String,
    #[signed(path)]
    pub path: String,
    #[signed(query, rename = "X-Amz-Date", timestamp = "iso8601-basic")]
    pub timestamp: Timestamp,
    #[signed(query, rename = "X-Amz-Expires")]
    pub expires: u32,
    #[signed(header = "Host")]
    pub host: String,
    #[signed(timestamp = "date-basic")]
    pub date: Timestamp,
    pub region: String,
}
