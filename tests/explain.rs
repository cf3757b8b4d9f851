//! `explain()` and `explain_against()`: what a user prints when a provider refuses a signature.

use signing::{Secret, SignedRequest, Timestamp};

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", encoding = "base64", template = "{user}\n{at}", signature = header("X-Sig"))]
struct Twoline<'a> {
    user: &'a str,
    #[signed(timestamp = "unix-millis")]
    at: Timestamp,
}

const DISTINCTIVE_SECRET: &str = "zq-DISTINCTIVE-secret-9f3";

#[test]
fn explain_shows_invisible_bytes_and_never_the_key() {
    let signed = Twoline {
        user: "jos\u{e9}\t",
        at: Timestamp::from_unix_millis(1_700_000_000_000),
    }
    .sign_with(&Secret::new(format!("{DISTINCTIVE_SECRET}\n")))
    .unwrap();
    let text = signed.explain();
    assert!(text.contains("hmac-sha256"), "{text}");
    assert!(text.contains("base64"), "{text}");
    assert!(text.contains("jos\\u{e9}\\t\\n1700000000000"), "{text}");
    assert!(text.contains("X-Sig"), "{text}");
    assert!(text.contains("26 bytes"), "{text}");
    assert!(!text.contains(DISTINCTIVE_SECRET), "{text}");
    assert!(!format!("{signed:?}").contains(DISTINCTIVE_SECRET));
}

#[test]
fn explain_against_points_at_the_first_difference() {
    let signed = Twoline {
        user: "ann",
        at: Timestamp::from_unix_millis(1_700_000_000_000),
    }
    .sign_with(&Secret::new("k"))
    .unwrap();
    // The provider's documentation signs seconds, not milliseconds.
    let text = signed.explain_against("ann\n1700000000");
    assert!(text.contains("first difference at byte 14"), "{text}");
    assert!(
        text.contains("message 17 bytes, expected 14 bytes"),
        "{text}"
    );
}
