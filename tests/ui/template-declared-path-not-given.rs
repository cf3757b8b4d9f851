use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", method = "POST", template = "{timestamp}{@method}{@path}")]
struct Request {
    timestamp: u64,
}

fn main() {}
