use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", http_signature(label = "Sig1", components("x-id")))]
struct Request {
    #[signed(header = "X-Id")]
    id: u32,
}

fn main() {}
