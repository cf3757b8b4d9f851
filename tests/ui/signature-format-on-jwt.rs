use serde::Serialize;
use signing::SignedRequest;

#[derive(SignedRequest, Serialize)]
#[signed(jwt = "RS256", header("X-Issuer", format = "iss={iss}"),
         signature = header("Authorization", format = "token={signature}"))]
struct Claims {
    iss: String,
}

fn main() {}
