use signing::SignedRequest;

// A signed header name is an HTTP token: no spaces, no `:`.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    signed_headers("content type", prefix = "x-acs:"),
    template = "{@headers}\n{@signed_headers}"
)]
struct Request<'a> {
    #[signed(header = "Host")]
    host: &'a str,
}

fn main() {}
