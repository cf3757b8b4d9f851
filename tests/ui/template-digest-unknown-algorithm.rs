use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha512", template = "{path}{md5(raw):{nonce}:{post_data}}")]
struct Request {
    path: String,
    nonce: u64,
    post_data: String,
}

fn main() {}
