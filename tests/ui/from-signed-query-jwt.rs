use signing::{FromSignedQuery, SignedRequest};

#[derive(serde::Serialize, SignedRequest, FromSignedQuery)]
#[signed(jwt = "RS256")]
struct Claims {
    sub: String,
}

fn main() {}
