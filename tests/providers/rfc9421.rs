//! RFC 9421 HTTP Message Signatures, `hmac-sha256` (Appendix B.2.5): the signature base is one
//! line per covered component, then `"@signature-params"` with the same text the
//! `Signature-Input` header carries; the signature goes in `Signature: <label>=:<base64>:`, a
//! structured-field dictionary that may hold other labels.

use signing::{Error, Secret, SignedRequest, Timestamp};

use super::{text, vector};

#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha256",
    encoding = "base64",
    template = "\"date\": {date}\n\"@authority\": {authority}\n\"content-type\": {content_type}\n\
                \"@signature-params\": (\"date\" \"@authority\" \"content-type\");\
                created={created};keyid=\"{keyid}\"",
    header("Signature-Input", format = "sig-b25=(\"date\" \"@authority\" \"content-type\");\
                                        created={created};keyid=\"{keyid}\""),
    signature = header("Signature", format = "sig-b25=:{signature}:")
)]
struct SignedRequestB25<'a> {
    #[signed(header = "Date")]
    date: &'a str,
    authority: &'a str,
    #[signed(header = "Content-Type")]
    content_type: &'a str,
    #[signed(timestamp = "unix-seconds")]
    created: Timestamp,
    keyid: &'a str,
}

fn request() -> SignedRequestB25<'static> {
    SignedRequestB25 {
        date: "Tue, 20 Apr 2021 02:07:55 GMT",
        authority: "example.com",
        content_type: "application/json",
        created: Timestamp::from_unix_seconds(1_618_884_473),
        keyid: "test-shared-secret",
    }
}

#[test]
fn appendix_b_2_5() {
    let v = vector("rfc9421-b2.5-hmac-sha256");
    let key = Secret::from_base64(text(&v["inputs"]["test-shared-secret_b64"])).unwrap();
    let signed = request().sign_with(&key).unwrap();
    assert_eq!(signed.message(), text(&v["message"]).as_bytes());
    let header = |name: &str| signed.headers().find(|(n, _)| *n == name).map(|(_, v)| v);
    assert_eq!(
        header("Signature-Input"),
        Some(text(&v["expected"]["Signature-Input"]))
    );
    assert_eq!(header("Signature"), Some(text(&v["expected"]["Signature"])));
    assert_eq!(header("Date"), Some("Tue, 20 Apr 2021 02:07:55 GMT"));
}

#[test]
fn verify_reads_its_label_from_the_dictionary() {
    let v = vector("rfc9421-b2.5-hmac-sha256");
    let key = Secret::from_base64(text(&v["inputs"]["test-shared-secret_b64"])).unwrap();
    let received = text(&v["expected"]["Signature"]);
    assert_eq!(request().verify(received, &key), Ok(()));
    let with_others = format!("sig-other=:AAAA:, {received}");
    assert_eq!(request().verify(&with_others, &key), Ok(()));
    let other_date = SignedRequestB25 {
        date: "Tue, 20 Apr 2021 02:07:56 GMT",
        ..request()
    };
    assert_eq!(
        other_date.verify(received, &key),
        Err(Error::SignatureMismatch)
    );
    // The format is `sig-b25=:{signature}:`: the signature without its colons is refused
    // (issue 16, finding 7: it verified).
    let bare = received.replace(':', "");
    assert!(
        matches!(
            request().verify(&bare, &key),
            Err(Error::SignatureHeader { ref reason, .. }) if reason.contains("not written `:…:`")
        ),
        "{bare}: {:?}",
        request().verify(&bare, &key)
    );
    assert!(matches!(
        request().verify("sig-other=:AAAA:", &key),
        Err(Error::SignatureHeader {
            header: "Signature",
            ..
        })
    ));
}
