//! PEM text (RFC 7468) into DER blocks: bounded, lenient where tools differ, and never quoting
//! key material in an error. The bodies are decoded by `base64ct` (constant time: the bytes
//! are a key's).

use base64ct::{Base64, Encoding as _};
use zeroize::Zeroizing;

/// The longest PEM text read, in bytes: 64 KiB, some twenty times a 4096-bit RSA private key.
/// Key text can come from untrusted hands (public keys that clients register), so a longer one
/// is refused before it is parsed.
pub const MAX_PEM_BYTES: usize = 64 * 1024;

/// The most PEM blocks read from one text (a key file holds one, two with `EC PARAMETERS`; a
/// certificate chain a few).
pub(super) const MAX_PEM_BLOCKS: usize = 16;

/// The most blocks an error lists.
const MAX_LISTED_BLOCKS: usize = 4;

/// One `-----BEGIN label-----` … `-----END label-----` block.
pub(super) struct PemBlock {
    pub(super) label: String,
    pub(super) der: Zeroizing<Vec<u8>>,
    /// The legacy OpenSSL `Proc-Type: 4,ENCRYPTED` header is present.
    pub(super) encrypted: bool,
}

#[derive(Clone, Copy)]
pub(super) enum Want {
    Private,
    Public,
}

/// The longest PEM label quoted in an error. RFC 7468's labels are at most 26 characters
/// (`SSH2 ENCRYPTED PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`).
const MAX_QUOTED_LABEL: usize = 40;

/// `label` is worth quoting in an error: an RFC 7468 label (`labelchar *( ["-" / SP] labelchar )`,
/// labelchar = printable ASCII but `-`), at most [`MAX_QUOTED_LABEL`] characters, and spelled the
/// way every registered label is (capital letters, digits, single spaces and hyphens).
///
/// Anything else is not quoted, because a text with a broken boundary line makes the reader take
/// key material for the label: a PEM delivered on one line, or one whose `-----` went missing,
/// puts the base64 body right after `-----BEGIN ` (issue 16, finding 1). Base64 of a key has
/// lower-case letters, `+` or `/`, and runs longer than any label, so it never passes.
fn is_quotable_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    let labelchar = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    label.len() <= MAX_QUOTED_LABEL
        && bytes.first().is_none_or(|&b| labelchar(b))
        && bytes.last().is_none_or(|&b| labelchar(b))
        && bytes
            .iter()
            .all(|&b| labelchar(b) || b == b' ' || b == b'-')
        && !bytes
            .windows(2)
            .any(|w| matches!(w[0], b' ' | b'-') && matches!(w[1], b' ' | b'-'))
}

