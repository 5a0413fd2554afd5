//! Configuration messages (v24 numbering 230–238; UCCX names in parentheses).
//!
//! Layouts follow Cisco's UCCX developer pages (CONFIG_REQUEST_KEY_EVENT, CONFIG_KEY_EVENT,
//! CONFIG_REQUEST_EVENT, CONFIG_BEGIN_EVENT, CONFIG_END_EVENT and the record events). The
//! record events carry up to ten records, each a run of floating
//! fields that starts at RecordType (183) and may repeat a tag (UCCX's CSQ records use tag
//! 184 twice, agent records repeat CSQID/reserved pairs), so records are kept as ordered
//! field lists with typed accessors rather than as structs.

use bytes::{BufMut, Bytes, BytesMut};

use crate::enums::ConfigMsgMask;
use crate::error::{EncodeError, MalformedKind};
use crate::version::CodecConfig;
use crate::wire::{At, CtiString, FloatIter, FloatSink, FloatWriter, RawField};

cti_message! {
    /// CONFIG_REQUEST_KEY_EVENT (230, client to server): asks for the configuration keys.
    pub struct ConfigRequestKeyEvent = ConfigRequestKeyEvent {
        /// Reserved (v11+), 0.
        reserved: u32,
    }
    floating {
        /// Reserved (131), 0.
        reserved_131: one u32 [131; 4],
    }
}

cti_message! {
    /// CONFIG_KEY_EVENT (231): the server's configuration keys (8-byte integers; all zeros
    /// means "upload needed").
    pub struct ConfigKeyEvent = ConfigKeyEvent {
        /// Status: 0 success, 1 service not requested, 2 no key support, 3 unknown data.
        status: u32,
    }
    floating {
        /// ServiceConfigKey (177) (UCCX: ApplicationConfigKey).
        service_config_key: one Bytes [177; 8],
        /// SkillGroupConfigKey (178) (UCCX: CSQConfigKey).
        skill_group_config_key: one Bytes [178; 8],
        /// AgentConfigKey (179).
        agent_config_key: one Bytes [179; 8],
        /// DeviceConfigKey (180).
        device_config_key: one Bytes [180; 8],
    }
}

cti_message! {
    /// CONFIG_REQUEST_EVENT (232, client to server): which configuration to upload (0: only
    /// updates from now on).
    pub struct ConfigRequestEvent = ConfigRequestEvent {
        /// ConfigurationMask.
        configuration_mask: ConfigMsgMask,
        /// Reserved (v11+), 0.
        reserved: u32,
    }
    floating {
        /// Reserved (131), required, 0.
        reserved_131: one u32 [131; 4],
    }
}

cti_message! {
    /// CONFIG_BEGIN_EVENT (233): records follow.
    pub struct ConfigBeginEvent = ConfigBeginEvent {
        /// ConfigType: 1 initial, 2 update.
        config_type: u16,
        /// ConfigurationMask.
        configuration_mask: ConfigMsgMask,
    }
    floating {
        /// ServiceConfigKey (177).
        service_config_key: one Bytes [177; 8],
        /// SkillGroupConfigKey (178).
        skill_group_config_key: one Bytes [178; 8],
        /// AgentConfigKey (179).
        agent_config_key: one Bytes [179; 8],
        /// DeviceConfigKey (180).
        device_config_key: one Bytes [180; 8],
    }
}

cti_message! {
    /// CONFIG_END_EVENT (234): the records are complete (or there were none, or an error).
    pub struct ConfigEndEvent = ConfigEndEvent {
        /// Status: 0 success, 1 service not requested, 2 unknown data, 3 error, 4 empty,
        /// 5 partial.
        status: u32,
    }
    floating {
        /// Text (7): what went wrong, if anything.
        text: one CtiString [7; 255],
    }
}

/// The tag that starts every configuration record.
pub const RECORD_TYPE_TAG: u16 = 183;
/// Most records one message may carry (UCCX documents 10).
pub const MAX_CONFIG_RECORDS: usize = 64;
/// Most floating fields one record may carry.
pub const MAX_RECORD_FIELDS: usize = 128;

/// One configuration record: its floating fields in wire order, starting at RecordType.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigRecord {
    /// The fields.
    pub fields: Vec<RawField>,
}

impl ConfigRecord {
    /// RecordType: 0 add, 1 change, 2 delete.
    pub fn record_type(&self) -> Option<u16> {
        self.u16(RECORD_TYPE_TAG)
    }

    /// The first field with `tag`.
    pub fn field(&self, tag: u16) -> Option<&Bytes> {
        self.fields.iter().find(|f| f.tag == tag).map(|f| &f.data)
    }

