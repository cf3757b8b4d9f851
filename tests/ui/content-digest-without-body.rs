use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(content_digest = "sha-256")]
struct Upload {
    #[signed(header = "Content-Type")]
    content_type: String,
}

fn main() {}
