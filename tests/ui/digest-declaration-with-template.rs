use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(content_digest = "sha-256", template = "{@content_digest}")]
struct Upload {
    #[signed(body)]
    body: Vec<u8>,
}

fn main() {}
