//! Receiving requests signed with HTTP Message Signatures: RFC 9421 ([`Rfc9421`]) and its
//! predecessor draft-cavage-http-signatures-12 ([`Cavage`], the fediverse's), whatever the
//! server framework.
//!
//! A [`MessageVerifier`] holds what a route needs: the keys by key id (any
//! [`KeyIdResolver`]: a map, a closure, or [`Keys`](super::Keys) of `(algorithm, key)`), a
//! [`ReplayGuard`], and a bound on the body. For each request it reads the body (at most the
//! bound: 413 beyond), verifies the signature ([`HttpVerifier`] or [`CavageVerifier`]: the
//! covered components the route requires, the label or tag, the age, the key and its algorithm
//! by key id), checks the body against the `Content-Digest` (RFC 9530) or `Digest` the signature
//! covers, then hands the request to the replay guard: keyed by key id and `nonce` when the
//! signature has a nonce, by the signature base otherwise, at the signature's `created` time.
//! A refusal is a [`Rejection`], like the derived requests' ([`Verifier`](super::Verifier)).
//!
//! [`VerifiedMessage`] is the axum extractor (feature `axum`);
//! [`MessageVerifyLayer`](crate::tower::MessageVerifyLayer) the tower layer (feature `tower`).
//!
//! ```
//! use std::collections::HashMap;
//! use std::time::Duration;
//! use signing::asymmetric::SignatureAlgorithm;
//! use signing::httpsig::Component;
//! use signing::replay::{MemoryNonceStore, ReplayGuard};
//! use signing::server::MessageVerifier;
//! use signing::PublicKey;
//!
//! # fn run(sender_key: PublicKey) {
//! let mut keys = HashMap::new();
//! keys.insert("sender-2024".to_owned(), (SignatureAlgorithm::Ed25519, sender_key));
//! let verifier = MessageVerifier::rfc9421(
//!     keys,
//!     ReplayGuard::new(MemoryNonceStore::new(100_000), Duration::from_secs(300)),
//! )
//! .require([Component::method(), Component::path(), Component::field("content-digest")])
//! .max_age(300)
//! .max_body_bytes(64 * 1024);
//! # let _ = verifier;
//! # }
//! ```

use core::fmt;

use bytes::Bytes;
use http::StatusCode;

use super::{read_body_and_trailers, BoxError, Rejection, Replay, DEFAULT_MAX_BODY_BYTES};
use crate::asymmetric::KeyIdResolver;
use crate::content_digest::{self, HashAlgorithm};
use crate::httpsig::cavage::{self, CavageVerified, CavageVerifier};
use crate::httpsig::{self, Component, HttpVerifier, Message};
use crate::replay::{AsyncNonceStore, ReplayGuard};
use crate::time::TimestampFormat;
use crate::{Error, Timestamp};

/// The keys of a [`MessageVerifier`].
type Resolver = dyn KeyIdResolver + Send + Sync;

/// What [`Scheme::check`] finds: the signature, the replay guard's id for the request, and its
/// signed time.
type Checked<T> = (T, Vec<u8>, Option<Timestamp>);

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Rfc9421 {}
    impl Sealed for super::Cavage {}
}

/// A signature scheme a [`MessageVerifier`] checks: [`Rfc9421`] or [`Cavage`] (sealed).
pub trait Scheme: sealed::Sealed + fmt::Debug + Send + Sync + 'static {
    /// What a verified signature says: [`httpsig::Verified`] or [`CavageVerified`].
    type Signature: fmt::Debug + Clone + Send + Sync + 'static;

    /// Verifies `message`'s signature and `body` against the digest it covers; returns the
    /// signature, the replay guard's id for the request and its signed time.
    #[doc(hidden)]
    fn check(
        &self,
        keys: &Resolver,
        message: &Message<'_>,
        body: &[u8],
        now: Timestamp,
    ) -> Result<Checked<Self::Signature>, Error>;
}

/// RFC 9421 HTTP Message Signatures: what [`MessageVerifier::rfc9421`] checks. Its settings are
/// [`MessageVerifier`]'s methods (`require`, `label`, `tag`, `max_age`, ...).
#[derive(Debug, Clone)]
pub struct Rfc9421 {
    label: Option<String>,
    required: Vec<Component>,
    tag: Option<String>,
    max_age: Option<u32>,
    leeway: u32,
    created_optional: bool,
    digests: Vec<HashAlgorithm>,
}

/// draft-cavage-http-signatures-12 (`Signature: keyId=..,headers=..,signature=..`), as Mastodon
/// and the ActivityPub fediverse sign: what [`MessageVerifier::cavage`] checks.
#[derive(Debug, Clone)]
pub struct Cavage {
    required: Vec<String>,
    max_skew: u32,
}

