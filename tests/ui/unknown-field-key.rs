use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Request {
    #[signed(renam = "customerId")]
    customer_id: u32,
}

fn main() {}
