use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{method}:{note}")]
struct Request {
    method: String,
    #[signed(skip)]
    note: String,
}

fn main() {}
