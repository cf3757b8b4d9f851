use signing::SignedRequest;

// `a=` + `==` + `v` reads as `a` + `==` + `=v`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", kv_separator = "==")]
struct Request {
    #[signed(rename = "a=")]
    first: Option<String>,
    a: Option<String>,
}

fn main() {}
