use signing::SignedRequest;

// Joining a repeated name's values with nothing would sign `a=1&a=2` as `a=12`.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    canonical_query(join_repeated = ""),
    template = "GET\n{@query}"
)]
struct Request {
    #[signed(flatten)]
    params: Vec<(String, String)>,
}

fn main() {}
