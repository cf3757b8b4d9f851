use signing::{FromSignedQuery, SignedRequest};

// A `flatten` field read back holds the parameters as text (a query is text).
#[derive(SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", template = "{@query}\n{nonce}", signature = query("sig"))]
struct Request {
    #[signed(query)]
    nonce: u64,
    #[signed(flatten)]
    params: Vec<(String, Vec<u8>)>,
}

fn main() {}
