use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key_encoding = "base64", trim_key)]
struct Request {
    id: u32,
}

fn main() {}
