use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", http_signature(components("@status")))]
struct Request {
    #[signed(status)]
    status: u16,
    #[signed(status)]
    code: u16,
}

fn main() {}
