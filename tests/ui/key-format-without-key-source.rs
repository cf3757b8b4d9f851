use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", template = "{id}", key_format = "jwk")]
struct Request {
    id: u32,
}

fn main() {}
