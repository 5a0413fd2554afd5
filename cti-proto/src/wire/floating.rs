//! The floating part: `tag, length, data` fields, packed back to back until the body ends.

use bytes::{BufMut, Bytes, BytesMut};
use nom::number::complete::{be_u16, be_u8};

use super::fixed::At;
use crate::enums::MessageType;
use crate::error::{EncodeError, MalformedKind};
use crate::version::{CodecConfig, FloatingFormat, ProtocolVersion, UnknownTags, MAX_ECC_BYTES};

/// A floating field kept as it came: an unknown tag, or one kept raw on purpose.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RawField {
    /// The tag.
    pub tag: u16,
    /// The data, without tag and length.
    pub data: Bytes,
}

/// The data of one floating field: a range of the message body, sliced (one reference-count
/// increment) only by the value types that keep bytes.
#[derive(Clone, Copy)]
pub(crate) struct Field<'a> {
    body: &'a Bytes,
    start: usize,
    end: usize,
}

impl<'a> Field<'a> {
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.end - self.start
    }

    #[inline]
    pub(crate) fn as_slice(&self) -> &'a [u8] {
        self.body.get(self.start..self.end).unwrap_or_default()
    }

    #[inline]
    pub(crate) fn to_bytes(self) -> Bytes {
        self.body.slice(self.start..self.end)
    }

    /// `len` bytes from `skip` (clamped to the field), sharing the body's buffer.
    #[inline]
    pub(crate) fn slice(self, skip: usize, len: usize) -> Bytes {
        let start = (self.start + skip).min(self.end);
        let end = (start + len).min(self.end);
        self.body.slice(start..end)
    }
}

/// The value type of a floating field.
pub(crate) trait FloatValue: Sized {
    /// Decodes the data of a field (the length was already checked against the tag's max).
    fn decode_data(data: Field<'_>, tag: u16) -> Result<Self, MalformedKind>;
    /// The data length this value encodes to.
    fn data_len(&self) -> usize;
    /// Writes the data.
    fn write_data(&self, dst: &mut BytesMut);
    /// Whether the value counts toward the 2,000-byte ECC limit.
    fn is_ecc(&self) -> bool {
        false
    }
    /// `(len, max)` of a part that is longer than its own limit (ECC name or value).
    fn oversize_part(&self) -> Option<(usize, usize)> {
        None
    }
}

macro_rules! numeric_float_value {
    ($($t:ty => $parse:path),*) => {$(
        impl FloatValue for $t {
            #[inline]
            fn decode_data(data: Field<'_>, tag: u16) -> Result<Self, MalformedKind> {
                const SIZE: usize = ::std::mem::size_of::<$t>();
                match $parse(data.as_slice()) {
                    Ok((rest, v)) if rest.is_empty() => Ok(v),
                    _ => Err(MalformedKind::BadFieldLength { tag, len: data.len(), expected: SIZE }),
                }
            }
            fn data_len(&self) -> usize {
                ::std::mem::size_of::<$t>()
            }
            fn write_data(&self, dst: &mut BytesMut) {
                <$t as super::fixed::Fixed>::write(self, dst)
            }
        }
    )*};
}

#[inline]
fn be_u8_c(i: &[u8]) -> nom::IResult<&[u8], u8> {
    be_u8(i)
}
#[inline]
fn be_u16_c(i: &[u8]) -> nom::IResult<&[u8], u16> {
    be_u16(i)
}
#[inline]
fn be_u32_c(i: &[u8]) -> nom::IResult<&[u8], u32> {
    nom::number::complete::be_u32(i)
}
#[inline]
fn be_i32_c(i: &[u8]) -> nom::IResult<&[u8], i32> {
    nom::number::complete::be_i32(i)
}

numeric_float_value!(u8 => be_u8_c, u16 => be_u16_c, u32 => be_u32_c, i32 => be_i32_c);

/// Walks the floating fields of a body, yielding `(tag, offset of the field, data)`.
pub(crate) struct FloatIter<'a> {
    body: &'a Bytes,
    pos: usize,
    format: FloatingFormat,
}

