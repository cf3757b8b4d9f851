use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", method = "POST", template = "{lowercase:{@method}} {path}")]
struct Target {
    #[signed(method)]
    method: String,
    path: String,
}

fn main() {}
