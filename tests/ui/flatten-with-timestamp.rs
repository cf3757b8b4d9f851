use signing::SignedRequest;

// A `flatten` field holds (name, value) pairs: a one-value format does not apply.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{@query}\n{nonce}")]
struct Request {
    nonce: u64,
    #[signed(flatten, timestamp = "unix-seconds")]
    params: Vec<(String, String)>,
}

fn main() {}
