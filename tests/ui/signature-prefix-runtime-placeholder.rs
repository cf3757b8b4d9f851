use signing::SignedRequest;

// The query and the header block belong in the template, not in a signature prefix.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    template = "{@query}\n{nonce}",
    signature = header("Authorization", prefix = "Scheme {@query}:")
)]
struct Request {
    #[signed(query)]
    nonce: u64,
}

fn main() {}
