use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Request {
    #[signed(rename = "a&b")]
    id: u32,
}

fn main() {}
