use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", algorithm = "ed25519", template = "{id}")]
struct Request {
    id: u32,
}

fn main() {}
