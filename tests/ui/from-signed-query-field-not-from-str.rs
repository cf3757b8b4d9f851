use signing::{FromSignedQuery, SignedRequest};

struct Amount(u64);

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", signature = query("signature"))]
struct Request {
    user: String,
    amount: Amount,
}

fn main() {}
