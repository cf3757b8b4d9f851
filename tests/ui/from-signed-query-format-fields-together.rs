use signing::{FromSignedQuery, SignedRequest};

// `{region}{service}`: where one field ends and the next begins cannot be read back.
#[derive(SignedRequest, FromSignedQuery)]
#[signed(
    mac = "hmac-sha256",
    template = "{region}{service}\n{nonce}",
    escape = "none",
    signature = header("Authorization", format = "Scope={region}{service}, Signature={signature}")
)]
struct Request {
    #[signed(header = "X-Nonce")]
    nonce: u64,
    region: String,
    service: String,
}

fn main() {}
