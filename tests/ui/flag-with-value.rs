use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", sort = true)]
struct Request {
    id: u32,
}

fn main() {}
