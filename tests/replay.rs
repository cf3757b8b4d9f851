//! A server's whole check of a signed request: read it back (`FromSignedQuery`), `verify` the
//! signature, then let a `ReplayGuard` refuse a second use and a stale timestamp.

use std::time::Duration;

use signing::replay::{MemoryNonceStore, ReplayGuard};
use signing::{Error, FromSignedQuery, Secret, SignedRequest, Timestamp};

/// A Circle-style token request: the nonce is the time it was made.
#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(mac = "hmac-sha256", encoding = "hex", signature = query("signature"),
         rename_all = "camelCase")]
struct TokenRequest {
    customer_id: String,
    end_user_id: String,
    #[signed(timestamp = "unix-seconds")]
    nonce: Timestamp,
}

const KEY: &str = "shared-circle-secret";
const SENT: i64 = 1_700_000_000;

fn t(seconds: i64) -> Timestamp {
    Timestamp::from_unix_seconds(seconds)
}

/// What a server does with an incoming query at its time `now`: the request, or why not.
fn accept(
    guard: &ReplayGuard<MemoryNonceStore>,
    query: &str,
    now: Timestamp,
) -> Result<TokenRequest, Error> {
    let key = Secret::new(KEY);
    let request = TokenRequest::verify_query(query, &key)?;
    // Keyed by the message, not the signature text: hex is accepted in either case, so one
    // signature has many spellings, while a request has exactly one message.
    guard.check(request.message()?, request.nonce, now)?;
    Ok(request)
}

fn signed_query(nonce: Timestamp) -> String {
    TokenRequest {
        customer_id: "cust-42".into(),
        end_user_id: "user@example.com".into(),
        nonce,
    }
    .sign_with(&Secret::new(KEY))
    .unwrap()
    .query()
}

#[test]
fn a_signed_request_is_accepted_once() {
    let guard = ReplayGuard::new(MemoryNonceStore::new(1024), Duration::from_secs(300));
    let query = signed_query(t(SENT));
    let request = accept(&guard, &query, t(SENT + 2)).unwrap();
    assert_eq!(request.customer_id, "cust-42");
    // The same request again, a minute later: refused.
    assert_eq!(accept(&guard, &query, t(SENT + 60)), Err(Error::Replayed));
    // A new request (a new nonce) from the same client is fine.
    assert!(accept(&guard, &signed_query(t(SENT + 61)), t(SENT + 62)).is_ok());
}

#[test]
fn another_spelling_of_the_same_request_is_still_a_replay() {
    let guard = ReplayGuard::new(MemoryNonceStore::new(1024), Duration::from_secs(300));
    let query = signed_query(t(SENT));
    accept(&guard, &query, t(SENT)).unwrap();
    // The signature in upper case verifies (hex is case-insensitive) ...
    let (at, signature) = query.split_at(query.find("signature=").unwrap());
    let respelled = format!(
        "{at}{}",
        signature
            .to_uppercase()
            .replacen("SIGNATURE", "signature", 1)
    );
    assert_ne!(respelled, query);
    assert!(TokenRequest::verify_query(&respelled, &Secret::new(KEY)).is_ok());
    // ... and is refused as the replay it is, because the guard is keyed by the message.
    assert_eq!(
        accept(&guard, &respelled, t(SENT + 1)),
        Err(Error::Replayed)
    );
    // Percent-encoding another character changes the text but not the request either.
    let encoded = respelled.replace("cust-42", "cust%2D42");
    assert_eq!(accept(&guard, &encoded, t(SENT + 1)), Err(Error::Replayed));
    // Keyed by the signature text instead, the respelled request would have gone through.
    let by_text = ReplayGuard::new(MemoryNonceStore::new(16), Duration::from_secs(300));
    by_text.check(&query, t(SENT), t(SENT)).unwrap();
    assert_eq!(by_text.check(&respelled, t(SENT), t(SENT)), Ok(()));
}

#[test]
fn stale_and_future_requests_are_refused() {
    let guard = ReplayGuard::new(MemoryNonceStore::new(1024), Duration::from_secs(300));
    let query = signed_query(t(SENT));
    assert_eq!(
        accept(&guard, &query, t(SENT + 301)),
        Err(Error::StaleTimestamp {
            age_seconds: 301,
            max_skew_seconds: 300
        })
    );
    assert_eq!(
        accept(&guard, &query, t(SENT - 301)),
        Err(Error::StaleTimestamp {
            age_seconds: -301,
            max_skew_seconds: 300
        })
    );
    // Once refused as stale it was never recorded: inside the window it is accepted.
    assert!(accept(&guard, &query, t(SENT + 300)).is_ok());
}

#[test]
fn a_forged_or_tampered_request_never_reaches_the_guard() {
    let guard = ReplayGuard::new(MemoryNonceStore::new(1), Duration::from_secs(300));
    let query = signed_query(t(SENT));
    let tampered = query.replace("cust-42", "cust-43");
    assert_eq!(
        accept(&guard, &tampered, t(SENT)),
        Err(Error::SignatureMismatch)
    );
    // A newer nonce with the old signature: refused before it can use up the store.
    let moved = query.replace(&SENT.to_string(), &(SENT + 1).to_string());
    assert_eq!(
        accept(&guard, &moved, t(SENT)),
        Err(Error::SignatureMismatch)
    );
    assert!(guard.store().is_empty());
    // The genuine one still has its place.
    assert!(accept(&guard, &query, t(SENT)).is_ok());
    // The store (capacity 1) is full of live entries: fail closed.
    assert_eq!(
        accept(&guard, &signed_query(t(SENT + 1)), t(SENT + 1)),
        Err(Error::ReplayStoreFull { capacity: 1 })
    );
}
