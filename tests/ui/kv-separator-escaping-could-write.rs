use signing::SignedRequest;

// Issue 16, finding 4: `a` and `a b` (written `a%20b`) gave the same message `a%20b%2F`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", escape = "rfc3986", kv_separator = "%")]
struct Rfc3986 {
    a: Option<String>,
    #[signed(rename = "a b")]
    ab: Option<String>,
}

// The same under `form`, with `kv_separator = "%3D"` and names `a` / `a=b`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", escape = "form", kv_separator = "%3D")]
struct Form {
    a: Option<String>,
    #[signed(rename = "a=b")]
    ab: Option<String>,
}

fn main() {}
