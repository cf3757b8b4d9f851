use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key = envv("SECRET"))]
struct Request {
    id: u32,
}

fn main() {}
