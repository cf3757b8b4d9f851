#!/usr/bin/env bash
# Instructions per call of each signing path, counted by callgrind: a load-independent check of
# the ratios benches/mac.rs times.
#
#   bash benches/callgrind.sh            # needs valgrind
#
# It generates a small release binary (in a temporary directory; it depends on this workspace
# by path) that runs one case N times, runs it under callgrind with N = 0 and N = 1000, and
# prints (count(1000) - count(0)) / 1000 for each case. valgrind's virtual CPU has no SHA-NI, so
# SHA-256 runs in software here: the MAC weighs more than it does natively, and the same on
# every side. Set KEEP=dir to keep the binary and the callgrind files there, for
# `callgrind_annotate --inclusive=yes dir/<case>.1000.out`. Set CASES="a b" to run only those.
# The `s3_*` cases are benches/cloud.rs's S3 GET (benches/support/s3.rs): its floor and the
# declaration.
# The `rule_*` cases are the order declared by Binance's own rule (benches/support/binance.rs:
# `escape = "rfc3986"`, an `f64` price); its message is the same bytes, so `prepared` is its floor.
# The `template_*` cases are benches/mac.rs's `user:key@time` base64 template (signed with the
# Binance key here; benches/support/template.rs): `template_prepared` is its floor.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}/callgrind
if [[ -n ${KEEP:-} ]]; then
    WORK=$KEEP
    mkdir -p "$WORK"
else
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi
command -v valgrind > /dev/null || { echo "valgrind is not installed" >&2; exit 1; }

mkdir -p "$WORK/src"
cp "$ROOT/Cargo.lock" "$WORK/Cargo.lock"
cat > "$WORK/Cargo.toml" <<EOF
[package]
name = "signing-callgrind"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
signing = { path = "$ROOT" }
hmac = "0.12.1"
sha2 = "0.10.9"
hex = "0.4"
base64 = "0.22"

[profile.release]
debug = "line-tables-only"

[workspace]
EOF
# The order itself is the benchmarks' (one declaration for bench, test and profile).
cp "$ROOT/benches/support/binance.rs" "$WORK/src/binance.rs"
cp "$ROOT/benches/support/s3.rs" "$WORK/src/s3.rs"
cp "$ROOT/benches/support/template.rs" "$WORK/src/template.rs"
cat > "$WORK/src/main.rs" <<'EOF'
use std::hint::black_box;

use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use signing::{Secret, SignedRequest};

mod binance;
mod s3;
mod template;
use binance::BinanceOrder;
use binance::BinanceRuleOrder;
use template::UserKeyToken;

use binance::SECRET;

#[inline(never)]
fn prepared(p: &Hmac<Sha256>, m: &[u8]) {
    black_box(p.clone().chain_update(m).finalize().into_bytes());
}

#[inline(never)]
fn template_naive(t: &UserKeyToken<'_>) {
    use base64::Engine as _;
    let m = format!(
        "{}:{}@{}",
        t.username,
        t.api_key,
        t.timestamp.format(signing::TimestampFormat::Rfc3339Millis)
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(m.as_bytes());
    black_box(base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()));
}

