use signing::SignedRequest;

// The parts the key is derived over must be declared.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key_chain(prefix = "AWS4"), template = "{date}")]
struct Request {
    date: String,
}

fn main() {}
