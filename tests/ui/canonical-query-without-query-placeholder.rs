use signing::SignedRequest;

// `canonical_query(..)` shapes `{@query}`, which the template must name.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", canonical_query(lowercase_names), template = "GET\n{nonce}")]
struct Request {
    nonce: u64,
}

fn main() {}
