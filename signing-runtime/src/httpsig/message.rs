//! The parts of an HTTP message a signature can cover, read from an `http::Request` or
//! `http::Response`.

use http::HeaderMap;

use crate::error::Error;

/// A request or response as RFC 9421 sees it: the control data its derived components come
/// from, and its header fields.
///
/// A request made by a client carries its absolute URI; one a server received usually has only
/// the path (origin form), so its authority comes from `Host` and its scheme must be said
/// ([`Message::with_scheme`]) when `@scheme` or `@target-uri` is covered.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    method: Option<&'a str>,
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    status: Option<u16>,
    headers: &'a HeaderMap,
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
        }
    }

    /// The scheme (`https`) of a request whose URI does not say it (a server's origin-form
    /// request line).
    #[must_use]
    pub fn with_scheme(mut self, scheme: &'a str) -> Message<'a> {
        self.scheme = Some(scheme);
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

    /// The values of header field `name` (lower case), joined as RFC 9421 §2.1 says: each line's
    /// value with leading and trailing spaces removed, then joined by `", "`. `None` when the
    /// field is absent.
    ///
    /// # Errors
    /// [`Error::InvalidHeader`] when a value is not visible ASCII and spaces (obs-text is not
    /// signed: it could not be written back the same).
    pub(crate) fn field(&self, name: &str) -> Result<Option<String>, Error> {
        let mut values = self.headers.get_all(name).iter().peekable();
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
}
