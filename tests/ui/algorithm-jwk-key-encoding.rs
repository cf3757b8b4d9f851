use signing::SignedRequest;

// An HMAC key read as a JWK says its own encoding: `key_encoding` does not apply.
#[derive(SignedRequest)]
#[signed(algorithm = "hmac-sha256", template = "{id}", key = env("HMAC_JWK"),
         key_format = "jwk", key_encoding = "hex")]
struct Request {
    id: u32,
}

fn main() {}
