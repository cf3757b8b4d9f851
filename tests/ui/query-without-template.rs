use signing::SignedRequest;

// In the query form every field is already a query parameter.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Request {
    #[signed(query)]
    symbol: String,
}

fn main() {}
