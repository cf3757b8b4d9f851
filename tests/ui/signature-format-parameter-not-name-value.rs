use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{timestamp}.{payload}",
         signature = header("Stripe-Signature", format = "{timestamp},v1={signature}"))]
struct Event {
    timestamp: u64,
    #[signed(body)]
    payload: Vec<u8>,
}

fn main() {}
