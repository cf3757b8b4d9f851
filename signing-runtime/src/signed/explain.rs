//! `Signed::explain()`: what was signed, with every invisible byte made visible.

use core::fmt::Write as _;

use super::{Placement, Signed};
use crate::secret::KeyOrigin;

pub(crate) fn explain(signed: &Signed) -> String {
    let p = &signed.head;
    let message = signed.message();
    let mut out = String::with_capacity(256 + message.len() * 2);
    let _ = write!(out, "algorithm: {}", p.scheme);
    if let Some(encoding) = p.encoding {
        let _ = write!(out, ", signature as {encoding}");
    }
    out.push('\n');

    let _ = write!(out, "key:       {}, {} bytes", p.key.origin, p.key.len);
    if p.key.edge_whitespace {
        out.push_str(" (WARNING: the key text has whitespace at its start or end that was kept; add `trim_key` if that is a pasted newline)");
    }
    if let KeyOrigin::File {
        readable_by_others: true,
        ..
    } = p.key.origin
    {
        out.push_str(" (WARNING: the key file is readable by its group or others; chmod 600 it)");
    }
    out.push('\n');

    let _ = writeln!(out, "message:   {} bytes", message.len());
    out.push_str("  ");
    visible(&mut out, message);
    out.push('\n');

    let _ = writeln!(out, "signature: {}", signed.signature());
    match p.placement {
        Placement::None => out.push_str("sent:      by the caller (no placement declared)\n"),
        Placement::Query(name) => {
            let _ = writeln!(
                out,
                "sent:      query parameter `{name}`: ?{}",
                signed.query()
            );
        }
        Placement::Header { name, prefix } => {
            // A prefix that names fields, as this request wrote it.
            let prefix = signed.parts.signature_prefix_text().unwrap_or(prefix);
            let _ = writeln!(out, "sent:      header `{name}: {prefix}<signature>`");
        }
        Placement::Body => out.push_str("sent:      as the request body\n"),
        Placement::HeaderParams { name, format, .. } => {
            let _ = writeln!(out, "sent:      header `{name}: {format}`");
        }
    }
    for (name, value) in signed.headers() {
        let _ = writeln!(out, "header:    {name}: {value}");
    }
    if let Some(path) = p.path {
        let _ = writeln!(out, "request:   {} {path}", signed.method());
    }
    out
}

/// Writes `bytes` as text with `\n`, `\r`, `\t`, `\\`, other control bytes as `\x..`, non-ASCII
/// characters as `\u{..}`, and bytes that are not UTF-8 as `\x..`.
pub(crate) fn visible(out: &mut String, bytes: &[u8]) {
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\\' => out.push_str("\\\\"),
                c if c.is_ascii_control() => {
                    let _ = write!(out, "\\x{:02x}", c as u32);
                }
                c if !c.is_ascii() => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
}

pub(crate) fn compare(out: &mut String, actual: &[u8], expected: &[u8]) {
    let Some(at) = actual
        .iter()
        .zip(expected)
        .position(|(a, b)| a != b)
        .or_else(|| (actual.len() != expected.len()).then_some(actual.len().min(expected.len())))
    else {
        out.push_str("compare:   the message is byte for byte the expected one\n");
        return;
    };
    let _ = writeln!(
        out,
        "compare:   first difference at byte {at} (message {} bytes, expected {} bytes)",
        actual.len(),
        expected.len()
    );
    let start = at.saturating_sub(24);
    for (label, bytes) in [("message: ", actual), ("expected:", expected)] {
        let mut shown = String::new();
        visible(
            &mut shown,
            &bytes[start.min(bytes.len())..at.min(bytes.len())],
        );
        let caret = shown.chars().count();
        visible(
            &mut shown,
            &bytes[at.min(bytes.len())..(at + 24).min(bytes.len())],
        );
        if at >= bytes.len() {
            shown.push_str("<end>");
        }
        let _ = writeln!(out, "  {label} {}{shown}", if start > 0 { "…" } else { "" });
        if label == "expected:" {
            let pad = caret + 12 + usize::from(start > 0);
            let _ = writeln!(out, "{}^", " ".repeat(pad));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_bytes_are_shown() {
        let mut s = String::new();
        visible(&mut s, "a\tb\nc é\u{7f}".as_bytes());
        visible(&mut s, &[0xff]);
        assert_eq!(s, "a\\tb\\nc \\u{e9}\\x7f\\xff");
    }

    #[test]
    fn compare_points_at_first_difference() {
        let mut s = String::new();
        compare(&mut s, b"timestamp=1700000000", b"timestamp=1700000000000");
        assert!(s.contains("first difference at byte 20"), "{s}");
        let mut s = String::new();
        compare(&mut s, b"abc", b"abc");
        assert!(s.contains("byte for byte"), "{s}");
    }
}
