use signing::SignedRequest;

// The canonical header block is in byte order or in the word sort.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    signed_headers(prefix = "x-ms-", order = "wordsort"),
    template = "{@headers}"
)]
struct Request<'a> {
    #[signed(header = "x-ms-date")]
    date: &'a str,
}

fn main() {}
