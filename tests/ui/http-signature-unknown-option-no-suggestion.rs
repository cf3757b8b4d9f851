use signing::SignedRequest;

// Nothing close to a known option: the error lists them.
#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", http_signature(components("x-id"), zzzz = "k"))]
struct Request {
    #[signed(header = "X-Id")]
    id: u32,
}

fn main() {}
