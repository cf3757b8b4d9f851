use signing::SignedRequest;

// A value is sent in one place.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{@path}\n{nonce}")]
struct Request {
    nonce: u64,
    #[signed(path, header = "X-Path")]
    path: String,
}

fn main() {}
