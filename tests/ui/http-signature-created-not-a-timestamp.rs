use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", http_signature(components("x-id"), created = "{created}"))]
struct Request {
    #[signed(header = "X-Id")]
    id: u32,
    created: u64,
}

fn main() {}
