use signing::SignedRequest;

// The name as the message writes it: `a/b` is `a%2Fb` under rfc3986, which holds `%`, the start
// of the kv separator `%=`; `a b` is `a+b` under form, which holds `+`, the start of `+:`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", escape = "rfc3986", kv_separator = "%=")]
struct Rfc3986 {
    #[signed(rename = "a/b")]
    ab: String,
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", escape = "form", kv_separator = "+:")]
struct Form {
    #[signed(rename = "a b")]
    ab: String,
}

fn main() {}
