//! The one error type of the library.
//!
//! Every variant names what was wrong (a field, an environment variable, a file, the format that
//! was expected) and none ever carries key material: messages are safe to log.

use core::fmt;
use std::path::PathBuf;

use crate::encoding::{Encoding, KeyEncoding};

/// Everything that can go wrong while building, signing or verifying a request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Under `escape = "strict"`, a value contains the separator that follows it in the message,
    /// so two different requests could produce the same message (and the same signature).
    AmbiguousValue {
        /// The Rust name of the field.
        field: &'static str,
        /// The separator character found in the value.
        character: char,
    },
    /// A value written through a template's `{lowercase:..}` group holds a small letter: lowered,
    /// `get` would sign as `GET` does, so values there are written in capitals.
    NotCapitals {
        /// The Rust name of the field.
        field: &'static str,
        /// The small letter found in the value.
        character: char,
    },
    /// The environment variable that holds the key is not set.
    MissingEnv {
        /// Name of the variable.
        var: String,
    },
    /// The environment variable that holds the key is set but is not valid UTF-8.
    EnvNotUnicode {
        /// Name of the variable.
        var: String,
    },
    /// The key file could not be read.
    KeyFile {
        /// Path of the file.
        path: PathBuf,
        /// What the operating system said.
        kind: std::io::ErrorKind,
    },
    /// The key text is not in the declared `key_encoding`.
    KeyEncoding {
        /// Where the key came from (`env var CIRCLE_SECRET`, `file /etc/key`, `inline`).
        origin: String,
        /// The encoding that was expected.
        expected: KeyEncoding,
        /// What is wrong with the text (never the text itself).
        reason: String,
    },
    /// The key is empty (after trimming, when `trim_key` is set).
    EmptyKey {
        /// Where the key came from.
        origin: String,
    },
    /// `strict_keys` is set and the key is shorter than the MAC's output.
    WeakKey {
        /// Where the key came from.
        origin: String,
        /// Length of the key, in bytes.
        len: usize,
        /// The minimum length, in bytes.
        min: usize,
    },
    /// The signature given to `verify` is not text in the declared encoding.
    MalformedSignature {
        /// The encoding that was expected.
        expected: Encoding,
    },
    /// The signature is well formed but does not match the message and key.
    SignatureMismatch,
    /// A received signature header (declared with `header(.., format = "..")`) does not have
    /// the declared parameters, or one of them differs from the request's value.
    SignatureHeader {
        /// The header's name.
        header: &'static str,
        /// What is wrong (names only the declared parameters, never received text).
        reason: String,
    },
    /// A base URL could not be combined with the request.
    InvalidUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// A header name or value cannot be sent.
    InvalidHeader {
        /// The header's name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A JSON Web Token could not be made or checked.
    Jwt {
        /// What went wrong.
        reason: String,
    },
    /// The token endpoint refused to issue a token: a non-2xx HTTP status, or a body that
    /// reports an error (a non-zero `code`, an OAuth2 `error`). Provider text is cut to 200
    /// characters; a token never appears here.
    TokenResponse {
        /// The HTTP status, when the answer came through [`Token::from_json`](crate::token::Token::from_json).
        status: Option<u16>,
        /// The provider's own error code (`"40001"`, `"invalid_client"`), when it gave one.
        code: Option<String>,
        /// The provider's explanation (`msg`, `error_description`, or the start of a non-JSON body).
        message: String,
    },
    /// A successful token response is not the JSON shape that was expected (not JSON, cut short,
    /// a field missing or of the wrong type). The reason never quotes the body.
    TokenBody {
        /// What is wrong, with the line and column.
        reason: String,
    },
    /// A [`TokenCache`](crate::token::TokenCache) could not refresh its token.
    TokenRefresh {
        /// Whether the last failure was transient (timeout, connection, 5xx), so the retries ran out.
        transient: bool,
        /// How many times the refresher was called.
        attempts: u32,
        /// What the refresher's error said.
        reason: String,
    },
    /// The request's timestamp is further from the verifier's clock than the allowed skew.
    StaleTimestamp {
        /// How far the request's time is from the verifier's, in seconds (negative: in the future).
        age_seconds: i64,
        /// The allowed distance, in seconds.
        max_skew_seconds: i64,
    },
    /// This signed request was already accepted once within its validity window.
    Replayed,
    /// The replay guard holds as many live entries as its capacity allows; the request is
    /// refused rather than accepted unchecked.
    ReplayStoreFull {
        /// The store's capacity.
        capacity: usize,
    },
    /// A shared store (a `RedisNonceStore`, a `RedisTokenStore`: feature `redis`) did not answer in time or answered
    /// with an error. A replay guard then refuses the request (it fails closed unless set
    /// otherwise).
    StoreUnavailable {
        /// Which store: `"replay"` or `"token"`.
        store: &'static str,
        /// What went wrong (the client's error kind and text; never a key or a token).
        reason: String,
    },
    /// A timestamp in an incoming request is not in the declared format.
    InvalidTimestamp {
        /// The format that was expected.
        expected: crate::time::TimestampFormat,
    },
    /// A JWT key is not in a format this library reads, or not the kind of key wanted.
    KeyFormat {
        /// Where the key came from.
        origin: String,
        /// What was found: the PEM label (`PEM \`PUBLIC KEY\``), or `not PEM`, with what is
        /// wrong with it.
        found: String,
        /// The formats that are accepted here.
        expected: &'static str,
    },
    /// A JWT key of one family was given to an algorithm of another (an EC key for RS256).
    KeyMismatch {
        /// Where the key came from.
        origin: String,
        /// The key's family (`RSA`, `EC P-256`, `Ed25519`, `HMAC secret`).
        key: &'static str,
        /// The algorithm (`RS256`).
        algorithm: &'static str,
        /// The kind of key the algorithm needs.
        needed: &'static str,
    },
    /// A JWT is not three base64url parts of JSON objects, or its header is unusable.
    MalformedToken {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A JWT's header says `alg: none`: it is not signed, and is never accepted.
    UnsecuredToken,
    /// A JWT's header names another algorithm than the one accepted.
    AlgorithmMismatch {
        /// The algorithm accepted.
        expected: &'static str,
        /// The header's `alg` (at most 32 characters of it).
        found: String,
    },
    /// A JWT's `exp` is past (beyond the leeway).
    TokenExpired {
        /// The token's `exp`, seconds since the epoch.
        exp: i64,
        /// The verifier's time, seconds since the epoch.
        now: i64,
    },
    /// A JWT's `nbf` is still ahead (beyond the leeway).
    TokenNotYetValid {
        /// The token's `nbf`, seconds since the epoch.
        nbf: i64,
        /// The verifier's time, seconds since the epoch.
        now: i64,
    },
    /// A JWT lives longer (`exp - nbf`) than the verifier allows.
    LifetimeTooLong {
        /// The token's lifetime, in seconds.
        lifetime: i64,
        /// The longest lifetime allowed, in seconds.
        max: i64,
    },
    /// A JWT's `iat` is ahead of the verifier's clock (beyond the leeway): a token cannot have
    /// been issued in the future, and a future `iat` would stretch a lifetime measured from it.
    TokenIssuedInFuture {
        /// The token's `iat`, seconds since the epoch.
        iat: i64,
        /// The verifier's time, seconds since the epoch.
        now: i64,
    },
    /// A JWT's `exp` is further from the verifier's time than the longest lifetime allowed
    /// (plus the leeway), whatever its `nbf` or `iat` say.
    ExpiryTooFar {
        /// The token's `exp`, seconds since the epoch.
        exp: i64,
        /// The verifier's time, seconds since the epoch.
        now: i64,
        /// The longest lifetime allowed, in seconds (the leeway comes on top).
        max: i64,
    },
    /// A JWT lacks a claim the verifier requires.
    MissingClaim {
        /// The claim (`exp`, `nbf`, `aud`, `iss`).
        claim: &'static str,
    },
    /// A JWT's `aud` does not name an audience the verifier accepts.
    WrongAudience {
        /// The audiences accepted (empty: none was configured, so a token with `aud` is refused).
        expected: Vec<String>,
    },
    /// A JWT's `iss` is not the issuer the verifier accepts.
    WrongIssuer {
        /// The issuer accepted.
        expected: String,
    },
    /// A JWT's claim differs from the request it is checked against.
    ClaimMismatch {
        /// The claim's name.
        claim: String,
    },
    /// A JWT claim struct has a claim that the declaration computes at signing time
    /// (`nbf`/`exp` from `lifetime`, `iat`, `jti`).
    DuplicateClaim {
        /// The claim's name.
        claim: &'static str,
    },
    /// JWT claims are not a JSON object, do not serialize, or (when decoding) do not fit the type.
    InvalidClaims {
        /// What is wrong with them.
        reason: String,
    },
    /// An incoming request cannot be read back into its declared struct
    /// ([`FromSignedQuery`](crate::parse::FromSignedQuery)): malformed, too long, a parameter
    /// missing, repeated or unknown, or a value that does not parse.
    MalformedRequest {
        /// The query parameter or header concerned: its declared name, or for a name the
        /// declaration does not know, at most 32 characters of it with invisible characters
        /// escaped. `None` when the problem is the request as a whole.
        field: Option<String>,
        /// What is wrong (never the value itself).
        reason: &'static str,
    },
    /// An HTTP message signature (RFC 9421) does not cover a component the verifier requires,
    /// or covers one the message does not have.
    MissingComponent {
        /// The component identifier, as `Signature-Input` writes it (`"@method"`,
        /// `"content-digest"`, `"@query-param";name="id"`).
        component: String,
        /// `not covered by the signature` or `not in the message`.
        reason: &'static str,
    },
    /// The signature names no key id, or one the verifier's resolver does not know (the id is
    /// not quoted back).
    UnknownKey,
    /// A `Content-Digest` or `Repr-Digest` (RFC 9530) is not the digest of the content.
    DigestMismatch {
        /// The algorithm whose digest differs (`sha-256`).
        algorithm: &'static str,
    },
    /// The signature's `expires` parameter is past.
    SignatureExpired {
        /// The signature's `expires`, in Unix seconds.
        expires: i64,
        /// The verifier's time.
        now: i64,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::AmbiguousValue { field, character } => write!(
                f,
                "field `{field}` contains {character:?}, the separator that follows it in the message; \
                 the message would be ambiguous (use escape = \"rfc3986\" or \"form\" to encode it)"
            ),
            Error::NotCapitals { field, character } => write!(
                f,
                "field `{field}` holds {character:?}, a small letter, where the template lowers \
                 it (`{{lowercase:..}}`): `get` would sign as `GET` does; write the value in capitals"
            ),
            Error::MissingEnv { var } => write!(f, "environment variable `{var}` (the signing key) is not set"),
            Error::EnvNotUnicode { var } => {
                write!(f, "environment variable `{var}` (the signing key) is not valid UTF-8")
            }
            Error::KeyFile { path, kind } => {
                write!(f, "cannot read key file `{}`: {kind}", path.display())
            }
            Error::KeyEncoding { origin, expected, reason } => write!(
                f,
                "key from {origin} is not {expected}: {reason}"
            ),
            Error::EmptyKey { origin } => write!(f, "key from {origin} is empty"),
            Error::WeakKey { origin, len, min } => write!(
                f,
                "key from {origin} is {len} bytes, shorter than the {min} bytes strict_keys requires"
            ),
            Error::MalformedSignature { expected } => {
                write!(f, "signature is not {expected} text")
            }
            Error::SignatureMismatch => f.write_str("signature does not match the message"),
            Error::SignatureHeader { header, reason } => {
                write!(f, "signature header `{header}`: {reason}")
            }
            Error::InvalidUrl { reason } => write!(f, "invalid URL: {reason}"),
            Error::InvalidHeader { name, reason } => write!(f, "invalid header `{name}`: {reason}"),
            Error::Jwt { reason } => write!(f, "JWT: {reason}"),
            Error::TokenResponse { status, code, message } => {
                f.write_str("token endpoint refused the request")?;
                match (status, code) {
                    (Some(status), Some(code)) => write!(f, " (HTTP {status}, code `{code}`)")?,
                    (Some(status), None) => write!(f, " (HTTP {status})")?,
                    (None, Some(code)) => write!(f, " (code `{code}`)")?,
                    (None, None) => {}
                }
                if message.is_empty() {
                    Ok(())
                } else {
                    write!(f, ": {message}")
                }
            }
            Error::TokenBody { reason } => {
                write!(f, "token response is not the expected JSON: {reason}")
            }
            Error::TokenRefresh { transient, attempts, reason } => write!(
                f,
                "token refresh failed after {attempts} attempt{} ({}): {reason}",
                if *attempts == 1 { "" } else { "s" },
                if *transient { "transient failure, retries used up" } else { "permanent failure, not retried" }
            ),
            Error::StaleTimestamp { age_seconds, max_skew_seconds } => write!(
                f,
                "request timestamp is {age_seconds} s from the verifier's clock; at most {max_skew_seconds} s is allowed"
            ),
            Error::Replayed => f.write_str("this signed request was already used"),
            Error::ReplayStoreFull { capacity } => {
                write!(f, "replay guard is full ({capacity} live entries); request refused")
            }
            Error::StoreUnavailable { store, reason } => {
                write!(f, "the shared {store} store is unavailable: {reason}")
            }
            Error::InvalidTimestamp { expected } => write!(f, "timestamp is not in the {expected} format"),
            Error::KeyFormat { origin, found, expected } => {
                write!(f, "key from {origin}: found {found}; expected {expected}")
            }
            Error::KeyMismatch { origin, key, algorithm, needed } => write!(
                f,
                "key from {origin} is an {key} key, but {algorithm} needs {needed}"
            ),
            Error::MalformedToken { reason } => write!(f, "malformed JWT: {reason}"),
            Error::UnsecuredToken => {
                f.write_str("JWT header says `alg: none` (an unsigned token); refused")
            }
            Error::AlgorithmMismatch { expected, found } => write!(
                f,
                "JWT header names algorithm {found:?}; only {expected} is accepted"
            ),
            Error::TokenExpired { exp, now } => write!(
                f,
                "JWT expired: exp {exp} is {} s before the verifier's time {now}",
                now.saturating_sub(*exp)
            ),
            Error::TokenNotYetValid { nbf, now } => write!(
                f,
                "JWT not yet valid: nbf {nbf} is {} s after the verifier's time {now}",
                nbf.saturating_sub(*now)
            ),
            Error::LifetimeTooLong { lifetime, max } => write!(
                f,
                "JWT lives {lifetime} s (exp - nbf), longer than the {max} s allowed"
            ),
            Error::TokenIssuedInFuture { iat, now } => write!(
                f,
                "JWT issued in the future: iat {iat} is {} s after the verifier's time {now}",
                iat.saturating_sub(*now)
            ),
            Error::ExpiryTooFar { exp, now, max } => write!(
                f,
                "JWT expires {} s after the verifier's time {now} (exp {exp}), later than the \
                 {max} s lifetime allowed",
                exp.saturating_sub(*now)
            ),
            Error::MissingClaim { claim } => write!(f, "JWT has no `{claim}` claim, which is required"),
            Error::WrongAudience { expected } => {
                if expected.is_empty() {
                    f.write_str("JWT names an audience (`aud`), and none is configured to accept")
                } else {
                    write!(f, "JWT audience (`aud`) is none of {expected:?}")
                }
            }
            Error::WrongIssuer { expected } => {
                write!(f, "JWT issuer (`iss`) is not {expected:?}")
            }
            Error::ClaimMismatch { claim } => {
                write!(f, "JWT claim `{claim}` differs from the request's")
            }
            Error::DuplicateClaim { claim } => write!(
                f,
                "the claims already have `{claim}`, which the declaration computes at signing time; \
                 drop the field or the attribute that adds it"
            ),
            Error::InvalidClaims { reason } => write!(f, "invalid JWT claims: {reason}"),
            Error::MalformedRequest { field: Some(field), reason } => {
                write!(f, "malformed request: `{field}`: {reason}")
            }
            Error::MalformedRequest { field: None, reason } => {
                write!(f, "malformed request: {reason}")
            }
            Error::MissingComponent { component, reason } => {
                write!(f, "HTTP signature component {component}: {reason}")
            }
            Error::DigestMismatch { algorithm } => {
                write!(f, "the {algorithm} digest field is not the digest of the content")
            }
            Error::UnknownKey => f.write_str(
                "the signature names no key id, or one this verifier has no key for",
            ),
            Error::SignatureExpired { expires, now } => write!(
                f,
                "HTTP signature expired: `expires` {expires} is {} s before the verifier's time {now}",
                now.saturating_sub(*expires)
            ),
        }
    }
}

impl std::error::Error for Error {}
