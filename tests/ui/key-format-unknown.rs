use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", template = "{id}", key = env("KEY"), key_format = "jkw")]
struct Request {
    id: u32,
}

fn main() {}
