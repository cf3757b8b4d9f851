use signing::{FromSignedQuery, SignedRequest};

#[derive(SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", template = "{user}:{api_key}", signature = header("X-Signature"))]
struct Request {
    user: String,
    #[signed(header = "X-Api-Key")]
    api_key: String,
}

fn main() {}
