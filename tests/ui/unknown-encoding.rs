use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", encoding = "base32")]
struct Request {
    id: u32,
}

fn main() {}
