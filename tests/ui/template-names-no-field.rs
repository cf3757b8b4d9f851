use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{usrname}:{api_key}")]
struct Request {
    username: String,
    api_key: String,
}

fn main() {}
