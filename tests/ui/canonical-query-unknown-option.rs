use signing::SignedRequest;

// `canonical_query(..)` has a closed set of options.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    canonical_query(lowercase_values, layout = "lines"),
    template = "GET{@query}"
)]
struct Request {
    #[signed(flatten)]
    params: Vec<(String, String)>,
}

fn main() {}
