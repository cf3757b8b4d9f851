//! Attribute names, compared against paths without allocating (serde_derive's `symbol.rs`).

use std::fmt::{self, Display};

use syn::{Ident, Path};

/// The name of a `#[signed(...)]` key.
#[derive(Copy, Clone, PartialEq, Eq)]
pub(crate) struct Symbol(pub(crate) &'static str);

pub(crate) const SIGNED: Symbol = Symbol("signed");

// Container keys.
pub(crate) const MAC: Symbol = Symbol("mac");
pub(crate) const JWT: Symbol = Symbol("jwt");
pub(crate) const ENCODING: Symbol = Symbol("encoding");
pub(crate) const TEMPLATE: Symbol = Symbol("template");
pub(crate) const PAIR_SEPARATOR: Symbol = Symbol("pair_separator");
pub(crate) const KV_SEPARATOR: Symbol = Symbol("kv_separator");
pub(crate) const SORT: Symbol = Symbol("sort");
pub(crate) const RENAME_ALL: Symbol = Symbol("rename_all");
pub(crate) const ESCAPE: Symbol = Symbol("escape");
pub(crate) const KEY: Symbol = Symbol("key");
pub(crate) const KEY_ENCODING: Symbol = Symbol("key_encoding");
pub(crate) const TRIM_KEY: Symbol = Symbol("trim_key");
pub(crate) const STRICT_KEYS: Symbol = Symbol("strict_keys");
pub(crate) const SIGNATURE: Symbol = Symbol("signature");
pub(crate) const METHOD: Symbol = Symbol("method");
pub(crate) const PATH: Symbol = Symbol("path");
pub(crate) const LIFETIME: Symbol = Symbol("lifetime");
pub(crate) const MAX_LIFETIME: Symbol = Symbol("max_lifetime");
pub(crate) const KID: Symbol = Symbol("kid");
pub(crate) const IAT: Symbol = Symbol("iat");
pub(crate) const JTI: Symbol = Symbol("jti");
pub(crate) const KEY_CHAIN: Symbol = Symbol("key_chain");
pub(crate) const PATH_ENCODING: Symbol = Symbol("path_encoding");
pub(crate) const NORMALIZE_PATH: Symbol = Symbol("normalize_path");
pub(crate) const ALGORITHM: Symbol = Symbol("algorithm");
pub(crate) const KEY_FORMAT: Symbol = Symbol("key_format");
pub(crate) const CONTENT_DIGEST: Symbol = Symbol("content_digest");
pub(crate) const REPR_DIGEST: Symbol = Symbol("repr_digest");
pub(crate) const HTTP_SIGNATURE: Symbol = Symbol("http_signature");
pub(crate) const SIGNED_HEADERS: Symbol = Symbol("signed_headers");
pub(crate) const CANONICAL_QUERY: Symbol = Symbol("canonical_query");

// Field keys (`key` is shared with the container).
pub(crate) const RENAME: Symbol = Symbol("rename");
pub(crate) const SKIP: Symbol = Symbol("skip");
pub(crate) const HEADER: Symbol = Symbol("header");
pub(crate) const TIMESTAMP: Symbol = Symbol("timestamp");
pub(crate) const DIGEST: Symbol = Symbol("digest");
pub(crate) const DIGEST_ENCODING: Symbol = Symbol("digest_encoding");
pub(crate) const BODY: Symbol = Symbol("body");
pub(crate) const WITH: Symbol = Symbol("with");
pub(crate) const NONE: Symbol = Symbol("none");
pub(crate) const FLATTEN: Symbol = Symbol("flatten");
pub(crate) const STATUS: Symbol = Symbol("status");
pub(crate) const UNSIGNED: Symbol = Symbol("unsigned");

// Inside `key = env(..)` / `signature = header(.., prefix = ..)`.
pub(crate) const ENV: Symbol = Symbol("env");
pub(crate) const FILE: Symbol = Symbol("file");
pub(crate) const QUERY: Symbol = Symbol("query");
pub(crate) const PREFIX: Symbol = Symbol("prefix");
pub(crate) const FORMAT: Symbol = Symbol("format");
pub(crate) const SCOPE: Symbol = Symbol("scope");
pub(crate) const SCHEME: Symbol = Symbol("scheme");
// Inside `signed_headers(..)` / `canonical_query(..)`.
pub(crate) const ORDER: Symbol = Symbol("order");
pub(crate) const ESCAPE_NAMES: Symbol = Symbol("escape_names");
pub(crate) const ESCAPE_VALUES: Symbol = Symbol("escape_values");
pub(crate) const LAYOUT: Symbol = Symbol("layout");
pub(crate) const LOWERCASE_NAMES: Symbol = Symbol("lowercase_names");
pub(crate) const JOIN_REPEATED: Symbol = Symbol("join_repeated");

/// Every container key, for "did you mean".
pub(crate) const CONTAINER_KEYS: &[Symbol] = &[
    MAC,
    JWT,
    ENCODING,
    TEMPLATE,
    PAIR_SEPARATOR,
    KV_SEPARATOR,
    SORT,
    RENAME_ALL,
    ESCAPE,
    KEY,
    KEY_ENCODING,
    TRIM_KEY,
    STRICT_KEYS,
    SIGNATURE,
    METHOD,
    PATH,
    LIFETIME,
    MAX_LIFETIME,
    KID,
    IAT,
    JTI,
    KEY_CHAIN,
    PATH_ENCODING,
    NORMALIZE_PATH,
    ALGORITHM,
    KEY_FORMAT,
    HTTP_SIGNATURE,
    SIGNED_HEADERS,
    CANONICAL_QUERY,
    CONTENT_DIGEST,
    REPR_DIGEST,
];

/// Every field key, for "did you mean".
pub(crate) const FIELD_KEYS: &[Symbol] = &[
    RENAME,
    SKIP,
    KEY,
    HEADER,
    TIMESTAMP,
    DIGEST,
    DIGEST_ENCODING,
    BODY,
    WITH,
    NONE,
    QUERY,
    FLATTEN,
    PATH,
    STATUS,
    UNSIGNED,
    METHOD,
];

impl PartialEq<Symbol> for Ident {
    fn eq(&self, word: &Symbol) -> bool {
        self == word.0
    }
}

impl PartialEq<Symbol> for &Ident {
    fn eq(&self, word: &Symbol) -> bool {
        *self == word.0
    }
}

impl PartialEq<Symbol> for Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl Display for Symbol {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.0)
    }
}
