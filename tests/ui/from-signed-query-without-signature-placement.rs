use signing::{FromSignedQuery, SignedRequest};

#[derive(SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256")]
struct Request {
    user: String,
}

fn main() {}
