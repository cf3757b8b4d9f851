//! RFC 4231 test cases 1, 2 and 6 (HMAC-SHA256 and HMAC-SHA512): the message is the data, as
//! raw bytes, and the key is given in hex.

use signing::{Secret, SignedRequest};

use crate::{text, vector};

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{data}")]
struct Sha256Case<'a> {
    #[signed(body)]
    data: &'a [u8],
}

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha512", template = "{data}")]
struct Sha512Case<'a> {
    #[signed(body)]
    data: &'a [u8],
}

#[test]
fn test_cases_1_2_6() {
    for id in ["rfc4231-tc1", "rfc4231-tc2", "rfc4231-tc6"] {
        for sha in ["sha256", "sha512"] {
            let v = vector(&format!("{id}-hmac-{sha}"));
            let key = Secret::from_hex(text(&v["inputs"]["key_hex"])).unwrap();
            let data = hex::decode(text(&v["inputs"]["data_hex"])).unwrap();
            let signed = if sha == "sha256" {
                Sha256Case { data: &data }.sign_with(&key).unwrap()
            } else {
                Sha512Case { data: &data }.sign_with(&key).unwrap()
            };
            assert_eq!(
                signed.signature(),
                text(&v["expected"]["mac_hex"]),
                "{id} {sha}"
            );
        }
    }
}
