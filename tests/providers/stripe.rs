//! Stripe webhooks, the receiving side. Stripe's construction (docs.stripe.com/webhooks,
//! "Verify signatures manually"): the signed payload is the timestamp, `.`, and the raw body;
//! the signature is lowercase hex HMAC-SHA256 of it with the endpoint secret; the header is
//! `Stripe-Signature: t=<timestamp>,v1=<hex>` with one `v1` per live secret while a secret is
//! being rotated (and possibly a `v0` test signature); a receiver accepts the event if any `v1`
//! matches (comparing each in constant time) and refuses a timestamp more than a tolerance
//! (300 s by default) away from its clock.

use std::time::Duration;

use signing::header_format::param;
use signing::replay::{MemoryNonceStore, ReplayGuard};
use signing::{Error, Secret, SignedRequest, Timestamp, TimestampFormat};

#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", template = "{timestamp}.{payload}",
         signature = header("Stripe-Signature", format = "t={timestamp},v1={signature}"))]
struct Event<'a> {
    #[signed(timestamp = "unix-seconds")]
    timestamp: Timestamp,
    #[signed(body)]
    payload: &'a [u8],
}

const PAYLOAD: &[u8] = br#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded"}"#;
const SECRET: &str = "whsec_test_secret_for_signing_crate";
const OLD_SECRET: &str = "whsec_previous_secret_before_rotation";
// printf '%s' '{"id":"evt_1","object":"event","type":"payment_intent.succeeded"}' | python3 -c "import hmac,hashlib,sys;print(hmac.new(b'whsec_test_secret_for_signing_crate',b'1700000000.'+sys.stdin.buffer.read(),hashlib.sha256).hexdigest())"
const V1: &str = "2aa0c86e240bdb16d9e5bf0aa1c0a52efcbfa9ab044d17a92a764c6f8a497f96";
// The same with b'whsec_previous_secret_before_rotation'.
const V1_OLD: &str = "6934486cdbdfcef8039ceaa71a1c54932360a44f330b3365310aeebcc89486e2";

/// What a receiver does with the body and the `Stripe-Signature` header it got.
fn receive(header: &str, secret: &Secret) -> Result<Timestamp, Error> {
    let t = param(header, "t").ok_or(Error::SignatureMismatch)?;
    let timestamp = Timestamp::parse(t, TimestampFormat::UnixSeconds)?;
    Event {
        timestamp,
        payload: PAYLOAD,
    }
    .verify(header, secret)?;
    Ok(timestamp)
}

#[test]
fn sign_writes_the_header() {
    let event = Event {
        timestamp: Timestamp::from_unix_seconds(1_700_000_000),
        payload: PAYLOAD,
    };
    let signed = event.sign_with(&Secret::new(SECRET)).unwrap();
    assert_eq!(signed.signature(), V1);
    assert_eq!(
        signed.headers().collect::<Vec<_>>(),
        [("Stripe-Signature", format!("t=1700000000,v1={V1}").as_str())]
    );
    assert!(signed
        .explain()
        .contains("sent:      header `Stripe-Signature: t={timestamp},v1={signature}`"));
}

#[test]
fn any_v1_may_match_during_a_secret_rotation() {
    let header = format!("t=1700000000,v1={V1_OLD},v1={V1},v0=6ffbb59b2300aae63f27");
    assert_eq!(
        receive(&header, &Secret::new(SECRET)),
        Ok(Timestamp::from_unix_seconds(1_700_000_000))
    );
    assert!(receive(&header, &Secret::new(OLD_SECRET)).is_ok());
    assert_eq!(
        receive(&header, &Secret::new("whsec_other")),
        Err(Error::SignatureMismatch)
    );
    // A timestamp changed in transit changes the signed payload.
    let moved = header.replace("t=1700000000", "t=1700000001");
    assert_eq!(
        receive(&moved, &Secret::new(SECRET)),
        Err(Error::SignatureMismatch)
    );
}

#[test]
fn the_header_must_carry_the_request_timestamp() {
    let event = Event {
        timestamp: Timestamp::from_unix_seconds(1_700_000_001),
        payload: PAYLOAD,
    };
    let err = event
        .verify(&format!("t=1700000000,v1={V1}"), &Secret::new(SECRET))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "signature header `Stripe-Signature`: parameter `t` differs from the request's value"
    );
    assert!(matches!(
        event.verify(&format!("v1={V1}"), &Secret::new(SECRET)),
        Err(Error::SignatureHeader { .. })
    ));
}

#[test]
fn tolerance_and_replay_with_the_replay_guard() {
    let header = format!("t=1700000000,v1={V1}");
    let sent = receive(&header, &Secret::new(SECRET)).unwrap();
    // Stripe's default tolerance: 300 seconds.
    let guard = ReplayGuard::new(MemoryNonceStore::new(1024), Duration::from_secs(300));
    assert_eq!(guard.check(V1, sent, sent.add_seconds(299)), Ok(()));
    assert_eq!(
        guard.check(V1, sent, sent.add_seconds(299)),
        Err(Error::Replayed)
    );
    assert_eq!(
        guard.check(V1_OLD, sent, sent.add_seconds(301)),
        Err(Error::StaleTimestamp {
            age_seconds: 301,
            max_skew_seconds: 300
        })
    );
}
