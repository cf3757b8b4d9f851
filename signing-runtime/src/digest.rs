//! Hashes of a field's bytes written in place of the field (`#[signed(digest = "sha256")]`).

use core::fmt;

use sha2::Digest as _;

use crate::message::{MessageValue, Sink, ValueWriter};

/// A hash function for `digest = "..."`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DigestAlgorithm {
    /// SHA-256 (`"sha256"`).
    Sha256,
    /// SHA-384 (`"sha384"`).
    Sha384,
    /// SHA-512 (`"sha512"`).
    Sha512,
}

impl DigestAlgorithm {
    /// The attribute value that names this hash.
    pub const fn name(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha256 => "sha256",
            DigestAlgorithm::Sha384 => "sha384",
            DigestAlgorithm::Sha512 => "sha512",
        }
    }

    /// Hashes `bytes` into `out`, returning the digest length.
    pub fn hash_into(self, bytes: &[u8], out: &mut [u8; 64]) -> usize {
        match self {
            DigestAlgorithm::Sha256 => copy(&sha2::Sha256::digest(bytes), out),
            DigestAlgorithm::Sha384 => copy(&sha2::Sha384::digest(bytes), out),
            DigestAlgorithm::Sha512 => copy(&sha2::Sha512::digest(bytes), out),
        }
    }
}

fn copy(digest: &[u8], out: &mut [u8; 64]) -> usize {
    out[..digest.len()].copy_from_slice(digest);
    digest.len()
}

impl fmt::Display for DigestAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a digest is written (`digest_encoding = "hex" | "base64" | "raw"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DigestEncoding {
    /// Lowercase hex (the default).
    Hex,
    /// Standard base64 with padding.
    Base64,
    /// The digest's bytes themselves (binary messages, as Kraken signs).
    Raw,
}

impl DigestEncoding {
    /// The attribute value that names this encoding.
    pub const fn name(self) -> &'static str {
        match self {
            DigestEncoding::Hex => "hex",
            DigestEncoding::Base64 => "base64",
            DigestEncoding::Raw => "raw",
        }
    }
}

/// A field's bytes, written as their digest.
pub struct Digest<'a, T: ?Sized>(pub &'a T, pub DigestAlgorithm, pub DigestEncoding);

impl<T: AsRef<[u8]> + ?Sized> MessageValue for Digest<'_, T> {
    fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
        let mut hash = [0u8; 64];
        let len = self.1.hash_into(self.0.as_ref(), &mut hash);
        encode(&hash[..len], self.2, |bytes| out.bytes(bytes));
    }
}

/// Hands `hash` in `encoding` to `write`, without allocating.
fn encode(hash: &[u8], encoding: DigestEncoding, write: impl FnOnce(&[u8])) {
    match encoding {
        DigestEncoding::Raw => write(hash),
        DigestEncoding::Hex | DigestEncoding::Base64 => {
            // 64 bytes of hash are at most 128 characters of text: stay on the stack.
            let mut text = [0u8; 128];
            let n = if encoding == DigestEncoding::Hex {
                let n = hash.len() * 2;
                // Lengths match by construction, so this cannot fail.
                let _ = hex::encode_to_slice(hash, &mut text[..n]);
                n
            } else {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD
                    .encode_slice(hash, &mut text)
                    .unwrap_or(0)
            };
            write(&text[..n]);
        }
    }
}

/// A hash in progress over part of a message: a template's digest group
/// (`{sha256(raw):{nonce}{post_data}}`) writes its pieces here, then the digest into the message.
#[doc(hidden)]
#[derive(Clone)]
pub struct DigestSink(HashState);

#[derive(Clone)]
enum HashState {
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
}

impl DigestSink {
    /// An empty hash.
    pub fn new(algorithm: DigestAlgorithm) -> DigestSink {
        DigestSink(match algorithm {
            DigestAlgorithm::Sha256 => HashState::Sha256(sha2::Sha256::new()),
            DigestAlgorithm::Sha384 => HashState::Sha384(sha2::Sha384::new()),
            DigestAlgorithm::Sha512 => HashState::Sha512(sha2::Sha512::new()),
        })
    }

    /// Writes the digest into `out` in `encoding`. It is written as is, not escaped: it has a
    /// fixed length and alphabet, so it cannot make the message ambiguous.
    pub fn finish<S: Sink + ?Sized>(self, out: &mut S, encoding: DigestEncoding) {
        let mut hash = [0u8; 64];
        let len = match self.0 {
            HashState::Sha256(h) => copy(&h.finalize(), &mut hash),
            HashState::Sha384(h) => copy(&h.finalize(), &mut hash),
            HashState::Sha512(h) => copy(&h.finalize(), &mut hash),
        };
        encode(&hash[..len], encoding, |bytes| out.write(bytes));
    }
}

impl Sink for DigestSink {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        match &mut self.0 {
            HashState::Sha256(h) => h.update(bytes),
            HashState::Sha384(h) => h.update(bytes),
            HashState::Sha512(h) => h.update(bytes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{write_value, Escape};

    #[test]
    fn sha256_of_empty_body() {
        // printf '' | sha256sum  -> e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
        // printf '' | openssl dgst -sha256 -binary | base64 -> 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=
        let mut out = Vec::new();
        write_value(
            &mut out,
            Escape::Strict,
            None,
            "b",
            &Digest("", DigestAlgorithm::Sha256, DigestEncoding::Hex),
        )
        .unwrap();
        assert_eq!(
            out,
            b"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        out.clear();
        write_value(
            &mut out,
            Escape::None,
            None,
            "b",
            &Digest("", DigestAlgorithm::Sha256, DigestEncoding::Base64),
        )
        .unwrap();
        assert_eq!(out, b"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    }

    #[test]
    fn digest_sink_hashes_pieces() {
        // printf 'abc' | openssl dgst -sha384 -binary | base64
        // ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn
        let mut sink = DigestSink::new(DigestAlgorithm::Sha384);
        sink.write(b"a");
        sink.write(b"bc");
        let mut out = b"x".to_vec();
        sink.finish(&mut out, DigestEncoding::Base64);
        assert_eq!(
            out,
            b"xywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }
}
