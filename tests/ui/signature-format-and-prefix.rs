use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{payload}",
         signature = header("X-Hub-Signature-256", prefix = "sha256=", format = "sha256={signature}"))]
struct Delivery {
    #[signed(body)]
    payload: Vec<u8>,
}

fn main() {}
