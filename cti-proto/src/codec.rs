//! Framing: the 8-byte header, the maximum message length, and the core `decode`/`encode`
//! pair that mirrors tokio-util's `Decoder`/`Encoder` contract without depending on tokio.

use bytes::{Buf, BufMut, BytesMut};

use crate::enums::MessageType;
use crate::error::{DecodeError, EncodeError};
use crate::message::Message;
use crate::version::{CodecConfig, ProtocolVersion};
use crate::wire::HEADER_LEN;

/// Decodes one message from the front of `src`.
///
/// * `Ok(None)`: `src` holds less than a whole message; nothing was consumed and `src` has
///   reserved room for the rest.
/// * `Ok(Some(m))`: one message was removed from `src`. String and opaque fields of `m` share
///   `src`'s allocation (no copy).
/// * `Err(e)` with [`e.is_fatal()`](DecodeError::is_fatal): the header declares an oversize
///   message; nothing was consumed and the stream cannot continue.
/// * `Err(e)` otherwise: the message was removed from `src` but its body is malformed; the
///   next call decodes the next message.
pub fn decode(src: &mut BytesMut, cfg: &CodecConfig) -> Result<Option<Message>, DecodeError> {
    let Some(header) = src.get(..HEADER_LEN) else {
        src.reserve(HEADER_LEN - src.len());
        return Ok(None);
    };
    let mut header = header;
    let body_len = header.get_u32();
    let message_type = MessageType::from_value(header.get_u32());
    let total = u64::from(body_len) + HEADER_LEN as u64;
    if total > cfg.max_message_len as u64 {
        return Err(DecodeError::FrameTooLarge {
            message_type,
            length: total,
            max: cfg.max_message_len,
        });
    }
    // Bounded by max_message_len (a usize), so the conversion is lossless.
    let total = total as usize;
    if src.len() < total {
        src.reserve(total - src.len());
        return Ok(None);
    }
    // One split for the whole frame; dropping the header from the frozen `Bytes` is a
    // pointer move (`BytesMut::advance` costs more).
    let mut body = src.split_to(total).freeze();
    body.advance(HEADER_LEN);
    // Only an error reports the InvokeID; keep its bytes, decide whether it is one later.
    let first_word = body.first_chunk::<4>().map(|b| u32::from_be_bytes(*b));
    Message::decode_body(message_type, body, cfg)
        .map(Some)
        .map_err(|(offset, kind)| DecodeError::Malformed {
            message_type,
            offset: offset + HEADER_LEN,
            invoke_id: first_word.filter(|_| message_type.carries_invoke_id()),
            kind,
        })
}

/// Appends `msg`, header included, to `dst`.
///
/// Every limit (tag maximums, the version's tag and length widths, the ECC total, the
/// maximum message length) is checked; on error `dst` is left exactly as it was.
pub fn encode(msg: &Message, dst: &mut BytesMut, cfg: &CodecConfig) -> Result<(), EncodeError> {
    let start = dst.len();
    dst.reserve(HEADER_LEN + 64);
    dst.put_u32(0);
    dst.put_u32(msg.message_type().value());
    let result = msg.encode_body(dst, cfg).and_then(|()| {
        let total = dst.len() - start;
        if total > cfg.max_message_len {
            return Err(EncodeError::MessageTooLarge {
                message_type: msg.message_type(),
                length: total,
                max: cfg.max_message_len,
            });
        }
        let body_len = (total - HEADER_LEN) as u32;
        if let Some(len_field) = dst.get_mut(start..start + 4) {
            len_field.copy_from_slice(&body_len.to_be_bytes());
        }
        Ok(())
    });
    if result.is_err() {
        dst.truncate(start);
    }
    result
}

/// A stateful codec for one connection: the configuration in force, which the sessions
/// update when OPEN_REQ/OPEN_CONF fix the version.
///
/// With the `tokio` feature it implements `tokio_util::codec::{Decoder, Encoder}`.
#[derive(Debug, Clone, Default)]
pub struct CtiCodec {
    config: CodecConfig,
}

