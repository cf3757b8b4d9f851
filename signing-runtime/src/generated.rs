//! Used by generated code only: re-exported through `__private`, not public API. The MAC side
//! of `SignedRequest` (the declaration as a `MacSpec` constant, and the functions the generated
//! impl calls) and where a declaration says its key is (`KeyDecl`, for `explain()`).

use crate::encoding::Encoding;
use crate::error::Error;
use crate::header_format::SignatureParams;
use crate::mac::{BufferedMac, MacAlgorithm};
use crate::message::{Escape, Sink};
use crate::request::SignedRequest;
use crate::secret::Secret;
use crate::signed::{Head, KeyInfo, Parts, Placement, Signed};

/// Where the declaration says the key is (for `explain()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyDecl {
    /// Only `sign_with(&key)`.
    None,
    /// `key = env("NAME")`.
    Env(&'static str),
    /// `key = file("path")`.
    File(&'static str),
    /// A `#[signed(key)]` field.
    Field(&'static str),
}

/// The static part of a MAC declaration, generated as a constant.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct MacSpec {
    pub algorithm: MacAlgorithm,
    pub encoding: Encoding,
    pub escape: Escape,
    pub signature: Placement,
    pub method: Option<&'static str>,
    pub path: Option<&'static str>,
    pub key: KeyDecl,
    pub strict_keys: bool,
}

impl MacSpec {
    /// What the derive does not write for a declaration that leaves it out: no method or path,
    /// no declared key, `strict_keys` off. The derive always writes the algorithm, encoding,
    /// escape and signature placement; those here are only placeholders.
    pub const REST: MacSpec = MacSpec {
        algorithm: MacAlgorithm::HmacSha256,
        encoding: Encoding::Hex,
        escape: Escape::Strict,
        signature: Placement::None,
        method: None,
        path: None,
        key: KeyDecl::None,
        strict_keys: false,
    };
}

/// What the derive generates for a MAC request; the provided functions below do the rest.
#[doc(hidden)]
pub trait MacRequest {
    const SPEC: MacSpec;
    /// Streams the message into `out`.
    fn write_message<S: Sink + ?Sized>(&self, out: &mut S) -> Result<(), Error>;
    /// The parts of the request outside the message: URL query pairs, header fields, body
    /// (generated only when there are some).
    fn write_parts(&self, parts: &mut Parts) -> Result<(), Error> {
        let _ = parts;
        Ok(())
    }
    /// The parameters of a `header(.., format = "..")` signature header, signature slot
    /// included; nothing for other placements.
    fn write_signature_params(&self, params: &mut SignatureParams) -> Result<(), Error> {
        let _ = params;
        Ok(())
    }
    /// The text before the signature in its header, for a `header(.., prefix = "..")` whose
    /// prefix names fields (`"SharedKey {account}:"`); nothing otherwise.
    fn write_signature_prefix(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        let _ = out;
        Ok(())
    }
}

/// What the derive generates for a MAC declaration signed with a `Secret` as given (no
/// `key_chain(..)`, no `algorithm = ".."`): an empty impl, so its `SignedRequest` comes from the
/// blanket impl below. Like serde's generic impls, nothing is type-checked or compiled per
/// declaration until something signs with it, and then in the crate that does.
#[doc(hidden)]
pub trait MacDeclaration: MacRequest {}

// Not recommended in errors: a type without `SignedRequest` is told so, not that it lacks this
// hidden trait. Hidden from the docs too: `SignedRequest`'s implementors would list a blanket
// impl over a trait the docs do not show.
#[doc(hidden)]
#[diagnostic::do_not_recommend]
impl<R: MacDeclaration + ?Sized> SignedRequest for R {
    type SigningKey = Secret;
    type VerifyingKey = Secret;

    #[inline]
    fn message(&self) -> Result<Vec<u8>, Error> {
        mac_message(self)
    }

    #[inline]
    fn sign_with(&self, key: &Secret) -> Result<Signed, Error> {
        mac_sign(self, key)
    }

    #[inline]
    fn signature_into(&self, key: &Secret, out: &mut String) -> Result<(), Error> {
        mac_signature_into(self, key, out)
    }

    #[inline]
    fn verify(&self, signature: &str, key: &Secret) -> Result<(), Error> {
        mac_verify(self, signature, key)
    }
}

/// `strict_keys`: a key shorter than the MAC is refused. Inline, so that without `strict_keys`
/// (a constant of the declaration) nothing is left of it; the check itself is out of line.
#[inline]
fn check_key(spec: &MacSpec, key: &Secret) -> Result<(), Error> {
    if spec.strict_keys {
        strict_key(spec, key)
    } else {
        Ok(())
    }
}

fn strict_key(spec: &MacSpec, key: &Secret) -> Result<(), Error> {
    let min = spec.algorithm.output_len();
    if key.len() < min {
        return Err(Error::WeakKey {
            origin: key.origin().to_string(),
            len: key.len(),
            min,
        });
    }
    Ok(())
}

#[doc(hidden)]
pub fn mac_message<R: MacRequest + ?Sized>(request: &R) -> Result<Vec<u8>, Error> {
    let mut message = Vec::with_capacity(128);
    request.write_message(&mut message)?;
    Ok(message)
}

// The functions below are instantiated for every declaration; each keeps to what needs the
// request's type (laying out its message and parts) and hands the rest to a non-generic helper,
// so a crate with many declarations compiles the shared code once.

#[doc(hidden)]
pub fn mac_sign<R: MacRequest + ?Sized>(request: &R, key: &Secret) -> Result<Signed, Error> {
    // The declaration itself, not a copy of it on the stack.
    let spec: &'static MacSpec = &R::SPEC;
    check_key(spec, key)?;
    // The message is laid out once, on the stack, and copied out whole; one longer than the
    // stack buffer is MACed as it streams, then laid out again for the caller.
    let mut mac = BufferedMac::new(key.mac_key(), spec.algorithm);
    request.write_message(&mut mac)?;
    // `Signed`'s text is one buffer: the message, then what `write_parts` adds (the URL query
    // unless it is made from the message, header values), then the signature. The `Signed` is
    // made first and filled in place, so it is moved once, to the caller.
    let mut signed = match mac.buffered() {
        Some(message) => start(spec, key, message),
        None => start(spec, key, &mac_message(request)?),
    };
    request.write_parts(&mut signed.parts)?;
    // Only a parameter-list header (`header(.., format = "..")`) has them.
    if let Placement::HeaderParams { .. } = spec.signature {
        let mut params = SignatureParams::default();
        request.write_signature_params(&mut params)?;
        signed.parts.set_signature_params(params);
    }
    finish(spec, &mut mac, &mut signed);
    Ok(signed)
}

/// A `Signed` holding the message, with room for the rest of its text (the URL query when it
/// is laid out apart, header values, the signature: twice the message covers a query).
fn start(spec: &MacSpec, key: &Secret, message: &[u8]) -> Signed {
    let room = message.len() + 128 + spec.algorithm.output_len() * 2;
    Signed::assemble(
        Head {
            scheme: spec.algorithm.name(),
            encoding: Some(spec.encoding),
            placement: spec.signature,
            method: spec.method,
            path: spec.path,
            key: KeyInfo::of(key),
        },
        Parts::with_message(spec.escape, message, room),
    )
}

/// The MAC, encoded at the end of `signed`'s text (and its header, when it goes in one).
fn finish(spec: &MacSpec, mac: &mut BufferedMac<'_>, signed: &mut Signed) {
    let tag = mac.finalize();
    signed.parts.set_signature(spec.signature, |text| {
        spec.encoding.encode_into_bytes(tag.as_bytes(), text);
    });
}

#[doc(hidden)]
pub fn mac_signature_into<R: MacRequest + ?Sized>(
    request: &R,
    key: &Secret,
    out: &mut String,
) -> Result<(), Error> {
    let spec: &'static MacSpec = &R::SPEC;
    check_key(spec, key)?;
    let mut mac = BufferedMac::new(key.mac_key(), spec.algorithm);
    request.write_message(&mut mac)?;
    spec.encoding.encode_into(mac.finalize().as_bytes(), out);
    Ok(())
}

#[doc(hidden)]
pub fn mac_verify<R: MacRequest + ?Sized>(
    request: &R,
    signature: &str,
    key: &Secret,
) -> Result<(), Error> {
    let spec: &'static MacSpec = &R::SPEC;
    if let Placement::HeaderParams {
        name,
        signature: slot,
        ..
    } = spec.signature
    {
        return verify_params(request, signature, key, name, slot);
    }
    let signature = without_prefixes(request, signature)?;
    // Our MAC is encoded, as signing does, and compared with the text as received (constant
    // time in the MAC); the text is decoded only when that fails, to tell a malformed
    // signature from a wrong one. The errors are those of decoding first: a malformed
    // signature is reported before an error of the message.
    let mut mac = BufferedMac::new(key.mac_key(), spec.algorithm);
    if let Err(e) = request.write_message(&mut mac) {
        well_formed(spec, signature)?;
        return Err(e);
    }
    if mac.verify_text(spec.encoding, signature) {
        return Ok(());
    }
    well_formed(spec, signature)?;
    Err(Error::SignatureMismatch)
}

/// `signature` as received, without the prefixes the header may carry: the request's own (a
/// `header(.., prefix = "..")` that names fields, `"SharedKey {account}:"`), then a declared
/// `header(.., prefix = "sha256=")`; each is accepted with or without it. Shared by `mac_verify`
/// and `signature_verify`.
pub(crate) fn without_prefixes<'s, R: MacRequest + ?Sized>(
    request: &R,
    signature: &'s str,
) -> Result<&'s str, Error> {
    let mut own = Vec::new();
    request.write_signature_prefix(&mut own)?;
    let signature = core::str::from_utf8(&own)
        .ok()
        .filter(|p| !p.is_empty())
        .and_then(|p| signature.strip_prefix(p))
        .unwrap_or(signature);
    Ok(match R::SPEC.signature {
        Placement::Header { prefix, .. } => signature.strip_prefix(prefix).unwrap_or(signature),
        _ => signature,
    })
}

