use signing::SignedRequest;

// The scheme token is written before the format's parameters.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", signature = header("Authorization", scheme = "AWS4-HMAC-SHA256"))]
struct Request {
    nonce: u64,
}

fn main() {}
