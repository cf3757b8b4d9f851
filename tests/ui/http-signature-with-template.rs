use signing::SignedRequest;

#[derive(SignedRequest)]
#[signed(algorithm = "ed25519", template = "{id}", encoding = "hex", signature = header("Signature"), http_signature(components("@method")), method = "GET",
         query("X-Id", format = "{id}"))]
struct Request {
    #[signed(header = "X-Id")]
    id: u32,
}

fn main() {}
