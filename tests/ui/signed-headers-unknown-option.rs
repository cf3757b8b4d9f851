use signing::SignedRequest;

// `signed_headers(..)` takes header names, `prefix = ".."` and `order = ".."`.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    signed_headers("host", except = "user-agent"),
    template = "{@headers}\n{@signed_headers}"
)]
struct Request<'a> {
    #[signed(header = "Host")]
    host: &'a str,
}

fn main() {}
