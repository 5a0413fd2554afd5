//! The fixed part: big-endian integers in a set order, no padding.

use bytes::{BufMut, BytesMut};
use nom::number::complete::{be_i32, be_u16, be_u32, be_u8};

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

    /// Runs a nom parser on the rest of the body and advances past what it consumed.
    #[inline(always)]
    pub(crate) fn parse<T>(
        &mut self,
        field: &'static str,
        parser: impl Fn(&'a [u8]) -> nom::IResult<&'a [u8], T>,
    ) -> Result<T, At> {
        let rest = self.body.get(self.pos..).unwrap_or_default();
        match parser(rest) {
            Ok((left, value)) => {
                self.pos += rest.len() - left.len();
                Ok(value)
            }
            Err(_) => Err((self.pos, MalformedKind::TruncatedFixed { field })),
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
    #[inline]
    fn read(r: &mut Reader<'_>, field: &'static str) -> Result<Self, At> {
        r.parse(field, be_u8)
    }
    #[inline]
    fn write(&self, dst: &mut BytesMut) {
        dst.put_u8(*self)
    }
}

impl Fixed for u16 {
    #[inline]
    fn read(r: &mut Reader<'_>, field: &'static str) -> Result<Self, At> {
        r.parse(field, be_u16)
    }
    #[inline]
    fn write(&self, dst: &mut BytesMut) {
        dst.put_u16(*self)
    }
}

impl Fixed for u32 {
    #[inline]
    fn read(r: &mut Reader<'_>, field: &'static str) -> Result<Self, At> {
        r.parse(field, be_u32)
    }
    #[inline]
    fn write(&self, dst: &mut BytesMut) {
        dst.put_u32(*self)
    }
}

impl Fixed for i32 {
    #[inline]
    fn read(r: &mut Reader<'_>, field: &'static str) -> Result<Self, At> {
        r.parse(field, be_i32)
    }
    #[inline]
    fn write(&self, dst: &mut BytesMut) {
        dst.put_i32(*self)
    }
}

/// BOOL is a 16-bit field: 0 false, anything else true (1 on the wire when written).
impl Fixed for bool {
    #[inline]
    fn read(r: &mut Reader<'_>, field: &'static str) -> Result<Self, At> {
        r.parse(field, be_u16).map(|v| v != 0)
    }
    #[inline]
    fn write(&self, dst: &mut BytesMut) {
        dst.put_u16(u16::from(*self))
    }
}
