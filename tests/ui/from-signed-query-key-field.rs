use signing::{FromSignedQuery, Secret, SignedRequest};

#[derive(SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", signature = query("signature"))]
struct Request {
    user: String,
    #[signed(key)]
    secret: Secret,
}

fn main() {}
