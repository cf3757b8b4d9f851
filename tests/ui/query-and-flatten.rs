use signing::SignedRequest;

// `flatten` sends each pair as a parameter already: `query` on the same field says it twice.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{@query}\n{nonce}")]
struct Request {
    nonce: u64,
    #[signed(query, flatten)]
    params: Vec<(String, String)>,
}

fn main() {}
