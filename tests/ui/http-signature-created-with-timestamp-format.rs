use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", http_signature(components("x-id"), created = "{created}"))]
struct Request {
    #[signed(header = "X-Id")]
    id: u32,
    #[signed(timestamp = "rfc3339")]
    created: signing::Timestamp,
}

fn main() {}
