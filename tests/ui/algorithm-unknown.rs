use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed2519", template = "{id}")]
struct Request {
    id: u32,
}

fn main() {}
