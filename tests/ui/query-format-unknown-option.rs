use signing::SignedRequest;

// `query(..)` on the struct takes `format = ".."` only.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    query("X-Credential", template = "{access_key}/scope"),
    template = "{@query}\n{access_key}"
)]
struct Request<'a> {
    access_key: &'a str,
}

fn main() {}