impl<'a> FloatIter<'a> {
    pub(crate) fn new(body: &'a Bytes, start: usize, format: FloatingFormat) -> Self {
        Self {
            body,
            pos: start,
            format,
        }
    }

    /// Reads a tag and length: `(tag, data length, header length)`. A fixed-width read of
    /// at most four bytes, written out because it is the innermost loop of every decode.
    #[inline(always)]
    fn header(&self, at: &[u8]) -> Option<(u16, usize, usize)> {
        match self.format {
            FloatingFormat::Narrow => match at {
                [tag, len, ..] => Some((u16::from(*tag), usize::from(*len), 2)),
                _ => None,
            },
            FloatingFormat::Wide => match at {
                [t0, t1, l0, l1, ..] => Some((
                    u16::from_be_bytes([*t0, *t1]),
                    usize::from(u16::from_be_bytes([*l0, *l1])),
                    4,
                )),
                _ => None,
            },
            FloatingFormat::WideTagNarrowLength => match at {
                [t0, t1, len, ..] => Some((u16::from_be_bytes([*t0, *t1]), usize::from(*len), 3)),
                _ => None,
            },
        }
    }
}

impl<'a> Iterator for FloatIter<'a> {
    type Item = Result<(u16, usize, Field<'a>), At>;

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.body.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let field_at = self.pos;
        let Some((tag, len, header_len)) = self.header(rest) else {
            self.pos = self.body.len();
            return Some(Err((field_at, MalformedKind::TruncatedFloating)));
        };
        let start = field_at + header_len;
        let end = start + len;
        if end > self.body.len() {
            self.pos = self.body.len();
            return Some(Err((field_at, MalformedKind::TruncatedFloating)));
        }
        self.pos = end;
        Some(Ok((
            tag,
            field_at,
            Field {
                body: self.body,
                start,
                end,
            },
        )))
    }
}

/// Most entries a repeated floating field may have in one message.
pub(crate) const MAX_REPEATED: usize = 255;

/// Decode-side bookkeeping shared by the slots of one message.
pub(crate) struct FloatSink {
    ecc_total: usize,
    unknown_tags: UnknownTags,
    format: FloatingFormat,
}

impl FloatSink {
    pub(crate) fn new(cfg: &CodecConfig) -> Self {
        Self {
            ecc_total: 0,
            unknown_tags: cfg.unknown_tags,
            format: cfg.format(),
        }
    }

    /// How many entries a list that starts with the field `data` (tag `tag`) will have:
    /// one plus the later fields with the same tag, at most `max`. Counting costs a hop
    /// per field header, far less than growing the list twice (4, then 8 entries) and
    /// moving it, and it leaves no spare capacity behind.
    #[cold]
    fn entries_ahead(&self, tag: u16, data: Field<'_>, max: usize) -> usize {
        let later = FloatIter::new(data.body, data.end, self.format)
            .map_while(Result::ok)
            .filter(|(t, _, _)| *t == tag)
            .take(max.saturating_sub(1))
            .count();
        1 + later
    }

    #[inline(always)]
    fn check<T: FloatValue>(
        &mut self,
        tag: u16,
        max: usize,
        off: usize,
        data: Field<'_>,
    ) -> Result<T, At> {
        if data.len() > max {
            return Err((
                off,
                MalformedKind::FieldTooLong {
                    tag,
                    len: data.len(),
                    max,
                },
            ));
        }
        let len = data.len();
        let value = T::decode_data(data, tag).map_err(|k| (off, k))?;
        if value.is_ecc() {
            self.ecc_total += len;
            if self.ecc_total > MAX_ECC_BYTES {
                return Err((
                    off,
                    MalformedKind::TooMuchEccData {
                        total: self.ecc_total,
                    },
                ));
            }
        }
        Ok(value)
    }

