use signing::SignedRequest;

// `algorithm = "hmac-sha256"` is keyed by a secret, which is never PEM.
#[derive(SignedRequest)]
#[signed(algorithm = "hmac-sha256", template = "{id}", key = env("SECRET"), key_format = "pem")]
struct Request {
    id: u32,
}

fn main() {}
