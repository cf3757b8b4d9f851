use signing::SignedRequest;

// An `unsigned` header cannot also be signed by the template.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{nonce}\n{token}")]
struct Request {
    nonce: u64,
    #[signed(header = "X-Token", unsigned)]
    token: String,
}

fn main() {}
