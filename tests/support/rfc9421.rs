//! RFC 9421's published material in tests/vectors/rfc9421 (Appendix B.1's keys, B.2's
//! signatures in `appendix-b2.json`), read the same way by every test and bench that uses it.
#![allow(dead_code)]

use signing::Timestamp;

/// The folder, with its trailing `/`.
pub const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/rfc9421/");

/// B.2's `created` (2021-04-20T02:07:53Z).
pub const CREATED: i64 = 1_618_884_473;

/// The text of file `name` in the folder.
pub fn vector(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}{name}"))
        .unwrap_or_else(|e| panic!("RFC 9421 vector {name}: {e}"))
}

/// Header `what` (`Signature`, `Signature-Input`) of B.2's example `label` (`sig-b26`).
pub fn published(label: &str, what: &str) -> String {
    let vectors: serde_json::Value = serde_json::from_str(&vector("appendix-b2.json")).unwrap();
    vectors[label][what].as_str().unwrap().to_owned()
}

/// The signature bytes of a published `Signature` member (`label=:<base64>:`), as base64.
pub fn published_signature(label: &str) -> String {
    let member = published(label, "Signature");
    let (_, rest) = member.split_once("=:").unwrap();
    rest.trim_end_matches(':').to_owned()
}

/// B.2's `created`, as a [`Timestamp`].
pub fn created() -> Timestamp {
    Timestamp::from_unix_seconds(CREATED)
}

/// Tue, 20 Apr 2021 02:07:55 GMT, B.2's `Date`.
pub fn date() -> Timestamp {
    Timestamp::from_unix_seconds(1_618_884_475)
}
