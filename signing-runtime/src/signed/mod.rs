//! A signed request: the message, the signature, and where they go.

pub(crate) mod explain;
mod plain;

use crate::encoding::Encoding;
use crate::error::Error;
use crate::header_format::{SignatureParam, SignatureParams};
use core::fmt;

use crate::canonical::List;
use crate::message::{write_unrefused, Escape, MessageValue};
use crate::secret::{KeyOrigin, Secret};
use plain::is_plain_query;
use std::borrow::Cow;

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

/// Where a piece of text is in a [`Parts`]' buffer (32-bit offsets: a `Signed` is moved
/// around whole, so it is kept small; a piece ending past 4 GiB reads as empty, never cut short).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Span {
    start: u32,
    end: u32,
}

/// What few declarations have, kept apart so a [`Parts`] (and a [`Signed`]) stays small.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extra {
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

/// The usual few headers are kept inline (an API key, the signature, one more); more move to the
/// heap. Few, because a `Signed` is moved whole on its way to the caller.
const INLINE_HEADERS: usize = 3;

/// The parts of a request outside the message, filled in by generated code.
///
/// All of its text is kept in one buffer (what [`Signed`] returns holds its text in one
/// allocation): the message when the signer had it first, the URL query's pairs, the header
/// values, then the signature and the header carrying it.
#[derive(Debug, Clone)]
pub struct Parts {
    url_escape: Escape,
    text: Vec<u8>,
    /// The signed message in `text` (added by the signer).
    message: Option<Span>,
    /// The URL query's pairs in `text`, when they are laid out (not the message itself).
    query: Option<Span>,
    /// Where the URL query comes from: the pairs laid out, or the message.
    query_from: QueryFrom,
    /// The header fields: names, and where their values are in `text`.
    headers: List<(&'static str, Span), INLINE_HEADERS>,
    /// The signature in `text` (added by the signer, last).
    signature: Span,
    /// Body, path, method, signature parameters and prefix, when there are any.
    extra: Option<Box<Extra>>,
}

impl Default for Parts {
    fn default() -> Parts {
        Parts::new(Escape::default())
    }
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
            text: Vec::new(),
            message: None,
            query: None,
            query_from: QueryFrom::Pairs,
            headers: List::new(("", Span::default())),
            signature: Span::default(),
            extra: None,
        }
    }

    /// What few declarations have (nothing is allocated for the others).
    fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// The body, from a `#[signed(body)]` field.
    pub(crate) fn body_bytes(&self) -> Option<&[u8]> {
        self.extra.as_ref()?.body.as_deref()
    }

    /// The path, from a `#[signed(path)]` field.
    pub(crate) fn path_text(&self) -> Option<&str> {
        self.extra.as_ref()?.path.as_deref()
    }

    /// The method, from a `#[signed(method)]` field.
    pub(crate) fn method_text(&self) -> Option<&str> {
        self.extra.as_ref()?.method.as_deref()
    }

    /// The text before the signature in its header, when the prefix names fields.
    pub(crate) fn signature_prefix_text(&self) -> Option<&str> {
        self.extra.as_ref()?.signature_prefix.as_deref()
    }

    /// Keeps the parameters of a `header(.., format = "..")` signature header (none for other
    /// placements).
    pub(crate) fn set_signature_params(&mut self, params: SignatureParams) {
        if !params.is_empty() {
            self.extra_mut().signature_params = params;
        }
    }

    /// Empty parts whose buffer starts with the signed `message`, with room for `room` bytes
    /// more (the query, header values and signature), so what follows is written without
    /// growing it.
    #[inline]
    pub(crate) fn with_message(message_escape: Escape, message: &[u8], room: usize) -> Parts {
        let mut parts = Parts::new(message_escape);
        parts.text.reserve_exact(message.len() + room);
        parts.text.extend_from_slice(message);
        parts.message = Some(parts.since(0));
        parts
    }

    /// The bytes at `span`.
    fn bytes(&self, span: Span) -> &[u8] {
        let (start, end) = (span.start as usize, span.end as usize);
        self.text.get(start..end).unwrap_or_default()
    }

    /// The text at `span` (only UTF-8 is kept where text is read: see [`Parts::header`]).
    fn str(&self, span: Span) -> &str {
        core::str::from_utf8(self.bytes(span)).unwrap_or_default()
    }

    /// Where the bytes written since `start` are.
    fn since(&self, start: usize) -> Span {
        match (u32::try_from(start), u32::try_from(self.text.len())) {
            (Ok(start), Ok(end)) => Span { start, end },
            // Past 4 GiB: read as empty rather than cut short.
            _ => Span::default(),
        }
    }

    /// Starts a URL query pair: a `&` after the pairs before it, which are moved to the end of
    /// the buffer first if something else was written after them, so the query stays in one
    /// piece.
    #[inline]
    fn open_pair(&mut self) {
        match self.query {
            None => {
                self.query = Some(self.since(self.text.len()));
            }
            Some(span) => {
                if span != self.since(span.start as usize) {
                    self.relocate_query(span);
                }
                self.text.push(b'&');
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn relocate_query(&mut self, span: Span) {
        let start = self.text.len();
        self.text
            .extend_from_within(span.start as usize..span.end as usize);
        self.query = Some(self.since(start));
    }

    /// Ends a URL query pair.
    #[inline]
    fn close_pair(&mut self) {
        if let Some(span) = self.query {
            self.query = Some(self.since(span.start as usize));
        }
    }

    /// Adds a URL query parameter, percent-encoded.
    #[inline]
    pub fn query_pair<V: MessageValue + ?Sized>(&mut self, name: &str, value: &V) {
        self.open_pair();
        let escape = self.url_escape;
        write_unrefused(&mut self.text, escape, &crate::message::Str(name));
        self.text.push(b'=');
        write_unrefused(&mut self.text, escape, value);
        self.close_pair();
    }

    /// Adds a URL query parameter whose name generated code has already percent-encoded as the
    /// URL's values are (names are constants); the value is percent-encoded here.
    #[doc(hidden)]
    #[inline]
    pub fn query_pair_escaped<V: MessageValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.open_pair();
        self.text.extend_from_slice(name.as_bytes());
        self.text.push(b'=');
        write_unrefused(&mut self.text, self.url_escape, value);
        self.close_pair();
    }

    /// The URL query is the message, byte for byte: generated code says so, instead of adding the
    /// pairs again, for a query form whose message is escaped as URL query values are (`rfc3986`
    /// or `form`, `&` and `=`), so `sign_with` lays the pairs out once.
    #[doc(hidden)]
    pub fn query_is_message(&mut self) {
        self.query_from = QueryFrom::Message;
    }

    /// For a `strict` query form with the URL's separators (`&`, `=`) and names that need no
    /// percent-encoding: the URL query is the message with each value percent-encoded, made from
    /// the message when it is asked for (see [`escape_query`]), when the message is here (the
    /// signer added it first). Generated code adds the pairs only on `false`, or none at all
    /// where the signer always adds the message first (`MacRequest`: `mac_sign`,
    /// `signature_sign`).
    #[doc(hidden)]
    #[inline]
    pub fn query_is_escaped_message(&mut self) -> bool {
        let here = self.message.is_some();
        if here {
            self.query_from = QueryFrom::EscapedMessage;
        }
        here
    }

    /// Sets the path from a `#[signed(path)]` field: its text, percent-encoded once as it goes
    /// into the URL (`/`, and RFC 3986's unreserved characters, kept).
    pub fn path(&mut self, text: &str) {
        let mut sent = Vec::with_capacity(text.len() + 1);
        crate::canonical::path::write_sent_path(&mut sent, text);
        // Only ASCII is written.
        self.extra_mut().path = Some(String::from_utf8(sent).unwrap_or_default());
    }

    /// Sets the method from a `#[signed(method)]` field.
    pub fn method(&mut self, text: &str) {
        self.extra_mut().method = Some(text.to_owned());
    }

    /// Adds every `(name, value)` pair of a field holding query parameters, percent-encoded.
    pub fn query_pairs<P: crate::canonical::query::QueryPairs + ?Sized>(&mut self, pairs: &P) {
        let escape = self.url_escape;
        pairs.each_pair(&mut |name, value| {
            self.open_pair();
            write_unrefused(&mut self.text, escape, &crate::message::Bytes(name));
            self.text.push(b'=');
            write_unrefused(&mut self.text, escape, &crate::message::Bytes(value));
            self.close_pair();
        });
    }

    /// Adds a header.
    pub fn header<V: MessageValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        let start = self.text.len();
        write_unrefused(&mut self.text, Escape::None, value);
        self.end_text(start);
        self.headers.push((name, self.since(start)));
    }

    /// Adds a header whose value is already text.
    pub(crate) fn push_header(&mut self, name: &'static str, value: &str) {
        let start = self.text.len();
        self.text.extend_from_slice(value.as_bytes());
        self.headers.push((name, self.since(start)));
    }

    /// The bytes written since `start` are read as text: bytes that are not UTF-8 become U+FFFD
    /// (as `String::from_utf8_lossy` makes them).
    fn end_text(&mut self, start: usize) {
        if let Some(written) = self.text.get(start..) {
            if !written.is_ascii() && core::str::from_utf8(written).is_err() {
                let lossy = String::from_utf8_lossy(written).into_owned();
                self.text.truncate(start);
                self.text.extend_from_slice(lossy.as_bytes());
            }
        }
    }

    /// The header fields added so far, in order.
    pub(crate) fn headers(&self) -> Headers<'_> {
        Headers {
            parts: self,
            items: self.headers.as_slice().iter(),
        }
    }

    /// Sets the text written before the signature in its header, for a prefix that names fields.
    #[doc(hidden)]
    pub fn signature_prefix(&mut self, prefix: &[u8]) {
        self.extra_mut().signature_prefix = Some(String::from_utf8_lossy(prefix).into_owned());
    }

    /// Sets the body.
    pub fn body(&mut self, bytes: &[u8]) {
        self.extra_mut().body = Some(bytes.to_vec());
    }

    /// The URL query's pairs: the message when [`Parts::query_is_message`] said so, made from it
    /// when [`Parts::query_is_escaped_message`] did.
    pub(crate) fn query_text(&self) -> Cow<'_, str> {
        match (self.query_from, self.message, self.query) {
            // A percent-encoded message is ASCII.
            (QueryFrom::Message, Some(message), _) => Cow::Borrowed(self.str(message)),
            (QueryFrom::EscapedMessage, Some(message), _) => escape_query(self.bytes(message)),
            (QueryFrom::Pairs, _, Some(query)) => Cow::Borrowed(self.str(query)),
            _ => Cow::Borrowed(""),
        }
    }

    /// Whether the URL query has no pairs.
    fn query_is_empty(&self) -> bool {
        match (self.query_from, self.message, self.query) {
            (QueryFrom::Message | QueryFrom::EscapedMessage, Some(message), _) => {
                message.start == message.end
            }
            (QueryFrom::Pairs, _, Some(query)) => query.start == query.end,
            _ => true,
        }
    }

    /// Adds the signed message, when the signer did not start with it.
    fn set_message(&mut self, message: &[u8]) {
        if self.message.is_none() {
            let start = self.text.len();
            self.text.extend_from_slice(message);
            self.message = Some(self.since(start));
        }
    }

    /// Adds the signature, which `encode` appends to the buffer as text (UTF-8: it is read back
    /// as a `str`), and the header carrying it when it goes in one (after the header fields).
    pub(crate) fn set_signature(
        &mut self,
        placement: Placement,
        encode: impl FnOnce(&mut Vec<u8>),
    ) {
        let header_start = self.text.len();
        if let Placement::Header { prefix, .. } = placement {
            let prefix = match &self.extra {
                Some(extra) => extra.signature_prefix.as_deref().unwrap_or(prefix),
                None => prefix,
            };
            self.text.extend_from_slice(prefix.as_bytes());
        }
        let start = self.text.len();
        encode(&mut self.text);
        self.signature = self.since(start);
        match placement {
            Placement::Header { name, .. } => {
                self.headers.push((name, self.since(header_start)));
            }
            Placement::HeaderParams {
                name, signature, ..
            } => {
                let text = self.str(self.signature);
                let value = match &self.extra {
                    Some(extra) => extra.signature_params.render(signature, text),
                    None => SignatureParams::default().render(signature, text),
                };
                self.push_header(name, &value);
            }
            _ => {}
        }
    }
}

