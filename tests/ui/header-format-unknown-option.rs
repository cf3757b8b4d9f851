use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{created}", header("Signature-Input", value = "{created}"))]
struct Request {
    created: u64,
}

fn main() {}
