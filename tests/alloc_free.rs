//! Signing a request made of numbers and borrowed strings into the caller's buffer allocates
//! nothing: `signature_into` and `verify` are the hot-loop paths. `sign_with` allocates what its
//! `Signed` owns, and those allocations are counted here: one buffer for all of its text (the
//! message, the URL query when it is not the message itself, the header values, the signature),
//! with the usual few headers listed inline.
//!
//! Its own test binary, because the allocation counter is the process's global allocator; one
//! test function, so no other test allocates while it counts.

use std::alloc::System;

use signing::{Secret, SignedRequest, Timestamp};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

#[path = "../benches/support/binance.rs"]
mod binance;
#[path = "../benches/support/s3.rs"]
mod s3;
#[path = "../benches/support/template.rs"]
mod token;

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
/// (which may fill the key's cached MAC state). The counter is the process's, and libtest's own
/// thread may allocate meanwhile (seen once on a loaded machine: 4 stray allocations in 100
/// `verify` calls), so the count is the least of three runs: `f` itself allocates the same
/// every time.
fn allocations(times: usize, mut f: impl FnMut()) -> usize {
    f();
    (0..3)
        .map(|_| {
            let region = Region::new(GLOBAL);
            for _ in 0..times {
                f();
            }
            let change = region.change();
            change.allocations + change.reallocations
        })
        .min()
        .unwrap_or(usize::MAX)
}

#[test]
fn signature_into_and_verify_allocate_nothing_and_sign_with_counts() {
    // The counter counts: a `Vec` is one allocation.
    assert_eq!(allocations(3, || drop(std::hint::black_box(vec![1u8]))), 3);

    let order = binance::order();
    let key = Secret::new(binance::SECRET);
    let mut out = String::with_capacity(128);
    let n = allocations(100, || {
        out.clear();
        order.signature_into(&key, &mut out).unwrap();
    });
    assert_eq!(n, 0, "Binance signature_into");
    // Binance's published signature of this order (`binance-hmac-ascii`).
    assert_eq!(out, binance::SIGNATURE);
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

    // The S3 GET of benches/cloud.rs (`key_chain`, `{@headers}`, a digest group): the scope and
    // the header values are written on the stack, the derived key comes from its cache.
    let s3_get = s3::get();
    let chain = signing::derived_key::ChainKey::new(
        Secret::new(s3::SECRET),
        signing::derived_key::KeyChain {
            prefix: "AWS4",
            algorithm: signing::MacAlgorithm::HmacSha256,
        },
    );
    let n = allocations(100, || {
        out.clear();
        s3_get.signature_into(&chain, &mut out).unwrap();
    });
    assert_eq!(n, 0, "S3 GET signature_into");
    // python3 -c "import hmac,hashlib
    // h=lambda k,m: hmac.new(k,m.encode(),hashlib.sha256).digest()
    // k=h(h(h(h(b'AWS4wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY','20130524'),'us-east-1'),'s3'),'aws4_request')
    // c='GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\nx-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD'
    // s='AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n'+hashlib.sha256(c.encode()).hexdigest()
    // print(hmac.new(k,s.encode(),hashlib.sha256).hexdigest())"
    assert_eq!(
        out,
        "edacce68e5445863e1f916719fac26d3be9c1581fccd7878ade0879597fc0dc1"
    );

    // `sign_with`, per call: one buffer for the message, the URL query, the header values and
    // the signature. Binance in `strict`: the URL query is made from the message when asked for
    // (here no value needs percent-encoding, so it is the message); the `X-MBX-APIKEY` value
    // follows the message in the same buffer.
    let key = Secret::new(binance::SECRET);
    let per_call = |f: &mut dyn FnMut()| allocations(100, f) / 100;
    assert_eq!(
        per_call(&mut || drop(order.sign_with(&key).unwrap())),
        1,
        "Binance sign_with"
    );
    let signed = order.sign_with(&key).unwrap();
    assert_eq!(
        signed.query().as_bytes()[..signed.message().len()],
        *signed.message()
    );
    // The same order by Binance's own rule (`rfc3986`): its message is its URL query, kept once.
    let rule = binance::rule_order();
    assert_eq!(
        per_call(&mut || drop(rule.sign_with(&key).unwrap())),
        1,
        "Binance rule sign_with"
    );
    // A `strict` value that needs percent-encoding: the same, the URL query is made from the
    // message (each value percent-encoded) when `query()` or `url()` asks for it.
    let spaced = binance::BinanceOrder {
        symbol: "LTC BTC",
        ..binance::order()
    };
    assert_eq!(
        per_call(&mut || drop(spaced.sign_with(&key).unwrap())),
        1,
        "Binance sign_with, a value percent-encoded"
    );
    assert_eq!(
        rule.sign_with(&key).unwrap().signature(),
        binance::SIGNATURE
    );
    // `rfc3986` and no header: the message and the signature.
    let key = Secret::new("numbers-key");
    assert_eq!(
        per_call(&mut || drop(numbers.sign_with(&key).unwrap())),
        1,
        "Numbers sign_with"
    );
    // A template without query parameters or headers: the message and the signature.
    let key = Secret::new("template-key");
    assert_eq!(
        per_call(&mut || drop(template.sign_with(&key).unwrap())),
        1,
        "Template sign_with"
    );

    // benches/mac.rs's `template_base64` token: one buffer.
    let token = token::user_key_token();
    let key = Secret::new(token::SECRET);
    assert_eq!(
        per_call(&mut || drop(token.sign_with(&key).unwrap())),
        1,
        "template_base64 sign_with"
    );

    // The S3 GET: `Signed`'s one buffer (the message, the header values, the signature), the
    // list of its five headers (three are kept inline), the box keeping its `Authorization`
    // parameters (kept apart, as a body or a path is, so a `Signed` without them stays small)
    // and, on the way, the `Authorization` value and each of its parameters laid out in its own
    // buffer.
    assert_eq!(
        per_call(&mut || drop(s3_get.sign_with(&chain).unwrap())),
        17,
        "S3 GET sign_with"
    );

    // A buffer without room grows once, as the caller asked: that is the only allocation.
    let key = Secret::new("k");
    let mut empty = String::new();
    let region = Region::new(GLOBAL);
    order.signature_into(&key, &mut empty).unwrap();
    let change = region.change();
    assert_eq!(change.allocations + change.reallocations, 1, "{change:?}");
}
