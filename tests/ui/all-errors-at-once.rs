use signing::{SignedRequest, Timestamp};

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha265", encodng = "hex")]
struct Request {
    #[signed(timestamp = "unix-milis")]
    at: Timestamp,
    #[signed(rename = "at")]
    other: u32,
}

fn main() {}