/// A request body must be covered: with a body, the signature covers `content-digest`, and the
/// field is the body's digest. Without one, a `Content-Digest` sent is still checked.
fn check_content_digest(
    message: &Message<'_>,
    covered: bool,
    body: &[u8],
    accepted: &[HashAlgorithm],
) -> Result<(), Error> {
    let field = joined(message, "content-digest")?;
    if body.is_empty() && field.is_none() {
        return Ok(());
    }
    if !body.is_empty() && !covered {
        return Err(Error::MissingComponent {
            component: "\"content-digest\"".into(),
            reason: "not covered by the signature, so the body is not signed",
        });
    }
    content_digest::verify(field.as_deref().unwrap_or(""), body, accepted)
}

/// Every line of field `name`, joined by `, ` (RFC 9110 §5.3).
fn joined(message: &Message<'_>, name: &str) -> Result<Option<String>, Error> {
    let mut out: Option<String> = None;
    for value in message.headers().get_all(name) {
        let text = value.to_str().map_err(|_| Error::InvalidHeader {
            name: name.to_owned(),
            reason: "not visible ASCII",
        })?;
        match &mut out {
            Some(out) => {
                out.push_str(", ");
                out.push_str(text.trim());
            }
            None => out = Some(text.trim().to_owned()),
        }
    }
    Ok(out)
}

/// The replay guard's id: a tag and `\0`-separated parts (none holds a `\0`: header text).
fn replay_id(parts: &[&str]) -> Vec<u8> {
    parts.join("\0").into_bytes()
}

impl Scheme for Rfc9421 {
    type Signature = httpsig::Verified;

    fn check(
        &self,
        keys: &Resolver,
        message: &Message<'_>,
        body: &[u8],
        now: Timestamp,
    ) -> Result<Checked<httpsig::Verified>, Error> {
        let mut verifier = HttpVerifier::new(keys)
            .require(self.required.iter().cloned())
            .leeway(self.leeway)
            .at(now);
        if let Some(label) = &self.label {
            verifier = verifier.label(label);
        }
        if let Some(tag) = &self.tag {
            verifier = verifier.tag(tag);
        }
        if let Some(max_age) = self.max_age {
            verifier = verifier.max_age(max_age);
        }
        if self.created_optional {
            verifier = verifier.created_optional();
        }
        let verified = verifier.verify(message)?;
        let covered = verified
            .params
            .components()
            .contains(&Component::field("content-digest"));
        check_content_digest(message, covered, body, &self.digests)?;
        let id = match verified.params.nonce_value() {
            Some(nonce) => replay_id(&[
                "rfc9421-nonce",
                verified.params.key_id().unwrap_or(""),
                nonce,
            ]),
            None => replay_id(&["rfc9421-base", &verified.base]),
        };
        let signed_at = verified
            .params
            .created_at()
            .map(Timestamp::from_unix_seconds);
        Ok((verified, id, signed_at))
    }
}

impl Scheme for Cavage {
    type Signature = CavageVerified;

    fn check(
        &self,
        keys: &Resolver,
        message: &Message<'_>,
        body: &[u8],
        now: Timestamp,
    ) -> Result<Checked<CavageVerified>, Error> {
        let required: Vec<&str> = self.required.iter().map(String::as_str).collect();
        let verified = CavageVerifier::new(keys)
            .require(&required)
            .max_skew(self.max_skew)
            .at(now)
            .verify(message)?;
        let covers = |name: &str| verified.headers.iter().any(|h| h == name);
        if covers("digest") {
            let field = joined(message, "digest")?.unwrap_or_default();
            cavage::verify_digest(&field, body)?;
        } else {
            let accepted = [HashAlgorithm::Sha256, HashAlgorithm::Sha512];
            check_content_digest(message, covers("content-digest"), body, &accepted).map_err(
                |err| match err {
                    Error::MissingComponent { reason, .. } => Error::MissingComponent {
                        component: "digest".into(),
                        reason,
                    },
                    other => other,
                },
            )?;
        }
        let id = replay_id(&["cavage", &verified.key_id, &verified.signing_string]);
        let signed_at = match verified.created {
            Some(created) if covers("(created)") => Some(created),
            _ => joined(message, "date")?
                .and_then(|date| Timestamp::parse(&date, TimestampFormat::ImfFixdate).ok()),
        };
        Ok((verified, id, signed_at))
    }
}

/// The trailer fields read after a request's body, kept in its extensions for components with
/// `tr` (RFC 9421 §2.1.4).
#[derive(Debug, Clone)]
pub struct Trailers(pub http::HeaderMap);

