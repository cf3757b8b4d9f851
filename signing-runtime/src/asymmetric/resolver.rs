//! Finding the key that checks a signature from the key id the signature names (RFC 9421's
//! `keyid` parameter, draft-cavage's `keyId`): a server keeps its clients' public keys, each
//! with the one algorithm it is registered for.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use super::SignatureAlgorithm;
use crate::PublicKey;

/// Looks a verifying key up by key id. The algorithm comes from the key's registration, not
/// from the message: RFC 9421 §3.2 has the verifier decide it, and a signature whose `alg`
/// parameter names another one is refused.
///
/// Implemented for maps from key id to `(algorithm, key)`, and for closures returning an owned
/// pair (keys loaded on demand). On a server, the facade's `signing::server::Keys` of
/// `(algorithm, key)` pairs is one too, so that one set of keys serves both the derived
/// declarations' verifier and `signing::server::MessageVerifier` (RFC 9421, draft-cavage):
///
/// ```
/// use std::collections::HashMap;
/// use signing_runtime::asymmetric::{KeyIdResolver, SignatureAlgorithm};
/// use signing_runtime::{PublicKey, Secret};
///
/// let mut keys = HashMap::new();
/// keys.insert("k1".to_owned(), (SignatureAlgorithm::HmacSha256, PublicKey::hmac(Secret::new("s"))));
/// assert!(keys.resolve("k1").is_some());
/// assert!(keys.resolve("k2").is_none());
/// let loaded = |id: &str| (id == "k1").then(|| (SignatureAlgorithm::HmacSha256, PublicKey::hmac(Secret::new("s"))));
/// assert!(loaded.resolve("k1").is_some());
/// ```
pub trait KeyIdResolver {
    /// The algorithm and key registered under `keyid`, or `None` when there is none.
    fn resolve(&self, keyid: &str) -> Option<(SignatureAlgorithm, Cow<'_, PublicKey>)>;
}

impl<S: BuildHasher> KeyIdResolver for HashMap<String, (SignatureAlgorithm, PublicKey), S> {
    fn resolve(&self, keyid: &str) -> Option<(SignatureAlgorithm, Cow<'_, PublicKey>)> {
        self.get(keyid)
            .map(|(algorithm, key)| (*algorithm, Cow::Borrowed(key)))
    }
}

impl KeyIdResolver for BTreeMap<String, (SignatureAlgorithm, PublicKey)> {
    fn resolve(&self, keyid: &str) -> Option<(SignatureAlgorithm, Cow<'_, PublicKey>)> {
        self.get(keyid)
            .map(|(algorithm, key)| (*algorithm, Cow::Borrowed(key)))
    }
}

impl<F> KeyIdResolver for F
where
    F: Fn(&str) -> Option<(SignatureAlgorithm, PublicKey)>,
{
    fn resolve(&self, keyid: &str) -> Option<(SignatureAlgorithm, Cow<'_, PublicKey>)> {
        self(keyid).map(|(algorithm, key)| (algorithm, Cow::Owned(key)))
    }
}