/// Where a [`Parts`]' URL query comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QueryFrom {
    /// The pairs generated code added.
    Pairs,
    /// The message itself (`rfc3986` or `form`, with `&` and `=`).
    Message,
    /// The message with each value percent-encoded (`strict`, `&` and `=`, names that need no
    /// encoding).
    EscapedMessage,
}

/// The URL query of a `strict` query-form message whose names need no percent-encoding, made from
/// the message: its `&`-separated pairs, each name (up to the pair's first `=`) as it is and the
/// value after it percent-encoded (RFC 3986) as `Parts::query_pair_escaped` writes it. This is
/// the query laid out pair by pair: `strict` refuses a value holding `&`, so each `&` ends a pair,
/// and a name holds no `=`, so the first `=` of a pair ends its name. A message that needs no
/// encoding (almost every one: see [`is_plain_query`]) is its own query, borrowed.
fn escape_query(message: &[u8]) -> Cow<'_, str> {
    if is_plain_query(message) {
        return Cow::Borrowed(core::str::from_utf8(message).unwrap_or_default());
    }
    let mut query = Vec::with_capacity(message.len() * 2);
    for (i, pair) in message.split(|&b| b == b'&').enumerate() {
        if i > 0 {
            query.push(b'&');
        }
        match pair.iter().position(|&b| b == b'=') {
            Some(at) => {
                query.extend_from_slice(&pair[..at]);
                query.push(b'=');
                let value = crate::message::Bytes(&pair[at + 1..]);
                write_unrefused(&mut query, Escape::Rfc3986, &value);
            }
            None => write_unrefused(&mut query, Escape::Rfc3986, &crate::message::Bytes(pair)),
        }
    }
    // Only percent-encoded ASCII is written.
    Cow::Owned(String::from_utf8(query).unwrap_or_default())
}

