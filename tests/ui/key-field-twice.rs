use signing::{Secret, SignedRequest};

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Request {
    id: u32,
    #[signed(key)]
    key: Secret,
    #[signed(key)]
    other_key: Secret,
}

fn main() {}
