use signing::SignedRequest;

// A query parameter cannot hold the query it is part of.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    query("X-All", format = "{@query}"),
    template = "{@query}\n{nonce}"
)]
struct Request {
    nonce: u64,
}

fn main() {}
