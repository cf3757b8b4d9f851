// Both derives read the same attributes and both report a mistake in them; rustc shows it once.
use signing::{FromSignedQuery, SignedRequest};

#[derive(SignedRequest, FromSignedQuery)]
#[signed(mac = "hmac-sha256", signature = query("signature"), encoding = "hexx")]
struct Order {
    symbol: String,
}

fn main() {}
