//! A signed request: the message, the signature, and where they go.

pub(crate) mod explain;

use crate::encoding::Encoding;
use crate::error::Error;
use crate::header_format::{SignatureParam, SignatureParams};
use crate::message::{write_unrefused, Escape, MessageValue};
use crate::secret::{KeyOrigin, Secret};

/// Where the signature goes (`#[signed(signature = ...)]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Placement {
    /// Nowhere in particular: the caller takes [`Signed::signature`].
    None,
    /// A query parameter (`query("signature")`).
    Query(&'static str),
    /// A header, with an optional prefix (`header("X-Hub-Signature-256", prefix = "sha256=")`).
    Header {
        /// The header's name.
        name: &'static str,
        /// Text written before the signature.
        prefix: &'static str,
    },
    /// The request body is the signature (a JWT posted as the body).
    Body,
    /// A header whose value is a list of `name=value` parameters, one of which carries the
    /// signature (`header("Stripe-Signature", format = "t={timestamp},v1={signature}")`); see
    /// [`crate::header_format`].
    HeaderParams {
        /// The header's name.
        name: &'static str,
        /// The format as declared, for `explain()`.
        format: &'static str,
        /// The parameter that carries the signature.
        signature: SignatureParam,
    },
}

/// What `explain()` may say about a key: never its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    /// Where it came from.
    pub origin: KeyOrigin,
    /// Its length in bytes.
    pub len: usize,
    /// Whether its text had whitespace at either end that was kept.
    pub edge_whitespace: bool,
}

impl KeyInfo {
    /// The description of `key`.
    pub fn of(key: &Secret) -> KeyInfo {
        KeyInfo {
            origin: key.origin().clone(),
            len: key.len(),
            edge_whitespace: key.has_edge_whitespace(),
        }
    }
}

/// The parts of a request outside the message, filled in by generated code.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    url_escape: Escape,
    query: Vec<u8>,
    /// The URL query is the signed message itself (see [`Parts::query_is_message`]).
    query_is_message: bool,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<Vec<u8>>,
    /// The parameters of a `header(.., format = "..")` signature header.
    pub(crate) signature_params: SignatureParams,
    /// The path as sent, from a `#[signed(path)]` field (percent-encoded once).
    pub(crate) path: Option<String>,
    /// The method, from a `#[signed(method)]` field.
    pub(crate) method: Option<String>,
    /// The text before the signature in a `header(.., prefix = "..")` whose prefix names fields
    /// (`"SharedKey {account}:"`), written for this request; the declared prefix otherwise.
    pub(crate) signature_prefix: Option<String>,
}

impl Parts {
    /// Empty parts. URL query values use `form` encoding when the message does, RFC 3986
    /// otherwise, so a message in either encoding is exactly what the URL carries.
    pub fn new(message_escape: Escape) -> Parts {
        let url_escape = if message_escape == Escape::Form {
            Escape::Form
        } else {
            Escape::Rfc3986
        };
        Parts {
            url_escape,
            ..Parts::default()
        }
    }

    /// Adds a URL query parameter, percent-encoded.
    #[inline]
    pub fn query_pair<V: MessageValue + ?Sized>(&mut self, name: &str, value: &V) {
        if self.query.is_empty() {
            // Room for a typical query at once, rather than growing pair by pair.
            self.query.reserve(128);
        } else {
            self.query.push(b'&');
        }
        let escape = self.url_escape;
        write_unrefused(&mut self.query, escape, &crate::message::Str(name));
        self.query.push(b'=');
        write_unrefused(&mut self.query, escape, value);
    }

