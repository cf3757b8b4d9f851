use signing::SignedRequest;

// An Ed25519 key is read as PEM (or JWK), not as a secret's text.
#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", template = "{id}", key = env("ED25519_KEY"),
         key_encoding = "base64", trim_key)]
struct Request {
    id: u32,
}

fn main() {}
