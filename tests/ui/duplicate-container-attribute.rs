use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", encoding = "hex", encoding = "base64")]
struct Request {
    id: u32,
}

fn main() {}
