use signing::{SignedRequest, Timestamp};

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Request {
    id: u32,
    #[signed(skip, rename = "n", timestamp = "unix-millis")]
    note: Timestamp,
}

fn main() {}
