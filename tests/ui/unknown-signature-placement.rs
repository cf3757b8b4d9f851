use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", signature = headr("X-Signature"))]
struct Request {
    id: u32,
}

fn main() {}
