use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", http_signature(components("x-id"), created = "{creatd}"))]
struct Request {
    #[signed(header = "X-Id")]
    id: u32,
    #[signed(skip)]
    created: signing::Timestamp,
}

fn main() {}
