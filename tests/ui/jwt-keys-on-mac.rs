use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", lifetime = 300, kid = "k1", iat)]
struct Request {
    id: u32,
}

fn main() {}
