use signing::SignedRequest;

// `key_chain(..)` takes `prefix` and `scope`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key_chain(prefx = "AWS4", scope = "{date}/aws4_request"),
         template = "{date}")]
struct Request {
    date: String,
}

fn main() {}
