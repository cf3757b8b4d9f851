use signing::SignedRequest;

// `{@query}` belongs in the template, not in a header's format.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{@query}\n{nonce}",
         header("X-Query", format = "{@query}"))]
struct Request {
    nonce: u64,
    #[signed(query)]
    a: String,
}

fn main() {}
