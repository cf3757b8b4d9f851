use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{method}-{path}", escape = "rfc3986")]
struct Request {
    method: String,
    path: String,
}

fn main() {}
