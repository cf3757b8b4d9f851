//! `verify` on hostile signature text, in every encoding.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/support/fuzz_shapes.rs"]
mod shapes;

libfuzzer_sys::fuzz_target!(|data: &[u8]| shapes::check_verify(data));
