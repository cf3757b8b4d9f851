use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(jwt = "RS256", lifetime = 300)]
struct Claims {
    iss: String,
}

fn main() {}
