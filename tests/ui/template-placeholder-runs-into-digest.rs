use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{path}{sha256:{body}}:{nonce}")]
struct Request {
    path: String,
    body: String,
    nonce: u64,
}

fn main() {}
