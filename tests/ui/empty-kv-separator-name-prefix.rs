use signing::SignedRequest;

// With no kv separator, `a` = `b1` and `ab` = `1` are both `ab1`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", escape = "rfc3986", kv_separator = "")]
struct Request {
    a: Option<String>,
    ab: Option<String>,
}

fn main() {}
