use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key = env("SECRET"), key_format = "jwk")]
struct Request {
    id: u32,
}

fn main() {}
