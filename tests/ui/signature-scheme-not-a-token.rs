use signing::SignedRequest;

// The scheme is one RFC 9110 token: no space inside it.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    signature = header("Authorization", scheme = "AWS4 HMAC", format = "Signature={signature}")
)]
struct Request {
    nonce: u64,
}

fn main() {}