/// The header fields of a [`Signed`] request, in order, as `(name, value)` pairs borrowed from
/// it ([`Signed::headers`]): the declared header fields, then the signature header if the
/// signature goes in one.
///
/// ```
/// # use signing_runtime as signing;
/// # fn demo(signed: signing::Signed) {
/// for (name, value) in signed.headers() {
///     println!("{name}: {value}");
/// }
/// let api_key = signed.headers().get("x-mbx-apikey");
/// # }
/// ```
#[derive(Clone)]
pub struct Headers<'a> {
    parts: &'a Parts,
    items: core::slice::Iter<'a, (&'static str, Span)>,
}

impl<'a> Headers<'a> {
    /// The value of the first header named `name` (compared ignoring ASCII case), if any.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.clone()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// Whether there are no (more) headers.
    pub fn is_empty(&self) -> bool {
        self.items.len() == 0
    }
}

impl<'a> Iterator for Headers<'a> {
    type Item = (&'static str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let parts = self.parts;
        self.items
            .next()
            .map(|&(name, span)| (name, parts.str(span)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.items.size_hint()
    }
}

impl DoubleEndedIterator for Headers<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let parts = self.parts;
        self.items
            .next_back()
            .map(|&(name, span)| (name, parts.str(span)))
    }
}

impl ExactSizeIterator for Headers<'_> {}

