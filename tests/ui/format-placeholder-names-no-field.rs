use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{created}:{keyid}",
         header("Signature-Input", format = "sig1=();created={created};keyid=\"{key_id}\""),
         signature = header("Signature", format = "sig1=:{signature}:,t={timestmp}"))]
struct Request {
    created: u64,
    keyid: String,
}

fn main() {}
