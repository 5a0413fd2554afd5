//! STRING, NAMEDVAR and NAMEDARRAY values: views into the received buffer, validated once.

use std::fmt;
use std::ops::Deref;

use bytes::{BufMut, Bytes, BytesMut};
use bytestring::ByteString;

use super::floating::{Field, FloatValue};
use crate::error::MalformedKind;

/// A CTI STRING: text without its NUL terminator, sharing the received buffer.
///
/// Decoding validates the bytes once (UTF-8; UCCE sends ASCII, UCCX UTF-8) and never copies
/// them: the value is a slice of the received frame (one reference-count increment, none
/// when empty) and derefs to `&str` at no cost. On the wire the encoder appends the NUL
/// and counts it in the field length, which is why a tag's maximum includes it. The decoder is
/// tolerant of a missing NUL and ignores anything after the first one.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CtiString(ByteString);

/// A string cannot be a CTI STRING because it contains a NUL byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("CTI strings cannot contain a NUL byte (found at {0})")]
pub struct InvalidString(pub usize);

impl CtiString {
    /// Wraps `s`, refusing interior NULs.
    pub fn new(s: impl Into<ByteString>) -> Result<Self, InvalidString> {
        let s = s.into();
        match s.as_bytes().iter().position(|&b| b == 0) {
            Some(at) => Err(InvalidString(at)),
            None => Ok(Self(s)),
        }
    }