    /// Adds a URL query parameter whose name generated code has already percent-encoded as the
    /// URL's values are (names are constants); the value is percent-encoded here.
    #[doc(hidden)]
    #[inline]
    pub fn query_pair_escaped<V: MessageValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        if self.query.is_empty() {
            // Room for a typical query at once, rather than growing pair by pair.
            self.query.reserve(128);
        } else {
            self.query.push(b'&');
        }
        self.query.extend_from_slice(name.as_bytes());
        self.query.push(b'=');
        write_unrefused(&mut self.query, self.url_escape, value);
    }

    /// The URL query is the message, byte for byte: generated code says so, instead of adding the
    /// pairs again, for a query form whose message is escaped as URL query values are (`rfc3986`
    /// or `form`, `&` and `=`), so `sign_with` lays the pairs out once.
    #[doc(hidden)]
    pub fn query_is_message(&mut self) {
        self.query_is_message = true;
    }

    /// Sets the path from a `#[signed(path)]` field: its text, percent-encoded once as it goes
    /// into the URL (`/`, and RFC 3986's unreserved characters, kept).
    pub fn path(&mut self, text: &str) {
        let mut sent = Vec::with_capacity(text.len() + 1);
        crate::canonical::path::write_sent_path(&mut sent, text);
        // Only ASCII is written.
        self.path = Some(String::from_utf8(sent).unwrap_or_default());
    }

    /// Sets the method from a `#[signed(method)]` field.
    pub fn method(&mut self, text: &str) {
        self.method = Some(text.to_owned());
    }

    /// Adds every `(name, value)` pair of a field holding query parameters, percent-encoded.
    pub fn query_pairs<P: crate::canonical::query::QueryPairs + ?Sized>(&mut self, pairs: &P) {
        let escape = self.url_escape;
        pairs.each_pair(&mut |name, value| {
            if !self.query.is_empty() {
                self.query.push(b'&');
            }
            write_unrefused(&mut self.query, escape, &crate::message::Bytes(name));
            self.query.push(b'=');
            write_unrefused(&mut self.query, escape, &crate::message::Bytes(value));
        });
    }

    /// Adds a header.
    pub fn header<V: MessageValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        let mut text = Vec::new();
        write_unrefused(&mut text, Escape::None, value);
        let text = String::from_utf8(text)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        self.headers.push((name, text));
    }

    /// Sets the text written before the signature in its header, for a prefix that names fields.
    #[doc(hidden)]
    pub fn signature_prefix(&mut self, prefix: &[u8]) {
        self.signature_prefix = Some(String::from_utf8_lossy(prefix).into_owned());
    }

    /// Sets the body.
    pub fn body(&mut self, bytes: &[u8]) {
        self.body = Some(bytes.to_vec());
    }

    pub(crate) fn query_text(&self) -> &str {
        // Only percent-encoded ASCII is ever pushed.
        core::str::from_utf8(&self.query).unwrap_or_default()
    }

    /// The URL query's pairs: the message when [`Parts::query_is_message`] said so.
    fn query_of<'a>(&'a self, message: &'a [u8]) -> &'a str {
        if self.query_is_message {
            // A percent-encoded message is ASCII.
            core::str::from_utf8(message).unwrap_or_default()
        } else {
            self.query_text()
        }
    }
}

/// Everything a signer hands to `Signed::new` (crate-private: only this crate's signers make a
/// `Signed`).
#[derive(Debug, Clone)]
pub(crate) struct SignedParts {
    pub(crate) scheme: &'static str,
    pub(crate) encoding: Option<Encoding>,
    pub(crate) message: Vec<u8>,
    pub(crate) signature: String,
    pub(crate) placement: Placement,
    pub(crate) method: Option<&'static str>,
    pub(crate) path: Option<&'static str>,
    pub(crate) parts: Parts,
    pub(crate) key: KeyInfo,
}

/// A signed request: the message that was signed, the signature, and the request around them.
///
/// ```
/// # use signing_runtime as signing;
/// # fn demo(signed: signing::Signed) -> Result<(), signing::Error> {
/// let url = signed.url("https://api.example.com/api/token")?;
/// for (name, value) in signed.headers() {
///     println!("{name}: {value}");
/// }
/// println!("{}", signed.explain());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Signed {
    inner: SignedParts,
    headers: Vec<(&'static str, String)>,
}

impl Signed {
    pub(crate) fn new(mut inner: SignedParts) -> Signed {
        let mut headers = core::mem::take(&mut inner.parts.headers);
        match inner.placement {
            Placement::Header { name, prefix } => {
                let prefix = inner.parts.signature_prefix.as_deref().unwrap_or(prefix);
                headers.push((name, format!("{prefix}{}", inner.signature)));
            }
            Placement::HeaderParams {
                name, signature, ..
            } => {
                let value = inner
                    .parts
                    .signature_params
                    .render(signature, &inner.signature);
                headers.push((name, value));
            }
            _ => {}
        }
        Signed { inner, headers }
    }

    /// The exact bytes that were signed.
    pub fn message(&self) -> &[u8] {
        &self.inner.message
    }

    /// The signature text (for a JWT, the compact token).
    pub fn signature(&self) -> &str {
        &self.inner.signature
    }

    /// Where the signature goes.
    pub fn placement(&self) -> Placement {
        self.inner.placement
    }

    /// The URL query: the declared pairs, percent-encoded, then the signature parameter if the
    /// signature goes in the query (a base64 `+` is sent as `%2B`).
    pub fn query(&self) -> String {
        let mut query = self.inner.parts.query_of(&self.inner.message).to_owned();
        if let Placement::Query(name) = self.inner.placement {
            let mut pair = Parts::new(self.inner.parts.url_escape);
            pair.query_pair(name, &crate::message::Text(self.signature()));
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(pair.query_text());
        }
        query
    }

