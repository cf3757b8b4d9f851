use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", http_signature(components("x-id")))]
struct Request {
    #[signed(header = "X-Id")]
    id: u32,
    account: String,
}

fn main() {}