/// Everything a route needs to accept requests signed with HTTP Message Signatures: the
/// scheme's settings, keys by key id, a replay guard, a body bound. Share one per route
/// (`Arc<MessageVerifier<Rfc9421>>` in the application's state).
pub struct MessageVerifier<S: Scheme> {
    scheme: S,
    keys: Box<Resolver>,
    guard: Box<dyn Replay>,
    clock: fn() -> Timestamp,
    max_body_bytes: usize,
    uri_scheme: &'static str,
}

impl MessageVerifier<Rfc9421> {
    /// A verifier of RFC 9421 signatures made with one of `keys` (found by the signature's
    /// `keyid`, with the algorithm each is registered for), refusing a second use with `guard`.
    /// Until set otherwise it takes the first signature (any label, any tag), requires
    /// `created` (60 s of leeway, no maximum age but the guard's window), and, for a request with
    /// a body, a covered `content-digest` (`sha-256` or `sha-512`) matching the body.
    pub fn rfc9421<St: AsyncNonceStore + 'static>(
        keys: impl KeyIdResolver + Send + Sync + 'static,
        guard: ReplayGuard<St>,
    ) -> MessageVerifier<Rfc9421> {
        MessageVerifier::with_scheme(
            Rfc9421 {
                label: None,
                required: Vec::new(),
                tag: None,
                max_age: None,
                leeway: 60,
                created_optional: false,
                digests: vec![HashAlgorithm::Sha256, HashAlgorithm::Sha512],
            },
            keys,
            guard,
        )
    }

    /// Components every accepted signature must cover (`@method`, `@path`,
    /// `content-digest`...); a signature without them is refused (`missing_component`).
    #[must_use]
    pub fn require(mut self, components: impl IntoIterator<Item = Component>) -> Self {
        self.scheme.required.extend(components);
        self
    }

    /// Verify the signature under this label only.
    #[must_use]
    pub fn label(mut self, label: &str) -> Self {
        self.scheme.label = Some(label.to_owned());
        self
    }

    /// Accept only signatures whose `tag` parameter is `tag`.
    #[must_use]
    pub fn tag(mut self, tag: &str) -> Self {
        self.scheme.tag = Some(tag.to_owned());
        self
    }

    /// Refuse signatures whose `created` is more than `seconds` old.
    #[must_use]
    pub fn max_age(mut self, seconds: u32) -> Self {
        self.scheme.max_age = Some(seconds);
        self
    }

    /// Clock skew allowed on `created` and `expires` (default 60 s).
    #[must_use]
    pub fn leeway(mut self, seconds: u32) -> Self {
        self.scheme.leeway = seconds;
        self
    }

    /// Accept signatures without `created` (the guard then sees the time of receipt).
    #[must_use]
    pub fn created_optional(mut self) -> Self {
        self.scheme.created_optional = true;
        self
    }

    /// The `Content-Digest` algorithms accepted (default `sha-256` and `sha-512`).
    #[must_use]
    pub fn digest_algorithms(mut self, accepted: &[HashAlgorithm]) -> Self {
        self.scheme.digests = accepted.to_vec();
        self
    }
}

impl MessageVerifier<Cavage> {
    /// A verifier of draft-cavage-12 signatures made with one of `keys` (by `keyId`; the
    /// algorithm is the key's), refusing a second use with `guard`. Until set otherwise it
    /// requires `(request-target)`, `host` and `date` to be covered, a `Date` within 300 s, and,
    /// for a request with a body, a covered `Digest` (or `Content-Digest`) matching it.
    pub fn cavage<St: AsyncNonceStore + 'static>(
        keys: impl KeyIdResolver + Send + Sync + 'static,
        guard: ReplayGuard<St>,
    ) -> MessageVerifier<Cavage> {
        MessageVerifier::with_scheme(
            Cavage {
                required: ["(request-target)", "host", "date"]
                    .map(str::to_owned)
                    .to_vec(),
                max_skew: 300,
            },
            keys,
            guard,
        )
    }

    /// Headers every accepted signature must cover (replacing the defaults; lower case,
    /// `(request-target)` included).
    #[must_use]
    pub fn require(mut self, headers: &[&str]) -> Self {
        self.scheme.required = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
        self
    }

    /// How far a covered `Date` (or `(created)`) may be from the verifier's time (default 300 s).
    #[must_use]
    pub fn max_skew(mut self, seconds: u32) -> Self {
        self.scheme.max_skew = seconds;
        self
    }
}

