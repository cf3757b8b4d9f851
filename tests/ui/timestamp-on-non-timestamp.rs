use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Request {
    #[signed(timestamp = "unix-millis")]
    at: u64,
}

fn main() {}