impl core::iter::FusedIterator for Headers<'_> {}

impl fmt::Debug for Headers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
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

/// What a signer says about a [`Signed`] besides its text.
#[derive(Debug, Clone)]
pub(crate) struct Head {
    pub(crate) scheme: &'static str,
    pub(crate) encoding: Option<Encoding>,
    pub(crate) placement: Placement,
    pub(crate) method: Option<&'static str>,
    pub(crate) path: Option<&'static str>,
    pub(crate) key: KeyInfo,
}

/// A signed request: the message that was signed, the signature, and the request around them.
///
/// Its text (message, signature, URL query, header values) is kept in one buffer, which the
/// accessors borrow from.
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
#[derive(Clone)]
pub struct Signed {
    pub(crate) head: Head,
    /// The text; its message and signature are set.
    pub(crate) parts: Parts,
}

impl fmt::Debug for Signed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signed")
            .field("scheme", &self.head.scheme)
            .field("encoding", &self.head.encoding)
            .field("message", &String::from_utf8_lossy(self.message()))
            .field("signature", &self.signature())
            .field("placement", &self.head.placement)
            .field("query", &self.parts.query_text())
            .field("headers", &self.headers())
            .field("body", &self.body().map(String::from_utf8_lossy))
            .field("method", &self.method())
            .field("path", &self.parts.path_text().or(self.head.path))
            .field("key", &self.head.key)
            .finish()
    }
}

impl Signed {
    /// A `Signed` from a signer that made the message and the signature apart (a JWT, a
    /// signature of a private key, a digest).
    pub(crate) fn new(inner: SignedParts) -> Signed {
        let SignedParts {
            scheme,
            encoding,
            message,
            signature,
            placement,
            method,
            path,
            mut parts,
            key,
        } = inner;
        parts.set_message(&message);
        parts.set_signature(placement, |text| {
            text.extend_from_slice(signature.as_bytes());
        });
        Signed::assemble(
            Head {
                scheme,
                encoding,
                placement,
                method,
                path,
                key,
            },
            parts,
        )
    }

