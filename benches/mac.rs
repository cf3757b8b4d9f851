//! HMAC signing through the derive, against the code it replaces and against the MAC alone.
//!
//! ```text
//! cargo bench --bench mac
//! ```
//!
//! Baselines, measured in the same run:
//! - `naive`: what the providers' documents show — `format!` the message, `Hmac::new_from_slice`,
//!   `hex::encode` / `base64` — allocating the message and the signature, keying HMAC each call;
//! - `hmac_rekeyed`: HMAC-SHA256 alone over the pre-built message, keyed each call;
//! - `hmac_prepared`: HMAC-SHA256 alone over the pre-built message, from a prepared (cloned)
//!   `Hmac<Sha256>`: the inner and outer key blocks are already hashed, so only the message's
//!   compressions and the outer one remain. Nothing can sign faster than this.
//!
//! The derived request is measured through `sign_with` (a `Signed`: message, signature, query
//! and headers, all allocated) and `signature_into` (the signature text alone, appended to a
//! caller's buffer: no allocation once the buffer has room).

mod support;

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use criterion::Criterion;
use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use signing::{Secret, SignedRequest, TimestampFormat};
use support::binance::{
    order as binance_order, rule_order, BinanceOrder, BinanceRuleOrder, SECRET as BINANCE_SECRET,
    SIGNATURE as BINANCE_SIGNATURE,
};
use support::template::{user_key_token, UserKeyToken, SECRET as TEMPLATE_SECRET};
use support::{Goal, Ratio};

