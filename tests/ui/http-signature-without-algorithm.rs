use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", method = "GET", http_signature(components("@method")))]
struct Request {
    id: u32,
}

fn main() {}