    /// A `Signed` from parts whose buffer holds the message ([`Parts::with_message`]); the
    /// signer adds the signature in place ([`Parts::set_signature`]).
    #[inline]
    pub(crate) fn assemble(head: Head, parts: Parts) -> Signed {
        Signed { head, parts }
    }

    /// The exact bytes that were signed.
    pub fn message(&self) -> &[u8] {
        self.parts
            .message
            .map_or(&[][..], |span| self.parts.bytes(span))
    }

    /// The signature text (for a JWT, the compact token).
    pub fn signature(&self) -> &str {
        self.parts.str(self.parts.signature)
    }

    /// Where the signature goes.
    pub fn placement(&self) -> Placement {
        self.head.placement
    }

    /// The URL query: the declared pairs, percent-encoded, then the signature parameter if the
    /// signature goes in the query (a base64 `+` is sent as `%2B`).
    pub fn query(&self) -> String {
        let mut query = String::new();
        self.query_into(&mut query);
        query
    }

    /// Appends [`Signed::query`] to `out`.
    fn query_into(&self, out: &mut String) {
        let pairs = &*self.parts.query_text();
        let signature = match self.head.placement {
            Placement::Query(name) => Some(name),
            _ => None,
        };
        out.reserve(pairs.len() + signature.map_or(0, |_| 128));
        out.push_str(pairs);
        if let Some(name) = signature {
            if !pairs.is_empty() {
                out.push('&');
            }
            let mut pair = Vec::with_capacity(128);
            let escape = self.parts.url_escape;
            write_unrefused(&mut pair, escape, &crate::message::Str(name));
            pair.push(b'=');
            write_unrefused(&mut pair, escape, &crate::message::Text(self.signature()));
            // Only percent-encoded ASCII is written.
            out.push_str(core::str::from_utf8(&pair).unwrap_or_default());
        }
    }

