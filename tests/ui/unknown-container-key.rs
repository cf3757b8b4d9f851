use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", encodng = "hex")]
struct Request {
    id: u32,
}

fn main() {}
