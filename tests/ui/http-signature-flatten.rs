use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", path = "/", http_signature(components("@query")))]
struct Request {
    #[signed(flatten)]
    pairs: Vec<(String, String)>,
}

fn main() {}
