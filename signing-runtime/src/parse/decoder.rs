//! Percent-decoding of query text.

/// Percent-decodes `application/x-www-form-urlencoded` text: `+` is a space, `%XX` a byte.
pub(super) fn decode(text: &str) -> Result<String, &'static str> {
    decode_with(text, true)
}

/// Percent-decodes a URL path: `%XX` is a byte, `+` is itself (RFC 3986: only the query's
/// form encoding makes it a space).
pub(super) fn decode_path(text: &str) -> Result<String, &'static str> {
    decode_with(text, false)
}

fn decode_with(text: &str, plus_is_space: bool) -> Result<String, &'static str> {
    let bytes = text.as_bytes();
    if !bytes
        .iter()
        .any(|&b| b == b'%' || (plus_is_space && b == b'+'))
    {
        return Ok(text.to_owned());
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' if plus_is_space => out.push(b' '),
            b'%' => {
                let hex = |at: usize| bytes.get(at).and_then(|&d| (d as char).to_digit(16));
                let (Some(hi), Some(lo)) = (hex(i + 1), hex(i + 2)) else {
                    return Err("a `%` not followed by two hex digits");
                };
                // Both digits are below 16.
                out.push((hi * 16 + lo) as u8);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| "text that is not UTF-8 once percent-decoded")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding() {
        assert_eq!(decode("a+b%2B%26%C3%A9").unwrap(), "a b+&é");
        assert_eq!(decode("%zz"), Err("a `%` not followed by two hex digits"));
        assert_eq!(decode("%4"), Err("a `%` not followed by two hex digits"));
        assert_eq!(decode("%"), Err("a `%` not followed by two hex digits"));
        assert_eq!(
            decode("%FF"),
            Err("text that is not UTF-8 once percent-decoded")
        );
        assert_eq!(decode("%e9%9A%99").unwrap(), "\u{9699}");
        assert_eq!(decode_path("/a+b/c%20d%2B").unwrap(), "/a+b/c d+");
        assert_eq!(
            decode_path("/%zz"),
            Err("a `%` not followed by two hex digits")
        );
    }
}
