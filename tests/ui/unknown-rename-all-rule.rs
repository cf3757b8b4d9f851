use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", rename_all = "camelcase")]
struct Request {
    customer_id: u32,
}

fn main() {}
