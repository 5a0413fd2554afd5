//! The fixed part: big-endian integers in a set order, no padding.

use bytes::{BufMut, BytesMut};

use crate::error::MalformedKind;

/// A defect and its offset within the body.
pub(crate) type At = (usize, MalformedKind);

/// A bounds-checked cursor over a message body.
pub(crate) struct Reader<'a> {
    body: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(body: &'a [u8]) -> Self {
        Self { body, pos: 0 }
    }

    /// Bytes consumed so far.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// The next `N` bytes; the error names `field`. Written out (no parser combinator)
    /// because every fixed field of every message goes through here.
    #[inline(always)]
    pub(crate) fn take<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N], At> {
        match self.body.get(self.pos..).and_then(<[u8]>::first_chunk::<N>) {
            Some(bytes) => {
                self.pos += N;
                Ok(*bytes)
            }
            None => Err((self.pos, MalformedKind::TruncatedFixed { field })),
        }
    }
}

/// A fixed-part value type.
pub(crate) trait Fixed: Sized {
    /// Reads the value.
    fn read(r: &mut Reader<'_>, field: &'static str) -> Result<Self, At>;
    /// Writes the value.
    fn write(&self, dst: &mut BytesMut);
}

impl Fixed for u8 {
    #[inline(always)]
    fn read(r: &mut Reader<'_>, field: &'static str) -> Result<Self, At> {
        r.take::<1>(field).map(u8::from_be_bytes)
    }
    #[inline]
    fn write(&self, dst: &mut BytesMut) {
        dst.put_u8(*self)
    }
}

impl Fixed for u16 {
    #[inline(always)]
    fn read(r: &mut Reader<'_>, field: &'static str) -> Result<Self, At> {
        r.take::<2>(field).map(u16::from_be_bytes)
    }
    #[inline]
    fn write(&self, dst: &mut BytesMut) {
        dst.put_u16(*self)
    }
}

impl Fixed for u32 {
    #[inline(always)]
    fn read(r: &mut Reader<'_>, field: &'static str) -> Result<Self, At> {
        r.take::<4>(field).map(u32::from_be_bytes)
    }
    #[inline]
    fn write(&self, dst: &mut BytesMut) {
        dst.put_u32(*self)
    }
}

impl Fixed for i32 {
    #[inline(always)]
    fn read(r: &mut Reader<'_>, field: &'static str) -> Result<Self, At> {
        r.take::<4>(field).map(i32::from_be_bytes)
    }
    #[inline]
    fn write(&self, dst: &mut BytesMut) {
        dst.put_i32(*self)
    }
}

/// BOOL is a 16-bit field: 0 false, anything else true (1 on the wire when written).
impl Fixed for bool {
    #[inline(always)]
    fn read(r: &mut Reader<'_>, field: &'static str) -> Result<Self, At> {
        r.take::<2>(field).map(|b| b != [0, 0])
    }
    #[inline]
    fn write(&self, dst: &mut BytesMut) {
        dst.put_u16(u16::from(*self))
    }
}
