//! Typed messages: one struct per message type and the [`Message`] enum over all of them.

#[macro_use]
mod macros;
mod agent;
mod call_control;
mod call_events;
mod config;
mod groups;
mod session;
mod statistics;

use bytes::{Bytes, BytesMut};

pub use agent::*;
pub use call_control::*;
pub use call_events::*;
pub use config::*;
pub use groups::*;
pub use session::*;
pub use statistics::*;

use crate::enums::MessageType;
use crate::error::EncodeError;
use crate::version::CodecConfig;
use crate::wire::At;

/// What every typed message implements (crate-internal; the public surface is [`Message`]).
pub(crate) trait Body: Sized {
    /// The header's MessageType.
    const TYPE: MessageType;
    /// Decodes a body (header already removed) into a box, filled in place.
    fn decode_boxed(body: &Bytes, cfg: &CodecConfig) -> Result<Box<Self>, At>;
    /// Encodes the body (without header).
    fn encode_body(&self, dst: &mut BytesMut, cfg: &CodecConfig) -> Result<(), EncodeError>;
    /// Drops what the configured version cannot carry.
    fn conform_to(&mut self, cfg: &CodecConfig);
    /// The InvokeID, for requests and confirmations.
    fn invoke_id(&self) -> Option<u32>;
    /// Sets the InvokeID (no-op for messages without one).
    fn set_invoke_id(&mut self, id: u32);
}

impl From<RawMessage> for Message {
    fn from(m: RawMessage) -> Self {
        Message::Raw(m)
    }
}

/// A message whose type this crate does not decode: its type and body as received.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawMessage {
    /// The header's MessageType.
    pub message_type: MessageType,
    /// The body, header excluded.
    pub body: Bytes,
}

macro_rules! cti_messages {
    ($( $name:ident ),* $(,)?) => {
        /// Any CTI message.
        ///
        /// Types without a typed struct here (and types from newer versions) decode to
        /// [`Message::Raw`], so a well-framed message never fails the stream.
        ///
        /// Typed messages are boxed: the structs range from 32 bytes (HEARTBEAT_REQ) to
        /// nearly 900 (CALL_DELIVERED_EVENT), and one allocation per message is cheaper
        /// than moving the largest variant around for every message.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Message {
            $(
                #[doc = concat!("A [`", stringify!($name), "`].")]
                $name(Box<$name>),
            )*
            /// A message kept as raw bytes.
            Raw(RawMessage),
        }

        impl Message {
            /// The header's MessageType.
            pub fn message_type(&self) -> MessageType {
                match self {
                    $( Message::$name(_) => MessageType::$name, )*
                    Message::Raw(r) => r.message_type,
                }
            }

            pub(crate) fn decode_body(
                message_type: MessageType,
                body: Bytes,
                cfg: &CodecConfig,
            ) -> Result<Self, At> {
                match message_type {
                    $( MessageType::$name => <$name as Body>::decode_boxed(&body, cfg).map(Message::$name), )*
                    other => Ok(Message::Raw(RawMessage { message_type: other, body })),
                }
            }

            pub(crate) fn encode_body(
                &self,
                dst: &mut BytesMut,
                cfg: &CodecConfig,
            ) -> Result<(), EncodeError> {
                match self {
                    $( Message::$name(m) => m.encode_body(dst, cfg), )*
                    Message::Raw(r) => {
                        dst.extend_from_slice(&r.body);
                        Ok(())
                    }
                }
            }

            /// Drops what `cfg`'s version cannot carry: fixed fields absent from the version
            /// are reset to their defaults, floating tags above 255 are removed for 1-byte
            /// formats, and unknown fields are cleared unless the policy keeps them. After
            /// this, `decode(encode(m)) == m` under `cfg`.
            pub fn conform_to(&mut self, cfg: &CodecConfig) {
                match self {
                    $( Message::$name(m) => m.conform_to(cfg), )*
                    Message::Raw(_) => {}
                }
            }

            /// The InvokeID of a request, confirmation or response.
            pub fn invoke_id(&self) -> Option<u32> {
                match self {
                    $( Message::$name(m) => m.invoke_id(), )*
                    Message::Raw(r) if r.message_type.carries_invoke_id() => {
                        r.body.get(..4).and_then(|b| b.try_into().ok()).map(u32::from_be_bytes)
                    }
                    Message::Raw(_) => None,
                }
            }

            /// Sets the InvokeID of a request (no-op for messages without one).
            pub fn set_invoke_id(&mut self, id: u32) {
                match self {
                    $( Message::$name(m) => m.set_invoke_id(id), )*
                    Message::Raw(r) => {
                        if r.message_type.carries_invoke_id() && r.body.len() >= 4 {
                            let mut b = BytesMut::from(&r.body[..]);
                            b[..4].copy_from_slice(&id.to_be_bytes());
                            r.body = b.freeze();
                        }
                    }
                }
            }
        }

        $(
            impl From<$name> for Message {
                fn from(m: $name) -> Self {
                    Message::$name(Box::new(m))
                }
            }

            impl From<Box<$name>> for Message {
                fn from(m: Box<$name>) -> Self {
                    Message::$name(m)
                }
            }
        )*

        #[cfg(feature = "proptest")]
        impl ::proptest::arbitrary::Arbitrary for Message {
            type Parameters = ();
            type Strategy = ::proptest::strategy::BoxedStrategy<Self>;
            fn arbitrary_with(_: ()) -> Self::Strategy {
                use ::proptest::prelude::*;
                let all: Vec<BoxedStrategy<Message>> = vec![
                    $( any::<$name>().prop_map(Message::from).boxed(), )*
                ];
                proptest::strategy::Union::new(all).boxed()
            }
        }

        /// Every message type this crate decodes into a typed struct.
        pub const TYPED_MESSAGES: &[MessageType] = &[ $( MessageType::$name ),* ];
    };
}

