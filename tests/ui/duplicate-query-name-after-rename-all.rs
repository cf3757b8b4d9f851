use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", rename_all = "camelCase")]
struct Request {
    #[signed(rename = "appKey")]
    key_of_app: String,
    app_key: String,
}

fn main() {}
