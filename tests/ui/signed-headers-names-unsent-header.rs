use signing::SignedRequest;

// A header named in `signed_headers(..)` must be one a field sends.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    signed_headers("host", "content-type"),
    template = "{@headers}\n{@signed_headers}"
)]
struct Request<'a> {
    #[signed(header = "Host")]
    host: &'a str,
}

fn main() {}