/// The hand-written code of the provider's documentation.
fn naive_binance(o: &BinanceOrder<'_>, secret: &str) -> String {
    let query = format!(
        "symbol={}&side={}&type={}&timeInForce={}&quantity={}&price={}&recvWindow={}&timestamp={}",
        o.symbol,
        o.side,
        o.r#type,
        o.time_in_force,
        o.quantity,
        o.price,
        o.recv_window,
        o.timestamp.unix_millis()
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(query.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The same hand-written code for the order declared by Binance's own rule (`f64` price).
fn naive_binance_rule(o: &BinanceRuleOrder<'_>, secret: &str) -> String {
    let query = format!(
        "symbol={}&side={}&type={}&timeInForce={}&quantity={}&price={}&recvWindow={}&timestamp={}",
        o.symbol,
        o.side,
        o.r#type,
        o.time_in_force,
        o.quantity,
        o.price,
        o.recv_window,
        o.timestamp.unix_millis()
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(query.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The hand-written equivalent; the timestamp text is made the way a client library would
/// (`chrono`'s `to_rfc3339_opts` also formats into a new `String`).
fn naive_template(t: &UserKeyToken<'_>, secret: &str) -> String {
    let message = format!(
        "{}:{}@{}",
        t.username,
        t.api_key,
        t.timestamp.format(TimestampFormat::Rfc3339Millis)
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(message.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

fn hmac_rekeyed(secret: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

fn hmac_prepared(prepared: &Hmac<Sha256>, message: &[u8]) -> [u8; 32] {
    let mut mac = prepared.clone();
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Four ways to one signature, each checked before it is timed.
fn bench_mac_group<R: SignedRequest<SigningKey = Secret, VerifyingKey = Secret>>(
    c: &mut Criterion,
    group: &str,
    request: &R,
    secret: &str,
    naive: fn(&R, &str) -> String,
) {
    let key = Secret::new(secret);
    let message = request.message().expect("message");
    let prepared = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    let expected = naive(request, secret);
    assert_eq!(request.sign_with(&key).expect("sign").signature(), expected);
    let mut out = String::with_capacity(128);
    request.signature_into(&key, &mut out).expect("sign");
    assert_eq!(out, expected);
    assert_eq!(
        hmac_prepared(&prepared, &message),
        hmac_rekeyed(secret.as_bytes(), &message)
    );

    let mut g = c.benchmark_group(group);
    g.bench_function("naive", |b| {
        b.iter(|| naive(black_box(request), black_box(secret)))
    });
    g.bench_function("hmac_rekeyed", |b| {
        b.iter(|| hmac_rekeyed(black_box(secret.as_bytes()), black_box(&message)))
    });
    g.bench_function("hmac_prepared", |b| {
        b.iter(|| hmac_prepared(black_box(&prepared), black_box(&message)))
    });
    g.bench_function("sign_with", |b| {
        b.iter(|| black_box(request).sign_with(black_box(&key)))
    });
    g.bench_function("signature_into", |b| {
        b.iter(|| {
            out.clear();
            black_box(request).signature_into(black_box(&key), &mut out)
        })
    });
    if group.starts_with("binance") {
        let signature = expected.clone();
        assert_eq!(request.verify(&signature, &key), Ok(()));
        g.bench_function("verify", |b| {
            b.iter(|| black_box(request).verify(black_box(&signature), black_box(&key)))
        });
    }
    g.finish();
}

fn main() {
    let started = SystemTime::now();
    let mut c = support::criterion(Duration::from_millis(500), Duration::from_secs(2));

    let order = binance_order();
    assert_eq!(naive_binance(&order, BINANCE_SECRET), BINANCE_SIGNATURE);
    bench_mac_group(&mut c, "binance_hex", &order, BINANCE_SECRET, naive_binance);
    let rule = rule_order();
    assert_eq!(naive_binance_rule(&rule, BINANCE_SECRET), BINANCE_SIGNATURE);
    bench_mac_group(
        &mut c,
        "binance_rule",
        &rule,
        BINANCE_SECRET,
        naive_binance_rule,
    );
    bench_mac_group(
        &mut c,
        "template_base64",
        &user_key_token(),
        TEMPLATE_SECRET,
        naive_template,
    );
    c.final_summary();

    let mut ratios = Vec::new();
    for (group, what) in [
        ("binance_hex", "Binance query, hex"),
        (
            "binance_rule",
            "Binance's own rule (rfc3986, f64 price, key header), hex",
        ),
        ("template_base64", "`user:key@time` template, base64"),
    ] {
        let at = |id: &str| format!("{group}/{id}");
        ratios.extend([
            Ratio::new(
                format!("{what}: `signature_into` vs prepared-key HMAC"),
                &at("signature_into"),
                &at("hmac_prepared"),
                Goal::AtMost(1.3),
            ),
            Ratio::new(
                format!("{what}: `sign_with` vs prepared-key HMAC"),
                &at("sign_with"),
                &at("hmac_prepared"),
                Goal::AtMost(2.0),
            ),
            Ratio::new(
                format!("{what}: `signature_into` vs naive code"),
                &at("signature_into"),
                &at("naive"),
                Goal::FasterBy(2.5),
            ),
            Ratio::new(
                format!("{what}: `sign_with` vs naive code"),
                &at("sign_with"),
                &at("naive"),
                Goal::FasterBy(2.0),
            ),
            Ratio::new(
                format!("{what}: HMAC keyed per call vs prepared"),
                &at("hmac_rekeyed"),
                &at("hmac_prepared"),
                Goal::None,
            ),
        ]);
    }
    ratios.push(Ratio::new(
        "Binance query: `verify` vs `signature_into`",
        "binance_hex/verify",
        "binance_hex/signature_into",
        Goal::AtMost(1.05),
    ));
    ratios.push(Ratio::new(
        "Binance's own rule: `verify` vs `signature_into`",
        "binance_rule/verify",
        "binance_rule/signature_into",
        Goal::AtMost(1.05),
    ));
    support::print_ratios("HMAC signing (benches/mac.rs)", started, &ratios);
    interleaved(&ratios);
}

/// The same comparisons, timed interleaved (see `support::interleaved`).
fn interleaved(ratios: &[Ratio]) {
    let order = binance_order();
    let binance_key = Secret::new(BINANCE_SECRET);
    let binance_message = order.message().expect("message");
    let binance_prepared =
        Hmac::<Sha256>::new_from_slice(BINANCE_SECRET.as_bytes()).expect("any key length");
    let signature = naive_binance(&order, BINANCE_SECRET);
    let rule = rule_order();
    let r = &rule;
    // Both declarations lay the order out as the same bytes: one prepared-key floor serves both.
    assert_eq!(rule.message().expect("message"), binance_message);
    let token = user_key_token();
    let template_key = Secret::new(TEMPLATE_SECRET);
    let template_message = token.message().expect("message");
    let template_prepared =
        Hmac::<Sha256>::new_from_slice(TEMPLATE_SECRET.as_bytes()).expect("any key length");
    let (mut out1, mut out2, mut out3) = (
        String::with_capacity(128),
        String::with_capacity(128),
        String::with_capacity(128),
    );
    let (o, t) = (&order, &token);
    let (binance_key, template_key) = (&binance_key, &template_key);
    let cases = vec![
        case("binance_hex/naive", || {
            naive_binance(black_box(o), BINANCE_SECRET)
        }),
        case("binance_hex/hmac_rekeyed", || {
            hmac_rekeyed(BINANCE_SECRET.as_bytes(), black_box(&binance_message))
        }),
        case("binance_hex/hmac_prepared", || {
            hmac_prepared(black_box(&binance_prepared), black_box(&binance_message))
        }),
        case("binance_hex/sign_with", || {
            black_box(o).sign_with(binance_key)
        }),
        case("binance_hex/signature_into", move || {
            out1.clear();
            black_box(o).signature_into(binance_key, &mut out1)
        }),
        case("binance_hex/verify", || {
            black_box(o).verify(&signature, binance_key)
        }),
        case("binance_rule/naive", || {
            naive_binance_rule(black_box(r), BINANCE_SECRET)
        }),
        case("binance_rule/hmac_rekeyed", || {
            hmac_rekeyed(BINANCE_SECRET.as_bytes(), black_box(&binance_message))
        }),
        case("binance_rule/hmac_prepared", || {
            hmac_prepared(black_box(&binance_prepared), black_box(&binance_message))
        }),
        case("binance_rule/sign_with", || {
            black_box(r).sign_with(binance_key)
        }),
        case("binance_rule/signature_into", move || {
            out3.clear();
            black_box(r).signature_into(binance_key, &mut out3)
        }),
        case("binance_rule/verify", || {
            black_box(r).verify(&signature, binance_key)
        }),
        case("template_base64/naive", || {
            naive_template(black_box(t), TEMPLATE_SECRET)
        }),
        case("template_base64/hmac_rekeyed", || {
            hmac_rekeyed(TEMPLATE_SECRET.as_bytes(), black_box(&template_message))
        }),
        case("template_base64/hmac_prepared", || {
            hmac_prepared(black_box(&template_prepared), black_box(&template_message))
        }),
        case("template_base64/sign_with", || {
            black_box(t).sign_with(template_key)
        }),
        case("template_base64/signature_into", move || {
            out2.clear();
            black_box(t).signature_into(template_key, &mut out2)
        }),
    ];
    support::interleaved("HMAC signing (benches/mac.rs)", 300, 500, cases, ratios);
}

/// One case of the interleaved timing; its result is kept from the optimizer.
fn case<'a, T>(id: &'a str, mut f: impl FnMut() -> T + 'a) -> support::Case<'a> {
    (
        id,
        Box::new(move || {
            black_box(f());
        }),
    )
}
