use signing::{FromSignedQuery, SignedRequest};

// Which of a request's parameters belong to `params` cannot be told apart.
#[derive(SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", template = "{@query}\n{nonce}", signature = query("sig"))]
struct Request {
    #[signed(query)]
    nonce: u64,
    #[signed(flatten)]
    params: Vec<(String, String)>,
}

fn main() {}
