// The derive fails, but its stub impl keeps the calls below from adding errors of their own:
// the user sees only what is wrong with the declaration.
use signing::{Secret, SignedRequest};

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", escpe = "none")]
struct Request {
    id: u32,
}

fn main() {
    let request = Request { id: 1 };
    let _ = request.sign_with(&Secret::new("k"));
    let _ = request.sign();
    let _ = request.verify("00", &Secret::new("k"));
}
