use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Request {
    id: u32,
    #[signed(key)]
    key: String,
}

fn main() {}
