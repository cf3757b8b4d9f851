use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{body}")]
struct Request {
    #[signed(body, digest_encoding = "base64")]
    body: Vec<u8>,
}

fn main() {}