    /// The first field with `tag` as a UINT.
    pub fn u32(&self, tag: u16) -> Option<u32> {
        self.field(tag)
            .and_then(|d| <[u8; 4]>::try_from(&d[..]).ok())
            .map(u32::from_be_bytes)
    }

    /// Every field with `tag` as UINTs, in order (e.g. an agent's CSQIDs, tag 62).
    pub fn u32s(&self, tag: u16) -> impl Iterator<Item = u32> + '_ {
        self.fields
            .iter()
            .filter(move |f| f.tag == tag)
            .filter_map(|f| <[u8; 4]>::try_from(&f.data[..]).ok())
            .map(u32::from_be_bytes)
    }

    /// The first field with `tag` as a USHORT.
    pub fn u16(&self, tag: u16) -> Option<u16> {
        self.field(tag)
            .and_then(|d| <[u8; 2]>::try_from(&d[..]).ok())
            .map(u16::from_be_bytes)
    }

    /// The first field with `tag` as a STRING (up to its NUL; `None` if not UTF-8).
    pub fn string(&self, tag: u16) -> Option<&str> {
        let d = self.field(tag)?;
        let end = memchr::memchr(0, d).unwrap_or(d.len());
        std::str::from_utf8(d.get(..end)?).ok()
    }

    /// A record of `record_type` (add 0, change 1, delete 2).
    pub fn new(record_type: u16) -> Self {
        let mut r = Self::default();
        r.push_u16(RECORD_TYPE_TAG, record_type);
        r
    }

    /// Appends a UINT field.
    pub fn push_u32(&mut self, tag: u16, value: u32) -> &mut Self {
        self.push_raw(tag, Bytes::copy_from_slice(&value.to_be_bytes()))
    }

    /// Appends a USHORT field.
    pub fn push_u16(&mut self, tag: u16, value: u16) -> &mut Self {
        self.push_raw(tag, Bytes::copy_from_slice(&value.to_be_bytes()))
    }

    /// Appends a STRING field (NUL added).
    pub fn push_string(&mut self, tag: u16, value: &str) -> &mut Self {
        let mut b = BytesMut::with_capacity(value.len() + 1);
        b.put_slice(value.as_bytes());
        b.put_u8(0);
        self.push_raw(tag, b.freeze())
    }

    fn push_raw(&mut self, tag: u16, data: Bytes) -> &mut Self {
        self.fields.push(RawField { tag, data });
        self
    }
}

/// Splits floating fields into records at every RecordType.
pub(crate) fn decode_records(
    body: &Bytes,
    start: usize,
    cfg: &CodecConfig,
) -> Result<Vec<ConfigRecord>, At> {
    let mut records: Vec<ConfigRecord> = Vec::new();
    let mut sink = FloatSink::new(cfg);
    for field in FloatIter::new(body, start, cfg.format()) {
        let (tag, off, data) = field?;
        let data: Bytes = sink.value::<Bytes>(tag, usize::MAX, off, data)?;
        if tag == RECORD_TYPE_TAG || records.is_empty() {
            if records.len() >= MAX_CONFIG_RECORDS {
                return Err((
                    off,
                    MalformedKind::TooManyEntries {
                        tag,
                        max: MAX_CONFIG_RECORDS,
                    },
                ));
            }
            records.push(ConfigRecord::default());
        }
        if let Some(record) = records.last_mut() {
            if record.fields.len() >= MAX_RECORD_FIELDS {
                return Err((
                    off,
                    MalformedKind::TooManyEntries {
                        tag,
                        max: MAX_RECORD_FIELDS,
                    },
                ));
            }
            record.fields.push(RawField { tag, data });
        }
    }
    Ok(records)
}

pub(crate) fn encode_records(
    records: &[ConfigRecord],
    w: &mut FloatWriter<'_>,
) -> Result<(), EncodeError> {
    records
        .iter()
        .flat_map(|r| &r.fields)
        .try_for_each(|f| w.put_raw(f))
}

