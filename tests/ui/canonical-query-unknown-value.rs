use signing::SignedRequest;

// The layout is "pairs" or "lines"; the escapes are the container's `escape` values.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    canonical_query(layout = "line", escape_names = "rfc-3986"),
    template = "GET{@query}"
)]
struct Request {
    #[signed(flatten)]
    params: Vec<(String, String)>,
}

fn main() {}
