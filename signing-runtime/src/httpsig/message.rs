//! The parts of an HTTP message a signature can cover, read from an `http::Request` or
//! `http::Response`.

use http::HeaderMap;

use crate::error::Error;

/// A request or response as RFC 9421 sees it: the control data its derived components come
/// from, and its header fields.
///
/// A request made by a client carries its absolute URI; one a server received usually has only
/// the path (origin form), so its authority comes from `Host` and its scheme must be said
/// ([`Message::with_scheme`]) when `@scheme` or `@target-uri` is covered. Trailer fields
/// (components with `tr`) are given with [`Message::with_trailers`]; a response's request
/// (components with `req`, RFC 9421 §2.4) with [`Message::with_request`].
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    method: Option<&'a str>,
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    status: Option<u16>,
    headers: &'a HeaderMap,
    trailers: Option<&'a HeaderMap>,
    request: Option<&'a Message<'a>>,
}

impl<'a> Message<'a> {
    /// A request: method, URI (scheme and authority if absolute; else `Host`), header fields.
    pub fn request<B>(request: &'a http::Request<B>) -> Message<'a> {
        let uri = request.uri();
        let authority = uri.authority().map(|a| a.as_str()).or_else(|| {
            request
                .headers()
                .get(http::header::HOST)
                .and_then(|h| h.to_str().ok())
        });
        Message {
            method: Some(request.method().as_str()),
            scheme: uri.scheme_str(),
            authority,
            path: uri.path(),
            query: uri.query(),
            status: None,
            headers: request.headers(),
            trailers: None,
            request: None,
        }
    }

    /// A response: its status code and header fields.
    pub fn response<B>(response: &'a http::Response<B>) -> Message<'a> {
        Message {
            method: None,
            scheme: None,
            authority: None,
            path: "",
            query: None,
            status: Some(response.status().as_u16()),
            headers: response.headers(),
            trailers: None,
            request: None,
        }
    }

    /// The scheme (`https`) of a request whose URI does not say it (a server's origin-form
    /// request line).
    #[must_use]
    pub fn with_scheme(mut self, scheme: &'a str) -> Message<'a> {
        self.scheme = Some(scheme);
        self
    }

    /// The message's trailer fields, for components with the `tr` parameter (RFC 9421 §2.1.4).
    #[must_use]
    pub fn with_trailers(mut self, trailers: &'a HeaderMap) -> Message<'a> {
        self.trailers = Some(trailers);
        self
    }

    /// The request this response answers, for components with the `req` parameter (RFC 9421
    /// §2.4): `"@method";req`, `"signature";req;key="sig1"`, ...
    #[must_use]
    pub fn with_request(mut self, request: &'a Message<'a>) -> Message<'a> {
        self.request = Some(request);
        self
    }

    /// The header fields.
    pub fn headers(&self) -> &'a HeaderMap {
        self.headers
    }

    pub(crate) fn method(&self) -> Option<&'a str> {
        self.method
    }
    pub(crate) fn scheme(&self) -> Option<&'a str> {
        self.scheme
    }
    pub(crate) fn authority(&self) -> Option<&'a str> {
        self.authority
    }
    pub(crate) fn path(&self) -> Option<&'a str> {
        self.method.map(|_| self.path)
    }
    pub(crate) fn query(&self) -> Option<&'a str> {
        self.query
    }
    pub(crate) fn status(&self) -> Option<u16> {
        self.status
    }
    pub(crate) fn trailers(&self) -> Option<&'a HeaderMap> {
        self.trailers
    }
    pub(crate) fn related_request(&self) -> Option<&'a Message<'a>> {
        self.request
    }
    pub(crate) fn is_response(&self) -> bool {
        self.status.is_some()
    }

    /// The values of header field `name` (lower case), joined as RFC 9421 §2.1 says: each line's
    /// value with leading and trailing spaces removed, then joined by `", "`. `None` when the
    /// field is absent.
    ///
    /// # Errors
    /// [`Error::InvalidHeader`] when a value is not visible ASCII and spaces (obs-text is not
    /// signed: it could not be written back the same).
    pub(crate) fn field(&self, name: &str) -> Result<Option<String>, Error> {
        joined(self.headers, name)
    }
}

/// The values of field `name` in `fields`, each trimmed, joined by `", "` (RFC 9421 §2.1);
/// `None` when the field is absent.
///
/// # Errors
/// [`Error::InvalidHeader`] when a value is not visible ASCII and spaces.
pub(crate) fn joined(fields: &HeaderMap, name: &str) -> Result<Option<String>, Error> {
    let mut values = fields.get_all(name).iter().peekable();
    if values.peek().is_none() {
        return Ok(None);
    }
    let mut out = String::new();
    for (i, value) in values.enumerate() {
        let text = value.to_str().map_err(|_| Error::InvalidHeader {
            name: name.to_owned(),
            reason: "not visible ASCII, so it cannot be signed",
        })?;
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(text.trim_matches([' ', '\t']));
    }
    Ok(Some(out))
}
