use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "digest: {@content_digest}")]
struct Upload {
    #[signed(body)]
    body: Vec<u8>,
}

fn main() {}
