use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{method}{path}")]
struct Request {
    method: String,
    path: String,
}

fn main() {}
