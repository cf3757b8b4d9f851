use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", template = "{status}")]
struct Request {
    #[signed(status)]
    status: u16,
}

fn main() {}