    /// A field that appears at most once.
    #[inline]
    pub(crate) fn one<T: FloatValue>(
        &mut self,
        slot: &mut Option<T>,
        tag: u16,
        max: usize,
        off: usize,
        data: Field<'_>,
    ) -> Result<(), At> {
        if slot.is_some() {
            return Err((off, MalformedKind::DuplicateField { tag }));
        }
        *slot = Some(self.check(tag, max, off, data)?);
        Ok(())
    }

    /// A field that may repeat (kept in order).
    #[inline]
    pub(crate) fn many<T: FloatValue>(
        &mut self,
        slot: &mut Vec<T>,
        tag: u16,
        max: usize,
        off: usize,
        data: Field<'_>,
    ) -> Result<(), At> {
        if slot.len() >= MAX_REPEATED {
            return Err((
                off,
                MalformedKind::TooManyEntries {
                    tag,
                    max: MAX_REPEATED,
                },
            ));
        }
        let value = self.check(tag, max, off, data)?;
        if slot.capacity() == 0 {
            slot.reserve_exact(self.entries_ahead(tag, data, MAX_REPEATED));
        }
        slot.push(value);
        Ok(())
    }

    /// A member of a repeated group: fills the last entry, or starts a new one when the last
    /// already has this member.
    #[inline]
    pub(crate) fn group<G: FloatGroup>(
        &mut self,
        list: &mut Vec<G>,
        tag: u16,
        max_entries: usize,
        off: usize,
        data: Field<'_>,
    ) -> Result<(), At> {
        if let Some(last) = list.last_mut() {
            if !last.has(tag) {
                return last.set(self, tag, off, data);
            }
        }
        if list.len() >= max_entries {
            return Err((
                off,
                MalformedKind::TooManyEntries {
                    tag,
                    max: max_entries,
                },
            ));
        }
        let mut entry = G::default();
        entry.set(self, tag, off, data)?;
        if list.capacity() == 0 {
            list.reserve_exact(self.entries_ahead(tag, data, max_entries));
        }
        list.push(entry);
        Ok(())
    }

    /// A tag the message does not define.
    pub(crate) fn unknown(
        &mut self,
        list: &mut Vec<RawField>,
        tag: u16,
        off: usize,
        data: Field<'_>,
    ) -> Result<(), At> {
        match self.unknown_tags {
            UnknownTags::Keep => {
                if list.len() >= MAX_REPEATED {
                    return Err((
                        off,
                        MalformedKind::TooManyEntries {
                            tag,
                            max: MAX_REPEATED,
                        },
                    ));
                }
                list.push(RawField {
                    tag,
                    data: data.to_bytes(),
                });
                Ok(())
            }
            UnknownTags::Skip => Ok(()),
            UnknownTags::Reject => Err((off, MalformedKind::UnknownTag { tag })),
        }
    }

    #[inline]
    pub(crate) fn value<T: FloatValue>(
        &mut self,
        tag: u16,
        max: usize,
        off: usize,
        data: Field<'_>,
    ) -> Result<T, At> {
        self.check(tag, max, off, data)
    }
}

/// A set of floating fields that repeats as a unit (skill-group quads, party triples, …).
pub(crate) trait FloatGroup: Default {
    /// Whether the member with `tag` is already set.
    fn has(&self, tag: u16) -> bool;
    /// Sets the member with `tag`.
    fn set(
        &mut self,
        sink: &mut FloatSink,
        tag: u16,
        off: usize,
        data: Field<'_>,
    ) -> Result<(), At>;
    /// Writes the members that are set, in declaration order.
    fn write(&self, w: &mut FloatWriter<'_>) -> Result<(), EncodeError>;
    /// Drops members the format cannot carry.
    fn conform(&mut self, format: FloatingFormat);
}

/// Writes floating fields, checking every limit before a byte is written.
pub(crate) struct FloatWriter<'a> {
    dst: &'a mut BytesMut,
    format: FloatingFormat,
    version: ProtocolVersion,
    message_type: MessageType,
    ecc_total: usize,
}

