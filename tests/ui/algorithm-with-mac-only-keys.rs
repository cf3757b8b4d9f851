use signing::SignedRequest;

// `strict_keys` and `key_chain(..)` are about a MAC secret; an `algorithm` signs with a
// `PrivateKey`.
#[derive(SignedRequest)]
#[signed(algorithm = "ecdsa-p256-sha256", template = "{date}/{region}:{id}", strict_keys,
         key_chain(prefix = "AWS4", scope = "{date}/{region}"))]
struct Request {
    id: u32,
    date: String,
    region: String,
}

fn main() {}
