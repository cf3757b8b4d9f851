use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", frobnicate)]
struct Request {
    id: u32,
}

fn main() {}
