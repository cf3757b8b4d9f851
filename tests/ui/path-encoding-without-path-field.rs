use signing::SignedRequest;

// `path_encoding` shapes a `#[signed(path)]` field's {@path}.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", path_encoding = "twice", template = "{nonce}")]
struct Request {
    nonce: u64,
}

fn main() {}
