use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", escape = "rfc3986", pair_separator = "-")]
struct Request {
    a: String,
    b: String,
}

fn main() {}
