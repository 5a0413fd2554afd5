//! Parser limits.

/// Default largest stanza, in bytes (256 KiB: Finesse Team and Dialogs updates stay far below).
pub const DEFAULT_MAX_STANZA_BYTES: usize = 256 * 1024;
/// Default deepest element nesting (the stream element counts as depth 1).
pub const DEFAULT_MAX_DEPTH: usize = 32;
/// Default most attributes on one element.
pub const DEFAULT_MAX_ATTRIBUTES: usize = 32;

/// Limits applied to every element the parsers build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlLimits {
    /// Largest top-level stanza (or standalone document), in bytes, markup included.
    pub max_stanza_bytes: usize,
    /// Deepest nesting of elements.
    pub max_depth: usize,
    /// Most attributes (namespace declarations not counted) on one element.
    pub max_attributes: usize,
}

impl Default for XmlLimits {
    fn default() -> Self {
        XmlLimits {
            max_stanza_bytes: DEFAULT_MAX_STANZA_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            max_attributes: DEFAULT_MAX_ATTRIBUTES,
        }
    }
}
