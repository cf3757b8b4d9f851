//! A shared token at rest: sealed with ChaCha20-Poly1305 under the application's key, bound to
//! the (provider, credential) it belongs to.

use core::fmt;
use std::sync::Arc;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use zeroize::Zeroizing;

use super::Token;
use crate::error::Error;
use crate::time::Timestamp;

/// The key a fleet's shared tokens are sealed with (ChaCha20-Poly1305, RFC 8439): 32 bytes the
/// application gives, the same on every instance. Whoever reads the shared store without it
/// learns nothing of the token; a record sealed under another key, or altered, is ignored.
/// Its bytes never reach `Debug` and are wiped from memory when it is dropped.
#[derive(Clone)]
pub struct TokenKey {
    cipher: Arc<ChaCha20Poly1305>,
}

impl TokenKey {
    /// The key from its 32 bytes (from a secret manager, or
    /// `openssl rand -hex 32` decoded).
    pub fn new(bytes: [u8; 32]) -> TokenKey {
        let bytes = Zeroizing::new(bytes);
        TokenKey {
            cipher: Arc::new(ChaCha20Poly1305::new(bytes.as_ref().into())),
        }
    }

    /// The key from text in hex (64 digits), as `openssl rand -hex 32` prints it.
    ///
    /// # Errors
    /// [`Error::KeyFormat`] when the text is not 64 hex digits (the text is not quoted).
    pub fn from_hex(text: &str) -> Result<TokenKey, Error> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(text.trim(), bytes.as_mut()).map_err(|_| Error::KeyFormat {
            origin: "the text given to TokenKey::from_hex".to_owned(),
            found: format!(
                "{} characters that are not 64 hex digits",
                text.trim().len()
            ),
            expected: "a 32-byte token key as 64 hex digits",
        })?;
        Ok(TokenKey::new(*bytes))
    }

    /// `token` fetched at `fetched_at`, sealed for the store key `aad`: a random 96-bit nonce,
    /// then the ciphertext and its tag.
    pub(crate) fn seal(
        &self,
        token: &Token,
        fetched_at: Timestamp,
        aad: &str,
    ) -> Result<Vec<u8>, Error> {
        let mut plain = Zeroizing::new(Vec::with_capacity(32 + token.expose().len()));
        plain.push(1); // format version
        plain.extend_from_slice(&fetched_at.unix_micros().to_be_bytes());
        match token.expires_at() {
            Some(at) => {
                plain.push(1);
                plain.extend_from_slice(&at.unix_micros().to_be_bytes());
            }
            None => plain.extend_from_slice(&[0; 9]),
        }
        let token_type = token.token_type().as_bytes();
        let type_len = u8::try_from(token_type.len())
            .map_err(|_| sealing("the token type is longer than 255 bytes"))?;
        plain.push(type_len);
        plain.extend_from_slice(token_type);
        plain.extend_from_slice(token.expose().as_bytes());
        let mut nonce = [0u8; 12];
        getrandom::getrandom(&mut nonce).map_err(|_| sealing("the OS random source failed"))?;
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &plain,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| sealing("encryption failed"))?;
        let mut record = Vec::with_capacity(12 + sealed.len());
        record.extend_from_slice(&nonce);
        record.extend_from_slice(&sealed);
        Ok(record)
    }

    /// The token and the time it was fetched, if `record` was sealed under this key for `aad`
    /// and is intact; `None` otherwise.
    pub(crate) fn open(&self, record: &[u8], aad: &str) -> Option<(Token, Timestamp)> {
        // (`<=` here is equivalent: 12 bytes leave no room for the 16-byte tag, and decryption
        // refuses that too.)
        if record.len() < 12 {
            return None;
        }
        let (nonce, sealed) = record.split_at(12);
        let plain = Zeroizing::new(
            self.cipher
                .decrypt(
                    Nonce::from_slice(nonce),
                    Payload {
                        msg: sealed,
                        aad: aad.as_bytes(),
                    },
                )
                .ok()?,
        );
        let (&version, rest) = plain.split_first()?;
        if version != 1 || rest.len() < 8 + 9 + 1 {
            return None;
        }
        let micros = |bytes: &[u8]| i64::from_be_bytes(bytes.try_into().unwrap_or([0; 8]));
        let fetched_at = Timestamp::from_unix_micros(micros(&rest[..8]));
        let expires_at = (rest[8] == 1).then(|| Timestamp::from_unix_micros(micros(&rest[9..17])));
        let type_len = usize::from(rest[17]);
        let rest = &rest[18..];
        if rest.len() < type_len {
            return None;
        }
        let token_type = core::str::from_utf8(&rest[..type_len]).ok()?;
        let value = Zeroizing::new(core::str::from_utf8(&rest[type_len..]).ok()?.to_owned());
        let token = Token::from_zeroizing(value, expires_at).with_token_type(token_type);
        Some((token, fetched_at))
    }
}

