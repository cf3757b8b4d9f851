//! HTTP Message Signatures (RFC 9421): the signature base of a request or response, the
//! `Signature-Input` and `Signature` fields (Structured Field dictionaries, RFC 8941), and a
//! verifier for servers that picks a signature by label or by the components it must cover,
//! checks `created`/`expires` against a clock, finds the key by `keyid`, and hands the `nonce`
//! to a replay guard.
//!
//! The covered components are named once, in [`SignatureParams`]; the signature base and the
//! `Signature-Input` member are both written from it, so they cannot disagree.
//!
//! ```
//! use signing_runtime::asymmetric::SignatureAlgorithm;
//! use signing_runtime::httpsig::{Component, HttpVerifier, Message, SignatureParams};
//! use signing_runtime::{PrivateKey, Timestamp};
//!
//! // RFC 9421 B.1.4's test key.
//! let key = PrivateKey::from_pem(b"-----BEGIN PRIVATE KEY-----
//! MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF
//! -----END PRIVATE KEY-----")?;
//! let mut request = http::Request::post("https://example.com/foo?param=Value&Pet=dog")
//!     .header("content-type", "application/json")
//!     .body(())
//!     .unwrap();
//! let params = SignatureParams::new([Component::method(), Component::path(), Component::field("content-type")])
//!     .created(Timestamp::from_unix_seconds(1_618_884_473))
//!     .keyid("test-key-ed25519");
//! let signed = params.sign(&Message::request(&request), "sig1", SignatureAlgorithm::Ed25519, &key)?;
//! assert_eq!(
//!     signed.signature_input,
//!     r#"sig1=("@method" "@path" "content-type");created=1618884473;keyid="test-key-ed25519""#
//! );
//! signed.add_to(request.headers_mut())?;
//!
//! // The server: the key registered under the key id, and its algorithm.
//! let keys = |id: &str| (id == "test-key-ed25519").then(|| (SignatureAlgorithm::Ed25519, key.public_key()));
//! let verified = HttpVerifier::new(&keys)
//!     .require([Component::method(), Component::path()])
//!     .at(Timestamp::from_unix_seconds(1_618_884_480))
//!     .verify(&Message::request(&request))?;
//! assert_eq!(verified.label, "sig1");
//! # Ok::<(), signing_runtime::Error>(())
//! ```

use std::borrow::Cow;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use http::HeaderMap;

use crate::asymmetric::{KeyIdResolver, SignatureAlgorithm};
use crate::error::Error;
use crate::structured_field::{self as sf, Item, Member, Params};
use crate::time::Timestamp;
use crate::PrivateKey;

pub mod cavage;
mod component;
pub(crate) mod declared;
mod message;

pub use component::Component;
pub use message::Message;

/// `Signature-Input`.
pub const SIGNATURE_INPUT: &str = "signature-input";
/// `Signature`.
pub const SIGNATURE: &str = "signature";

/// The covered components and the signature parameters of one signature (RFC 9421 §2.3): what
/// `Signature-Input` carries under the signature's label, and the base's last line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureParams {
    components: Vec<Component>,
    /// In the order they are written: `created`, `expires`, `keyid`, `alg`, `nonce`, `tag` when
    /// built here; as received when read.
    params: Params,
}

impl SignatureParams {
    /// The components to cover, in order, and no parameters yet.
    pub fn new(components: impl IntoIterator<Item = Component>) -> SignatureParams {
        SignatureParams {
            components: components.into_iter().collect(),
            params: Vec::new(),
        }
    }

    fn set(mut self, name: &str, value: Item) -> SignatureParams {
        const ORDER: [&str; 6] = ["created", "expires", "keyid", "alg", "nonce", "tag"];
        let rank = |n: &str| ORDER.iter().position(|o| *o == n).unwrap_or(ORDER.len());
        self.params.retain(|(n, _)| n != name);
        let at = self
            .params
            .iter()
            .position(|(n, _)| rank(n) > rank(name))
            .unwrap_or(self.params.len());
        self.params.insert(at, (name.to_owned(), value));
        self
    }