    /// A string from a literal, without copying; anything from a NUL on is dropped.
    pub fn from_static(s: &'static str) -> Self {
        let end = s.find('\0').unwrap_or(s.len());
        Self(ByteString::from_static(s.get(..end).unwrap_or_default()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The bytes of the text (shared with the buffer it was decoded from).
    pub fn as_bytes(&self) -> &Bytes {
        self.0.as_bytes()
    }

    /// Length in bytes, without the NUL.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Decodes STRING data: up to the first NUL, UTF-8, validated once.
    ///
    /// One pass finds the NUL ([`text_len`]), one slice of the body shares its buffer (a
    /// single reference-count increment; none for an empty string), and `ByteString`
    /// validates the text (an ASCII check first, so UCCE's ASCII costs one more pass).
    #[inline]
    fn from_slice_of(body: Field<'_>, tag: u16) -> Result<Self, MalformedKind> {
        let end = text_len(body.as_slice());
        Self::from_part(body, 0, end, tag)
    }

    /// `len` bytes of `body` from `skip`, validated (both bounds already checked).
    #[inline(always)]
    fn from_part(
        body: Field<'_>,
        skip: usize,
        len: usize,
        tag: u16,
    ) -> Result<Self, MalformedKind> {
        ByteString::try_from(body.slice(skip, len))
            .map(Self)
            .map_err(|_| MalformedKind::InvalidUtf8 { tag })
    }
}

/// The length of the text at the start of `raw`: the index of the first NUL, or `raw.len()`.
///
/// The innermost loop of string decoding, so it looks at eight bytes per step: in a word
/// `w`, `(w - 0x01…01) & !w & 0x80…80` is non-zero iff a byte is zero, and its lowest set bit
/// marks the first zero byte (a borrow only sets bits above a real zero). The last few bytes
/// are checked through one word ending at the end of `raw` (overlapping bytes already
/// known to be non-zero), and a field shorter than a word through two 4-byte halves, so a
/// typical field (text, then its NUL as the last byte) takes `len / 8 + 1` steps.
#[inline]
pub(crate) fn text_len(raw: &[u8]) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let first_zero = |w: u64| -> Option<usize> {
        let z = w.wrapping_sub(LO) & !w & HI;
        (z != 0).then(|| (z.trailing_zeros() / 8) as usize)
    };
    let mut rest = raw;
    let mut base = 0;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        if tail.is_empty() {
            break;
        }
        if let Some(i) = first_zero(u64::from_le_bytes(*word)) {
            return base + i;
        }
        base += 8;
        rest = tail;
    }
    // 1..=8 bytes left (or none): one word ending at the end of `raw`, which may overlap
    // bytes already found to be non-zero.
    if let Some(word) = raw.last_chunk::<8>() {
        return first_zero(u64::from_le_bytes(*word)).map_or(raw.len(), |i| raw.len() - 8 + i);
    }
    // Shorter than a word (extensions, DNIS): the same with two halves, which may overlap.
    let first_zero32 = |w: u32| -> Option<usize> {
        let z = w.wrapping_sub(LO as u32) & !w & HI as u32;
        (z != 0).then(|| (z.trailing_zeros() / 8) as usize)
    };
    match (raw.first_chunk::<4>(), raw.last_chunk::<4>()) {
        (Some(head), Some(last)) => first_zero32(u32::from_le_bytes(*head)).unwrap_or_else(|| {
            first_zero32(u32::from_le_bytes(*last)).map_or(raw.len(), |i| raw.len() - 4 + i)
        }),
        _ => raw.iter().position(|&b| b == 0).unwrap_or(raw.len()),
    }
}

impl Deref for CtiString {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for CtiString {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CtiString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for CtiString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for CtiString {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for CtiString {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl TryFrom<&str> for CtiString {
    type Error = InvalidString;
    fn try_from(s: &str) -> Result<Self, InvalidString> {
        Self::new(s.to_owned())
    }
}

impl TryFrom<String> for CtiString {
    type Error = InvalidString;
    fn try_from(s: String) -> Result<Self, InvalidString> {
        Self::new(s)
    }
}

impl FloatValue for CtiString {
    #[inline]
    fn decode_data(data: Field<'_>, tag: u16) -> Result<Self, MalformedKind> {
        Self::from_slice_of(data, tag)
    }
    fn data_len(&self) -> usize {
        self.len() + 1
    }
    fn write_data(&self, dst: &mut BytesMut) {
        dst.put_slice(self.as_bytes());
        dst.put_u8(0);
    }
}

/// UNSPEC: opaque bytes (ClientPassword, UserToUserInfo, CallReferenceID), no terminator.
impl FloatValue for Bytes {
    fn decode_data(data: Field<'_>, _tag: u16) -> Result<Self, MalformedKind> {
        Ok(data.to_bytes())
    }
    fn data_len(&self) -> usize {
        self.len()
    }
    fn write_data(&self, dst: &mut BytesMut) {
        dst.put_slice(self)
    }
}

/// Largest NamedVariable / NamedArray name, without its NUL.
pub const MAX_ECC_NAME: usize = 32;
/// Largest NamedVariable / NamedArray value, without its NUL.
pub const MAX_ECC_VALUE: usize = 210;

/// A NAMEDVAR (tag 82): an Expanded Call Context scalar variable, `name\0value\0`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct NamedVar {
    /// VariableName, at most 32 bytes (e.g. `user.case.id`).
    pub name: CtiString,
    /// VariableValue, at most 210 bytes.
    pub value: CtiString,
}

impl NamedVar {
    /// A variable; `None` when the name or value is too long or contains a NUL.
    pub fn new(name: &str, value: &str) -> Option<Self> {
        if name.len() > MAX_ECC_NAME || value.len() > MAX_ECC_VALUE {
            return None;
        }
        Some(Self {
            name: CtiString::try_from(name).ok()?,
            value: CtiString::try_from(value).ok()?,
        })
    }
}

/// Splits `name\0value\0` (the value's NUL may be missing at the very end), after
/// `skip` leading bytes (the NamedArray index).
fn split_name_value(
    data: Field<'_>,
    skip: usize,
    tag: u16,
) -> Result<(CtiString, CtiString), MalformedKind> {
    let raw = data.as_slice().get(skip..).unwrap_or_default();
    let nul = text_len(raw);
    if nul == raw.len() {
        return Err(MalformedKind::MissingNul { tag });
    }
    if nul > MAX_ECC_NAME {
        return Err(MalformedKind::FieldTooLong {
            tag,
            len: nul + 1,
            max: MAX_ECC_NAME + 1,
        });
    }
    let value_raw = raw.get(nul + 1..).unwrap_or_default();
    let value_len = text_len(value_raw);
    if value_len > MAX_ECC_VALUE {
        return Err(MalformedKind::FieldTooLong {
            tag,
            len: value_len + 1,
            max: MAX_ECC_VALUE + 1,
        });
    }
    // Two views into the body: one reference-count increment each.
    Ok((
        CtiString::from_part(data, skip, nul, tag)?,
        CtiString::from_part(data, skip + nul + 1, value_len, tag)?,
    ))
}

impl FloatValue for NamedVar {
    fn decode_data(data: Field<'_>, tag: u16) -> Result<Self, MalformedKind> {
        let (name, value) = split_name_value(data, 0, tag)?;
        Ok(Self { name, value })
    }
    fn data_len(&self) -> usize {
        self.name.len() + 1 + self.value.len() + 1
    }
    fn write_data(&self, dst: &mut BytesMut) {
        self.name.write_data(dst);
        self.value.write_data(dst);
    }
    fn is_ecc(&self) -> bool {
        true
    }
    fn oversize_part(&self) -> Option<(usize, usize)> {
        ecc_oversize(&self.name, &self.value)
    }
}

fn ecc_oversize(name: &CtiString, value: &CtiString) -> Option<(usize, usize)> {
    if name.len() > MAX_ECC_NAME {
        Some((name.len() + 1, MAX_ECC_NAME + 1))
    } else if value.len() > MAX_ECC_VALUE {
        Some((value.len() + 1, MAX_ECC_VALUE + 1))
    } else {
        None
    }
}

/// A NAMEDARRAY (tag 83): one element of an ECC array, `index name\0value\0`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct NamedArray {
    /// VariableIndex (0-based).
    pub index: u8,
    /// VariableName, at most 32 bytes.
    pub name: CtiString,
    /// VariableValue, at most 210 bytes.
    pub value: CtiString,
}

impl FloatValue for NamedArray {
    fn decode_data(data: Field<'_>, tag: u16) -> Result<Self, MalformedKind> {
        let index = *data
            .as_slice()
            .first()
            .ok_or(MalformedKind::MissingNul { tag })?;
        let (name, value) = split_name_value(data, 1, tag)?;
        Ok(Self { index, name, value })
    }
    fn data_len(&self) -> usize {
        1 + self.name.len() + 1 + self.value.len() + 1
    }
    fn write_data(&self, dst: &mut BytesMut) {
        dst.put_u8(self.index);
        self.name.write_data(dst);
        self.value.write_data(dst);
    }
    fn is_ecc(&self) -> bool {
        true
    }
    fn oversize_part(&self) -> Option<(usize, usize)> {
        ecc_oversize(&self.name, &self.value)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::text_len;

    fn naive(raw: &[u8]) -> usize {
        raw.iter().position(|&b| b == 0).unwrap_or(raw.len())
    }

    #[test]
    fn text_len_every_position_and_length() {
        for len in 0..40 {
            let mut raw = vec![b'x'; len];
            assert_eq!(text_len(&raw), len);
            for at in 0..len {
                raw.fill(0x81);
                raw[at] = 0;
                assert_eq!(text_len(&raw), at, "len {len}, NUL at {at}");
                // A second NUL after the first (and 0x01 bytes, which borrow) changes nothing.
                for b in raw.iter_mut().skip(at + 1).step_by(2) {
                    *b = 0;
                }
                if at > 0 {
                    raw[at - 1] = 1;
                }
                assert_eq!(text_len(&raw), at, "len {len}, NUL at {at}");
            }
        }
    }

    proptest! {
        #[test]
        fn text_len_is_the_first_nul(raw in proptest::collection::vec(
            prop_oneof![Just(0u8), Just(1u8), Just(0x80u8), any::<u8>()], 0..80,
        )) {
            prop_assert_eq!(text_len(&raw), naive(&raw));
        }
    }
}
