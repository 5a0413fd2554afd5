//! Protocol versions, dialects and the codec configuration derived from them.

use std::fmt;

/// Which CTI Server implementation the peer is.
///
/// The two dialects share message numbers and most layouts, but number their protocol
/// versions independently and differ in where the floating-field encoding widens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Dialect {
    /// Unified CCE CTI Server on a Peripheral Gateway (protocol versions 9 … 25).
    #[default]
    Ucce,
    /// The Unified CCX engine's RmCm CTI server (protocol versions 10 … 18).
    Uccx,
}

/// A negotiated CTI protocol version together with its dialect.
///
/// The version is chosen by the client in OPEN_REQ and governs every later message of the
/// session: fixed-part fields that exist only from some version on, and the width of the
/// floating-field tag and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProtocolVersion {
    /// The dialect the number belongs to.
    pub dialect: Dialect,
    /// The `VersionNumber` of OPEN_REQ.
    pub number: u32,
}

impl ProtocolVersion {
    /// UCCE protocol version `number`.
    pub const fn ucce(number: u32) -> Self {
        Self {
            dialect: Dialect::Ucce,
            number,
        }
    }

    /// UCCX protocol version `number`.
    pub const fn uccx(number: u32) -> Self {
        Self {
            dialect: Dialect::Uccx,
            number,
        }
    }

    /// The oldest UCCE version this crate is tested against.
    pub const UCCE_MIN: u32 = 13;
    /// The newest UCCE version this crate knows (UCCE 15.0(1)).
    pub const UCCE_MAX: u32 = 25;
    /// The oldest UCCX version this crate is tested against.
    pub const UCCX_MIN: u32 = 10;
    /// The newest UCCX version (UCCX 12.5(1)SU1 and later).
    pub const UCCX_MAX: u32 = 18;

    /// Whether this crate supports the version (UCCE 13–25, UCCX 10–18).
    pub const fn is_supported(self) -> bool {
        match self.dialect {
            Dialect::Ucce => self.number >= Self::UCCE_MIN && self.number <= Self::UCCE_MAX,
            Dialect::Uccx => self.number >= Self::UCCX_MIN && self.number <= Self::UCCX_MAX,
        }
    }

    /// Whether a version-dependent fixed-part field is present in this version.
    pub const fn has(self, field: VersionedField) -> bool {
        match (field, self.dialect) {
            // UCCE 11.0 (v19) added DepartmentID; UCCX never carries it.
            (VersionedField::DepartmentId, Dialect::Ucce) => self.number >= 19,
            (VersionedField::DepartmentId, Dialect::Uccx) => false,
            // v24 active/standby added OPEN_CONF.SessionType.
            (VersionedField::SessionType, Dialect::Ucce) => self.number >= 24,
            (VersionedField::SessionType, Dialect::Uccx) => false,
            // MAKE_CALL_REQ.SkillGroupNumber from v14 (UCCX sends NULL_CSQ in it).
            (VersionedField::MakeCallSkillGroup, Dialect::Ucce) => self.number >= 14,
            (VersionedField::MakeCallSkillGroup, Dialect::Uccx) => true,
        }
    }

    /// The floating-field wire format of this version, with the default choice for the
    /// one undocumented case (see [`FloatingFormat`]).
    pub const fn floating_format(self) -> FloatingFormat {
        match self.dialect {
            Dialect::Ucce if self.number >= 20 => FloatingFormat::Wide,
            Dialect::Ucce => FloatingFormat::Narrow,
            Dialect::Uccx if self.number >= 18 => FloatingFormat::Wide,
            Dialect::Uccx => FloatingFormat::Narrow,
        }
    }
}

impl fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.dialect {
            Dialect::Ucce => write!(f, "UCCE v{}", self.number),
            Dialect::Uccx => write!(f, "UCCX v{}", self.number),
        }
    }
}

impl Default for ProtocolVersion {
    fn default() -> Self {
        Self::ucce(24)
    }
}

/// Fixed-part fields whose presence depends on the protocol version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VersionedField {
    /// `DepartmentID` (INT) appended to OPEN_CONF, AGENT_STATE_EVENT and
    /// QUERY_AGENT_STATE_CONF from UCCE v19; never in UCCX.
    DepartmentId,
    /// `SessionType` (USHORT) appended to OPEN_CONF from UCCE v24; never in UCCX.
    SessionType,
    /// `SkillGroupNumber` (UINT) appended to MAKE_CALL_REQ from UCCE v14 and in all UCCX
    /// versions.
    MakeCallSkillGroup,
}

/// How floating fields are framed: the widths of the tag and of the length.
///
/// * UCCE ≤ v19 and UCCX ≤ v17: 1-byte tag, 1-byte length ([`Narrow`](Self::Narrow)).
/// * UCCE ≥ v20: 2-byte tag, 2-byte length ([`Wide`](Self::Wide)); Cisco's "Changes and
///   Additions" chapter for protocol 20 states the switch.
/// * UCCX v18 (12.5(1)SU1): Cisco's change history says the *FieldDataID* became 2 bytes but
///   does not say whether the length widened too; the UCCX NAMEDVAR page still draws a 1-byte
///   length. This crate defaults to [`Wide`](Self::Wide) (the UCCE v20 layout the change was
///   made to match) and lets the embedder pick [`WideTagNarrowLength`](Self::WideTagNarrowLength)
///   through [`CodecConfig::floating_format`] if a real engine proves otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FloatingFormat {
    /// UCHAR tag + UCHAR length.
    Narrow,
    /// USHORT tag + USHORT length.
    Wide,
    /// USHORT tag + UCHAR length (one reading of the UCCX v18 documentation).
    WideTagNarrowLength,
}

