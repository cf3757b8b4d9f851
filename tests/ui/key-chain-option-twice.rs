use signing::SignedRequest;

// The chain has one prefix.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key_chain(prefix = "AWS4", prefix = "TC3", scope = "{date}/aws4_request"),
         template = "{date}")]
struct Request {
    date: String,
}

fn main() {}
