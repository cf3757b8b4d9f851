//! `jwt::decode` on hostile tokens, raw or validly signed around a hostile header and payload.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/support/fuzz_keys.rs"]
mod keys;

libfuzzer_sys::fuzz_target!(|data: &[u8]| keys::check_jwt(data));
