// Without `key = env(..)`, `key = file(..)` or a `#[signed(key)]` field there is no `sign()`.
use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Request {
    id: u32,
}

fn main() {
    let _ = Request { id: 1 }.sign();
}
