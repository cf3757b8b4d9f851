use signing::{SignedRequest, Timestamp};

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{username}:{timestamp}")]
struct Request {
    username: String,
    api_key: String,
    #[signed(timestamp = "unix-millis")]
    timestamp: Timestamp,
}

fn main() {}