    /// `created`: when the signature was made.
    #[must_use]
    pub fn created(self, at: Timestamp) -> SignatureParams {
        self.set("created", Item::Integer(at.unix_seconds()))
    }
    /// `expires`: when the signature stops being valid.
    #[must_use]
    pub fn expires(self, at: Timestamp) -> SignatureParams {
        self.set("expires", Item::Integer(at.unix_seconds()))
    }
    /// `keyid`: the key's identifier, for the verifier's [`KeyIdResolver`].
    #[must_use]
    pub fn keyid(self, keyid: &str) -> SignatureParams {
        self.set("keyid", Item::String(keyid.to_owned()))
    }
    /// `alg`: the algorithm's registered name. Optional: the verifier knows it from the key.
    #[must_use]
    pub fn alg(self, algorithm: SignatureAlgorithm) -> SignatureParams {
        self.set("alg", Item::String(algorithm.name().to_owned()))
    }
    /// `nonce`: a value the verifier refuses to see twice.
    #[must_use]
    pub fn nonce(self, nonce: &str) -> SignatureParams {
        self.set("nonce", Item::String(nonce.to_owned()))
    }
    /// `tag`: the application this signature is meant for.
    #[must_use]
    pub fn tag(self, tag: &str) -> SignatureParams {
        self.set("tag", Item::String(tag.to_owned()))
    }

    /// The covered components, in order.
    pub fn components(&self) -> &[Component] {
        &self.components
    }

    fn integer(&self, name: &str) -> Option<i64> {
        match sf::param(&self.params, name) {
            Some(Item::Integer(n)) => Some(*n),
            _ => None,
        }
    }
    fn string(&self, name: &str) -> Option<&str> {
        match sf::param(&self.params, name) {
            Some(Item::String(s)) => Some(s),
            _ => None,
        }
    }
    /// `created`, in Unix seconds.
    pub fn created_at(&self) -> Option<i64> {
        self.integer("created")
    }
    /// `expires`, in Unix seconds.
    pub fn expires_at(&self) -> Option<i64> {
        self.integer("expires")
    }
    /// `keyid`.
    pub fn key_id(&self) -> Option<&str> {
        self.string("keyid")
    }
    /// `alg`, as written.
    pub fn alg_name(&self) -> Option<&str> {
        self.string("alg")
    }
    /// `nonce`.
    pub fn nonce_value(&self) -> Option<&str> {
        self.string("nonce")
    }
    /// `tag`.
    pub fn tag_value(&self) -> Option<&str> {
        self.string("tag")
    }

    fn member(&self) -> Member {
        Member::InnerList(
            self.components.iter().map(Component::as_sf).collect(),
            self.params.clone(),
        )
    }

    /// The `@signature-params` value: the inner list of component identifiers and the
    /// parameters, as `Signature-Input` carries it.
    ///
    /// # Errors
    /// [`Error::SignatureHeader`] when a parameter cannot be a structured field (a `keyid`,
    /// `nonce` or `tag` outside printable ASCII).
    pub fn serialize(&self) -> Result<String, Error> {
        let mut out = String::new();
        self.member()
            .write(&mut out)
            .map_err(|e| Error::SignatureHeader {
                header: "Signature-Input",
                reason: format!("cannot be written: {}", e.reason),
            })?;
        Ok(out)
    }

    /// The signature base of `message` (§2.5): one line per covered component, then
    /// `"@signature-params": ` and [`SignatureParams::serialize`], with no final newline.
    ///
    /// # Errors
    /// [`Error::MissingComponent`] for a component the message does not have;
    /// [`Error::InvalidHeader`] for a covered field whose value is not visible ASCII; the errors
    /// of [`SignatureParams::serialize`].
    pub fn signature_base(&self, message: &Message<'_>) -> Result<String, Error> {
        let mut base = String::with_capacity(256);
        for (i, component) in self.components.iter().enumerate() {
            if self.components[..i].contains(component) {
                return Err(Error::SignatureHeader {
                    header: "Signature-Input",
                    reason: format!("component {component} is covered twice (RFC 9421 §2.5)"),
                });
            }
            component.write_lines(message, &mut base)?;
        }
        base.push_str("\"@signature-params\": ");
        base.push_str(&self.serialize()?);
        Ok(base)
    }

