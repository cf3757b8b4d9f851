use signing::{FromSignedQuery, SignedRequest};

#[derive(SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", signature = query("signature"))]
struct Request<'a> {
    user: &'a str,
}

fn main() {}
