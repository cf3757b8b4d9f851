use signing::SignedRequest;

// One separator between the parameters of a signature header.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{t}",
         signature = header("Authorization", scheme = "X", format = "t={t}, a=1,v1={signature}"))]
struct Request {
    t: u64,
}

fn main() {}