impl CtiCodec {
    /// A codec with `config`.
    pub fn new(config: CodecConfig) -> Self {
        Self { config }
    }

    /// The configuration in force.
    pub fn config(&self) -> &CodecConfig {
        &self.config
    }

    /// Switches to `version` (after OPEN_REQ on a server, or OPEN_CONF on a client).
    pub fn set_version(&mut self, version: ProtocolVersion) {
        self.config.version = version;
    }

    /// Decodes one message; see [`decode`].
    pub fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        decode(src, &self.config)
    }

    /// Encodes one message; see [`encode`].
    pub fn encode(&mut self, msg: &Message, dst: &mut BytesMut) -> Result<(), EncodeError> {
        encode(msg, dst, &self.config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::HeartbeatReq;

    #[test]
    fn partial_header_waits() {
        let mut b = BytesMut::from(&[0u8, 0, 0][..]);
        assert!(matches!(decode(&mut b, &CodecConfig::default()), Ok(None)));
        assert_eq!(b.len(), 3);
    }

    #[test]
    fn oversize_is_fatal_and_names_the_type() {
        let mut b = BytesMut::from(&[0u8, 0, 0x30, 0xD5, 0, 0, 0, 30][..]);
        let e = decode(&mut b, &CodecConfig::default()).unwrap_err();
        assert!(e.is_fatal());
        assert_eq!(e.message_type(), Some(MessageType::AgentStateEvent));
        assert!(e.to_string().contains("AgentStateEvent"), "{e}");
    }

    #[test]
    fn malformed_request_names_its_invoke_id_and_an_event_none() {
        use crate::message::{AgentStateEvent, SetAgentStateReq};
        use crate::MalformedKind;
        let cfg = CodecConfig::default();
        for (msg, expected) in [
            (
                Message::from(SetAgentStateReq {
                    invoke_id: 0x0102_0304,
                    ..Default::default()
                }),
                Some(0x0102_0304),
            ),
            (AgentStateEvent::default().into(), None),
        ] {
            let mut wire = BytesMut::new();
            encode(&msg, &mut wire, &cfg).unwrap();
            // Cut the body to 6 bytes (and say so in the header): the fixed part is truncated.
            wire.truncate(HEADER_LEN + 6);
            wire[..4].copy_from_slice(&6u32.to_be_bytes());
            let e = decode(&mut wire, &cfg).unwrap_err();
            assert!(!e.is_fatal());
            assert_eq!(e.invoke_id(), expected, "{e}");
            assert!(matches!(
                e,
                DecodeError::Malformed {
                    kind: MalformedKind::TruncatedFixed { .. },
                    ..
                }
            ));
            assert!(wire.is_empty(), "the malformed message is consumed");
        }
    }

    #[test]
    fn repeated_fields_are_allocated_once_at_their_final_size() {
        use crate::message::CallDataUpdateEvent;
        use crate::wire::NamedVar;
        let cfg = CodecConfig::default();
        let mut m = CallDataUpdateEvent::default();
        m.call_data.named_variables = (0..5)
            .map(|i| NamedVar::new(&format!("user.v{i}"), "x").unwrap())
            .collect();
        m.call_data.call_variable_1 = Some(crate::CtiString::from_static("between"));
        let mut wire = BytesMut::new();
        encode(&m.clone().into(), &mut wire, &cfg).unwrap();
        let Some(Message::CallDataUpdateEvent(back)) = decode(&mut wire, &cfg).unwrap() else {
            panic!("wrong type");
        };
        assert_eq!(*back, m);
        assert_eq!(back.call_data.named_variables.capacity(), 5);
    }

    #[test]
    fn encode_failure_leaves_buffer_untouched() {
        let cfg = CodecConfig::default().with_max_message_len(10);
        let mut b = BytesMut::from(&b"xy"[..]);
        let m: Message = HeartbeatReq::new(1).into();
        assert!(encode(&m, &mut b, &cfg).is_err());
        assert_eq!(&b[..], b"xy");
    }
}
