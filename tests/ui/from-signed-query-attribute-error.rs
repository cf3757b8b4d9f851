// Derived alone, FromSignedQuery reports the attribute's mistake itself (it used to leave it to
// #[derive(SignedRequest)], so only "SignedRequest is not implemented" was shown).
use signing::FromSignedQuery;

#[derive(FromSignedQuery)]
#[signed(mac = "hmac-sha256", signature = query("signature"), escape = "rfc3968")]
struct Order {
    symbol: String,
}

fn main() {}
