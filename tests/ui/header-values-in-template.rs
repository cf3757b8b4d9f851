use signing::SignedRequest;

// A header field of several values is written by `{@headers}`, not by a placeholder.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{@headers}\n{tags}")]
struct Request<'a> {
    #[signed(header = "X-Tag")]
    tags: Vec<&'a str>,
}

fn main() {}
