use signing::SignedRequest;

// The canonical header block has one order.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    signed_headers(prefix = "x-ms-", order = "bytes", order = "bytes"),
    template = "{@headers}"
)]
struct Request<'a> {
    #[signed(header = "x-ms-date")]
    date: &'a str,
}

fn main() {}
