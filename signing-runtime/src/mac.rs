//! The MAC family: HMAC over SHA-1 and SHA-2, fed a message in pieces.

use core::fmt;

use hmac::{Hmac, Mac as _};

use crate::message::Sink;

/// A MAC algorithm (`#[signed(mac = "...")]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MacAlgorithm {
    /// HMAC-SHA1 (`"hmac-sha1"`), for legacy providers only.
    HmacSha1,
    /// HMAC-SHA256 (`"hmac-sha256"`).
    HmacSha256,
    /// HMAC-SHA384 (`"hmac-sha384"`).
    HmacSha384,
    /// HMAC-SHA512 (`"hmac-sha512"`).
    HmacSha512,
}

impl MacAlgorithm {
    /// The attribute value that names this algorithm.
    pub const fn name(self) -> &'static str {
        match self {
            MacAlgorithm::HmacSha1 => "hmac-sha1",
            MacAlgorithm::HmacSha256 => "hmac-sha256",
            MacAlgorithm::HmacSha384 => "hmac-sha384",
            MacAlgorithm::HmacSha512 => "hmac-sha512",
        }
    }

    /// Length of the MAC in bytes (also the key length `strict_keys` asks for).
    pub const fn output_len(self) -> usize {
        match self {
            MacAlgorithm::HmacSha1 => 20,
            MacAlgorithm::HmacSha256 => 32,
            MacAlgorithm::HmacSha384 => 48,
            MacAlgorithm::HmacSha512 => 64,
        }
    }
}

impl fmt::Display for MacAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A keyed HMAC in progress. Cloning it is how a prepared key is reused: the inner and outer
/// key blocks are hashed once, when the state is made.
#[derive(Clone)]
pub(crate) enum MacState {
    Sha1(Hmac<sha1::Sha1>),
    Sha256(Hmac<sha2::Sha256>),
    Sha384(Hmac<sha2::Sha384>),
    Sha512(Hmac<sha2::Sha512>),
}

/// The bytes of a finished MAC, on the stack.
pub(crate) struct MacOutput {
    bytes: [u8; 64],
    len: usize,
}

impl MacOutput {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl MacState {
    pub(crate) fn new(algorithm: MacAlgorithm, key: &[u8]) -> MacState {
        // HMAC accepts keys of any length (RFC 2104 §3), so `new_from_slice` cannot fail here.
        fn keyed<M: hmac::Mac + hmac::digest::KeyInit>(key: &[u8]) -> M {
            <M as hmac::digest::KeyInit>::new_from_slice(key)
                .unwrap_or_else(|_| unreachable!("HMAC takes any key length"))
        }
        match algorithm {
            MacAlgorithm::HmacSha1 => MacState::Sha1(keyed(key)),
            MacAlgorithm::HmacSha256 => MacState::Sha256(keyed(key)),
            MacAlgorithm::HmacSha384 => MacState::Sha384(keyed(key)),
            MacAlgorithm::HmacSha512 => MacState::Sha512(keyed(key)),
        }
    }

    pub(crate) fn algorithm(&self) -> MacAlgorithm {
        match self {
            MacState::Sha1(_) => MacAlgorithm::HmacSha1,
            MacState::Sha256(_) => MacAlgorithm::HmacSha256,
            MacState::Sha384(_) => MacAlgorithm::HmacSha384,
            MacState::Sha512(_) => MacAlgorithm::HmacSha512,
        }
    }

    pub(crate) fn finalize(self) -> MacOutput {
        let mut out = MacOutput {
            bytes: [0; 64],
            len: 0,
        };
        let tag = match self {
            MacState::Sha1(m) => {
                let t = m.finalize().into_bytes();
                out.bytes[..t.len()].copy_from_slice(&t);
                t.len()
            }
            MacState::Sha256(m) => {
                let t = m.finalize().into_bytes();
                out.bytes[..t.len()].copy_from_slice(&t);
                t.len()
            }
            MacState::Sha384(m) => {
                let t = m.finalize().into_bytes();
                out.bytes[..t.len()].copy_from_slice(&t);
                t.len()
            }
            MacState::Sha512(m) => {
                let t = m.finalize().into_bytes();
                out.bytes[..t.len()].copy_from_slice(&t);
                t.len()
            }
        };
        out.len = tag;
        out
    }

    /// Constant-time comparison of the finished MAC with `expected`.
    pub(crate) fn verify(self, expected: &[u8]) -> bool {
        match self {
            MacState::Sha1(m) => m.verify_slice(expected).is_ok(),
            MacState::Sha256(m) => m.verify_slice(expected).is_ok(),
            MacState::Sha384(m) => m.verify_slice(expected).is_ok(),
            MacState::Sha512(m) => m.verify_slice(expected).is_ok(),
        }
    }
}

impl Sink for MacState {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        match self {
            MacState::Sha1(m) => m.update(bytes),
            MacState::Sha256(m) => m.update(bytes),
            MacState::Sha384(m) => m.update(bytes),
            MacState::Sha512(m) => m.update(bytes),
        }
    }
}

/// Collects message pieces on the stack and hands them to the MAC in blocks: a message of many
/// small fields then costs a few `update` calls instead of one per piece.
pub(crate) struct BufferedMac {
    mac: MacState,
    buf: [u8; 256],
    len: usize,
}

impl BufferedMac {
    pub(crate) fn new(mac: MacState) -> BufferedMac {
        BufferedMac {
            mac,
            buf: [0; 256],
            len: 0,
        }
    }

    pub(crate) fn into_inner(mut self) -> MacState {
        self.mac.write(&self.buf[..self.len]);
        self.mac
    }
}

impl Sink for BufferedMac {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        if let Some(room) = self.buf.get_mut(self.len..self.len + bytes.len()) {
            room.copy_from_slice(bytes);
            self.len += bytes.len();
        } else {
            self.mac.write(&self.buf[..self.len]);
            self.len = 0;
            if bytes.len() < self.buf.len() {
                self.buf[..bytes.len()].copy_from_slice(bytes);
                self.len = bytes.len();
            } else {
                self.mac.write(bytes);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_tc2_sha256() {
        // RFC 4231 §4.3 (../shared/vectors/public.json, rfc4231-tc2-hmac-sha256)
        let mut m = MacState::new(MacAlgorithm::HmacSha256, b"Jefe");
        m.write(b"what do ya want ");
        m.write(b"for nothing?");
        assert_eq!(
            hex::encode(m.finalize().as_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn buffering_does_not_change_the_mac() {
        let message: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut whole = MacState::new(MacAlgorithm::HmacSha256, b"k");
        whole.write(&message);
        let expected = whole.finalize();
        for piece in [1, 3, 100, 255, 256, 257, 600] {
            let mut buffered = BufferedMac::new(MacState::new(MacAlgorithm::HmacSha256, b"k"));
            for chunk in message.chunks(piece) {
                buffered.write(chunk);
            }
            assert_eq!(
                buffered.into_inner().finalize().as_bytes(),
                expected.as_bytes(),
                "{piece}"
            );
        }
    }
}
