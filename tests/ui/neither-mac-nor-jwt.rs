use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(encoding = "hex")]
struct Request {
    id: u32,
}

fn main() {}
