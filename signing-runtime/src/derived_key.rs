//! Keys derived from a secret by a chain of HMACs over declared parts, cached per scope.
//!
//! SigV4 signs with `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
//! "aws4_request")`; Tencent's TC3 with the same chain over `"TC3" + secret`, the date, the
//! service and `"tc3_request"`. A [`KeyChain`] is that shape: a prefix put before the secret, and
//! the MAC each link uses; the parts (the *scope*) are given per request. Deriving costs one HMAC
//! per part, so a [`ChainKey`] keeps the key of the last scope it derived: requests of the same
//! day, region and service then cost one HMAC (the signature's) instead of five.
//!
//! ```
//! use signing_runtime::derived_key::{ChainKey, KeyChain};
//! use signing_runtime::{MacAlgorithm, Secret};
//!
//! const SIGV4: KeyChain = KeyChain { prefix: "AWS4", algorithm: MacAlgorithm::HmacSha256 };
//! let key = ChainKey::new(Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), SIGV4);
//! let scope: [&[u8]; 4] = [b"20150830", b"us-east-1", b"iam", b"aws4_request"];
//! let signing_key = key.for_scope(&scope);
//! assert_eq!(signing_key.len(), 32);
//! assert!(std::sync::Arc::ptr_eq(&signing_key, &key.for_scope(&scope)));
//! ```

use core::fmt;
use std::sync::{Arc, Mutex};

use zeroize::Zeroizing;

use crate::mac::{MacAlgorithm, MacState};
use crate::message::Sink;
use crate::secret::Secret;

/// The shape of a derived key: `prefix` is put before the secret's bytes, and each part of the
/// scope is MACed with `algorithm` under the key made so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChain {
    /// Bytes put before the secret (`"AWS4"`, `"TC3"`; empty for none).
    pub prefix: &'static str,
    /// The MAC of each link.
    pub algorithm: MacAlgorithm,
}

impl KeyChain {
    /// Derives the key for `scope` from `secret` (no cache: see [`ChainKey`]). A scope with no
    /// parts gives the prefixed secret itself.
    pub fn derive(&self, secret: &Secret, scope: &[&[u8]]) -> Secret {
        let mut key = Zeroizing::new(Vec::with_capacity(self.prefix.len() + secret.len()));
        key.extend_from_slice(self.prefix.as_bytes());
        key.extend_from_slice(secret.expose());
        for part in scope {
            let mut mac = MacState::new(self.algorithm, &key);
            mac.write(part);
            let tag = mac.finalize();
            key.clear();
            key.extend_from_slice(tag.as_bytes());
        }
        Secret::new(core::mem::take(&mut *key))
    }
}

/// The scope last derived and its key.
struct Cached {
    /// The scope's parts, each preceded by its length (so `["ab", "c"]` and `["a", "bc"]` differ).
    scope: Vec<u8>,
    key: Arc<Secret>,
}

/// A secret from which keys are derived per scope with a [`KeyChain`], keeping the key of the
/// last scope. Its `Debug` shows neither the secret nor a derived key.
pub struct ChainKey {
    secret: Secret,
    chain: KeyChain,
    last: Mutex<Option<Cached>>,
}

impl fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChainKey")
            .field("secret", &self.secret)
            .field("chain", &self.chain)
            .finish_non_exhaustive()
    }
}

impl Clone for ChainKey {
    fn clone(&self) -> ChainKey {
        ChainKey::new(self.secret.clone(), self.chain)
    }
}

impl ChainKey {
    /// Derives keys from `secret` with `chain`.
    pub fn new(secret: Secret, chain: KeyChain) -> ChainKey {
        ChainKey {
            secret,
            chain,
            last: Mutex::new(None),
        }
    }

    /// The secret keys are derived from.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The chain keys are derived with.
    pub fn chain(&self) -> KeyChain {
        self.chain
    }

    /// The key for `scope`: the cached one when `scope` is the last scope asked for, else derived
    /// (and cached in its place).
    pub fn for_scope(&self, scope: &[&[u8]]) -> Arc<Secret> {
        // A poisoned lock only means another thread panicked mid-update; the cache is then
        // rebuilt, never trusted.
        let mut last = match self.last.lock() {
            Ok(guard) => guard,
            Err(poisoned) => {
                let mut guard = poisoned.into_inner();
                *guard = None;
                guard
            }
        };
        if let Some(cached) = last.as_ref() {
            if same_scope(&cached.scope, scope) {
                return Arc::clone(&cached.key);
            }
        }
        let key = Arc::new(self.chain.derive(&self.secret, scope));
        let mut encoded = Vec::with_capacity(scope.iter().map(|p| p.len() + 4).sum());
        for part in scope {
            encoded.extend_from_slice(&(part.len() as u32).to_le_bytes());
            encoded.extend_from_slice(part);
        }
        *last = Some(Cached {
            scope: encoded,
            key: Arc::clone(&key),
        });
        key
    }
}

/// Whether `encoded` (length-prefixed parts) is `scope`.
fn same_scope(mut encoded: &[u8], scope: &[&[u8]]) -> bool {
    for part in scope {
        let Some((len, rest)) = encoded.split_first_chunk::<4>() else {
            return false;
        };
        if u32::from_le_bytes(*len) as usize != part.len() || !rest.starts_with(part) {
            return false;
        }
        encoded = &rest[part.len()..];
    }
    encoded.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGV4: KeyChain = KeyChain {
        prefix: "AWS4",
        algorithm: MacAlgorithm::HmacSha256,
    };

    #[test]
    fn sigv4_signing_key_from_the_aws_documentation() {
        // AWS General Reference, "Examples of how to derive a signing key for Signature Version
        // 4": secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20120215, us-east-1, iam.
        // Cross-checked with:
        // python3 -c "import hmac,hashlib;k=b'AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
        // for p in [b'20120215',b'us-east-1',b'iam',b'aws4_request']: k=hmac.new(k,p,hashlib.sha256).digest()
        // print(k.hex())"
        let secret = Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        let key = SIGV4.derive(
            &secret,
            &[b"20120215", b"us-east-1", b"iam", b"aws4_request"],
        );
        assert_eq!(
            hex::encode(key.expose()),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
    }

    #[test]
    fn the_cache_keeps_the_last_scope_only() {
        let key = ChainKey::new(Secret::new("s"), SIGV4);
        let day1: [&[u8]; 2] = [b"20150830", b"r"];
        let day2: [&[u8]; 2] = [b"20150831", b"r"];
        let a = key.for_scope(&day1);
        assert!(Arc::ptr_eq(&a, &key.for_scope(&day1)));
        let b = key.for_scope(&day2);
        assert!(!Arc::ptr_eq(&a, &b));
        assert_eq!(b.expose(), SIGV4.derive(&Secret::new("s"), &day2).expose());
        // Parts are compared one by one, not as their concatenation.
        let split: [&[u8]; 2] = [b"2015083", b"1r"];
        assert_ne!(key.for_scope(&split).expose(), b.expose());
        let shorter: [&[u8]; 1] = [b"20150831"];
        assert_ne!(key.for_scope(&shorter).expose(), b.expose());
    }

    #[test]
    fn debug_shows_no_key() {
        let key = ChainKey::new(Secret::new("wJalrXUtnFEMI"), SIGV4);
        let _ = key.for_scope(&[b"x"]);
        let shown = format!("{key:?}");
        assert!(!shown.contains("wJalr"), "{shown}");
        assert!(shown.contains("AWS4"), "{shown}");
    }
}
