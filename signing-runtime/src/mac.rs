//! The MAC family: HMAC over SHA-1 and SHA-2, fed a message in pieces, and the prepared key
//! schedule a key keeps (`MacKey`: `Secret` owns one; this module never names `Secret`).

use core::fmt;
use std::sync::OnceLock;

use hmac::{Hmac, Mac as _};
use zeroize::Zeroizing;

use crate::message::{append, append_scan, contains_byte, Sink};

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

/// `body` with `m` bound to the HMAC inside `state`, whichever hash it runs on: one arm per
/// family, so each operation on a `MacState` is written once.
macro_rules! each_state {
    ($state:expr, $m:ident => $body:expr) => {
        match $state {
            MacState::Sha1($m) => $body,
            MacState::Sha256($m) => $body,
            MacState::Sha384($m) => $body,
            MacState::Sha512($m) => $body,
        }
    };
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
    #[inline]
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// A finished tag (at most 64 bytes: SHA-512's).
    #[inline]
    fn of(tag: &[u8]) -> MacOutput {
        let mut out = MacOutput {
            bytes: [0; 64],
            len: tag.len(),
        };
        out.bytes[..tag.len()].copy_from_slice(tag);
        out
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
        each_state!(self, m => MacOutput::of(&m.finalize().into_bytes()))
    }

    /// The MAC of `message` from a copy of this keyed state, which is left as it is.
    pub(crate) fn tag_of(&self, message: &[u8]) -> MacOutput {
        each_state!(self, m => {
            MacOutput::of(&m.clone().chain_update(message).finalize().into_bytes())
        })
    }

    /// Constant-time comparison of the MAC of `message` (from a copy of this keyed state) with
    /// `expected`.
    pub(crate) fn verify_of(&self, message: &[u8], expected: &[u8]) -> bool {
        tags_equal(self.tag_of(message).as_bytes(), expected)
    }

    /// Constant-time comparison of the finished MAC with `expected`.
    pub(crate) fn verify(self, expected: &[u8]) -> bool {
        tags_equal(self.finalize().as_bytes(), expected)
    }
}

impl Sink for MacState {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        each_state!(self, m => m.update(bytes));
    }
}

/// Whether a finished tag is `expected`, in constant time: the comparison `Encoding::matches_mac`
/// makes of a MAC's text, here of the bytes themselves (lengths first, then every byte XORed and
/// ORed together without a branch, tested with `subtle`'s `ConstantTimeEq`).
fn tags_equal(tag: &[u8], expected: &[u8]) -> bool {
    crate::encoding::text_equal(tag, expected, false)
}

/// A MAC key: its bytes (wiped when dropped) and its HMAC key schedule (the inner and outer key
/// blocks, hashed), made on first use for the first algorithm the key is used with. `Secret`
/// owns one, so signing many requests with one key hashes the key once.
#[derive(Clone)]
pub(crate) struct MacKey {
    bytes: Zeroizing<Vec<u8>>,
    prepared: OnceLock<Prepared>,
}

/// A key's schedule for one algorithm: the keyed state, and for HMAC-SHA256 the same schedule
/// as the hash's chaining values, which [`BufferedMac`] signs with.
#[derive(Clone)]
struct Prepared {
    state: MacState,
    sha256: Option<Sha256Key>,
}

impl MacKey {
    pub(crate) fn new(bytes: Zeroizing<Vec<u8>>) -> MacKey {
        MacKey {
            bytes,
            prepared: OnceLock::new(),
        }
    }

    /// The key's bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The cached schedule, filled on first use, if it is for `algorithm`. Not generic, so
    /// the `OnceLock` code is made once, not for every caller.
    fn cached(&self, algorithm: MacAlgorithm) -> Option<&Prepared> {
        let cached = self.prepared.get_or_init(|| Prepared {
            state: MacState::new(algorithm, &self.bytes),
            sha256: (algorithm == MacAlgorithm::HmacSha256).then(|| Sha256Key::new(&self.bytes)),
        });
        (cached.state.algorithm() == algorithm).then_some(cached)
    }

