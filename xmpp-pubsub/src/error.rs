//! The crate-wide error type.

use crate::codec::element::XmlError;
use crate::codec::payload::PayloadError;
use crate::codec::stream::StreamParseError;

/// Any error of this crate's parsing layers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not acceptable XML.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// The XML is not a valid payload of the expected type.
    #[error(transparent)]
    Payload(#[from] PayloadError),
    /// The stream cannot be parsed further.
    #[error(transparent)]
    Stream(#[from] StreamParseError),
}
