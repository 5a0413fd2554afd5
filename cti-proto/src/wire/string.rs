//! STRING, NAMEDVAR and NAMEDARRAY values: views into the received buffer, validated once.

use std::fmt;
use std::ops::Deref;

use bytes::{Buf, BufMut, Bytes, BytesMut};
use bytestring::ByteString;

use super::floating::{Field, FloatValue};
use crate::error::MalformedKind;

/// A CTI STRING: text without its NUL terminator, sharing the received buffer.
///
/// Decoding validates the bytes once (UTF-8; UCCE sends ASCII, UCCX UTF-8) and never copies
/// them; the value then derefs to `&str` at no cost. On the wire the encoder appends the NUL
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
    #[inline]
    fn from_slice_of(body: Field<'_>, tag: u16) -> Result<Self, MalformedKind> {
        let raw = body.as_slice();
        let end = memchr::memchr(0, raw).unwrap_or(raw.len());
        let mut bytes = body.to_bytes();
        bytes.truncate(end);
        ByteString::try_from(bytes)
            .map(Self)
            .map_err(|_| MalformedKind::InvalidUtf8 { tag })
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
    let nul = memchr::memchr(0, raw).ok_or(MalformedKind::MissingNul { tag })?;
    if nul > MAX_ECC_NAME {
        return Err(MalformedKind::FieldTooLong {
            tag,
            len: nul + 1,
            max: MAX_ECC_NAME + 1,
        });
    }
    let value_raw = raw.get(nul + 1..).unwrap_or_default();
    let value_len = memchr::memchr(0, value_raw).unwrap_or(value_raw.len());
    if value_len > MAX_ECC_VALUE {
        return Err(MalformedKind::FieldTooLong {
            tag,
            len: value_len + 1,
            max: MAX_ECC_VALUE + 1,
        });
    }
    // Two views into one slice of the body: one reference-count increment each.
    let mut value = data.to_bytes();
    let mut name = value.split_to(skip + nul + 1);
    value.truncate(value_len);
    name.advance(skip);
    name.truncate(nul);
    let invalid = |_| MalformedKind::InvalidUtf8 { tag };
    Ok((
        CtiString(ByteString::try_from(name).map_err(invalid)?),
        CtiString(ByteString::try_from(value).map_err(invalid)?),
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
