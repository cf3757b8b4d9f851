use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{@method} {path}")]
struct Target {
    #[signed(method, header = "X-Method")]
    method: String,
    path: String,
}

fn main() {}
