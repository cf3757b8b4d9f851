use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", signature = body)]
struct Request {
    id: u32,
}

fn main() {}
