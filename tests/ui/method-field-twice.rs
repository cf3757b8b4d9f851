use signing::SignedRequest;

// The request has one method.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{@method} {path}")]
struct Target {
    #[signed(method)]
    method: String,
    #[signed(method)]
    verb: String,
    path: String,
}

fn main() {}
