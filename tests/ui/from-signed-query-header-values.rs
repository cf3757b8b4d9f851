use signing::{FromSignedQuery, SignedRequest};

// Several values of one header are not read back yet.
#[derive(SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", template = "{@headers}", signature = header("X-Signature"))]
struct Request {
    #[signed(header = "X-Tag")]
    tags: Vec<String>,
}

fn main() {}
