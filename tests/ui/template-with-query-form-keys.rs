use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    template = "{method}:{path}",
    sort,
    pair_separator = ";"
)]
struct Request {
    #[signed(rename = "m")]
    method: String,
    path: String,
}

fn main() {}
