use serde::Serialize;
use signing::SignedRequest;

#[derive(SignedRequest, Serialize)]
#[signed(jwt = "RS256", encoding = "hex", escape = "none", sort)]
struct Claims {
    #[signed(rename = "issuer")]
    iss: String,
}

fn main() {}
