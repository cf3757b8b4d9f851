use serde::Serialize;
use signing::SignedRequest;

#[derive(SignedRequest, Serialize)]
#[signed(jwt = "ES256", lifetime = 7200, max_lifetime = 3600)]
struct Claims {
    iss: String,
}

fn main() {}
