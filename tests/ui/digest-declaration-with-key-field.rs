use signing::SignedRequest;

// Only `content_digest`, no signature: the digest of the body needs no key.
#[derive(SignedRequest)]
#[signed(content_digest = "sha-256", method = "POST", path = "/items")]
struct Upload {
    #[signed(key)]
    secret: String,
    #[signed(body)]
    body: String,
}

fn main() {}
