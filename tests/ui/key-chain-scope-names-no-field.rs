use signing::SignedRequest;

// Each placeholder of the scope is a field.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key_chain(prefix = "AWS4", scope = "{date}/{regoin}/aws4_request"),
         template = "{date}:{region}")]
struct Request {
    date: String,
    region: String,
}

fn main() {}
