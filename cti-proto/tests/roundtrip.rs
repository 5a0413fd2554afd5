//! Property tests: every message round-trips at every supported version, arbitrary bytes
//! never panic the decoder, and truncation at any byte yields "need more" or an error.
#![allow(clippy::unwrap_used)]

use bytes::BytesMut;
use cti_proto::{decode, encode, CodecConfig, FloatingFormat, Message, ProtocolVersion};
use proptest::prelude::*;

fn versions() -> impl Strategy<Value = CodecConfig> {
    prop_oneof![
        (13u32..=25).prop_map(|v| CodecConfig::new(ProtocolVersion::ucce(v))),
        (10u32..=18).prop_map(|v| CodecConfig::new(ProtocolVersion::uccx(v))),
        Just(
            CodecConfig::new(ProtocolVersion::uccx(18))
                .with_floating_format(FloatingFormat::WideTagNarrowLength)
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn decode_of_encode_is_identity(cfg in versions(), msg in any::<Message>()) {
        let mut msg = msg;
        msg.conform_to(&cfg);
        let mut wire = BytesMut::new();
        encode(&msg, &mut wire, &cfg).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let encoded = wire.clone();
        let decoded = decode(&mut wire, &cfg).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(decoded.as_ref(), Some(&msg));
        prop_assert!(wire.is_empty());
        // Golden property: re-encoding the decoded value reproduces the bytes.
        let mut again = BytesMut::new();
        encode(decoded.as_ref().unwrap_or(&msg), &mut again, &cfg)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&again[..], &encoded[..]);
    }

    #[test]
    fn arbitrary_bytes_never_panic(cfg in versions(), bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let mut buf = BytesMut::from(&bytes[..]);
        for _ in 0..64 {
            match decode(&mut buf, &cfg) {
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(e) if e.is_fatal() => break,
                Err(_) => {}
            }
        }
    }

    #[test]
    fn framed_garbage_bodies_never_panic(
        cfg in versions(),
        msg_type in prop_oneof![1u32..=120, 229u32..=283],
        body in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let mut buf = BytesMut::new();
        buf.extend_from_slice(&(body.len() as u32).to_be_bytes());
        buf.extend_from_slice(&msg_type.to_be_bytes());
        buf.extend_from_slice(&body);
        let before = buf.len();
        let r = decode(&mut buf, &cfg);
        // A well-framed message is always consumed, whether or not its body is valid.
        prop_assert!(buf.is_empty(), "consumed {} of {}", before - buf.len(), before);
        if let Err(e) = r {
            prop_assert!(!e.is_fatal());
            prop_assert!(e.to_string().contains("offset"));
        }
    }
}

proptest! {
    // Every cut of every message: fewer cases, each one covers a whole message.
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn truncation_at_every_byte_boundary_never_panics(cfg in versions(), msg in any::<Message>()) {
        let mut msg = msg;
        msg.conform_to(&cfg);
        let mut wire = BytesMut::new();
        encode(&msg, &mut wire, &cfg).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for at in 0..wire.len() {
            // Fewer bytes than the frame: always "need more", nothing consumed.
            let mut partial = BytesMut::from(&wire[..at]);
            prop_assert!(matches!(decode(&mut partial, &cfg), Ok(None)));
            prop_assert_eq!(partial.len(), at);
            // The same cut re-framed as a whole (shorter) message: decoded or refused with
            // an error naming an offset, consumed either way, never a panic.
            if at >= 8 {
                let mut reframed = BytesMut::from(&wire[..at]);
                reframed[..4].copy_from_slice(&((at - 8) as u32).to_be_bytes());
                match decode(&mut reframed, &cfg) {
                    Ok(Some(_)) => {}
                    Ok(None) => prop_assert!(false, "a whole frame must not wait for more"),
                    Err(e) => {
                        prop_assert!(!e.is_fatal());
                        prop_assert!(e.to_string().contains("offset"), "{}", e);
                    }
                }
                prop_assert!(reframed.is_empty());
            }
        }
    }
}
