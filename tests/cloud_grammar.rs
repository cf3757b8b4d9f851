//! The grammar canonical-request schemes need, declared (README, *Attribute reference*); each
//! expected value from an independent implementation, the command beside it.

use signing::{Secret, SignedRequest};

/// Two digest groups that end together: SHA-256 of the hex SHA-256 of the body.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{sha256:{sha256:{body}}}")]
struct NestedDigest<'a> {
    #[signed(body)]
    body: &'a [u8],
}

#[test]
fn nested_digest_groups_end_together() {
    // python3 -c "import hashlib,hmac;b=b'hello';m=hashlib.sha256(hashlib.sha256(b).hexdigest().encode()).hexdigest();print(m, hmac.new(b'key',m.encode(),hashlib.sha256).hexdigest())"
    //   -> d7914fe546b684688bb95f4f888a92dfc680603a75f23eb823658031fff766d9
    //      63d65928b59c33b7ff03ead73862c1a6d262e0e6d7cfd018a2dc9b53953ba466
    let signed = NestedDigest { body: b"hello" }
        .sign_with(&Secret::new("key"))
        .unwrap();
    assert_eq!(
        signed.message(),
        b"d7914fe546b684688bb95f4f888a92dfc680603a75f23eb823658031fff766d9"
    );
    assert_eq!(
        signed.signature(),
        "63d65928b59c33b7ff03ead73862c1a6d262e0e6d7cfd018a2dc9b53953ba466"
    );
}