/// Whether a received signature (public) decodes in the declared encoding, as a MAC (at most
/// 64 bytes).
fn well_formed(spec: &MacSpec, signature: &str) -> Result<(), Error> {
    match spec.encoding.decode_into(signature, &mut [0u8; 64]) {
        Some(_) => Ok(()),
        None => Err(Error::MalformedSignature {
            expected: spec.encoding,
        }),
    }
}

/// `verify` for a `header(.., format = "..")` signature header: the request's own parameters must
/// all be there with its values, and any one of the signature parameters must match.
fn verify_params<R: MacRequest + ?Sized>(
    request: &R,
    received: &str,
    key: &Secret,
    header: &'static str,
    slot: crate::header_format::SignatureParam,
) -> Result<(), Error> {
    let spec: &'static MacSpec = &R::SPEC;
    let mut expected = SignatureParams::default();
    request.write_signature_params(&mut expected)?;
    let candidates = expected.check(received, header, slot)?;
    let mut mac = BufferedMac::new(key.mac_key(), spec.algorithm);
    request.write_message(&mut mac)?;
    any_candidate_matches(spec, &candidates, mac.finalize().as_bytes())
}

/// Whether any of the signatures a parameter list carries is the MAC `tag`, each compared as
/// `mac_verify` compares one ([`Encoding::matches_mac`]: as text, in constant time in the MAC;
/// which one matched is no secret). None matching, the list is malformed unless one decodes.
fn any_candidate_matches(spec: &MacSpec, candidates: &[&str], tag: &[u8]) -> Result<(), Error> {
    if candidates
        .iter()
        .any(|text| spec.encoding.matches_mac(tag, text))
    {
        return Ok(());
    }
    if candidates
        .iter()
        .any(|text| well_formed(spec, text).is_ok())
    {
        Err(Error::SignatureMismatch)
    } else {
        Err(Error::MalformedSignature {
            expected: spec.encoding,
        })
    }
}