    /// The headers to send: header fields, then the signature header if it goes in one.
    pub fn headers(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    /// The request body, if the declaration has one.
    pub fn body(&self) -> Option<&[u8]> {
        match self.inner.placement {
            Placement::Body => Some(self.inner.signature.as_bytes()),
            _ => self.inner.parts.body.as_deref(),
        }
    }

    /// The declared HTTP method: a `#[signed(method)]` field, or `method = ".."`, else `POST`
    /// with a body and `GET` without.
    pub fn method(&self) -> &str {
        match (&self.inner.parts.method, self.inner.method) {
            (Some(method), _) => method,
            (None, Some(method)) => method,
            (None, None) if self.body().is_some() => "POST",
            (None, None) => "GET",
        }
    }

    /// `base`, then the declared `path`, then `?` and [`Signed::query`] when it is not empty
    /// (`&` when `base` already has a query).
    ///
    /// # Errors
    /// [`Error::InvalidUrl`] when `base` is empty, has a fragment, or contains whitespace.
    pub fn url(&self, base: &str) -> Result<String, Error> {
        if base.is_empty() {
            return Err(Error::InvalidUrl {
                reason: "the base URL is empty".into(),
            });
        }
        if base.contains('#') {
            return Err(Error::InvalidUrl {
                reason: "the base URL has a fragment (`#`)".into(),
            });
        }
        if base.chars().any(char::is_whitespace) {
            return Err(Error::InvalidUrl {
                reason: "the base URL contains whitespace".into(),
            });
        }
        let mut url = String::with_capacity(base.len() + 128);
        url.push_str(base);
        if let Some(path) = self.inner.parts.path.as_deref().or(self.inner.path) {
            if url.ends_with('/') && path.starts_with('/') {
                url.pop();
            }
            url.push_str(path);
        }
        let query = self.query();
        if !query.is_empty() {
            // `base?` and `base?a=1&` already end where the next pair starts.
            if !url.contains('?') {
                url.push('?');
            } else if !url.ends_with(['?', '&']) {
                url.push('&');
            }
            url.push_str(&query);
        }
        Ok(url)
    }

    /// An [`http::Request`] for any HTTP client: method, [`Signed::url`], headers and body.
    ///
    /// # Errors
    /// [`Error::InvalidUrl`] when the URL is not a valid URI; [`Error::InvalidHeader`] when a
    /// header name or value cannot be sent.
    pub fn http_request(&self, base: &str) -> Result<http::Request<Vec<u8>>, Error> {
        let url = self.url(base)?;
        let uri: http::Uri = url
            .parse()
            .map_err(|e: http::uri::InvalidUri| Error::InvalidUrl {
                reason: e.to_string(),
            })?;
        let mut request = http::Request::new(self.body().map(<[u8]>::to_vec).unwrap_or_default());
        *request.method_mut() =
            http::Method::from_bytes(self.method().as_bytes()).map_err(|_| Error::InvalidUrl {
                reason: format!("`{}` is not an HTTP method", self.method()),
            })?;
        *request.uri_mut() = uri;
        *request.headers_mut() = self.http_headers()?;
        Ok(request)
    }

    /// The header fields to send ([`Signed::headers`]) as an [`http::HeaderMap`], for a client
    /// that builds its request itself (a middleware writing them into a request on its way).
    ///
    /// # Errors
    /// [`Error::InvalidHeader`] when a header name or value cannot be sent.
    pub fn http_headers(&self) -> Result<http::HeaderMap, Error> {
        let mut headers = http::HeaderMap::with_capacity(self.headers.len());
        for (name, value) in &self.headers {
            let header_name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::InvalidHeader {
                    name: (*name).to_owned(),
                    reason: "not a valid header name",
                }
            })?;
            let header_value =
                http::HeaderValue::from_str(value).map_err(|_| Error::InvalidHeader {
                    name: (*name).to_owned(),
                    reason: "the value has characters a header cannot carry",
                })?;
            headers.append(header_name, header_value);
        }
        Ok(headers)
    }

    /// A human-readable account of what was signed and how: algorithm, encoding, key origin and
    /// length (never the key), the message with invisible bytes made visible, and where the
    /// signature went. The first thing to print when a provider says "signature does not match".
    pub fn explain(&self) -> String {
        explain::explain(self)
    }

    /// [`Signed::explain`], followed by where this message first differs from `expected` (for
    /// example the string-to-sign a provider's documentation or error response shows).
    pub fn explain_against(&self, expected: impl AsRef<[u8]>) -> String {
        let mut text = self.explain();
        explain::compare(&mut text, self.message(), expected.as_ref());
        text
    }

    pub(crate) fn parts(&self) -> &SignedParts {
        &self.inner
    }
}
