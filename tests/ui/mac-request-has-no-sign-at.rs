use signing::{Secret, SignedRequest, TimedRequest, Timestamp};

// A MAC request's timestamps are its own fields: its `sign_at` took a time and ignored it
// (issue 16). Only JWT claim sets, whose `nbf`/`exp` are computed, are `TimedRequest`s.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Order {
    id: u32,
}

fn main() {
    let key = Secret::new("k");
    let _ = Order { id: 1 }.sign_with(&key);
    let _ = Order { id: 1 }.sign_at(&key, Timestamp::from_unix_seconds(0));
}
