use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Request {
    #[signed(with = "write amount!")]
    amount: u64,
}

fn main() {}
