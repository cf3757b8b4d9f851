use signing::{Secret, SignedRequest};

// With `algorithm`, a key field holds a `signing::PrivateKey`.
#[derive(SignedRequest)]
#[signed(algorithm = "rsa-pss-sha512", template = "{id}")]
struct Request {
    id: u32,
    #[signed(key)]
    key: Secret,
}

fn main() {}
