use signing::SignedRequest;

// `alg` (write the algorithm's name in the parameters) is a flag given once.
#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", http_signature(components("x-id"), alg, alg))]
struct Request {
    #[signed(header = "X-Id")]
    id: u32,
}

fn main() {}
