use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", http_signature(components("x-id", "signature-input")))]
struct Request {
    #[signed(header = "X-Id")]
    id: u32,
    #[signed(header = "Signature-Input")]
    input: String,
}

fn main() {}
