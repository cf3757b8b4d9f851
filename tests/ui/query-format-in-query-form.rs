use signing::SignedRequest;

// In the query form every field is a parameter; `query(.., format = ..)` needs a template.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", query("X-Credential", format = "{access_key}/scope"))]
struct Request<'a> {
    access_key: &'a str,
}

fn main() {}