    /// The headers to send, in order, as `(name, value)` pairs: header fields, then the
    /// signature header if it goes in one.
    ///
    /// (It returned `&[(&'static str, String)]` before 0.1's one-allocation `Signed`; the values
    /// now borrow from the one buffer `Signed` keeps its text in. Collect them to compare:
    /// `signed.headers().collect::<Vec<_>>()`.)
    pub fn headers(&self) -> Headers<'_> {
        self.parts.headers()
    }

    /// The request body, if the declaration has one.
    pub fn body(&self) -> Option<&[u8]> {
        match self.head.placement {
            Placement::Body => Some(self.parts.bytes(self.parts.signature)),
            _ => self.parts.body_bytes(),
        }
    }

    /// The declared HTTP method: a `#[signed(method)]` field, or `method = ".."`, else `POST`
    /// with a body and `GET` without.
    pub fn method(&self) -> &str {
        match (self.parts.method_text(), self.head.method) {
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
        if let Some(path) = self.parts.path_text().or(self.head.path) {
            if url.ends_with('/') && path.starts_with('/') {
                url.pop();
            }
            url.push_str(path);
        }
        let has_query =
            !self.parts.query_is_empty() || matches!(self.head.placement, Placement::Query(_));
        if has_query {
            // `base?` and `base?a=1&` already end where the next pair starts.
            if !url.contains('?') {
                url.push('?');
            } else if !url.ends_with(['?', '&']) {
                url.push('&');
            }
            self.query_into(&mut url);
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
        let mut headers = http::HeaderMap::with_capacity(self.headers().len());
        for (name, value) in self.headers() {
            let header_name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::InvalidHeader {
                    name: name.to_owned(),
                    reason: "not a valid header name",
                }
            })?;
            let header_value =
                http::HeaderValue::from_str(value).map_err(|_| Error::InvalidHeader {
                    name: name.to_owned(),
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Str;

    /// A `strict` query-form message of `pairs`; the pairs laid out one by one, percent-encoded
    /// (as before); and parts holding the message, whose query is made from it.
    fn both_ways(pairs: &[(&'static str, &str)]) -> (String, Parts, Parts) {
        let message = pairs
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let mut before = Parts::new(Escape::Strict);
        for (name, value) in pairs {
            before.query_pair_escaped(name, &Str(value));
        }
        let mut now = Parts::with_message(Escape::Strict, message.as_bytes(), 0);
        assert!(now.query_is_escaped_message());
        (message, before, now)
    }

    /// Every list of one or two pairs whose values are at most two characters of an alphabet
    /// holding unreserved bytes, `=`, bytes RFC 3986 encodes and a two-byte character: the URL
    /// query `Parts` gives a `strict` message (kept once when it is plain, laid out again
    /// otherwise) is, byte for byte, the query laid out pair by pair as before; and the message
    /// is kept exactly when it equals that query.
    #[test]
    fn a_plain_strict_query_is_the_message_and_nothing_else_is() {
        let alphabet = [
            "a", "Z", "0", "9", "-", ".", "_", "~", "=", "%", " ", "+", "/", "*", "é", "?",
        ];
        let mut values = vec![String::new()];
        for a in alphabet {
            values.push(a.to_owned());
            for b in alphabet {
                values.push(format!("{a}{b}"));
            }
        }
        let names = ["a", "timeInForce", "x-y.z_~"];
        let mut checked = 0;
        let mut kept = 0;
        let mut check = |pairs: &[(&'static str, &str)]| {
            let (message, before, now) = both_ways(pairs);
            assert_eq!(now.query_text(), before.query_text(), "{pairs:?}");
            // Borrowed (the message itself) exactly when the query is the message.
            let plain = matches!(now.query_text(), Cow::Borrowed(_));
            assert_eq!(plain, before.query_text().as_bytes() == message.as_bytes());
            assert_eq!(now.query_is_empty(), before.query_text().is_empty());
            checked += 1;
            kept += usize::from(plain);
        };
        for name in names {
            for value in &values {
                check(&[(name, value)]);
                for other in &values {
                    check(&[(name, value), ("b", other)]);
                }
            }
        }
        // Both ways were taken, often.
        assert!(kept > 1000 && checked - kept > 1000, "{kept} of {checked}");
        // Every pair an absent `Option`: no message, no query.
        let mut empty = Parts::with_message(Escape::Strict, b"", 0);
        assert!(empty.query_is_escaped_message());
        assert_eq!(empty.query_text(), "");
        assert!(empty.query_is_empty());
        // Without the message (a signer that did not add it first), the pairs are laid out.
        assert!(!Parts::new(Escape::Strict).query_is_escaped_message());
    }

    #[test]
    fn long_strict_queries_made_from_the_message_are_the_pairs_laid_out() {
        // Random pair lists up to past the 16-byte blocks' limit (4080 bytes), values mostly of
        // unreserved bytes with the odd `=`, byte RFC 3986 encodes or two-byte character: the
        // query made from the message is the one laid out pair by pair.
        let alphabet = [
            "a", "Z", "0", "-", ".", "_", "~", "=", " ", "%", "é", "+", "/",
        ];
        let names = ["a", "symbol", "timeInForce", "x-y.z_~", "q0"];
        let mut next = crate::xorshift(0x2545_f491_4f6c_dd1du64);
        for trial in 0..3000 {
            let pairs = 1 + next() % 40;
            let rare = next().is_multiple_of(4);
            let mut list = Vec::new();
            for _ in 0..pairs {
                let len = next() % [4, 30, 200][(next() % 3) as usize];
                let value: String = (0..len)
                    .map(|_| {
                        let k = next();
                        if rare && k.is_multiple_of(50) {
                            alphabet[7 + (k / 50 % 6) as usize]
                        } else {
                            alphabet[(k % 7) as usize]
                        }
                    })
                    .collect();
                list.push((names[(next() % 5) as usize], value));
            }
            let pairs: Vec<(&'static str, &str)> =
                list.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let (message, before, now) = both_ways(&pairs);
            assert_eq!(
                now.query_text(),
                before.query_text(),
                "trial {trial}, {} bytes",
                message.len()
            );
        }
    }

    #[test]
    fn query_pairs_stay_in_one_piece_when_headers_come_between() {
        let mut parts = Parts::new(Escape::Strict);
        parts.query_pair_escaped("a", &Str("1 2"));
        parts.header("X-One", &Str("v"));
        parts.query_pair_escaped("b", &Str("3"));
        parts.header("X-Two", &Str("w"));
        assert_eq!(parts.query_text(), "a=1%202&b=3");
        assert_eq!(
            parts.headers().collect::<Vec<_>>(),
            [("X-One", "v"), ("X-Two", "w")]
        );
        assert_eq!(parts.headers().get("x-two"), Some("w"));
        assert_eq!(parts.headers().next_back(), Some(("X-Two", "w")));
        assert_eq!(parts.headers().len(), 2);
    }
}