cti_messages! {
    // session
    FailureConf,
    FailureEvent,
    OpenReq,
    OpenConf,
    HeartbeatReq,
    HeartbeatConf,
    CloseReq,
    CloseConf,
    SystemEvent,
    ClientEventReportReq,
    ClientEventReportConf,
    ControlFailureConf,
    ActiveMaintenanceReq,
    ActiveMaintenanceResp,
    ActiveMaintenanceEvent,
    // call events
    BeginCallEvent,
    EndCallEvent,
    CallDataUpdateEvent,
    CallDeliveredEvent,
    CallEstablishedEvent,
    CallHeldEvent,
    CallRetrievedEvent,
    CallClearedEvent,
    CallConnectionClearedEvent,
    CallOriginatedEvent,
    CallFailedEvent,
    CallConferencedEvent,
    CallTransferredEvent,
    CallDivertedEvent,
    CallServiceInitiatedEvent,
    CallQueuedEvent,
    CallTranslationRouteEvent,
    CallReachedNetworkEvent,
    CallDequeuedEvent,
    RtpStartedEvent,
    RtpStoppedEvent,
    // agent
    AgentStateEvent,
    AgentPreCallEvent,
    AgentPreCallAbortEvent,
    QueryAgentStateReq,
    QueryAgentStateConf,
    SetAgentStateReq,
    SetAgentStateConf,
    // call control
    MakeCallReq,
    MakeCallConf,
    AnswerCallReq,
    AnswerCallConf,
    HoldCallReq,
    HoldCallConf,
    RetrieveCallReq,
    RetrieveCallConf,
    ClearCallReq,
    ClearCallConf,
    ClearConnectionReq,
    ClearConnectionConf,
    ConsultationCallReq,
    ConsultationCallConf,
    TransferCallReq,
    TransferCallConf,
    ConferenceCallReq,
    ConferenceCallConf,
    SetCallDataReq,
    SetCallDataConf,
    SendDtmfSignalReq,
    SendDtmfSignalConf,
    // statistics
    QueryAgentStatisticsReq,
    QueryAgentStatisticsConf,
    QuerySkillGroupStatisticsReq,
    QuerySkillGroupStatisticsConf,
    // configuration
    ConfigRequestKeyEvent,
    ConfigKeyEvent,
    ConfigRequestEvent,
    ConfigBeginEvent,
    ConfigEndEvent,
    ConfigServiceEvent,
    ConfigSkillGroupEvent,
    ConfigAgentEvent,
    ConfigDeviceEvent,
}
