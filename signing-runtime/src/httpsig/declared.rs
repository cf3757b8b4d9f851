//! Used by generated code only (re-exported through `__private`): an RFC 9421 signature
//! declared with `#[signed(algorithm = "..", http_signature(..))]`.
//!
//! The declaration's fields give the message (header fields, query parameters, the path, a
//! response's status) through the same generated `write_parts` that sends them, and its
//! signature parameters through [`HttpSignatureRequest::http_signature_params`]; the signature
//! base and the `Signature-Input` member are then computed here by [`SignatureParams`] over a
//! [`Message`], exactly as [`HttpVerifier`](super::HttpVerifier) computes them on the receiving
//! side, so the declared form and the runtime API cannot disagree.

use http::{HeaderMap, HeaderName, HeaderValue};

use crate::asymmetric::declared::SignatureRequest;
use crate::error::Error;
use crate::message::{write_unrefused, Escape, MessageValue};
use crate::signed::Parts;
use crate::time::Timestamp;

use super::{Component, Message, SignatureParams};

/// A covered component as declared: a header field (lower case), a derived component, or
/// `@query-param` with its name.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclaredComponent {
    /// A header field, by lower-case name.
    Field(&'static str),
    /// `@method`, `@path`, ... (never `@query-param`).
    Derived(&'static str),
    /// `@query-param;name="<name>"`.
    QueryParam(&'static str),
}

impl DeclaredComponent {
    fn component(self) -> Component {
        match self {
            DeclaredComponent::Field(name) => Component::field(name),
            DeclaredComponent::Derived(name) => Component::derived(name),
            DeclaredComponent::QueryParam(name) => Component::query_param(name),
        }
    }
}

/// The static part of an RFC 9421 declaration.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct HttpSignatureSpec {
    /// The signature's label in `Signature-Input` and `Signature`.
    pub label: &'static str,
    /// The covered components, in order.
    pub components: &'static [DeclaredComponent],
    /// Write `alg` (the declared algorithm's registered name).
    pub alg: bool,
    /// The scheme `@scheme` and `@target-uri` see.
    pub scheme: Option<&'static str>,
}

/// What the derive generates for an `http_signature(..)` declaration, beside
/// [`SignatureRequest`].
#[doc(hidden)]
pub trait HttpSignatureRequest: SignatureRequest {
    /// `http_signature(..)`.
    const HTTP_SIGNATURE: HttpSignatureSpec;

    /// Adds `created`, `expires`, `keyid`, `nonce` and `tag` from the declaration's fields and
    /// literals.
    fn http_signature_params(&self, params: SignatureParams) -> Result<SignatureParams, Error>;

    /// A response's status code (`#[signed(status)]`); `None` for a request.
    fn http_status(&self) -> Option<u16> {
        None
    }
}

fn params_of<R: HttpSignatureRequest + ?Sized>(request: &R) -> Result<SignatureParams, Error> {
    let spec = R::HTTP_SIGNATURE;
    let mut params = SignatureParams::new(spec.components.iter().map(|c| c.component()));
    params = request.http_signature_params(params)?;
    if spec.alg {
        params = params.alg(R::ALGORITHM);
    }
    Ok(params)
}

/// The signature base of the declared message: its components as the generated `write_parts`
/// sends them, then `@signature-params`.
#[doc(hidden)]
pub fn http_signature_base<R: HttpSignatureRequest + ?Sized>(request: &R) -> Result<String, Error> {
    let spec = R::SPEC;
    let mut parts = Parts::new(spec.escape);
    request.write_parts(&mut parts)?;
    let mut headers = HeaderMap::new();
    for (name, value) in parts.headers() {
        let invalid = |reason| Error::InvalidHeader {
            name: name.to_owned(),
            reason,
        };
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| invalid("not a valid header name"))?;
        let value =
            HeaderValue::from_str(value).map_err(|_| invalid("not a valid header value"))?;
        headers.append(header, value);
    }
    let params = params_of(request)?;
    let base = match request.http_status() {
        Some(status) => {
            let mut response = http::Response::new(());
            *response.status_mut() =
                http::StatusCode::from_u16(status).map_err(|_| Error::InvalidHeader {
                    name: "@status".to_owned(),
                    reason: "not a status code (100-999)",
                })?;
            *response.headers_mut() = headers;
            params.signature_base(&Message::response(&response))?
        }
        None => {
            let path = parts.path_text().or(spec.path).unwrap_or("/");
            let query = parts.query_text();
            let target = if query.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{query}")
            };
            let mut request = http::Request::new(());
            // As `Signed::method`: the declared method, else `POST` with a body, `GET` without.
            let method = spec.method.unwrap_or(if parts.body_bytes().is_some() {
                "POST"
            } else {
                "GET"
            });
            *request.method_mut() =
                http::Method::from_bytes(method.as_bytes()).map_err(|_| Error::InvalidUrl {
                    reason: "the declared method is not an HTTP method".into(),
                })?;
            *request.uri_mut() = target.parse().map_err(|_| Error::InvalidUrl {
                reason: "the path and query do not form a request target".into(),
            })?;
            *request.headers_mut() = headers;
            let mut message = Message::request(&request);
            if let Some(scheme) = R::HTTP_SIGNATURE.scheme {
                message = message.with_scheme(scheme);
            }
            params.signature_base(&message)?
        }
    };
    Ok(base)
}

/// Adds the `Signature-Input` header (`label=(...);created=...`) to the parts sent.
#[doc(hidden)]
pub fn http_signature_input<R: HttpSignatureRequest + ?Sized>(
    request: &R,
    parts: &mut Parts,
) -> Result<(), Error> {
    let params = params_of(request)?;
    let value = format!("{}={}", R::HTTP_SIGNATURE.label, params.serialize()?);
    parts.push_header("Signature-Input", &value);
    Ok(())
}

/// `created` / `expires` from a `Timestamp` field.
#[doc(hidden)]
pub fn http_time_param(
    params: SignatureParams,
    name: &'static str,
    at: &Timestamp,
) -> SignatureParams {
    match name {
        "created" => params.created(*at),
        _ => params.expires(*at),
    }
}

/// `keyid` / `nonce` / `tag` from a field's value as the message writes it.
#[doc(hidden)]
pub fn http_text_param<V: MessageValue + ?Sized>(
    params: SignatureParams,
    name: &'static str,
    value: &V,
) -> SignatureParams {
    let mut text: Vec<u8> = Vec::new();
    write_unrefused(&mut text, Escape::None, value);
    let text = String::from_utf8_lossy(&text);
    match name {
        "keyid" => params.keyid(&text),
        "nonce" => params.nonce(&text),
        _ => params.tag(&text),
    }
}
