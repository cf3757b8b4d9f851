use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{at}")]
struct Request {
    #[signed(timestamp = "rfc3339", none = "")]
    at: Option<i64>,
}

fn main() {}
