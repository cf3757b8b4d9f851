use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", skip)]
struct Request {
    id: u32,
}

fn main() {}