/// A record message: NumRecords, then records.
macro_rules! cti_record_message {
    ($(#[$meta:meta])* pub struct $name:ident = $mtype:ident;) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct $name {
            /// NumRecords (at most 10 in UCCX).
            pub num_records: u16,
            /// The records.
            pub records: Vec<ConfigRecord>,
        }

        impl $crate::message::Body for $name {
            const TYPE: $crate::enums::MessageType = $crate::enums::MessageType::$mtype;

            fn decode_boxed(body: &Bytes, cfg: &CodecConfig) -> Result<Box<Self>, At> {
                let mut r = $crate::wire::Reader::new(body);
                let num_records = $crate::wire::Fixed::read(&mut r, "num_records")?;
                let records = decode_records(body, r.pos(), cfg)?;
                Ok(Box::new(Self { num_records, records }))
            }

            fn encode_body(&self, dst: &mut BytesMut, cfg: &CodecConfig) -> Result<(), EncodeError> {
                $crate::wire::Fixed::write(&self.num_records, dst);
                let mut w = FloatWriter::new(dst, cfg, Self::TYPE);
                encode_records(&self.records, &mut w)
            }

            fn conform_to(&mut self, cfg: &CodecConfig) {
                let max = cfg.format().max_tag();
                for r in &mut self.records {
                    r.fields.retain(|f| f.tag <= max);
                }
                self.records.retain(|r| r.record_type().is_some());
            }

            fn invoke_id(&self) -> Option<u32> {
                None
            }

            fn set_invoke_id(&mut self, _id: u32) {}
        }

        #[cfg(feature = "proptest")]
        impl ::proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = ::proptest::strategy::BoxedStrategy<Self>;
            fn arbitrary_with(_: ()) -> Self::Strategy {
                use ::proptest::prelude::*;
                (any::<u16>(), ::proptest::collection::vec(arbitrary_record(), 0..4))
                    .prop_map(|(num_records, records)| Self { num_records, records })
                    .boxed()
            }
        }
    };
}

#[cfg(feature = "proptest")]
fn arbitrary_record() -> impl proptest::strategy::Strategy<Value = ConfigRecord> {
    use proptest::prelude::*;
    let field = (
        prop::sample::select(vec![62u16, 64, 129, 133, 134, 173, 184, 189, 190]),
        prop::collection::vec(any::<u8>(), 0..24),
    )
        .prop_map(|(tag, data)| RawField {
            tag,
            data: Bytes::from(data),
        });
    (0u16..3, prop::collection::vec(field, 0..6)).prop_map(|(kind, fields)| {
        let mut r = ConfigRecord::new(kind);
        r.fields.extend(fields);
        r
    })
}

cti_record_message! {
    /// CONFIG_SERVICE_EVENT (235) (UCCX: CONFIG_APPLICATION_EVENT): ApplicationID (184),
    /// MaxQueued (129), ApplicationName (133), Description (134), … per record.
    pub struct ConfigServiceEvent = ConfigServiceEvent;
}

cti_record_message! {
    /// CONFIG_SKILL_GROUP_EVENT (236) (UCCX: CONFIG_CSQ_EVENT): CSQID (184), CSQName (133),
    /// AutoWork (185), … per record.
    pub struct ConfigSkillGroupEvent = ConfigSkillGroupEvent;
}

cti_record_message! {
    /// CONFIG_AGENT_EVENT (237): AgentType (189), LoginID (190), LastName (138), FirstName
    /// (137), Extension (173), NumCSQ (191) then CSQID (62) / reserved (64) pairs, … per
    /// record. LoginID is the record key.
    pub struct ConfigAgentEvent = ConfigAgentEvent;
}

cti_record_message! {
    /// CONFIG_DEVICE_EVENT (238): DeviceField0 (184), DeviceType (195), MaxQueued (129),
    /// DeviceField1 (193), DeviceField2 (11), Extension (173), Description (134) per record.
    pub struct ConfigDeviceEvent = ConfigDeviceEvent;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{decode, encode, Message, ProtocolVersion};

    #[test]
    fn agent_records_split_at_record_type_and_keep_repeated_csqs() {
        let mut a = ConfigRecord::new(0);
        a.push_u16(189, 1).push_string(190, "jdoe").push_u16(191, 2);
        a.push_u32(62, 7)
            .push_u16(64, 0)
            .push_u32(62, 9)
            .push_u16(64, 0);
        let mut b = ConfigRecord::new(2);
        b.push_string(190, "asmith");
        let ev = ConfigAgentEvent {
            num_records: 2,
            records: vec![a, b],
        };
        for cfg in [
            CodecConfig::new(ProtocolVersion::uccx(11)),
            CodecConfig::new(ProtocolVersion::ucce(24)),
        ] {
            let mut wire = BytesMut::new();
            encode(&ev.clone().into(), &mut wire, &cfg).unwrap();
            let Some(Message::ConfigAgentEvent(back)) = decode(&mut wire, &cfg).unwrap() else {
                panic!()
            };
            assert_eq!(*back, ev);
            assert_eq!(back.records[0].string(190), Some("jdoe"));
            assert_eq!(back.records[0].u32s(62).collect::<Vec<_>>(), vec![7, 9]);
            assert_eq!(back.records[1].record_type(), Some(2));
        }
    }
}
