use serde::Serialize;
use signing::SignedRequest;

#[derive(SignedRequest, Serialize)]
#[signed(jwt = "none")]
struct Claims {
    iss: String,
}

fn main() {}
