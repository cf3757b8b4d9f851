use signing::SignedRequest;

// `unsigned` marks a field sent but not signed; this one is not sent on its own.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{nonce}")]
struct Request {
    nonce: u64,
    #[signed(skip)]
    note: String,
    #[signed(unsigned)]
    token: String,
}

fn main() {}
