//! GitHub webhooks, the receiving side: `X-Hub-Signature-256: sha256=<hex>`, HMAC-SHA256 of the
//! raw body. The header is a one-parameter list, so it is declared with a `format`.

use signing::{Error, Secret, SignedRequest};

use super::{text, vector};

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{payload}",
         signature = header("X-Hub-Signature-256", format = "sha256={signature}"))]
struct Delivery<'a> {
    #[signed(body)]
    payload: &'a [u8],
}

#[test]
fn verify_the_header_as_received() {
    let v = vector("github-webhook-x-hub-signature-256");
    let secret = Secret::new(text(&v["inputs"]["secret"]));
    let delivery = Delivery {
        payload: text(&v["inputs"]["payload"]).as_bytes(),
    };
    let header = text(&v["expected"]["X-Hub-Signature-256"]);
    assert_eq!(delivery.verify(header, &secret), Ok(()));
    assert_eq!(
        delivery.verify(&header.replace("757107", "757108"), &secret),
        Err(Error::SignatureMismatch)
    );
    let bare = text(&v["expected"]["signature_hex"]);
    assert!(matches!(
        delivery.verify(bare, &secret),
        Err(Error::SignatureHeader {
            header: "X-Hub-Signature-256",
            ..
        })
    ));
    let signed = delivery.sign_with(&secret).unwrap();
    assert_eq!(
        signed.headers().collect::<Vec<_>>(),
        [("X-Hub-Signature-256", header)]
    );
}
