//! Whether a `strict` query-form message is its own URL query (`Parts::query_is_escaped_message`).

/// Whether a `strict` query-form message is its own URL query: `name=value` pairs joined by `&`,
/// whose names need no percent-encoding and whose values cannot hold `&` (`strict` refuses it),
/// are laid out in the URL byte for byte as in the message exactly when no value holds a byte
/// RFC 3986 percent-encodes. Values are not marked in the message, so this is decided on its
/// bytes: every byte is unreserved, `&` or `=`, and there is one `=` per pair (one more than
/// there are `&`), so no value holds a `=`. An empty message (every pair an absent `Option`) is
/// the empty query.
pub(crate) fn is_plain_query(message: &[u8]) -> bool {
    match message.len() {
        0 => true,
        // Blocks of 16 bytes, counted in 8-bit lanes.
        16..=MAX_BLOCKS_LEN => by_blocks(message),
        _ => byte_by_byte(message),
    }
}

/// The longest message [`by_blocks`] counts: at most 255 in each 8-bit lane.
const MAX_BLOCKS_LEN: usize = 16 * 255;

/// `(not unreserved, & or =; is &; is =)` of a byte, without a branch.
#[inline(always)]
fn classify(b: u8) -> (bool, bool, bool) {
    let alpha = (b | 0x20).wrapping_sub(b'a') < 26;
    let digit = b.wrapping_sub(b'0') < 10;
    let mark = (b == b'-') | (b == b'.') | (b == b'_') | (b == b'~');
    let and = b == b'&';
    let equal = b == b'=';
    (!(alpha | digit | mark | and | equal), and, equal)
}

/// [`is_plain_query`] one byte at a time (short or very long messages).
fn byte_by_byte(message: &[u8]) -> bool {
    let (mut other, mut ands, mut equals) = (false, 0usize, 0usize);
    for &b in message {
        let (o, a, e) = classify(b);
        other |= o;
        ands += usize::from(a);
        equals += usize::from(e);
    }
    !other && equals == ands + 1
}

/// Sixteen 8-bit lanes: what the compiler turns into vector operations (about 40 instructions
/// per 16 bytes with SSE2, against about 5 per byte one at a time).
type Lanes = [u8; 16];

/// Adds a block to the lanes; the `&` and `=` of its lanes before `from` are not counted (the
/// last block overlaps the one before it).
#[inline(always)]
fn add_block(block: &Lanes, from: u8, other: &mut Lanes, ands: &mut Lanes, equals: &mut Lanes) {
    for (i, &b) in block.iter().enumerate() {
        // `i < 16`.
        let counted = i as u8 >= from;
        let (o, a, e) = classify(b);
        other[i] |= u8::from(o);
        ands[i] = ands[i].wrapping_add(u8::from(a & counted));
        equals[i] = equals[i].wrapping_add(u8::from(e & counted));
    }
}

/// The sum of the lanes (each at most 255), as two 64-bit words: pairs of lanes added into 16-bit
/// lanes, then those summed by a multiplication.
#[inline(always)]
fn lane_sum(lanes: &Lanes) -> u64 {
    const LOW_BYTES: u64 = 0x00FF_00FF_00FF_00FF;
    let (lo, hi) = words(lanes);
    let pairs =
        (lo & LOW_BYTES) + ((lo >> 8) & LOW_BYTES) + (hi & LOW_BYTES) + ((hi >> 8) & LOW_BYTES);
    pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48
}

#[inline(always)]
fn words(lanes: &Lanes) -> (u64, u64) {
    let (mut lo, mut hi) = ([0u8; 8], [0u8; 8]);
    lo.copy_from_slice(&lanes[..8]);
    hi.copy_from_slice(&lanes[8..]);
    (u64::from_le_bytes(lo), u64::from_le_bytes(hi))
}

/// [`is_plain_query`] for 16 to [`MAX_BLOCKS_LEN`] bytes: whole blocks of 16, then the last 16
/// bytes (overlapping; the bytes seen twice are checked twice and counted once).
fn by_blocks(message: &[u8]) -> bool {
    let (mut other, mut ands, mut equals) = ([0u8; 16], [0u8; 16], [0u8; 16]);
    let mut blocks = message.chunks_exact(16);
    for block in &mut blocks {
        if let Ok(block) = <&Lanes>::try_from(block) {
            add_block(block, 0, &mut other, &mut ands, &mut equals);
        }
    }
    let rest = blocks.remainder().len();
    if rest > 0 {
        let last = message.len().saturating_sub(16);
        match message.get(last..).map(<&Lanes>::try_from) {
            // `rest < 16`.
            Some(Ok(block)) => {
                add_block(block, (16 - rest) as u8, &mut other, &mut ands, &mut equals)
            }
            _ => return byte_by_byte(message),
        }
    }
    let (lo, hi) = words(&other);
    lo | hi == 0 && lane_sum(&equals) == lane_sum(&ands) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule, written as plainly as it reads.
    fn reference(message: &[u8]) -> bool {
        let unreserved = |b: u8| b.is_ascii_alphanumeric() || b"-._~".contains(&b);
        let count = |c: u8| message.iter().filter(|&&b| b == c).count();
        message.is_empty()
            || (message
                .iter()
                .all(|&b| unreserved(b) || b == b'&' || b == b'=')
                && count(b'=') == count(b'&') + 1)
    }

    #[test]
    fn plain_query_checks_every_byte() {
        // Past the blocks' limit, and every byte value at the end.
        for len in [3, 15, 16, 17, 31, 300, MAX_BLOCKS_LEN, MAX_BLOCKS_LEN + 5] {
            let base = format!("a={}", "x".repeat(len - 2));
            assert!(is_plain_query(base.as_bytes()), "{len}");
            for b in 0..=255u8 {
                let mut message = base.clone().into_bytes();
                message.push(b);
                let unreserved = b.is_ascii_alphanumeric() || b"-._~".contains(&b);
                assert_eq!(is_plain_query(&message), unreserved, "{len} {b}");
                // At the start of the last block too.
                let at = message.len().saturating_sub(16);
                message.pop();
                message[at] = b;
                assert_eq!(is_plain_query(&message), reference(&message), "{len} {b}");
            }
        }
        assert!(is_plain_query(b"a=1&b=2"));
        assert!(!is_plain_query(b"a=1=2&b=2"));
        assert!(!is_plain_query(b"a=1&b"));
        assert!(!is_plain_query(b"a"));
    }

    #[test]
    fn blocks_are_the_reference() {
        // Messages of every length up to 300 from an alphabet where `&` and `=` are frequent,
        // so the counts come out equal, one apart and further apart, in every lane position.
        let alphabet = b"ab09-._~&&===&%/ \x80";
        let mut next = crate::xorshift(0x2545_f491_4f6c_dd1du64);
        let mut agree = [0usize; 2];
        for len in 0..300 {
            for _ in 0..200 {
                let message: Vec<u8> = (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect();
                let expected = reference(&message);
                assert_eq!(is_plain_query(&message), expected, "{message:?}");
                agree[usize::from(expected)] += 1;
            }
            // A plain message of this length: `a=..&b=..`, values of unreserved bytes.
            let mut plain = b"a=".to_vec();
            plain.resize(len.max(2), b'x');
            if len > 6 {
                plain[len / 2] = b'&';
                plain[len / 2 + 1] = b'=';
            }
            assert_eq!(is_plain_query(&plain), reference(&plain), "{len}");
        }
        assert!(agree[0] > 1000 && agree[1] > 100, "{agree:?}");
    }
}
