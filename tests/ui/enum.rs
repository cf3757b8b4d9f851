use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
enum Request {
    A { id: u32 },
}

fn main() {}
