use signing::{FromSignedQuery, SignedRequest};

#[derive(SignedRequest, FromSignedQuery)]
#[signed(algorithm = "ed25519", http_signature(components("x-id")))]
struct Request {
    #[signed(header = "X-Id")]
    id: u32,
}

fn main() {}
