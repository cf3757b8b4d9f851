use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", method = "GET", http_signature(components("@status", "@method")))]
struct Request {
    #[signed(status)]
    status: u16,
}

fn main() {}
