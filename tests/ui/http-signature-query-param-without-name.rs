use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", http_signature(components("@query-param")))]
struct Request {
    #[signed(query)]
    q: String,
}

fn main() {}