    /// The keyed MAC state for `algorithm`, cloned from the prepared schedule when there is one.
    pub(crate) fn state(&self, algorithm: MacAlgorithm) -> MacState {
        match self.cached(algorithm) {
            Some(cached) => cached.state.clone(),
            None => MacState::new(algorithm, &self.bytes),
        }
    }

    /// Runs `f` on the keyed MAC state for `algorithm`: the prepared one when it is for
    /// `algorithm` (the first algorithm this key was used with), else one made for this call.
    #[inline]
    pub(crate) fn with_state<T>(
        &self,
        algorithm: MacAlgorithm,
        f: impl FnOnce(&MacState) -> T,
    ) -> T {
        match self.cached(algorithm) {
            Some(cached) => f(&cached.state),
            None => f(&MacState::new(algorithm, &self.bytes)),
        }
    }
}

/// SHA-256's initial hash value (FIPS 180-4 §5.3.3).
const SHA256_IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// HMAC-SHA256's key schedule as SHA-256 chaining values: the state after the inner key block
/// (`K0 ^ ipad`) and after the outer one (`K0 ^ opad`), RFC 2104 §2. Signing copies 32 bytes of
/// it and runs the compression function over the message where [`BufferedMac`] laid it out,
/// padded in place (FIPS 180-4 §5.1.1): no hasher to clone, no block buffer to copy the message
/// through. Key material: wiped when dropped.
#[derive(Clone)]
struct Sha256Key {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl Drop for Sha256Key {
    fn drop(&mut self) {
        use zeroize::Zeroize as _;
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

impl Sha256Key {
    fn new(key: &[u8]) -> Sha256Key {
        use sha2::Digest as _;
        // K0: the key, or its hash when longer than a block, padded with zeros (RFC 2104 §2).
        let mut k0 = Zeroizing::new([0u8; 64]);
        if key.len() > 64 {
            // Hashed straight into `k0`, so no copy of it is left unwiped.
            let hashed = sha2::digest::generic_array::GenericArray::from_mut_slice(&mut k0[..32]);
            sha2::Sha256::new_with_prefix(key).finalize_into(hashed);
        } else {
            k0[..key.len()].copy_from_slice(key);
        }
        let mut pad = Zeroizing::new([0u8; 64]);
        let mut chain = |byte: u8| {
            for (to, k) in pad.iter_mut().zip(k0.iter()) {
                *to = k ^ byte;
            }
            let mut state = SHA256_IV;
            compress256(&mut state, &pad);
            state
        };
        Sha256Key {
            inner: chain(0x36),
            outer: chain(0x5c),
        }
    }

    /// The MAC of `buf[..len]`, padded in place, or `None` when the padding does not fit in
    /// `buf`. Every byte of `buf` past `len` must be zero; they are left so.
    #[inline]
    fn tag_in_place(&self, buf: &mut [u8], len: usize) -> Option<MacOutput> {
        // The message after the 64-byte inner key block, then 0x80, zeros, and its length in
        // bits, to a whole number of blocks.
        let end = (len + 9).div_ceil(64) * 64;
        let padded = buf.get_mut(..end)?;
        let bits = (64 + len as u64) * 8;
        padded[len] = 0x80;
        padded[end - 8..].copy_from_slice(&bits.to_be_bytes());
        let mut state = self.inner;
        for block in padded.as_chunks::<64>().0 {
            compress256(&mut state, block);
        }
        padded[len] = 0;
        padded[end - 8..].copy_from_slice(&[0; 8]);
        // The outer hash: the inner hash after the outer key block, one block.
        let mut last = [0u8; 64];
        for (to, word) in last.chunks_exact_mut(4).zip(state) {
            to.copy_from_slice(&word.to_be_bytes());
        }
        last[32] = 0x80;
        last[56..].copy_from_slice(&((64u64 + 32) * 8).to_be_bytes());
        let mut outer = self.outer;
        compress256(&mut outer, &last);
        let mut out = MacOutput {
            bytes: [0; 64],
            len: 32,
        };
        for (to, word) in out.bytes.chunks_exact_mut(4).zip(outer) {
            to.copy_from_slice(&word.to_be_bytes());
        }
        Some(out)
    }
}

/// One block through SHA-256's compression function.
#[inline]
fn compress256(state: &mut [u32; 8], block: &[u8; 64]) {
    sha2::compress256(state, core::slice::from_ref(block.into()));
}

/// Collects the message on the stack, then MACs it in one go from a copy of the key's prepared
/// state (only the algorithm's own state is copied); HMAC-SHA256 runs over the buffer itself,
/// padded in place ([`Sha256Key`]), which is why every byte past `len` stays zero until the
/// message streams. A message longer than the buffer is streamed instead, through a keyed state
/// made when the buffer first fills.
pub(crate) struct BufferedMac<'k> {
    key: &'k MacKey,
    algorithm: MacAlgorithm,
    streaming: Option<MacState>,
    buf: [u8; 256],
    len: usize,
}

impl<'k> BufferedMac<'k> {
    pub(crate) fn new(key: &'k MacKey, algorithm: MacAlgorithm) -> BufferedMac<'k> {
        BufferedMac {
            key,
            algorithm,
            streaming: None,
            buf: [0; 256],
            len: 0,
        }
    }

    /// The MAC of everything written. (By reference: moving the buffer and the state would
    /// cost a copy of both.)
    pub(crate) fn finalize(&mut self) -> MacOutput {
        if self.streaming.is_none() {
            // HMAC-SHA256 straight over the buffer (past `len`, only zeros were ever there).
            if let Some(Prepared {
                sha256: Some(key), ..
            }) = self.key.cached(self.algorithm)
            {
                if let Some(tag) = key.tag_in_place(&mut self.buf, self.len) {
                    return tag;
                }
            }
        }
        let rest = &self.buf[..self.len];
        match self.streaming.take() {
            None => self.key.with_state(self.algorithm, |mac| mac.tag_of(rest)),
            Some(mut mac) => {
                mac.write(rest);
                mac.finalize()
            }
        }
    }

    /// Whether `received` is the MAC of everything written in `encoding`'s text form, compared
    /// in constant time in the MAC (`Encoding::matches_mac`).
    pub(crate) fn verify_text(&mut self, encoding: crate::Encoding, received: &str) -> bool {
        encoding.matches_mac(self.finalize().as_bytes(), received)
    }

    /// Everything written, unless it outgrew the buffer and went to the MAC.
    pub(crate) fn buffered(&self) -> Option<&[u8]> {
        match self.streaming {
            None => Some(&self.buf[..self.len]),
            Some(_) => None,
        }
    }

    /// The buffer is full: from here on the message streams through a keyed state.
    #[cold]
    #[inline(never)]
    fn spill(&mut self, bytes: &[u8]) {
        let (key, algorithm) = (self.key, self.algorithm);
        let mac = self.streaming.get_or_insert_with(|| key.state(algorithm));
        mac.write(&self.buf[..self.len]);
        self.len = 0;
        match self.buf.get_mut(..bytes.len()) {
            Some(room) => {
                room.copy_from_slice(bytes);
                self.len = bytes.len();
            }
            None => mac.write(bytes),
        }
    }
}

impl Sink for BufferedMac<'_> {
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn write(&mut self, bytes: &[u8]) {
        match append(&mut self.buf, self.len, bytes) {
            Some(len) => self.len = len,
            None => self.spill(bytes),
        }
    }

