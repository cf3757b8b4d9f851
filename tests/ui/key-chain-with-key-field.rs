use signing::{Secret, SignedRequest};

// With a key chain the key is a ChainKey, given to sign_with or loaded from env/file.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key_chain(prefix = "AWS4", scope = "{date}/aws4_request"),
         template = "{date}")]
struct Request {
    date: String,
    #[signed(key)]
    secret: Secret,
}

fn main() {}