impl<S: Scheme> MessageVerifier<S> {
    fn with_scheme<St: AsyncNonceStore + 'static>(
        scheme: S,
        keys: impl KeyIdResolver + Send + Sync + 'static,
        guard: ReplayGuard<St>,
    ) -> MessageVerifier<S> {
        MessageVerifier {
            scheme,
            keys: Box::new(keys),
            guard: Box::new(guard),
            clock: Timestamp::now,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            uri_scheme: "https",
        }
    }

    /// The longest body read ([`DEFAULT_MAX_BODY_BYTES`] unless set); a longer one is refused
    /// with 413 before it is all read.
    #[must_use]
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// The scheme the requests arrived by, for `@scheme` and `@target-uri` when the request
    /// line does not say it (an origin-form target): `https` unless set (a server behind a TLS
    /// terminator); `http` for a plain listener.
    #[must_use]
    pub fn uri_scheme(mut self, scheme: &'static str) -> Self {
        self.uri_scheme = scheme;
        self
    }

    /// The verifier's clock (`Timestamp::now` unless set): for tests.
    #[must_use]
    pub fn clock(mut self, now: fn() -> Timestamp) -> Self {
        self.clock = now;
        self
    }

    /// The body bound.
    pub fn body_limit(&self) -> usize {
        self.max_body_bytes
    }

    /// Verifies `request` (its whole body in hand): its signature, its body against the digest
    /// the signature covers, then the replay guard. Trailer fields (for components with `tr`)
    /// are read from a [`Trailers`] in the request's extensions, which
    /// [`MessageVerifier::verify_parts`] puts there.
    ///
    /// # Errors
    /// A [`Rejection`]: see its table of reasons.
    pub async fn verify(&self, request: &http::Request<Bytes>) -> Result<S::Signature, Rejection> {
        if request.body().len() > self.max_body_bytes {
            return Err(Rejection::body_too_large(self.max_body_bytes));
        }
        let now = (self.clock)();
        let (signature, id, signed_at) = {
            let mut message = Message::request(request);
            if request.uri().scheme().is_none() {
                message = message.with_scheme(self.uri_scheme);
            }
            if let Some(Trailers(trailers)) = request.extensions().get::<Trailers>() {
                message = message.with_trailers(trailers);
            }
            self.scheme
                .check(&*self.keys, &message, request.body(), now)
                .map_err(rejection)?
        };
        self.guard.check(&id, signed_at.unwrap_or(now), now).await?;
        Ok(signature)
    }

    /// Reads `body` (at most [`MessageVerifier::body_limit`] bytes), then
    /// [`MessageVerifier::verify`]s the request made of `parts` and it.
    ///
    /// # Errors
    /// `body_too_large` (413) for a longer body, `malformed_request` when the body cannot be
    /// read, and those of [`MessageVerifier::verify`].
    pub async fn verify_parts<B>(
        &self,
        parts: http::request::Parts,
        body: B,
    ) -> Result<VerifiedMessage<S>, Rejection>
    where
        B: http_body::Body,
        B::Error: Into<BoxError>,
    {
        let (request, signature) = self.read_and_verify(parts, body).await?;
        Ok(VerifiedMessage {
            signature,
            body: request.into_body(),
        })
    }

    /// [`MessageVerifier::verify_parts`], giving the request back with its body read.
    pub(crate) async fn read_and_verify<B>(
        &self,
        parts: http::request::Parts,
        body: B,
    ) -> Result<(http::Request<Bytes>, S::Signature), Rejection>
    where
        B: http_body::Body,
        B::Error: Into<BoxError>,
    {
        let (body, trailers) =
            read_body_and_trailers(&parts.headers, body, self.max_body_bytes).await?;
        let mut request = http::Request::from_parts(parts, body);
        if let Some(trailers) = trailers {
            request.extensions_mut().insert(Trailers(trailers));
        }
        let signature = self.verify(&request).await?;
        Ok((request, signature))
    }
}

impl<S: Scheme> fmt::Debug for MessageVerifier<S> {
    /// The scheme's settings and the bound: never a key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MessageVerifier")
            .field("scheme", &self.scheme)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("uri_scheme", &self.uri_scheme)
            .finish_non_exhaustive()
    }
}

/// The [`Rejection`] for a refused signature: a malformed `Signature-Input` / `Signature` is
/// `malformed_signature`, a covered field that is not text `malformed_request`, the rest as
/// [`Rejection::from`] says.
fn rejection(err: Error) -> Rejection {
    let reason = match err {
        Error::SignatureHeader { .. } => "malformed_signature",
        Error::InvalidHeader { .. } => "malformed_request",
        other => return Rejection::from(other),
    };
    Rejection::new(StatusCode::UNAUTHORIZED, reason, err.to_string())
}

/// A request whose HTTP message signature verified: what the signature says (its label, key
/// id, covered components, `nonce`, `tag`... for RFC 9421; its key id and headers for cavage)
/// and the body, exactly as received. An axum extractor with feature `axum`; what
/// [`MessageVerifyLayer`](crate::tower::MessageVerifyLayer) puts in the request's extensions
/// with feature `tower`.
#[derive(Debug, Clone)]
pub struct VerifiedMessage<S: Scheme> {
    /// The signature that verified.
    pub signature: S::Signature,
    /// The body as received.
    pub body: Bytes,
}
