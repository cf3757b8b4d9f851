use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key = "hunter2")]
struct Request {
    id: u32,
}

fn main() {}
