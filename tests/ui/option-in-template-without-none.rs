use signing::SignedRequest;

// `None` and `Some("")` both wrote `@|` here: two requests, one signature (issue 16).
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{a}@{scope}|", escape = "rfc3986")]
struct Request {
    a: String,
    scope: Option<String>,
}

fn main() {}
