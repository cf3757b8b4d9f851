//! A short list kept on the stack: the references a canonical form sorts (query parameters,
//! headers, path segments) without a heap allocation for the usual handful of them; and text
//! that is either borrowed or kept in a collection's own buffer ([`Arena`], on the stack too
//! for the usual few hundred bytes).

use crate::message::Sink;

/// Up to `N` items inline, then on the heap.
#[derive(Debug, Clone)]
pub(crate) enum List<T: Copy, const N: usize> {
    Inline { items: [T; N], len: usize },
    Heap(Vec<T>),
}

impl<T: Copy, const N: usize> List<T, N> {
    /// An empty list; `filler` only initializes the inline slots.
    pub(crate) fn new(filler: T) -> Self {
        List::Inline {
            items: [filler; N],
            len: 0,
        }
    }

    pub(crate) fn push(&mut self, item: T) {
        match self {
            List::Inline { items, len } => match items.get_mut(*len) {
                Some(slot) => {
                    *slot = item;
                    *len += 1;
                }
                None => {
                    let mut heap = Vec::with_capacity(N * 2);
                    heap.extend_from_slice(items);
                    heap.push(item);
                    *self = List::Heap(heap);
                }
            },
            List::Heap(heap) => heap.push(item),
        }
    }

    pub(crate) fn pop(&mut self) -> Option<T> {
        match self {
            List::Inline { items, len } => {
                *len = len.checked_sub(1)?;
                Some(items[*len])
            }
            List::Heap(heap) => heap.pop(),
        }
    }

    pub(crate) fn as_slice(&self) -> &[T] {
        match self {
            List::Inline { items, len } => &items[..*len],
            List::Heap(heap) => heap,
        }
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [T] {
        match self {
            List::Inline { items, len } => &mut items[..*len],
            List::Heap(heap) => heap,
        }
    }
}

/// Bytes written into a buffer on the stack, moved to the heap only when they outgrow it: a
/// canonical collection's own text (timestamps and numbers written out), a derived key's scope.
/// Generated code writes into it as into any [`Sink`] and reads it back as a slice.
pub struct Arena {
    inline: [u8; ARENA_INLINE],
    /// The length of the bytes in `inline`, until they move to `heap`.
    len: usize,
    on_heap: bool,
    heap: Vec<u8>,
}

/// What an [`Arena`] holds on the stack.
const ARENA_INLINE: usize = 192;

impl Arena {
    /// Empty.
    #[inline]
    pub fn new() -> Arena {
        Arena {
            inline: [0; ARENA_INLINE],
            len: 0,
            on_heap: false,
            heap: Vec::new(),
        }
    }

    /// Drops the bytes from `len` on.
    pub(crate) fn truncate(&mut self, len: usize) {
        if self.on_heap {
            self.heap.truncate(len);
        } else {
            self.len = self.len.min(len);
        }
    }

    #[cold]
    #[inline(never)]
    fn spill(&mut self, bytes: &[u8]) {
        if !self.on_heap {
            self.heap.reserve(self.len + bytes.len() + ARENA_INLINE);
            self.heap.extend_from_slice(&self.inline[..self.len]);
            self.on_heap = true;
        }
        self.heap.extend_from_slice(bytes);
    }
}

impl Default for Arena {
    fn default() -> Arena {
        Arena::new()
    }
}

impl core::fmt::Debug for Arena {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // It can hold header values (a session token): only its length is shown.
        f.debug_struct("Arena").field("len", &self.len()).finish()
    }
}

impl Sink for Arena {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        if !self.on_heap {
            if let Some(len) = crate::message::append(&mut self.inline, self.len, bytes) {
                self.len = len;
                return;
            }
        }
        self.spill(bytes);
    }
}

impl core::ops::Deref for Arena {
    type Target = [u8];

    #[inline]
    fn deref(&self) -> &[u8] {
        if self.on_heap {
            &self.heap
        } else {
            &self.inline[..self.len]
        }
    }
}

/// A name or value: borrowed from the caller, or written into the collection's own buffer.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Text<'a> {
    Borrowed(&'a [u8]),
    Owned(usize, usize),
}

impl<'a> Text<'a> {
    pub(crate) fn get<'s>(self, arena: &'s [u8]) -> &'s [u8]
    where
        'a: 's,
    {
        match self {
            Text::Borrowed(bytes) => bytes,
            Text::Owned(start, end) => &arena[start..end],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arena_moves_to_the_heap_and_keeps_every_byte() {
        let mut arena = Arena::new();
        let mut expected = Vec::new();
        for i in 0..100u8 {
            let piece = vec![i; usize::from(i % 7)];
            arena.write(&piece);
            expected.extend_from_slice(&piece);
            assert_eq!(&arena[..], &expected[..], "after {i}");
        }
        arena.truncate(10);
        expected.truncate(10);
        assert_eq!(&arena[..], &expected[..]);
        arena.truncate(0);
        arena.write(b"q");
        assert_eq!(&arena[..], b"q");
        let mut small = Arena::new();
        small.write(b"abc");
        small.truncate(1);
        small.write(b"z");
        assert_eq!(&small[..], b"az");
        assert!(!format!("{small:?}").contains('z'));
    }

    #[test]
    fn spills_to_the_heap_and_keeps_order() {
        let mut list: List<u32, 2> = List::new(0);
        for i in 0..5 {
            list.push(i);
        }
        assert_eq!(list.as_slice(), &[0, 1, 2, 3, 4]);
        assert_eq!(list.pop(), Some(4));
        let mut small: List<u32, 2> = List::new(0);
        assert_eq!(small.pop(), None);
        small.push(7);
        assert_eq!(small.as_slice(), &[7]);
    }
}
