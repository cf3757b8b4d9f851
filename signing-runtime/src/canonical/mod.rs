//! Canonical forms of an HTTP request's parts, as request-signing schemes lay them out before
//! hashing: the path ([`path`]), the query ([`query`]) and the headers ([`headers`]).
//!
//! The schemes built on a canonical request (AWS SigV4 and every S3-compatible store, Tencent
//! Cloud TC3, Alibaba Cloud ACS3, Huawei, Google Cloud Storage HMAC keys, Azure Storage's
//! `x-ms-*` headers) differ only in settings: how a path is encoded and whether it is normalized,
//! how query names and values are escaped and whether they are sorted, which headers are signed.
//! Each setting is its own small type here, independent of the others, and each writer streams
//! into a [`Sink`](crate::message::Sink) (a hash, when signing) without building the canonical
//! request as a string.
//!
//! ```
//! use signing_runtime::canonical::headers::{CanonicalHeaders, SignedHeaderRule};
//! use signing_runtime::canonical::path::{CanonicalPath, PathEncoding};
//! use signing_runtime::canonical::query::{CanonicalQuery, QueryParams};
//!
//! let mut out = Vec::new();
//! CanonicalPath::new(PathEncoding::Once, true).write(&mut out, "/a/./b c");
//! out.push(b'\n');
//! let mut query = QueryParams::new();
//! query.push("query", "b", "2");
//! query.push("query", "a", "x y");
//! query.write_canonical(&mut out, &CanonicalQuery::RFC3986_SORTED)?;
//! out.push(b'\n');
//! let mut headers = CanonicalHeaders::new(SignedHeaderRule::ALL);
//! headers.push("Host", "example.com")?;
//! headers.push("X-Date", "  20150830T123600Z ")?;
//! headers.write_block(&mut out);
//! assert_eq!(
//!     String::from_utf8(out).unwrap(),
//!     "/a/b%20c\na=x%20y&b=2\nhost:example.com\nx-date:20150830T123600Z\n"
//! );
//! assert_eq!(headers.names(";"), "host;x-date");
//! # Ok::<(), signing_runtime::Error>(())
//! ```

mod encode;
pub mod headers;
mod list;
pub use list::Arena;
pub(crate) use list::List;
pub mod path;
pub mod query;
