use signing::SignedRequest;

#[derive(SignedRequest, serde::Serialize)]
#[signed(jwt = "HS256", content_digest = "sha-256")]
struct Claims {
    sub: String,
}

fn main() {}
