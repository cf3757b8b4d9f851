use signing::SignedRequest;

// A JWT's header is the token, with an optional literal prefix.
#[derive(SignedRequest, serde::Serialize)]
#[signed(jwt = "HS256", lifetime = 60, signature = header("Authorization", prefix = "Bearer {sub}:"))]
struct Claims {
    sub: String,
}

fn main() {}
