//! `tokio_util::codec::{Decoder, Encoder}` for [`CtiCodec`]: pure delegation.

use bytes::BytesMut;
use tokio_util::codec::{Decoder, Encoder};

use crate::codec::CtiCodec;
use crate::error::{DecodeError, EncodeError};
use crate::message::Message;

/// Items are `Result`s: a malformed but well-framed message is an `Err` *item* (the stream
/// goes on, as tokio-util's contract allows for skippable input); only unframeable input or
/// I/O failure ends the stream with an error.
impl Decoder for CtiCodec {
    type Item = Result<Message, DecodeError>;
    type Error = DecodeError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Self::Item>, DecodeError> {
        match CtiCodec::decode(self, src) {
            Ok(Some(m)) => Ok(Some(Ok(m))),
            Ok(None) => Ok(None),
            Err(e) if e.is_fatal() => Err(e),
            Err(e) => Ok(Some(Err(e))),
        }
    }
}

impl Encoder<Message> for CtiCodec {
    type Error = EncodeError;

    fn encode(&mut self, item: Message, dst: &mut BytesMut) -> Result<(), EncodeError> {
        CtiCodec::encode(self, &item, dst)
    }
}

impl Encoder<&Message> for CtiCodec {
    type Error = EncodeError;

    fn encode(&mut self, item: &Message, dst: &mut BytesMut) -> Result<(), EncodeError> {
        CtiCodec::encode(self, item, dst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CodecConfig, HeartbeatReq};
    use futures_util::{SinkExt, StreamExt};
    use tokio_util::codec::{FramedRead, FramedWrite};

    #[tokio::test]
    async fn framed_round_trip_and_skippable_error() {
        let (a, b) = tokio::io::duplex(1024);
        let mut w = FramedWrite::new(a, CtiCodec::new(CodecConfig::default()));
        let mut r = FramedRead::new(b, CtiCodec::new(CodecConfig::default()));
        w.send(Message::from(HeartbeatReq::new(9))).await.unwrap();
        // A HEARTBEAT_REQ whose body is one byte short: malformed, but framed.
        w.get_mut()
            .write_all_buf(&mut &[0u8, 0, 0, 3, 0, 0, 0, 5, 0, 0, 1][..])
            .await
            .unwrap();
        w.send(Message::from(HeartbeatReq::new(10))).await.unwrap();
        let first = r.next().await.unwrap().unwrap().unwrap();
        assert_eq!(first.invoke_id(), Some(9));
        assert!(r.next().await.unwrap().unwrap().is_err());
        let third = r.next().await.unwrap().unwrap().unwrap();
        assert_eq!(third.invoke_id(), Some(10));
    }

    use tokio::io::AsyncWriteExt;
}
