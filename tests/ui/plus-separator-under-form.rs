use signing::SignedRequest;

// Under `form` a space becomes `+`, so `+` cannot separate pairs.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", pair_separator = "+", escape = "form")]
struct Request {
    a: String,
    b: String,
}

fn main() {}
