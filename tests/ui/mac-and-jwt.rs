use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", jwt = "RS256")]
struct Request {
    id: u32,
}

fn main() {}
