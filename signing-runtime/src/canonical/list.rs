//! A short list kept on the stack: the references a canonical form sorts (query parameters,
//! headers, path segments) without a heap allocation for the usual handful of them; and text
//! that is either borrowed or kept in a collection's own buffer.

/// Up to `N` items inline, then on the heap.
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
