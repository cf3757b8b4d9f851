use signing::SignedRequest;

// `none = "null"` is how rfc3986 writes `Some("null")`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{a}@{scope}|", escape = "rfc3986")]
struct Rfc3986 {
    a: String,
    #[signed(none = "null")]
    scope: Option<String>,
}

// `strict` writes values as they are: only `none = ""` (declared equal) is possible.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{a}@{scope}|")]
struct Strict {
    a: String,
    #[signed(none = "-")]
    scope: Option<String>,
}

// Where `none` means nothing: a field that is not an `Option`, and the query form.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{a}@{b}")]
struct NotOption {
    a: String,
    #[signed(none = "!")]
    b: String,
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256")]
struct QueryForm {
    #[signed(none = "!")]
    a: Option<String>,
}

fn main() {}
