use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "(request-target): {lowercase:{method} {path}}")]
struct Target {
    method: String,
    path: String,
}

fn main() {}
