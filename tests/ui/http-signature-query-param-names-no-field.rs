use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", path = "/", http_signature(components("@query-param;name=Pet")))]
struct Request {
    #[signed(query, rename = "pet")]
    pet: String,
}

fn main() {}
