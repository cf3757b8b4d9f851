//! `Content-Digest` and `Repr-Digest` (RFC 9530): a Structured Field dictionary from the
//! registered algorithm name (`sha-256`, `sha-512`) to the digest as a byte sequence, written by
//! the sender and checked by the receiver. No key is involved; to bind the body to a request,
//! cover `content-digest` with a signature ([`crate::httpsig`]).
//!
//! ```
//! use signing_runtime::content_digest::{self, HashAlgorithm};
//! // RFC 9530 appendix B.1: `{"hello": "world"}` and a newline.
//! let body = b"{\"hello\": \"world\"}\n";
//! let field = content_digest::header_value(body, &[HashAlgorithm::Sha256]);
//! assert_eq!(field, "sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:");
//! assert_eq!(content_digest::verify(&field, body, &[HashAlgorithm::Sha256, HashAlgorithm::Sha512]), Ok(()));
//! assert!(content_digest::verify(&field, b"{}", &[HashAlgorithm::Sha256]).is_err());
//! ```

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::Digest as _;

use crate::error::Error;
use crate::structured_field::{self as sf, Item, Member};

/// A hash algorithm of RFC 9530's Hash Algorithms for HTTP Digest Fields registry whose status
/// is "Active".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// `sha-256`.
    Sha256,
    /// `sha-512`.
    Sha512,
}

impl HashAlgorithm {
    /// The registered key (`sha-256`).
    pub const fn name(self) -> &'static str {
        match self {
            HashAlgorithm::Sha256 => "sha-256",
            HashAlgorithm::Sha512 => "sha-512",
        }
    }

    /// The digest of `bytes`.
    pub fn digest(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            HashAlgorithm::Sha256 => sha2::Sha256::digest(bytes).to_vec(),
            HashAlgorithm::Sha512 => sha2::Sha512::digest(bytes).to_vec(),
        }
    }
}

/// The field value for `content` (the message content for `Content-Digest`, the selected
/// representation's data for `Repr-Digest`): one member per algorithm, in the order given.
pub fn header_value(content: &[u8], algorithms: &[HashAlgorithm]) -> String {
    let mut out = Vec::with_capacity(algorithms.len() * 100);
    write_field(&mut out, content, algorithms);
    // `write_field` writes ASCII only (registered names, base64, `=:, `), so this never fails.
    String::from_utf8(out).unwrap_or_default()
}

/// Writes [`header_value`] into `out` without allocating (a declaration's `{@content_digest}`).
pub fn write_field<S: crate::message::Sink + ?Sized>(
    out: &mut S,
    content: &[u8],
    algorithms: &[HashAlgorithm],
) {
    for (i, algorithm) in algorithms.iter().enumerate() {
        if i > 0 {
            out.write(b", ");
        }
        out.write(algorithm.name().as_bytes());
        out.write(b"=:");
        // 88 characters of base64 hold a SHA-512 digest.
        let mut text = [0u8; 88];
        let len = match algorithm {
            HashAlgorithm::Sha256 => {
                STANDARD.encode_slice(sha2::Sha256::digest(content), &mut text)
            }
            HashAlgorithm::Sha512 => {
                STANDARD.encode_slice(sha2::Sha512::digest(content), &mut text)
            }
        }
        .unwrap_or(0);
        out.write(&text[..len]);
        out.write(b":");
    }
}

/// Checks a received `Content-Digest` / `Repr-Digest` value against `content`: every member
/// whose algorithm is in `accepted` must match (members of other algorithms, `md5`, `sha`,
/// `unixsum`, ..., are ignored, as §4 allows), and at least one must be present.
///
/// # Errors
/// [`Error::SignatureHeader`] (header `Content-Digest`) when the field is not a dictionary of
/// byte sequences, or has no member of an accepted algorithm; [`Error::DigestMismatch`] naming
/// the algorithm whose digest differs.
pub fn verify(field: &str, content: &[u8], accepted: &[HashAlgorithm]) -> Result<(), Error> {
    verify_named("Content-Digest", field, content, accepted)
}

/// [`verify`] for the field called `header` (`Repr-Digest`), which its errors name.
///
/// # Errors
/// As [`verify`], [`Error::SignatureHeader`] naming `header`.
pub fn verify_named(
    header: &'static str,
    field: &str,
    content: &[u8],
    accepted: &[HashAlgorithm],
) -> Result<(), Error> {
    let header_err = |reason: String| Error::SignatureHeader { header, reason };
    let members = sf::parse_dictionary(field)
        .map_err(|e| header_err(format!("not a structured-field dictionary: {e}")))?;
    let mut checked = 0;
    for algorithm in accepted {
        let Some((_, member)) = members.iter().find(|(k, _)| k == algorithm.name()) else {
            continue;
        };
        let Member::Item(Item::Bytes(digest), _) = member else {
            return Err(header_err(format!(
                "member `{}` is not a byte sequence",
                algorithm.name()
            )));
        };
        if *digest != algorithm.digest(content) {
            return Err(Error::DigestMismatch {
                algorithm: algorithm.name(),
            });
        }
        checked += 1;
    }
    if checked == 0 {
        let names: Vec<&str> = accepted.iter().map(|a| a.name()).collect();
        return Err(header_err(format!(
            "no digest of an accepted algorithm ({})",
            names.join(", ")
        )));
    }
    Ok(())
}
