use signing::SignedRequest;

// The `lines` layout has its own separators (`\nname:value`).
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    canonical_query(layout = "lines"),
    pair_separator = ";",
    template = "GET{@query}"
)]
struct Request {
    #[signed(flatten)]
    params: Vec<(String, String)>,
}

fn main() {}
