use signing::SignedRequest;

// A value is sent in one place.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{@query}\n{a}")]
struct Request {
    #[signed(query, header = "X-A")]
    a: String,
}

fn main() {}
