use signing::SignedRequest;

// Each `canonical_query(..)` option is given once.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    canonical_query(layout = "lines", layout = "pairs"),
    template = "GET{@query}"
)]
struct Request {
    #[signed(flatten)]
    params: Vec<(String, String)>,
}

fn main() {}
