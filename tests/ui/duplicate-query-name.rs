use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct Request {
    #[signed(rename = "id")]
    customer_id: u32,
    #[signed(rename = "id")]
    order_id: u32,
}

fn main() {}
