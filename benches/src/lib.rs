//! Shared inputs for the criterion benches in `benches/benches/`.
//!
//! The CTI mix models what a Finesse node sees from a busy CCX engine: per round one
//! CALL_DELIVERED_EVENT with ten call variables and five ECC variables, two
//! AGENT_STATE_EVENTs, and a HEARTBEAT_REQ / HEARTBEAT_CONF pair.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use bytes::BytesMut;
use cti_proto::{
    AgentState, AgentStateEvent, CallDeliveredEvent, CallVariables, CodecConfig, ConnectionIdType,
    CtiString, DeviceIdType, EventCause, HeartbeatConf, HeartbeatReq, LineType,
    LocalConnectionState, Message, NamedVar, PeripheralType,
};

fn s(text: &str) -> CtiString {
    CtiString::try_from(text).unwrap_or_default()
}

/// One realistic CALL_DELIVERED_EVENT: ten 40-character call variables and five ECC
/// variables.
pub fn call_delivered(call_id: u32) -> CallDeliveredEvent {
    let mut call_data = CallVariables::default();
    for n in 1..=10 {
        call_data.set_call_variable(
            n,
            Some(s(&format!("{n:02}-customer-reference-0123456789abcdef"))),
        );
    }
    call_data.named_variables = (0..5)
        .filter_map(|i| {
            NamedVar::new(
                &format!("user.ecc.var{i}"),
                "a value of some forty characters long...",
            )
        })
        .collect();
    CallDeliveredEvent {
        monitor_id: 0,
        peripheral_id: 1,
        peripheral_type: PeripheralType::AcmiCrs,
        connection_device_id_type: ConnectionIdType::Static,
        connection_call_id: call_id,
        line_handle: 0xFFFF,
        line_type: LineType::UnknownType,
        service_number: 0xFFFF_FFFF,
        service_id: 7,
        skill_group_number: 0xFFFF_FFFF,
        skill_group_id: 3,
        skill_group_priority: 0,
        alerting_device_type: DeviceIdType::DeviceIdentifier,
        calling_device_type: DeviceIdType::DeviceIdentifier,
        called_device_type: DeviceIdType::DeviceIdentifier,
        last_redirect_device_type: DeviceIdType::RoutePoint,
        local_connection_state: LocalConnectionState::Alerting,
        event_cause: EventCause::NewCall,
        num_named_variables: 5,
        connection_device_id: Some(s("1001")),
        alerting_device_id: Some(s("1001")),
        calling_device_id: Some(s("+14085551234")),
        called_device_id: Some(s("1001")),
        last_redirect_device_id: Some(s("8000")),
        ani: Some(s("+14085551234")),
        dnis: Some(s("8000")),
        dialed_number: Some(s("8000")),
        call_data,
        ..CallDeliveredEvent::default()
    }
}

/// One AGENT_STATE_EVENT for agent `n`.
pub fn agent_state(n: u32, state: AgentState) -> AgentStateEvent {
    AgentStateEvent {
        peripheral_id: 1,
        peripheral_type: PeripheralType::AcmiCrs,
        agent_state: state,
        skill_group_state: state,
        state_duration: 12,
        skill_group_number: 3,
        agent_instrument: Some(s(&format!("{}", 1000 + n))),
        agent_extension: Some(s(&format!("{}", 1000 + n))),
        agent_id_long: Some(s(&format!("agent{n}"))),
        ..AgentStateEvent::default()
    }
}

/// The mix, `rounds` times over.
pub fn cti_mix(rounds: u32) -> Vec<Message> {
    let mut out = Vec::new();
    for r in 0..rounds {
        out.push(call_delivered(r).into());
        out.push(agent_state(r, AgentState::Reserved).into());
        out.push(agent_state(r + 1, AgentState::Talking).into());
        out.push(HeartbeatReq::new(r).into());
        out.push(
            HeartbeatConf {
                invoke_id: r,
                ..HeartbeatConf::default()
            }
            .into(),
        );
    }
    out
}

/// The mix encoded back to back under `cfg`.
pub fn encode_all(messages: &[Message], cfg: &CodecConfig) -> BytesMut {
    let mut wire = BytesMut::new();
    for m in messages {
        // The mix is built within every limit; a failure here is a bench bug.
        if let Err(e) = cti_proto::encode(m, &mut wire, cfg) {
            panic!("bench input does not encode: {e}");
        }
    }
    wire
}
