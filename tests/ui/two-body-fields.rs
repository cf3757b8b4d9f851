use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{a}:{b}")]
struct Request {
    #[signed(body)]
    a: Vec<u8>,
    #[signed(body)]
    b: Vec<u8>,
}

fn main() {}
