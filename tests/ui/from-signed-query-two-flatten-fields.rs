use signing::{FromSignedQuery, SignedRequest};

// The parameters no other field names are read into one `flatten` field; with two, which of
// them is whose cannot be told.
#[derive(SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", template = "{@query}\n{nonce}", signature = query("sig"))]
struct Request {
    #[signed(query)]
    nonce: u64,
    #[signed(flatten)]
    params: Vec<(String, String)>,
    #[signed(flatten)]
    more: Vec<(String, String)>,
}

fn main() {}
