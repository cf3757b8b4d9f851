use signing::SignedRequest;

// `{@signed_headers}` is written into the message, from the template.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{@headers}\n{nonce}",
         header("X-Signed", format = "{@signed_headers}"))]
struct Request {
    nonce: u64,
    #[signed(header = "Host")]
    host: String,
}

fn main() {}
