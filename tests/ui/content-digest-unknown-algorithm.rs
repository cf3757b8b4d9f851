use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(content_digest = "sha256")]
struct Upload {
    #[signed(body)]
    body: Vec<u8>,
}

fn main() {}
