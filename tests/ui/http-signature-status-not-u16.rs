use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", http_signature(components("@status")))]
struct Request {
    #[signed(status)]
    status: String,
}

fn main() {}
