use signing::SignedRequest;

#[derive(SignedRequest, serde::Serialize)]
#[signed(jwt = "EdDSA", algorithm = "ed25519")]
struct Claims {
    sub: String,
}

fn main() {}
