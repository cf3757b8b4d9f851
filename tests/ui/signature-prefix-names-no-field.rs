use signing::SignedRequest;

// A signature header's prefix may name fields, which must exist.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    template = "{account}\n{nonce}",
    signature = header("Authorization", prefix = "SharedKey {acount}:")
)]
struct Request<'a> {
    account: &'a str,
    nonce: u64,
}

fn main() {}
