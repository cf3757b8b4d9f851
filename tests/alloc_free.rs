//! Signing a request made of numbers and borrowed strings into the caller's buffer allocates
//! nothing: `signature_into` and `verify` are the hot-loop paths.
//!
//! Its own test binary, because the allocation counter is the process's global allocator; one
//! test function, so no other test allocates while it counts.

use std::alloc::System;

use signing::{Secret, SignedRequest, Timestamp};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Binance `POST /api/v3/order` (../shared/vectors/public.json, `binance-hmac-ascii`).
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha256", signature = query("signature"), rename_all = "camelCase")]
struct BinanceOrder<'a> {
    symbol: &'a str,
    side: &'a str,
    r#type: &'a str,
    time_in_force: &'a str,
    quantity: &'a str,
    price: &'a str,
    recv_window: u32,
    #[signed(timestamp = "unix-millis")]
    timestamp: Timestamp,
    #[signed(header = "X-MBX-APIKEY")]
    api_key: &'a str,
}

/// Every integer type, an optional string, a percent-encoded query form, base64.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha512", encoding = "base64", escape = "rfc3986", sort)]
struct Numbers<'a> {
    a: u8,
    b: i16,
    c: u64,
    d: i128,
    e: usize,
    f: Option<&'a str>,
    g: &'a str,
}

/// A template with an RFC 3339 timestamp, hex in upper case.
#[derive(SignedRequest)]
#[signed(
    mac = "hmac-sha1",
    encoding = "hex-upper",
    template = "{user}:{key}@{at}"
)]
struct Template<'a> {
    user: &'a str,
    key: &'a str,
    #[signed(timestamp = "rfc3339-micros")]
    at: Timestamp,
}

/// Heap allocations (and reallocations) made by `f`, run `times` times after one warm-up call
/// (which may fill the key's cached MAC state).
fn allocations(times: usize, mut f: impl FnMut()) -> usize {
    f();
    let region = Region::new(GLOBAL);
    for _ in 0..times {
        f();
    }
    let change = region.change();
    change.allocations + change.reallocations
}

#[test]
fn signature_into_and_verify_allocate_nothing() {
    // The counter counts: a `Vec` is one allocation.
    assert_eq!(allocations(3, || drop(std::hint::black_box(vec![1u8]))), 3);

    let order = BinanceOrder {
        symbol: "LTCBTC",
        side: "BUY",
        r#type: "LIMIT",
        time_in_force: "GTC",
        quantity: "1",
        price: "0.1",
        recv_window: 5000,
        timestamp: Timestamp::from_unix_millis(1_499_827_319_559),
        api_key: "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
    };
    let key = Secret::new("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j");
    let mut out = String::with_capacity(128);
    let n = allocations(100, || {
        out.clear();
        order.signature_into(&key, &mut out).unwrap();
    });
    assert_eq!(n, 0, "Binance signature_into");
    // Binance's published signature of this order (`binance-hmac-ascii`).
    assert_eq!(
        out,
        "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
    );
    let signature = out.clone();
    assert_eq!(
        allocations(100, || order.verify(&signature, &key).unwrap()),
        0,
        "Binance verify"
    );

    let numbers = Numbers {
        a: 255,
        b: -32768,
        c: u64::MAX,
        d: i128::MIN,
        e: 7,
        f: Some("x y/z"),
        g: "é",
    };
    let key = Secret::new("numbers-key");
    let n = allocations(100, || {
        out.clear();
        numbers.signature_into(&key, &mut out).unwrap();
    });
    assert_eq!(n, 0, "Numbers signature_into");
    let signature = out.clone();
    assert_eq!(
        allocations(100, || numbers.verify(&signature, &key).unwrap()),
        0,
        "Numbers verify"
    );

    let template = Template {
        user: "alice",
        key: "ak-1",
        at: Timestamp::from_unix_micros(1_740_568_725_231_000),
    };
    let key = Secret::new("template-key");
    let n = allocations(100, || {
        out.clear();
        template.signature_into(&key, &mut out).unwrap();
    });
    assert_eq!(n, 0, "Template signature_into");

    // A buffer without room grows once, as the caller asked: that is the only allocation.
    let key = Secret::new("k");
    let mut empty = String::new();
    let region = Region::new(GLOBAL);
    order.signature_into(&key, &mut empty).unwrap();
    let change = region.change();
    assert_eq!(change.allocations + change.reallocations, 1, "{change:?}");
}
