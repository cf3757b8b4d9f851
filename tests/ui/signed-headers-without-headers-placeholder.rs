use signing::SignedRequest;

// `signed_headers(..)` shapes `{@headers}` / `{@signed_headers}`, which the template must name.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", signed_headers(prefix = "x-ms-"), template = "{nonce}")]
struct Request<'a> {
    #[signed(header = "x-ms-date")]
    date: &'a str,
    nonce: u64,
}

fn main() {}
