use signing::SignedRequest;

// A signature sent as a query parameter needs the parameter's name.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", signature = query(""))]
struct Request {
    nonce: u64,
}

fn main() {}
