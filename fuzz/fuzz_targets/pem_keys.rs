//! `PrivateKey::from_pem` / `PublicKey::from_pem` on hostile text, raw or made from real keys.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/support/fuzz_keys.rs"]
mod keys;

libfuzzer_sys::fuzz_target!(|data: &[u8]| keys::check_pem(data));
