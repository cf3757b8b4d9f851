use signing::{SignedRequest, Timestamp};

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Request {
    #[signed(timestamp = "unix-milis")]
    at: Timestamp,
}

fn main() {}
