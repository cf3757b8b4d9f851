//! Promises that mutation testing (scripts/mutants.sh, issue 16) found pinned by no test: each
//! test names the code it pins and the mutant that survived without it. Expected values are
//! facts of the declarations and of RFC 4648 hex, written by hand.

use signing::parse::{MAX_HEADER_BYTES, MAX_QUERY_BYTES};
use signing::{Encoding, Error, FromSignedQuery, SignedRequest};

/// `ValueWriter::number` (message): under `strict`, an integer followed by a `-` or a digit is
/// checked like text (`-1` holds `-`, `10` holds `0`); before any other separator it is written
/// without a check (digits and `-` cannot hold it). Mutants making the condition always true or
/// always false, or `||` into `&&`, survived.
#[derive(SignedRequest, Debug)]
#[signed(mac = "hmac-sha256", template = "{n}-{m}")]
struct Dash {
    n: i64,
    m: u32,
}

#[derive(SignedRequest, Debug)]
#[signed(mac = "hmac-sha256", template = "{n}0{m}")]
struct Zero {
    n: i64,
    m: u32,
}

#[derive(SignedRequest, Debug)]
#[signed(mac = "hmac-sha256", template = "{n}:{m}")]
struct Colon {
    n: i64,
    m: u32,
}

#[test]
fn strict_checks_integers_before_a_dash_or_a_digit() {
    assert_eq!(Dash { n: 1, m: 2 }.message().unwrap(), b"1-2");
    assert_eq!(
        Dash { n: -1, m: 2 }.message(),
        Err(Error::AmbiguousValue {
            field: "n",
            character: '-'
        })
    );
    assert_eq!(Zero { n: 5, m: 2 }.message().unwrap(), b"502");
    assert_eq!(Zero { n: -5, m: 2 }.message().unwrap(), b"-502");
    assert_eq!(
        Zero { n: 10, m: 2 }.message(),
        Err(Error::AmbiguousValue {
            field: "n",
            character: '0'
        })
    );
    // Before `:` nothing in an integer can be the separator.
    assert_eq!(Colon { n: -10, m: 0 }.message().unwrap(), b"-10:0");
}

/// `Encoding::Hex.decode_into`: the bytes next to the digit and letter ranges are not hex
/// (`/` and `:` around `0-9`, `@` and `G` around `A-F`, `` ` `` and `g` around `a-f`). Mutants
/// widening a range by one survived.
#[test]
fn hex_refuses_the_neighbours_of_its_ranges() {
    let mut out = [0u8; 4];
    for (text, byte) in [
        ("00", 0x00),
        ("09", 0x09),
        ("0a", 0x0a),
        ("0f", 0x0f),
        ("0A", 0x0a),
        ("0F", 0x0f),
        ("90", 0x90),
        ("f0", 0xf0),
        ("F0", 0xf0),
    ] {
        for encoding in [Encoding::Hex, Encoding::HexUpper] {
            assert_eq!(encoding.decode_into(text, &mut out), Some(1), "{text}");
            assert_eq!(out[0], byte, "{text}");
        }
    }
    for neighbour in ['/', ':', '@', 'G', '`', 'g', '[', '{', ' '] {
        for text in [format!("0{neighbour}"), format!("{neighbour}0")] {
            assert_eq!(Encoding::Hex.decode_into(&text, &mut out), None, "{text:?}");
            assert!(
                matches!(
                    signing::Secret::from_hex(&format!("{text}00")),
                    Err(Error::KeyEncoding { .. })
                ),
                "{text:?}"
            );
        }
    }
}

/// A server's view of a request with a decimal amount and a header.
#[derive(SignedRequest, FromSignedQuery, Debug, PartialEq)]
#[signed(mac = "hmac-sha256", signature = query("signature"))]
struct Order {
    amount: f64,
    note: String,
    #[signed(header = "X-Tag")]
    tag: Option<String>,
}

fn reason<T: std::fmt::Debug>(result: Result<T, Error>) -> &'static str {
    match result {
        Err(Error::MalformedRequest { reason, .. }) => reason,
        other => panic!("expected MalformedRequest, got {other:?}"),
    }
}

/// `writes_as` (parse): a value is read only in the spelling the message gives it, with nothing
/// left over: `1.50` is 1.5, which the message writes `1.5`, so it could never verify. The
/// mutant dropping `&& compare.rest.is_empty()` survived.
#[test]
fn a_value_with_text_left_over_is_refused() {
    let (order, _) =
        Order::from_query("amount=1.5&note=n&signature=s").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(order.amount, 1.5);
    for spelled in ["1.50", "1.5e0", "01.5"] {
        assert_eq!(
            reason(Order::from_query(&format!(
                "amount={spelled}&note=n&signature=s"
            ))),
            "a value not in the spelling the message gives it (it could never verify)",
            "{spelled}"
        );
    }
}

/// The 8 KiB limits hold at their boundary: a query or header value of exactly
/// `MAX_QUERY_BYTES` / `MAX_HEADER_BYTES` is read, one byte more is refused. Mutants turning
/// `>` into `>=` survived.
#[test]
fn the_8_kib_limits_hold_at_the_boundary() {
    const HEAD: &str = "amount=1.5&signature=s&note=";
    let query = |len: usize| format!("{HEAD}{}", "n".repeat(len - HEAD.len()));
    let request = |tag: &str| {
        http::Request::get("/o?amount=1.5&note=n&signature=s")
            .header("X-Tag", tag)
            .body(Vec::new())
            .unwrap()
    };
    assert_eq!(query(MAX_QUERY_BYTES).len(), 8192);
    let (order, _) = Order::from_query(&query(MAX_QUERY_BYTES)).unwrap();
    assert_eq!(order.note.len(), MAX_QUERY_BYTES - HEAD.len());
    assert_eq!(
        reason(Order::from_query(&query(MAX_QUERY_BYTES + 1))),
        "the query is longer than MAX_QUERY_BYTES (8192 bytes)"
    );
    let at_limit = "a".repeat(MAX_HEADER_BYTES);
    let (order, _) = Order::from_request(&request(&at_limit)).unwrap();
    assert_eq!(order.tag.map(|t| t.len()), Some(MAX_HEADER_BYTES));
    assert_eq!(
        reason(Order::from_request(&request(&format!("{at_limit}a")))),
        "a header value longer than MAX_HEADER_BYTES (8192 bytes)"
    );
}
