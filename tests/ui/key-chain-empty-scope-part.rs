use signing::SignedRequest;

// `//` leaves an empty part in the chain.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", key_chain(prefix = "AWS4", scope = "{date}//aws4_request"),
         template = "{date}")]
struct Request {
    date: String,
}

fn main() {}
