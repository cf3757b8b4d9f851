use signing::SignedRequest;

// Inside a digest group `}` ends the group, so `}}` there is not a literal brace.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{sha256:{nonce}}}{body}")]
struct Request {
    nonce: String,
    #[signed(body)]
    body: Vec<u8>,
}

fn main() {}
