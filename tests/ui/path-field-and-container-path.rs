use signing::SignedRequest;

// One path: the struct's or the field's.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", path = "/v1/order", template = "{@path}\n{nonce}")]
struct Request {
    nonce: u64,
    #[signed(path)]
    path: String,
}

fn main() {}
