use signing::{Secret, SignedRequest};

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key = env("SECRET"))]
struct Request {
    id: u32,
    #[signed(key)]
    key: Secret,
}

fn main() {}
