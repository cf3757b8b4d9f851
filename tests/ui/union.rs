use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
union Request {
    id: u32,
}

fn main() {}
