//! Hash functions and the text forms of their digests (`#[signed(digest = "sha256")]`, template
//! digest groups). How a digest enters a message is `message`'s concern (`message::Digest`).

use core::fmt;

use sha2::Digest as _;

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

impl DigestEncoding {
    /// Hands `hash` in this encoding to `write`, without allocating.
    pub(crate) fn with_text(self, hash: &[u8], write: impl FnOnce(&[u8])) {
        encode(hash, self, write);
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
                // `text` holds twice `hash`, so this cannot fail; base16ct's constant-time
                // digits take about a third of the `hex` crate's instructions (callgrind).
                base16ct::lower::encode(hash, &mut text).map_or(0, <[u8]>::len)
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

/// A hash in progress, fed in pieces.
#[derive(Clone)]
pub(crate) enum Hasher {
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
}

impl Hasher {
    /// An empty hash.
    pub(crate) fn new(algorithm: DigestAlgorithm) -> Hasher {
        match algorithm {
            DigestAlgorithm::Sha256 => Hasher::Sha256(sha2::Sha256::new()),
            DigestAlgorithm::Sha384 => Hasher::Sha384(sha2::Sha384::new()),
            DigestAlgorithm::Sha512 => Hasher::Sha512(sha2::Sha512::new()),
        }
    }

    /// Feeds `bytes`.
    #[inline]
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Sha256(h) => h.update(bytes),
            Hasher::Sha384(h) => h.update(bytes),
            Hasher::Sha512(h) => h.update(bytes),
        }
    }

    /// The digest, into `out`; returns its length.
    pub(crate) fn finish_into(self, out: &mut [u8; 64]) -> usize {
        match self {
            Hasher::Sha256(h) => copy(&h.finalize(), out),
            Hasher::Sha384(h) => copy(&h.finalize(), out),
            Hasher::Sha512(h) => copy(&h.finalize(), out),
        }
    }
}
