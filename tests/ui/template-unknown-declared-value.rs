use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", path = "/v1/order", template = "{timestamp}:{@host}{@path}")]
struct Request {
    timestamp: u64,
}

fn main() {}
