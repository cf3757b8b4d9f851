use signing::SignedRequest;

// A `query(.., format = ..)` parameter is signed by `{@query}`, which this template lacks.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    query("X-Credential", format = "{access_key}/scope"),
    template = "{nonce}\n{access_key}"
)]
struct Request<'a> {
    access_key: &'a str,
    nonce: u64,
}

fn main() {}
