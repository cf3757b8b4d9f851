use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha265")]
struct Request {
    id: u32,
}

fn main() {}
