//! Size and shape limits applied while parsing.

/// Limits applied to every envelope this crate parses.
///
/// Input that exceeds a limit is refused with a typed error
/// ([`EnvelopeError::TooLarge`](crate::EnvelopeError::TooLarge),
/// [`EnvelopeError::TooDeep`](crate::EnvelopeError::TooDeep), …) before any of it is
/// interpreted further; nothing grows without bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest envelope accepted, in bytes. Default 1 MiB ([`Limits::DEFAULT_MAX_BYTES`]).
    pub max_bytes: usize,
    /// Deepest element nesting accepted, the Envelope being depth 1. Default 32.
    pub max_depth: usize,
    /// Most attributes (namespace declarations included) on one element. Default 32.
    pub max_attributes: usize,
    /// Most SOAP header blocks. Default 32.
    pub max_header_blocks: usize,
}

impl Limits {
    /// Default for [`Limits::max_bytes`]: 1 MiB, ample for any AXL request.
    pub const DEFAULT_MAX_BYTES: usize = 1024 * 1024;
    /// Limit for responses read by a client: CUCM refuses to build read responses over
    /// 8 MB, so 16 MiB leaves room for the XML overhead around them.
    pub const CLIENT_MAX_BYTES: usize = 16 * 1024 * 1024;

    /// Limits suited to parsing responses in a client (16 MiB, depth 64).
    #[must_use]
    pub const fn for_responses() -> Self {
        Limits {
            max_bytes: Self::CLIENT_MAX_BYTES,
            max_depth: 64,
            max_attributes: 32,
            max_header_blocks: 32,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: Self::DEFAULT_MAX_BYTES,
            max_depth: 32,
            max_attributes: 32,
            max_header_blocks: 32,
        }
    }
}