impl<'a> FloatWriter<'a> {
    pub(crate) fn new(dst: &'a mut BytesMut, cfg: &CodecConfig, message_type: MessageType) -> Self {
        Self {
            dst,
            format: cfg.format(),
            version: cfg.version,
            message_type,
            ecc_total: 0,
        }
    }

    fn header(&mut self, tag: u16, len: usize, max: usize) -> Result<(), EncodeError> {
        if tag > self.format.max_tag() {
            return Err(EncodeError::TagNotInVersion {
                message_type: self.message_type,
                tag,
                version: self.version,
            });
        }
        let max = max.min(self.format.max_length());
        if len > max {
            return Err(EncodeError::FieldTooLong {
                message_type: self.message_type,
                tag,
                len,
                max,
            });
        }
        match self.format {
            FloatingFormat::Narrow => self.dst.put_u8(tag as u8),
            FloatingFormat::Wide | FloatingFormat::WideTagNarrowLength => self.dst.put_u16(tag),
        }
        match self.format {
            FloatingFormat::Narrow | FloatingFormat::WideTagNarrowLength => {
                self.dst.put_u8(len as u8)
            }
            FloatingFormat::Wide => self.dst.put_u16(len as u16),
        }
        Ok(())
    }

    /// Writes one field.
    pub(crate) fn put<T: FloatValue>(
        &mut self,
        tag: u16,
        max: usize,
        value: &T,
    ) -> Result<(), EncodeError> {
        if let Some((len, max)) = value.oversize_part() {
            return Err(EncodeError::FieldTooLong {
                message_type: self.message_type,
                tag,
                len,
                max,
            });
        }
        let len = value.data_len();
        if value.is_ecc() {
            self.ecc_total += len;
            if self.ecc_total > MAX_ECC_BYTES {
                return Err(EncodeError::TooMuchEccData {
                    message_type: self.message_type,
                    total: self.ecc_total,
                });
            }
        }
        self.header(tag, len, max)?;
        value.write_data(self.dst);
        Ok(())
    }

    /// Writes an optional field.
    pub(crate) fn put_opt<T: FloatValue>(
        &mut self,
        tag: u16,
        max: usize,
        value: &Option<T>,
    ) -> Result<(), EncodeError> {
        match value {
            Some(v) => self.put(tag, max, v),
            None => Ok(()),
        }
    }

    /// Writes every entry of a repeated field.
    pub(crate) fn put_all<T: FloatValue>(
        &mut self,
        tag: u16,
        max: usize,
        values: &[T],
    ) -> Result<(), EncodeError> {
        if values.len() > MAX_REPEATED {
            return Err(EncodeError::TooManyEntries {
                message_type: self.message_type,
                tag,
                max: MAX_REPEATED,
            });
        }
        values.iter().try_for_each(|v| self.put(tag, max, v))
    }

    /// Writes every entry of a group.
    pub(crate) fn put_groups<G: FloatGroup>(
        &mut self,
        first_tag: u16,
        max_entries: usize,
        groups: &[G],
    ) -> Result<(), EncodeError> {
        if groups.len() > max_entries {
            return Err(EncodeError::TooManyEntries {
                message_type: self.message_type,
                tag: first_tag,
                max: max_entries,
            });
        }
        groups.iter().try_for_each(|g| g.write(self))
    }

    /// Writes an unknown field back as it came.
    pub(crate) fn put_raw(&mut self, field: &RawField) -> Result<(), EncodeError> {
        self.header(field.tag, field.data.len(), usize::MAX)?;
        self.dst.put_slice(&field.data);
        Ok(())
    }
}