fn sealing(reason: &str) -> Error {
    Error::StoreUnavailable {
        store: "token",
        reason: format!("cannot seal the token: {reason}"),
    }
}

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenKey(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_bound_to_its_key_and_name() {
        let key = TokenKey::new([7; 32]);
        let token = Token::new("s3cr3t-token", Some(Timestamp::from_unix_seconds(2_000)))
            .with_token_type("DPoP");
        let fetched = Timestamp::from_unix_micros(1_000_000_123);
        let record = key.seal(&token, fetched, "p:c").unwrap();
        assert!(!record.windows(6).any(|w| w == b"s3cr3t"));
        let (back, at) = key.open(&record, "p:c").unwrap();
        assert_eq!(
            (back.expose(), back.token_type(), back.expires_at(), at),
            ("s3cr3t-token", "DPoP", token.expires_at(), fetched)
        );
        // Another name, another key, a flipped bit, a cut record: nothing.
        assert!(key.open(&record, "p:other").is_none());
        assert!(TokenKey::new([8; 32]).open(&record, "p:c").is_none());
        let mut flipped = record.clone();
        flipped[20] ^= 1;
        assert!(key.open(&flipped, "p:c").is_none());
        assert!(key.open(&record[..11], "p:c").is_none());
        // Two seals of one token differ (a fresh nonce each time).
        assert_ne!(key.seal(&token, fetched, "p:c").unwrap(), record);
        // No expiry survives too.
        let forever = Token::new("t", None);
        let (back, _) = key
            .open(&key.seal(&forever, fetched, "k").unwrap(), "k")
            .unwrap();
        assert_eq!(back.expires_at(), None);
    }

    /// Plaintexts only this module writes, but checked all the same (and without a panic)
    /// should another writer share the key: sealed here by hand, at each length boundary.
    #[test]
    fn malformed_plaintexts_are_refused_at_their_boundaries() {
        let key = TokenKey::new([3; 32]);
        let raw = |plain: &[u8]| {
            let mut record = vec![5u8; 12];
            let sealed = key
                .cipher
                .encrypt(
                    Nonce::from_slice(&record),
                    Payload {
                        msg: plain,
                        aad: b"k",
                    },
                )
                .unwrap();
            record.extend_from_slice(&sealed);
            record
        };
        // version, fetched_at (8), has_expiry (1), expires_at (8), type length (1): 19 bytes.
        let mut minimal = vec![1u8];
        minimal.extend_from_slice(&7i64.to_be_bytes());
        minimal.extend_from_slice(&[0; 9]);
        minimal.push(0);
        let (token, at) = key.open(&raw(&minimal), "k").unwrap();
        assert_eq!(
            (token.expose(), token.token_type(), at.unix_micros()),
            ("", "", 7)
        );
        assert!(key.open(&raw(&minimal[..18]), "k").is_none());
        assert!(key.open(&raw(&[]), "k").is_none());
        let mut version_2 = minimal.clone();
        version_2[0] = 2;
        version_2.extend_from_slice(b"Bearer-token");
        assert!(key.open(&raw(&version_2), "k").is_none());
        // A type as long as what follows: accepted (empty token); one byte longer: refused.
        let mut typed = minimal.clone();
        typed[18] = 6;
        typed.extend_from_slice(b"Bearer");
        assert_eq!(
            key.open(&raw(&typed), "k").unwrap().0.token_type(),
            "Bearer"
        );
        typed[18] = 7;
        assert!(key.open(&raw(&typed), "k").is_none());
    }

    #[test]
    fn key_text_and_debug() {
        let hex_key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        let key = TokenKey::from_hex(hex_key).unwrap();
        assert_eq!(format!("{key:?}"), "TokenKey(..)");
        let err = TokenKey::from_hex(&hex_key[..62]).unwrap_err();
        assert!(!err.to_string().contains("0011"), "{err}");
        assert!(TokenKey::from_hex(&hex_key.replace('a', "g")).is_err());
    }
}