    /// Signs `message` under `label` with `key`: the base, and the `Signature-Input` and
    /// `Signature` members to send.
    ///
    /// # Errors
    /// [`Error::SignatureHeader`] for a label that is not a dictionary key (lower-case letters,
    /// digits, `_-.*`); the errors of [`SignatureParams::signature_base`] and of
    /// [`PrivateKey::sign`].
    pub fn sign(
        &self,
        message: &Message<'_>,
        label: &str,
        algorithm: SignatureAlgorithm,
        key: &PrivateKey,
    ) -> Result<SignedMessage, Error> {
        if !sf::is_key(label) {
            return Err(Error::SignatureHeader {
                header: "Signature",
                reason: "a label is lower-case letters, digits, `_`, `-`, `.` and `*`, starting \
                         with a letter or `*`"
                    .into(),
            });
        }
        let base = self.signature_base(message)?;
        let signature = key.sign(algorithm, base.as_bytes())?;
        let params = self.serialize()?;
        let mut sig = String::with_capacity(label.len() + signature.len() * 4 / 3 + 8);
        sig.push_str(label);
        sig.push_str("=:");
        STANDARD.encode_string(&signature, &mut sig);
        sig.push(':');
        Ok(SignedMessage {
            signature_input: format!("{label}={params}"),
            signature: sig,
            base,
        })
    }
}

/// A signature made by [`SignatureParams::sign`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedMessage {
    /// The `Signature-Input` member: `label=(...);created=...`.
    pub signature_input: String,
    /// The `Signature` member: `label=:<base64>:`.
    pub signature: String,
    /// The signature base that was signed.
    pub base: String,
}

impl SignedMessage {
    /// Adds the two members to `headers`, after any signatures already there (a message may
    /// carry several, each under its own label).
    ///
    /// # Errors
    /// [`Error::InvalidHeader`] when the result is not a valid header value (it always is for
    /// what [`SignatureParams::sign`] makes).
    pub fn add_to(&self, headers: &mut HeaderMap) -> Result<(), Error> {
        for (name, member) in [
            (SIGNATURE_INPUT, &self.signature_input),
            (SIGNATURE, &self.signature),
        ] {
            let value = match headers.get(name).and_then(|v| v.to_str().ok()) {
                Some(existing) if !existing.trim().is_empty() => {
                    format!("{existing}, {member}")
                }
                _ => member.clone(),
            };
            let value = http::HeaderValue::from_str(&value).map_err(|_| Error::InvalidHeader {
                name: name.to_owned(),
                reason: "not a valid header value",
            })?;
            headers.insert(name, value);
        }
        Ok(())
    }
}

/// A signature that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Its label.
    pub label: String,
    /// Its covered components and parameters (`keyid`, `created`, `nonce`, `tag`...).
    pub params: SignatureParams,
    /// The algorithm it was checked with (the key's).
    pub algorithm: SignatureAlgorithm,
    /// The signature base that was verified: what identifies this message to a replay guard
    /// (one message and signature parameters have one base, however the fields are spelled).
    pub base: String,
}

/// Checks incoming signatures (RFC 9421 §3.2) for a server.
///
/// A signature is chosen by label ([`HttpVerifier::label`]) or, without one, as the first
/// whose covered components include every [`HttpVerifier::require`]d one. Its `keyid` names the
/// key through the [`KeyIdResolver`], which also gives the algorithm (an `alg` parameter that
/// names another is refused); `created` must not be in the future nor older than `max_age`,
/// `expires` not past (both with `leeway`). A `nonce` is returned in [`Verified::params`] for a
/// [`ReplayGuard`](crate::replay::ReplayGuard).
pub struct HttpVerifier<'r, R: ?Sized> {
    resolver: &'r R,
    label: Option<String>,
    required: Vec<Component>,
    require_created: bool,
    max_age: Option<i64>,
    leeway: i64,
    now: Option<Timestamp>,
    tag: Option<String>,
}

