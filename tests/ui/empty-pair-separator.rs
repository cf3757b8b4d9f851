use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", pair_separator = "")]
struct Request {
    a: u32,
    b: u32,
}

fn main() {}
