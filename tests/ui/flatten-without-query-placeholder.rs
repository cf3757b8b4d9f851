use signing::SignedRequest;

// The pairs of a `flatten` field are only signed through `{@query}`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{nonce}")]
struct Request {
    nonce: u64,
    #[signed(flatten)]
    params: Vec<(String, String)>,
}

fn main() {}
