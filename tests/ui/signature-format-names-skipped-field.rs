use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{date}",
         signature = header("Signature", format = "keyId=\"{key_id}\",signature=\"{signature}\""))]
struct Inbox {
    #[signed(skip)]
    key_id: String,
    date: String,
}

fn main() {}
