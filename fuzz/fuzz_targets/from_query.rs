//! `FromSignedQuery` on hostile input: query strings, then whole `http::Request`s.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/support/fuzz_shapes.rs"]
mod shapes;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    shapes::check_query(data);
    shapes::check_request(data);
});
