use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(jwt = "ES256", key = env("JWT_KEY"))]
struct Claims<'a, T> {
    iss: &'a str,
    extra: T,
}

fn main() {}