#[inline(never)]
fn rule_naive(o: &BinanceRuleOrder<'_>) {
    let q = format!(
        "symbol={}&side={}&type={}&timeInForce={}&quantity={}&price={}&recvWindow={}&timestamp={}",
        o.symbol, o.side, o.r#type, o.time_in_force, o.quantity, o.price, o.recv_window,
        o.timestamp.unix_millis()
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(q.as_bytes());
    black_box(hex::encode(mac.finalize().into_bytes()));
}

#[inline(never)]
fn naive(o: &BinanceOrder<'_>) {
    let q = format!(
        "symbol={}&side={}&type={}&timeInForce={}&quantity={}&price={}&recvWindow={}&timestamp={}",
        o.symbol, o.side, o.r#type, o.time_in_force, o.quantity, o.price, o.recv_window,
        o.timestamp.unix_millis()
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(q.as_bytes());
    black_box(hex::encode(mac.finalize().into_bytes()));
}

fn main() {
    let mut args = std::env::args().skip(1);
    let case = args.next().unwrap_or_default();
    let n: usize = args.next().map_or(0, |s| s.parse().unwrap());
    let order = binance::order();
    let token = template::user_key_token();
    let key = Secret::new(SECRET);
    let mut out = String::with_capacity(128);
    // Warm-up (fills the key's cached state), and Binance's published signature.
    order.signature_into(&key, &mut out).unwrap();
    assert_eq!(out, "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
    let signature = out.clone();
    token.signature_into(&key, &mut out).unwrap();
    let message = order.message().unwrap();
    let template_message = token.message().unwrap();
    // Binance's own rule (rfc3986, f64 price): the same message, so the same floor.
    let rule = binance::rule_order();
    assert_eq!(rule.message().unwrap(), message);
    assert_eq!(rule.sign_with(&key).unwrap().signature(), signature);
    let hmac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    // The S3 GET of benches/cloud.rs: its floor (the canonical request built beforehand, the
    // derived key prepared) and the declaration, with the same signature.
    let s3 = s3::get();
    let chain = signing::derived_key::ChainKey::new(
        Secret::new(s3::SECRET),
        signing::derived_key::KeyChain {
            prefix: "AWS4",
            algorithm: signing::MacAlgorithm::HmacSha256,
        },
    );
    let scope: [&[u8]; 4] = [s3::DATE.as_bytes(), b"us-east-1", b"s3", b"aws4_request"];
    let s3_prepared = Hmac::<Sha256>::new_from_slice(chain.for_scope(&scope).expose()).unwrap();
    let canonical = s3::canonical_request();
    let mut sts = Vec::with_capacity(256);
    s3::floor(&canonical, &s3_prepared, &mut sts, &mut out);
    let s3_signature = out.clone();
    s3.signature_into(&chain, &mut out).unwrap();
    assert_eq!(&out[s3_signature.len()..], s3_signature);
    for _ in 0..n {
        match case.as_str() {
            "prepared" => prepared(black_box(&hmac), black_box(&message)),
            "naive" => naive(black_box(&order)),
            "signature_into" => {
                out.clear();
                black_box(&order).signature_into(&key, &mut out).unwrap();
            }
            "sign_with" => drop(black_box(black_box(&order).sign_with(&key).unwrap())),
            "verify" => black_box(&order).verify(&signature, &key).unwrap(),
            "rule_naive" => rule_naive(black_box(&rule)),
            "rule_signature_into" => {
                out.clear();
                black_box(&rule).signature_into(&key, &mut out).unwrap();
            }
            "rule_sign_with" => drop(black_box(black_box(&rule).sign_with(&key).unwrap())),
            "rule_verify" => black_box(&rule).verify(&signature, &key).unwrap(),
            "template_prepared" => prepared(black_box(&hmac), black_box(&template_message)),
            "template_naive" => template_naive(black_box(&token)),
            "template_sign_with" => drop(black_box(black_box(&token).sign_with(&key).unwrap())),
            "template_into" => {
                out.clear();
                black_box(&token).signature_into(&key, &mut out).unwrap();
            }
            "s3_floor" => s3::floor(black_box(&canonical), &s3_prepared, &mut sts, &mut out),
            "s3_signature_into" => {
                out.clear();
                black_box(&s3).signature_into(&chain, &mut out).unwrap();
            }
            "s3_sign_with" => drop(black_box(black_box(&s3).sign_with(&chain).unwrap())),
            other => panic!("unknown case {other}"),
        }
    }
}
EOF

cargo build --quiet --release --manifest-path "$WORK/Cargo.toml" --target-dir "$TARGET"
BIN=$TARGET/release/signing-callgrind
count() { # count <case> <n>: instructions of the whole run
    valgrind --tool=callgrind --callgrind-out-file="$WORK/$1.$2.out" "$BIN" "$1" "$2" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-40s %12s\n' "Binance query (hex) unless named" "instr/call"
CASES=${CASES:-prepared naive signature_into sign_with verify rule_naive rule_signature_into rule_sign_with rule_verify template_prepared template_naive template_into template_sign_with s3_floor s3_signature_into s3_sign_with}
for case in $CASES; do
    base=$(count "$case" 0)
    runs=$(count "$case" 1000)
    printf '%-40s %12d\n' "$case" $(((runs - base) / 1000))
done