impl<'r, R: KeyIdResolver + ?Sized> HttpVerifier<'r, R> {
    /// A verifier finding keys with `resolver`: `created` required, no maximum age, 60 s of
    /// leeway, the system clock.
    pub fn new(resolver: &'r R) -> HttpVerifier<'r, R> {
        HttpVerifier {
            resolver,
            label: None,
            required: Vec::new(),
            require_created: true,
            max_age: None,
            leeway: 60,
            now: None,
            tag: None,
        }
    }

    /// Verify the signature under this label only.
    #[must_use]
    pub fn label(mut self, label: &str) -> Self {
        self.label = Some(label.to_owned());
        self
    }

    /// Components every accepted signature must cover (§3.2 step 5: "the application's
    /// requirements").
    #[must_use]
    pub fn require(mut self, components: impl IntoIterator<Item = Component>) -> Self {
        self.required.extend(components);
        self
    }

    /// Accept signatures without `created` (it is required by default).
    #[must_use]
    pub fn created_optional(mut self) -> Self {
        self.require_created = false;
        self
    }

    /// Refuse signatures whose `created` is more than `seconds` before the verifier's time.
    #[must_use]
    pub fn max_age(mut self, seconds: u32) -> Self {
        self.max_age = Some(i64::from(seconds));
        self
    }

    /// Clock skew allowed on `created` and `expires` (default 60 s).
    #[must_use]
    pub fn leeway(mut self, seconds: u32) -> Self {
        self.leeway = i64::from(seconds);
        self
    }

    /// The verifier's time (default: the system clock).
    #[must_use]
    pub fn at(mut self, now: Timestamp) -> Self {
        self.now = Some(now);
        self
    }

    /// Accept only signatures whose `tag` parameter is `tag`.
    #[must_use]
    pub fn tag(mut self, tag: &str) -> Self {
        self.tag = Some(tag.to_owned());
        self
    }

    /// Verifies `message`'s signature.
    ///
    /// # Errors
    /// [`Error::SignatureHeader`] when `Signature-Input` or `Signature` is missing, malformed,
    /// has no signature under the label, or none covering the required components (then
    /// [`Error::MissingComponent`] names the first one missing), or the `alg`/`tag` parameter
    /// is not the expected one; [`Error::UnknownKey`]; [`Error::StaleTimestamp`] for a
    /// `created` in the future or too old, [`Error::SignatureExpired`]; the errors of
    /// [`SignatureParams::signature_base`]; [`Error::KeyMismatch`] and
    /// [`Error::SignatureMismatch`] from the key.
    pub fn verify(&self, message: &Message<'_>) -> Result<Verified, Error> {
        let headers = message.headers();
        let inputs = dictionary(headers, SIGNATURE_INPUT, "Signature-Input")?;
        let signatures = dictionary(headers, SIGNATURE, "Signature")?;
        let header_err =
            |header: &'static str, reason: String| Error::SignatureHeader { header, reason };
        let mut first_missing = None;
        let mut chosen = None;
        for (label, member) in &inputs {
            if self.label.as_ref().is_some_and(|l| l != label) {
                continue;
            }
            let Member::InnerList(items, params) = member else {
                return Err(header_err(
                    "Signature-Input",
                    format!("member `{label}` is not an inner list"),
                ));
            };
            let components = items
                .iter()
                .map(|(item, params)| Component::from_sf(item, params))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|reason| {
                    header_err("Signature-Input", format!("member `{label}`: {reason}"))
                })?;
            let params = SignatureParams {
                components,
                params: params.clone(),
            };
            match self
                .required
                .iter()
                .find(|c| !params.components.contains(c))
            {
                Some(missing) => {
                    first_missing.get_or_insert_with(|| missing.to_string());
                }
                None => {
                    chosen = Some((label.clone(), params));
                    break;
                }
            }
        }
        let Some((label, params)) = chosen else {
            return Err(match (first_missing, &self.label) {
                (Some(component), _) => Error::MissingComponent {
                    component,
                    reason: "not covered by the signature",
                },
                (None, Some(label)) => header_err(
                    "Signature-Input",
                    format!("no signature labelled `{label}`"),
                ),
                (None, None) => header_err("Signature-Input", "no signature".into()),
            });
        };
        let signature = match signatures.iter().find(|(l, _)| *l == label) {
            Some((_, Member::Item(Item::Bytes(bytes), _))) => bytes,
            Some(_) => {
                return Err(header_err(
                    "Signature",
                    format!("member `{label}` is not a byte sequence"),
                ))
            }
            None => {
                return Err(header_err(
                    "Signature",
                    format!("no member `{label}` beside the one in Signature-Input"),
                ))
            }
        };
        if let Some(tag) = &self.tag {
            if params.tag_value() != Some(tag.as_str()) {
                return Err(header_err(
                    "Signature-Input",
                    format!("signature `{label}` is not tagged {tag:?}"),
                ));
            }
        }
        let (algorithm, key): (SignatureAlgorithm, Cow<'_, crate::PublicKey>) = params
            .key_id()
            .and_then(|id| self.resolver.resolve(id))
            .ok_or(Error::UnknownKey)?;
        if let Some(alg) = params.alg_name() {
            if alg != algorithm.name() {
                return Err(header_err(
                    "Signature-Input",
                    format!(
                        "signature `{label}` names algorithm {:?}; its key is registered for {}",
                        shown(alg),
                        algorithm.name()
                    ),
                ));
            }
        }
        self.check_time(&params)?;
        let base = params.signature_base(message)?;
        key.verify(algorithm, base.as_bytes(), signature)?;
        Ok(Verified {
            label,
            params,
            algorithm,
            base,
        })
    }

    fn check_time(&self, params: &SignatureParams) -> Result<(), Error> {
        let now = self.now.unwrap_or_else(Timestamp::now).unix_seconds();
        match params.created_at() {
            Some(created) => {
                let age = now.saturating_sub(created);
                if age < -self.leeway {
                    return Err(Error::StaleTimestamp {
                        age_seconds: age,
                        max_skew_seconds: self.leeway,
                    });
                }
                if let Some(max_age) = self.max_age {
                    if age > max_age.saturating_add(self.leeway) {
                        return Err(Error::StaleTimestamp {
                            age_seconds: age,
                            max_skew_seconds: max_age,
                        });
                    }
                }
            }
            None if self.require_created => {
                return Err(Error::SignatureHeader {
                    header: "Signature-Input",
                    reason: "the signature has no `created` parameter".into(),
                })
            }
            None => {}
        }
        if let Some(expires) = params.expires_at() {
            if now > expires.saturating_add(self.leeway) {
                return Err(Error::SignatureExpired { expires, now });
            }
        }
        Ok(())
    }
}

/// An `alg` as an error may quote it: a registered-looking name, or its length.
fn shown(alg: &str) -> Cow<'_, str> {
    if alg.len() <= 24
        && alg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
    {
        Cow::Borrowed(alg)
    } else {
        Cow::Owned(format!("<{} characters>", alg.len()))
    }
}

/// The dictionary of every `name` field line, joined by `,` (RFC 9110 §5.3).
fn dictionary(
    headers: &HeaderMap,
    name: &str,
    display: &'static str,
) -> Result<Vec<(String, Member)>, Error> {
    let mut joined = String::new();
    for (i, value) in headers.get_all(name).iter().enumerate() {
        if i > 0 {
            joined.push_str(", ");
        }
        joined.push_str(value.to_str().map_err(|_| Error::SignatureHeader {
            header: display,
            reason: "not visible ASCII".into(),
        })?);
    }
    if joined.trim().is_empty() {
        return Err(Error::SignatureHeader {
            header: display,
            reason: "missing".into(),
        });
    }
    sf::parse_dictionary(&joined).map_err(|e| Error::SignatureHeader {
        header: display,
        reason: format!("not a structured-field dictionary: {e}"),
    })
}
