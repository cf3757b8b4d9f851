use signing::SignedRequest;

// The query form signs no header: `unsigned` says nothing there.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Request {
    nonce: u64,
    #[signed(header = "X-Token", unsigned)]
    token: String,
}

fn main() {}
