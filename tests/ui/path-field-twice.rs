use signing::SignedRequest;

// The request has one path.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{@path}\n{nonce}")]
struct Request {
    nonce: u64,
    #[signed(path)]
    path: String,
    #[signed(path)]
    other: String,
}

fn main() {}