/// Every PEM block in `text`. Lenient where tools differ (CRLF, bare CR, any line width, text
/// around the blocks, a key delivered on one line: its line breaks turned into spaces, removed,
/// or written as literal `\n` escapes); the error says what was found, and quotes a label only
/// when [`is_quotable_label`] says it cannot be key material.
///
/// The boundaries are found in the text, not line by line (RFC 7468 §2 puts them on lines of
/// their own, which a one-line delivery loses): a block runs from `-----BEGIN label-----` to the
/// next `-----END label-----`, and its body is every line between that is not an RFC 1421
/// header (`Proc-Type: 4,ENCRYPTED`, `DEK-Info`), whitespace dropped.
///
/// Bounded for text from untrusted hands (issue 16, finding 6: 4 MiB of empty blocks took 6.5 s
/// and gave a 1.1 MB error): at most [`MAX_PEM_BYTES`] and [`MAX_PEM_BLOCKS`], each byte looked
/// at a bounded number of times, each block's buffer sized for that block alone.
pub(super) fn pem_blocks(text: &[u8]) -> Result<Vec<PemBlock>, String> {
    const BEGIN: &str = "-----BEGIN ";
    const DASHES: &str = "-----";
    if text.len() > MAX_PEM_BYTES {
        return Err(format!(
            "{} bytes of key text, more than the {MAX_PEM_BYTES} read (a key in PEM is a few KiB)",
            text.len()
        ));
    }
    let Ok(text) = core::str::from_utf8(text) else {
        return Err("not PEM (binary data; a DER key converts with `openssl pkey -inform DER -in key.der -out key.pem`)".into());
    };
    let unescaped;
    let text = if text.contains(BEGIN) && text.contains("\\n") {
        // Each step's copy of the key text is wiped, not only the last.
        let crlf = Zeroizing::new(text.replace("\\r\\n", "\n"));
        unescaped = Zeroizing::new(crlf.replace("\\n", "\n"));
        unescaped.as_str()
    } else {
        text
    };
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(BEGIN) {
        if blocks.len() == MAX_PEM_BLOCKS {
            return Err(format!(
                "more than {MAX_PEM_BLOCKS} PEM blocks (a key file holds one or two)"
            ));
        }
        let after = &rest[at + BEGIN.len()..];
        let Some(label_len) = after.find(DASHES) else {
            return Err("a `-----BEGIN` line that does not end in `-----` (not PEM)".into());
        };
        let label = &after[..label_len];
        if !is_quotable_label(label) {
            return Err(format!(
                "a `-----BEGIN` line whose label is not a PEM label ({} characters, not shown: \
                 key material where the label belongs means the PEM's line breaks were lost \
                 or its `-----` cut)",
                label.chars().count()
            ));
        }
        let after = &after[label_len + DASHES.len()..];
        let end = format!("-----END {label}-----");
        let Some(body_len) = after.find(&end) else {
            return Err(format!(
                "PEM `{label}` without its `{end}` line (cut short?)"
            ));
        };
        let raw = &after[..body_len];
        rest = &after[body_len + end.len()..];
        // Sized for the whole body, so it never grows: a reallocation would leave a copy of
        // the key's base64 behind, unwiped.
        let mut body = Zeroizing::new(String::with_capacity(raw.len()));
        let mut encrypted = false;
        for line in raw.split(['\n', '\r']) {
            if let Some((name, value)) = line.split_once(':') {
                // RFC 1421 headers of legacy OpenSSL PEM (`Proc-Type: 4,ENCRYPTED`, `DEK-Info`).
                // On one line the headers run into each other and into the body; base64 has no
                // `:`, so such a line is never key material to decode.
                encrypted |= name.trim().ends_with("Proc-Type") && value.contains("ENCRYPTED");
                continue;
            }
            body.extend(line.chars().filter(|c| !c.is_whitespace()));
        }
        // Sized for the body once and cut to the decoded length: no reallocation, no copy left.
        let mut der = Zeroizing::new(Vec::new());
        if !encrypted {
            der.resize(body.len() / 4 * 3 + 3, 0);
            let len = Base64::decode(body.as_bytes(), &mut der)
                .map_err(|_| format!("PEM `{label}` whose body is not base64"))?
                .len();
            der.truncate(len);
        }
        blocks.push(PemBlock {
            label: label.to_owned(),
            der,
            encrypted,
        });
    }
    if blocks.is_empty() {
        return Err("not PEM (no `-----BEGIN ...-----` line)".into());
    }
    Ok(blocks)
}

/// What the blocks are, when none is the kind of key wanted.
pub(super) fn describe_blocks(blocks: &[PemBlock], want: Want) -> String {
    let mut found = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i == MAX_LISTED_BLOCKS {
            found.push_str(&format!(" and {} more blocks", blocks.len() - i));
            break;
        }
        if i > 0 {
            found.push_str(", ");
        }
        found.push_str("PEM `");
        found.push_str(&block.label);
        found.push('`');
        let hint = match (block.label.as_str(), want) {
            ("PUBLIC KEY" | "RSA PUBLIC KEY", Want::Private) => {
                " (a public key: signing needs the private key)"
            }
            ("PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY", Want::Public) => {
                " (a private key: give verifiers only its public half, `openssl pkey -in key.pem -pubout`)"
            }
            ("ENCRYPTED PRIVATE KEY", _) => {
                " (encrypted with a passphrase: decrypt it, `openssl pkey -in key.pem -out plain.pem`)"
            }
            ("CERTIFICATE", Want::Public) => {
                " (a certificate: extract its key, `openssl x509 -in cert.pem -pubkey -noout`)"
            }
            ("CERTIFICATE", Want::Private) => " (a certificate, which holds no private key)",
            _ => "",
        };
        found.push_str(hint);
    }
    found
}