    /// The buffer's free bytes (zeros: only the bytes committed are written).
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn room(&mut self, max: usize) -> Option<&mut [u8]> {
        self.buf.get_mut(self.len..self.len + max)
    }

    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn commit(&mut self, n: usize) {
        self.len += n;
    }

    /// The separator is looked for in the words moved into the buffer.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn write_unless(&mut self, bytes: &[u8], stop: u8) -> bool {
        match append_scan(&mut self.buf, self.len, bytes, Some(stop)) {
            Some((len, found)) => {
                self.len = len;
                found
            }
            None if contains_byte(bytes, stop) => true,
            None => {
                self.spill(bytes);
                false
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
        let key = &MacKey::new(Zeroizing::new(b"k".to_vec()));
        for len in [0, 1, 255, 256, 257, 1000] {
            let mut whole = MacState::new(MacAlgorithm::HmacSha256, b"k");
            whole.write(&message[..len]);
            let expected = whole.finalize();
            for piece in [1, 3, 100, 255, 256, 257, 600] {
                let feed = || {
                    let mut buffered = BufferedMac::new(key, MacAlgorithm::HmacSha256);
                    for chunk in message[..len].chunks(piece) {
                        buffered.write(chunk);
                    }
                    buffered
                };
                let at = format!("{len} bytes in pieces of {piece}");
                assert_eq!(feed().finalize().as_bytes(), expected.as_bytes(), "{at}");
                let hex = crate::Encoding::Hex;
                assert!(
                    feed().verify_text(hex, &hex.encode(expected.as_bytes())),
                    "{at}"
                );
                assert!(!feed().verify_text(hex, &hex.encode(&[0; 32])), "{at}");
            }
        }
        // The cached state is left as it was: the whole message again gives the same MAC.
        let mut buffered = BufferedMac::new(key, MacAlgorithm::HmacSha256);
        buffered.write(&message);
        assert_eq!(buffered.finalize().as_bytes(), expected.as_bytes());
    }

    #[test]
    fn sha256_schedule_is_hmac() {
        // Keys shorter than, as long as, and longer than a block (hashed first); messages
        // ending on each side of the padding's block boundaries; the `hmac` crate is the
        // reference (itself checked against RFC 4231 above).
        let message: Vec<u8> = (0..300u32).map(|i| (i * 13 % 256) as u8).collect();
        for key_len in [0, 1, 31, 32, 55, 63, 64, 65, 100, 131] {
            let key_bytes: Vec<u8> = (0..key_len).map(|i| (i * 7 + 1) as u8).collect();
            let key = &MacKey::new(Zeroizing::new(key_bytes.clone()));
            for len in (0..=130).chain([183, 184, 190, 191, 192, 246, 247, 248, 255, 256, 300]) {
                let mut whole = MacState::new(MacAlgorithm::HmacSha256, &key_bytes);
                whole.write(&message[..len]);
                let expected = whole.finalize();
                let mut buffered = BufferedMac::new(key, MacAlgorithm::HmacSha256);
                for chunk in message[..len].chunks(7) {
                    buffered.write(chunk);
                }
                let at = format!("key of {key_len} bytes, message of {len}");
                assert_eq!(buffered.finalize().as_bytes(), expected.as_bytes(), "{at}");
                // The padding is undone: the buffer holds the message alone, and again gives
                // the same MAC.
                if len <= 256 {
                    assert_eq!(buffered.buffered(), Some(&message[..len]), "{at}");
                    assert_eq!(buffered.finalize().as_bytes(), expected.as_bytes(), "{at}");
                }
            }
        }
    }

    #[test]
    fn buffered_mac_is_the_mac_of_what_a_vec_gets() {
        // Random messages of literals and values of every kind (strings holding separators,
        // integers, floats, timestamps), under every escaping and separator, written into the
        // stack buffer (`write_unless`, `room`/`commit`, spilling past 256 bytes) and into a
        // `Vec`: the same refusals, and the `hmac` crate's MAC of the Vec's bytes.
        use crate::message::{write_value, Escape, Float, Int, Str};
        use crate::time::{Formatted, Timestamp, TimestampFormat};
        let mut next = crate::xorshift(0x9e37_79b9_7f4a_7c15u64);
        let alphabet = [
            "a", "Z", "0", "&", "=", ":", ".", "-", "T", " ", "%", "é", "~",
        ];
        let formats = TimestampFormat::ALL;
        let escapes = [Escape::Strict, Escape::None, Escape::Rfc3986, Escape::Form];
        let stops = [
            None,
            Some('&'),
            Some('.'),
            Some('-'),
            Some(':'),
            Some('1'),
            Some('é'),
        ];
        let algorithms = [
            MacAlgorithm::HmacSha256,
            MacAlgorithm::HmacSha256,
            MacAlgorithm::HmacSha1,
            MacAlgorithm::HmacSha512,
        ];
        let mut signed = 0;
        for trial in 0..20_000u32 {
            let key_len = [0, 1, 32, 63, 64, 65, 100][(next() % 7) as usize];
            let key_bytes: Vec<u8> = (0..key_len).map(|_| next() as u8).collect();
            let key = MacKey::new(Zeroizing::new(key_bytes.clone()));
            let algorithm = algorithms[(next() % 4) as usize];
            let mut vec = Vec::new();
            let mut mac = BufferedMac::new(&key, algorithm);
            let mut ok = true;
            for _ in 0..(next() % 14) {
                let escape = escapes[(next() % 4) as usize];
                let stop = stops[(next() % 7) as usize];
                macro_rules! both {
                    ($v:expr) => {{
                        let v = $v;
                        let a = write_value(&mut vec, escape, stop, "f", &v);
                        let b = write_value(&mut mac, escape, stop, "f", &v);
                        assert_eq!(a, b, "trial {trial}");
                        ok &= a.is_ok();
                    }};
                }
                match next() % 6 {
                    0 => {
                        let len = (next() % 70) as usize;
                        let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
                        vec.write(&bytes);
                        mac.write(&bytes);
                    }
                    1 => {
                        let len = next() % 30;
                        let text: String = (0..len)
                            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                            .collect();
                        both!(Str(&text));
                    }
                    2 => {
                        let n = next() as i64 >> (next() % 64);
                        both!(Int(n));
                        both!(Int(n as u32));
                    }
                    3 => {
                        let v = match next() % 3 {
                            0 => f64::from_bits(next()),
                            1 => (next() % 10_000_000) as f64 / 10f64.powi((next() % 12) as i32),
                            _ => -((next() % 1000) as f64) / 8.0,
                        };
                        both!(Float(v));
                        both!(Float(f32::from_bits(next() as u32)));
                    }
                    _ => {
                        let micros = match next() % 3 {
                            0 => next() as i64,
                            1 => (next() % 400_000_000_000_000_000) as i64 - 62_000_000_000_000_000,
                            _ => (next() % 4_000_000_000_000_000) as i64,
                        };
                        let t = Timestamp::from_unix_micros(micros);
                        both!(Formatted(
                            &t,
                            formats[(next() % formats.len() as u64) as usize]
                        ));
                    }
                }
            }
            if !ok {
                continue;
            }
            signed += 1;
            let mut whole = MacState::new(algorithm, &key_bytes);
            whole.write(&vec);
            let expected = whole.finalize();
            if vec.len() <= 256 {
                assert_eq!(mac.buffered(), Some(&vec[..]), "trial {trial}");
            }
            assert_eq!(
                mac.finalize().as_bytes(),
                expected.as_bytes(),
                "trial {trial}: {} bytes",
                vec.len()
            );
        }
        assert!(signed > 5_000, "{signed}");
    }

    #[test]
    fn tags_equal_sees_every_byte_and_the_length() {
        // SHA-1's 20 bytes end inside a word; SHA-512's fill all eight.
        for len in [20, 32, 48, 64] {
            let tag: Vec<u8> = (0..len).map(|i| i as u8 ^ 0x5a).collect();
            assert!(tags_equal(&tag, &tag.clone()), "{len}");
            for at in 0..len {
                let mut other = tag.clone();
                other[at] ^= 1;
                assert!(!tags_equal(&tag, &other), "{len} bytes, byte {at}");
            }
            assert!(!tags_equal(&tag, &tag[..len - 1]), "{len}: shorter");
            let mut longer = tag.clone();
            longer.push(0);
            assert!(!tags_equal(&tag, &longer), "{len}: longer, padded with 0");
        }
    }

    #[test]
    fn a_key_cached_for_one_algorithm_signs_with_another() {
        // python3 -c "import hmac,hashlib;print(hmac.new(b'Jefe',b'what do ya want for nothing?',hashlib.sha512).hexdigest())"
        let key = &MacKey::new(Zeroizing::new(b"Jefe".to_vec()));
        let mut sha256 = BufferedMac::new(key, MacAlgorithm::HmacSha256);
        sha256.write(b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(sha256.finalize().as_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let mut sha512 = BufferedMac::new(key, MacAlgorithm::HmacSha512);
        sha512.write(b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(sha512.finalize().as_bytes()),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
        );
    }
}
