use signing::{FromSignedQuery, SignedRequest};

fn cents(amount: &u64, out: &mut String) {
    out.push_str(&format!("{}.{:02}", amount / 100, amount % 100));
}

#[derive(SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", signature = query("signature"))]
struct Request {
    user: String,
    #[signed(with = "cents")]
    amount: u64,
}

fn main() {}