impl FloatingFormat {
    /// Bytes taken by the tag.
    pub const fn tag_len(self) -> usize {
        match self {
            FloatingFormat::Narrow => 1,
            FloatingFormat::Wide | FloatingFormat::WideTagNarrowLength => 2,
        }
    }

    /// Bytes taken by the length.
    pub const fn length_len(self) -> usize {
        match self {
            FloatingFormat::Narrow | FloatingFormat::WideTagNarrowLength => 1,
            FloatingFormat::Wide => 2,
        }
    }

    /// Largest tag number the format can carry.
    pub const fn max_tag(self) -> u16 {
        match self {
            FloatingFormat::Narrow => u8::MAX as u16,
            FloatingFormat::Wide | FloatingFormat::WideTagNarrowLength => u16::MAX,
        }
    }

    /// Largest data length the format can carry.
    pub const fn max_length(self) -> usize {
        match self {
            FloatingFormat::Narrow | FloatingFormat::WideTagNarrowLength => u8::MAX as usize,
            FloatingFormat::Wide => u16::MAX as usize,
        }
    }
}

/// What the decoder does with a floating field whose tag the message does not define.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum UnknownTags {
    /// Keep it, in order, in the message's `unknown` list; the encoder writes it back.
    #[default]
    Keep,
    /// Skip it by its length.
    Skip,
    /// Fail the message with `E_CTI_INVALID_FIELD_TAG` (what a strict server does).
    Reject,
}

/// The largest CTI message, header included, per the UCCE protocol 24 guide.
pub const DEFAULT_MAX_MESSAGE_LEN: usize = 12_500;

/// The largest combined size of the NamedVariable and NamedArray fields of one message
/// (`E_CTI_TOO_MUCH_DATA` beyond it). Counted as the sum of their data lengths.
pub const MAX_ECC_BYTES: usize = 2_000;

/// Everything the codec needs to know about the session it serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodecConfig {
    /// The negotiated version (before OPEN_CONF: the version the client asks for).
    pub version: ProtocolVersion,
    /// Floating-field framing; `None` means the version's default
    /// ([`ProtocolVersion::floating_format`]).
    pub floating_format: Option<FloatingFormat>,
    /// The largest message accepted or produced, header included.
    pub max_message_len: usize,
    /// Treatment of floating tags the message does not define.
    pub unknown_tags: UnknownTags,
}

impl CodecConfig {
    /// A configuration for `version` with the documented defaults.
    pub const fn new(version: ProtocolVersion) -> Self {
        Self {
            version,
            floating_format: None,
            max_message_len: DEFAULT_MAX_MESSAGE_LEN,
            unknown_tags: UnknownTags::Keep,
        }
    }

    /// The floating format in force.
    pub const fn format(&self) -> FloatingFormat {
        match self.floating_format {
            Some(f) => f,
            None => self.version.floating_format(),
        }
    }

    /// Sets the largest message accepted or produced (header included).
    pub const fn with_max_message_len(mut self, len: usize) -> Self {
        self.max_message_len = len;
        self
    }

    /// Sets the treatment of unknown floating tags.
    pub const fn with_unknown_tags(mut self, policy: UnknownTags) -> Self {
        self.unknown_tags = policy;
        self
    }

    /// Overrides the floating-field framing.
    pub const fn with_floating_format(mut self, format: FloatingFormat) -> Self {
        self.floating_format = Some(format);
        self
    }
}

impl Default for CodecConfig {
    fn default() -> Self {
        Self::new(ProtocolVersion::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floating_width_switches_at_ucce_20_and_uccx_18() {
        assert_eq!(
            ProtocolVersion::ucce(19).floating_format(),
            FloatingFormat::Narrow
        );
        assert_eq!(
            ProtocolVersion::ucce(20).floating_format(),
            FloatingFormat::Wide
        );
        assert_eq!(
            ProtocolVersion::uccx(17).floating_format(),
            FloatingFormat::Narrow
        );
        assert_eq!(
            ProtocolVersion::uccx(18).floating_format(),
            FloatingFormat::Wide
        );
    }

    #[test]
    fn department_id_only_in_ucce_19_and_later() {
        assert!(!ProtocolVersion::ucce(18).has(VersionedField::DepartmentId));
        assert!(ProtocolVersion::ucce(19).has(VersionedField::DepartmentId));
        assert!(!ProtocolVersion::uccx(18).has(VersionedField::DepartmentId));
    }

    #[test]
    fn supported_ranges() {
        assert!(ProtocolVersion::ucce(13).is_supported());
        assert!(ProtocolVersion::ucce(25).is_supported());
        assert!(!ProtocolVersion::ucce(26).is_supported());
        assert!(!ProtocolVersion::uccx(9).is_supported());
        assert!(ProtocolVersion::uccx(18).is_supported());
    }
}
