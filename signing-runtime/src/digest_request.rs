//! Used by generated code only: a digest declaration (`#[signed(content_digest = "sha-256")]`
//! without `mac`, `algorithm` or `jwt`), and the digest fields of any declaration.
//!
//! A digest declaration has no key: its "signature" is the `Content-Digest` (or `Repr-Digest`)
//! field of RFC 9530, written by `sign` and checked by `verify` against the body, through the
//! same `SignedRequest` API as a signed request, with [`NoKey`] for the key.

use crate::content_digest::{header_value, verify_named, HashAlgorithm};
use crate::error::Error;
use crate::message::Escape;
use crate::parse::{Incoming, Source};
use crate::secret::KeyOrigin;
use crate::signed::{KeyInfo, Parts, Placement, Signed, SignedParts};

/// The key of a declaration that has none (a digest declaration): `sign_with(&NoKey)`,
/// `verify(field, &NoKey)`, `verify_request(&request, &NoKey)`; `sign()` needs nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoKey;

/// A digest field a declaration writes: `Content-Digest` or `Repr-Digest`, and its algorithms.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct DigestField {
    /// The field's name: `Content-Digest` or `Repr-Digest`.
    pub header: &'static str,
    /// Its members' algorithms, in the declared order.
    pub algorithms: &'static [HashAlgorithm],
}

/// The static part of a digest declaration, generated as a constant.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct DigestSpec {
    /// The declared fields; the first is the one `verify` takes.
    pub fields: &'static [DigestField],
    /// The declared `method = ".."`.
    pub method: Option<&'static str>,
    /// The declared `path = ".."`.
    pub path: Option<&'static str>,
}

/// What the derive generates for a digest declaration.
#[doc(hidden)]
pub trait DigestRequest {
    /// The declaration's fields, method and path.
    const SPEC: DigestSpec;
    /// The content the digests are of: the body.
    fn content(&self) -> &[u8];
    /// The parts of the request: query pairs, header fields, body (the digest fields are added
    /// here).
    fn write_parts(&self, parts: &mut Parts) -> Result<(), Error>;
}

/// The message of a digest declaration: the body, whose digest the field is.
#[doc(hidden)]
pub fn digest_message<R: DigestRequest + ?Sized>(request: &R) -> Result<Vec<u8>, Error> {
    Ok(request.content().to_vec())
}

/// The signed request: the first field is the signature (its header), the others headers.
#[doc(hidden)]
pub fn digest_sign<R: DigestRequest + ?Sized>(request: &R) -> Result<Signed, Error> {
    let spec = R::SPEC;
    let content = request.content();
    let mut parts = Parts::new(Escape::Strict);
    request.write_parts(&mut parts)?;
    let Some((first, rest)) = spec.fields.split_first() else {
        return Err(Error::MalformedRequest {
            field: None,
            reason: "the declaration names no digest field",
        });
    };
    for field in rest {
        parts.push_header(field.header, &header_value(content, field.algorithms));
    }
    Ok(Signed::new(SignedParts {
        scheme: "content-digest (RFC 9530)",
        encoding: None,
        message: content.to_vec(),
        signature: header_value(content, first.algorithms),
        placement: Placement::Header {
            name: first.header,
            prefix: "",
        },
        method: spec.method,
        path: spec.path,
        parts,
        key: KeyInfo {
            origin: KeyOrigin::Inline,
            len: 0,
            edge_whitespace: false,
        },
    }))
}

/// The first declared field's value, appended to `out`.
#[doc(hidden)]
pub fn digest_signature_into<R: DigestRequest + ?Sized>(
    request: &R,
    out: &mut String,
) -> Result<(), Error> {
    if let Some(first) = R::SPEC.fields.first() {
        out.push_str(&header_value(request.content(), first.algorithms));
    }
    Ok(())
}

/// Checks a received value of the first declared field against the content.
#[doc(hidden)]
pub fn digest_verify<R: DigestRequest + ?Sized>(request: &R, field: &str) -> Result<(), Error> {
    match R::SPEC.fields.first() {
        Some(first) => verify_named(first.header, field, request.content(), first.algorithms),
        None => Err(Error::SignatureMismatch),
    }
}

/// `FromSignedQuery`: each of `fields` (all a signed request declares; all but the first of a
/// digest declaration, whose first `verify` checks) must be in the request and match its body.
///
/// # Errors
/// [`Error::MalformedRequest`] naming a missing field (or a missing body), and the errors of
/// [`crate::content_digest::verify_named`].
#[doc(hidden)]
pub fn check_digest_fields(
    incoming: &mut Incoming<'_>,
    fields: &[DigestField],
) -> Result<(), Error> {
    for field in fields {
        let Some(value) = incoming.text(Source::Header(field.header))? else {
            return Err(Error::MalformedRequest {
                field: Some(field.header.to_owned()),
                reason: "the digest field is missing",
            });
        };
        let value = value.to_owned();
        let content = incoming.body().unwrap_or_default();
        verify_named(field.header, &value, content, field.algorithms)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_field_is_header_value() {
        // RFC 9530 appendix B.1 and §3's sha-512 of `{"hello": "world"}` and a newline.
        let content = b"{\"hello\": \"world\"}\n";
        let both = [HashAlgorithm::Sha256, HashAlgorithm::Sha512];
        let mut out = Vec::new();
        crate::content_digest::write_field(&mut out, content, &both);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:, \
             sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:"
        );
    }
}
