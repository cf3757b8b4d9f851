use signing::{FromSignedQuery, SignedRequest};

#[derive(SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", signature = query("signature"))]
struct Request {
    user: String,
    #[signed(digest = "sha256")]
    content: Vec<u8>,
}

fn main() {}
