use signing::{FromSignedQuery, SignedRequest};

// The path is not read back yet.
#[derive(SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", template = "{@path}\n{nonce}", signature = query("sig"))]
struct Request {
    #[signed(query)]
    nonce: u64,
    #[signed(path)]
    path: String,
}

fn main() {}
