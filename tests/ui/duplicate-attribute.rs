use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Request {
    #[signed(rename = "a")]
    #[signed(rename = "b")]
    id: u32,
}

fn main() {}
