//! Providers declared, not programmed: each module of tests/providers/ declares one provider's
//! signing scheme as a struct with `#[derive(SignedRequest)]` and checks it against the
//! provider's published example, or against a value computed from the provider's documentation
//! with an independent implementation (the command is beside each value).

mod binance;
mod bitvavo;
mod coinbase;
mod github;
mod kraken;
mod okx;
mod rfc4231;
mod rfc9421;
mod stripe;

/// The vector `id` of tests/vectors/public.json.
fn vector(id: &str) -> serde_json::Value {
    let all: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../vectors/public.json")).expect("valid JSON");
    let found = all.into_iter().find(|v| v["id"] == id);
    found.unwrap_or_else(|| panic!("no vector {id}"))
}

/// The headers of `signed`, as `(name, value)` string pairs.
fn headers(signed: &signing::Signed) -> Vec<(&str, &str)> {
    signed.headers().collect()
}

/// `v` as a string.
fn text(v: &serde_json::Value) -> &str {
    v.as_str().expect("a string")
}
