use signing::SignedRequest;

// `{a}%{b}` gives `%20%20` for both (" ", "20") and ("", "20 "): `%` is in every escape.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{a}%{b}", escape = "rfc3986")]
struct Request {
    a: String,
    b: String,
}

fn main() {}
