use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{date}",
         signature = header("Authorization", format = "Signature keyId=\"{key_id}\",signature=\"{signature}\""))]
struct Inbox {
    key_id: String,
    date: String,
}

fn main() {}
