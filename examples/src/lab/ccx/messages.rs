//! Builds the CTI messages the engine sends, with the UCCX constants (cti.md §4.6):
//! PeripheralID 1, PeripheralType 21 (ACMI_CRS), MonitorID 0, ServiceNumber/ServiceID
//! NULL, LineHandle 0xFFFF, LineType 3, SkillGroupNumber/ID = the CSQ id.

use std::time::Instant;

use cti_proto::{
    AgentAvailabilityStatus, AgentState, AgentStateEvent, BeginCallEvent, CallClearedEvent,
    CallConnectionClearedEvent, CallDeliveredEvent, CallDivertedEvent, CallEstablishedEvent,
    CallHeldEvent, CallRetrievedEvent, CallType, ConnectionIdType, CtiString, DeviceIdType,
    EndCallEvent, EventCause, LineType, LocalConnectionState, Message, PeripheralType, PgStatus,
    QueryAgentStateConf, SkillGroupEntry, SystemEvent, SystemEventId,
};

use super::agents::Agent;

/// UCCX PeripheralID.
pub(crate) const PERIPHERAL_ID: u32 = 1;
/// UCCX PeripheralType (ACMI_CRS).
pub(crate) const PERIPHERAL_TYPE: PeripheralType = PeripheralType::AcmiCrs;
/// NULL_CSQ / NULL_SERVICE.
pub(crate) const NULL_ID: u32 = 0xFFFF_FFFF;
/// UCCX CCXStatus IN_SERVICE (cti.md §3.6), carried in the PGStatus field.
pub(crate) const CCX_IN_SERVICE: u32 = 0x400;

/// A string field; text that cannot be a CTI string (an embedded NUL) is left out.
pub(crate) fn s(text: &str) -> Option<CtiString> {
    CtiString::new(text.to_owned()).ok()
}

/// What call events say about a call at an agent.
#[derive(Debug, Clone)]
pub(crate) struct CallFacts<'a> {
    /// ConnectionCallID.
    pub(crate) call_id: u32,
    /// The agent's extension (ConnectionDeviceID of every event of the call).
    pub(crate) agent_ext: &'a str,
    /// Calling number.
    pub(crate) ani: &'a str,
    /// The route point (DNIS, called device, last redirect device).
    pub(crate) dnis: &'a str,
    /// The CSQ id.
    pub(crate) csq: u32,
}

impl CallFacts<'_> {
    fn conn(&self) -> Option<CtiString> {
        s(self.agent_ext)
    }
}

/// AGENT_STATE_EVENT for `agent`; the fixed-part CSQ is `call_csq` (the CSQ of the
/// agent's call) or the agent's first CSQ, and every CSQ is listed in the floating part.
pub(crate) fn agent_state_event(agent: &Agent, call_csq: Option<u32>, now: Instant) -> Message {
    let csqs = skill_groups(agent);
    let csq = call_csq
        .or_else(|| agent.queues.first().copied())
        .unwrap_or(NULL_ID);
    let secs = u32::try_from(agent.state_duration(now).as_secs()).unwrap_or(u32::MAX);
    AgentStateEvent {
        monitor_id: 0,
        peripheral_id: PERIPHERAL_ID,
        session_id: 0,
        peripheral_type: PERIPHERAL_TYPE,
        skill_group_state: agent.state,
        state_duration: secs,
        skill_group_number: csq,
        skill_group_id: csq,
        skill_group_priority: 0,
        agent_state: agent.state,
        event_reason_code: agent.reason_code,
        mrd_id: 1,
        num_tasks: u32::from(agent.on_call()),
        agent_mode: u16::from(agent.state == AgentState::Available),
        max_task_limit: 1,
        icm_agent_id: 0,
        agent_availability_status: if agent.state == AgentState::Available {
            AgentAvailabilityStatus::ApplicationAvailable
        } else {
            AgentAvailabilityStatus::NotAvailable
        },
        num_flt_skill_groups: u16::try_from(csqs.len()).unwrap_or(0),
        agent_id_long: s(&agent.id),
        agent_extension: s(&agent.extension),
        agent_instrument: s(&agent.extension),
        duration: Some(secs),
        skill_groups: csqs,
        ..AgentStateEvent::default()
    }
    .into()
}

fn skill_groups(agent: &Agent) -> Vec<SkillGroupEntry> {
    agent
        .queues
        .iter()
        .take(20)
        .map(|q| SkillGroupEntry {
            number: Some(i32::try_from(*q).unwrap_or(-1)),
            id: Some(*q),
            priority: Some(0),
            state: Some(agent.state),
        })
        .collect()
}

/// QUERY_AGENT_STATE_CONF for `agent`.
pub(crate) fn query_agent_state_conf(invoke_id: u32, agent: &Agent) -> Message {
    let csqs = skill_groups(agent);
    QueryAgentStateConf {
        invoke_id,
        agent_state: agent.state,
        num_skill_groups: u16::try_from(csqs.len()).unwrap_or(0),
        mrd_id: 1,
        num_tasks: u32::from(agent.on_call()),
        agent_mode: u16::from(agent.state == AgentState::Available),
        max_task_limit: 1,
        icm_agent_id: 0,
        agent_availability_status: if agent.state == AgentState::Available {
            AgentAvailabilityStatus::ApplicationAvailable
        } else {
            AgentAvailabilityStatus::NotAvailable
        },
        agent_id_long: s(&agent.id),
        agent_extension: s(&agent.extension),
        agent_instrument: s(&agent.extension),
        skill_groups: csqs,
        ..QueryAgentStateConf::default()
    }
    .into()
}

/// SYSTEM_EVENT: the CCX peripheral is online (UCCX SYS_CCX_ONLINE, Arg1 = PeripheralID,
/// CCXStatus IN_SERVICE).
pub(crate) fn ccx_online(wall_secs: u32) -> Message {
    SystemEvent {
        pg_status: PgStatus::from_bits_retain(CCX_IN_SERVICE),
        icm_central_controller_time: wall_secs,
        system_event_id: SystemEventId::PeripheralOnline,
        system_event_arg1: PERIPHERAL_ID,
        event_device_type: DeviceIdType::None,
        text: s("Unified CCX in service"),
        ..SystemEvent::default()
    }
    .into()
}

/// BEGIN_CALL_EVENT when the call reaches the agent.
pub(crate) fn begin_call(f: &CallFacts<'_>) -> Message {
    BeginCallEvent {
        monitor_id: 0,
        peripheral_id: PERIPHERAL_ID,
        peripheral_type: PERIPHERAL_TYPE,
        call_type: CallType::AcdIn,
        connection_device_id_type: ConnectionIdType::Static,
        connection_call_id: f.call_id,
        connection_device_id: f.conn(),
        ani: s(f.ani),
        dnis: s(f.dnis),
        dialed_number: s(f.dnis),
        ..BeginCallEvent::default()
    }
    .into()
}

/// CALL_DELIVERED_EVENT: the call alerts at the agent (LCS_ALERTING).
pub(crate) fn delivered(f: &CallFacts<'_>, cause: EventCause) -> Message {
    CallDeliveredEvent {
        monitor_id: 0,
        peripheral_id: PERIPHERAL_ID,
        peripheral_type: PERIPHERAL_TYPE,
        connection_device_id_type: ConnectionIdType::Static,
        connection_call_id: f.call_id,
        line_handle: 0xFFFF,
        line_type: LineType::UnknownType,
        service_number: NULL_ID,
        service_id: NULL_ID,
        skill_group_number: f.csq,
        skill_group_id: f.csq,
        skill_group_priority: 0,
        alerting_device_type: DeviceIdType::DeviceIdentifier,
        calling_device_type: DeviceIdType::DeviceIdentifier,
        called_device_type: DeviceIdType::DeviceIdentifier,
        last_redirect_device_type: DeviceIdType::DeviceIdentifier,
        local_connection_state: LocalConnectionState::Alerting,
        event_cause: cause,
        connection_device_id: f.conn(),
        alerting_device_id: s(f.agent_ext),
        calling_device_id: s(f.ani),
        called_device_id: s(f.dnis),
        last_redirect_device_id: s(f.dnis),
        ani: s(f.ani),
        dnis: s(f.dnis),
        dialed_number: s(f.dnis),
        ..CallDeliveredEvent::default()
    }
    .into()
}

/// CALL_ESTABLISHED_EVENT: the agent answered (LCS_CONNECT).
pub(crate) fn established(f: &CallFacts<'_>, cause: EventCause) -> Message {
    CallEstablishedEvent {
        monitor_id: 0,
        peripheral_id: PERIPHERAL_ID,
        peripheral_type: PERIPHERAL_TYPE,
        connection_device_id_type: ConnectionIdType::Static,
        connection_call_id: f.call_id,
        line_handle: 0xFFFF,
        line_type: LineType::UnknownType,
        service_number: NULL_ID,
        service_id: NULL_ID,
        skill_group_number: f.csq,
        skill_group_id: f.csq,
        skill_group_priority: 0,
        answering_device_type: DeviceIdType::DeviceIdentifier,
        calling_device_type: DeviceIdType::DeviceIdentifier,
        called_device_type: DeviceIdType::DeviceIdentifier,
        last_redirect_device_type: DeviceIdType::DeviceIdentifier,
        local_connection_state: LocalConnectionState::Connect,
        event_cause: cause,
        connection_device_id: f.conn(),
        answering_device_id: s(f.agent_ext),
        calling_device_id: s(f.ani),
        called_device_id: s(f.dnis),
        last_redirect_device_id: s(f.dnis),
        ..CallEstablishedEvent::default()
    }
    .into()
}

/// CALL_HELD_EVENT: the agent put the call on hold (LCS_HOLD).
pub(crate) fn held(f: &CallFacts<'_>, cause: EventCause) -> Message {
    CallHeldEvent {
        monitor_id: 0,
        peripheral_id: PERIPHERAL_ID,
        peripheral_type: PERIPHERAL_TYPE,
        connection_device_id_type: ConnectionIdType::Static,
        connection_call_id: f.call_id,
        holding_device_type: DeviceIdType::DeviceIdentifier,
        local_connection_state: LocalConnectionState::Hold,
        event_cause: cause,
        connection_device_id: f.conn(),
        holding_device_id: s(f.agent_ext),
        ..CallHeldEvent::default()
    }
    .into()
}

/// CALL_RETRIEVED_EVENT: the agent took the call off hold (LCS_CONNECT).
pub(crate) fn retrieved(f: &CallFacts<'_>, cause: EventCause) -> Message {
    CallRetrievedEvent {
        monitor_id: 0,
        peripheral_id: PERIPHERAL_ID,
        peripheral_type: PERIPHERAL_TYPE,
        connection_device_id_type: ConnectionIdType::Static,
        connection_call_id: f.call_id,
        retrieving_device_type: DeviceIdType::DeviceIdentifier,
        local_connection_state: LocalConnectionState::Connect,
        event_cause: cause,
        connection_device_id: f.conn(),
        retrieving_device_id: s(f.agent_ext),
        ..CallRetrievedEvent::default()
    }
    .into()
}

/// CALL_CONNECTION_CLEARED_EVENT: `releasing` (the agent's extension or the caller's
/// number) left the call (LCS_NULL).
pub(crate) fn connection_cleared(f: &CallFacts<'_>, releasing: &str, cause: EventCause) -> Message {
    CallConnectionClearedEvent {
        monitor_id: 0,
        peripheral_id: PERIPHERAL_ID,
        peripheral_type: PERIPHERAL_TYPE,
        connection_device_id_type: ConnectionIdType::Static,
        connection_call_id: f.call_id,
        releasing_device_type: DeviceIdType::DeviceIdentifier,
        local_connection_state: LocalConnectionState::Null,
        event_cause: cause,
        connection_device_id: f.conn(),
        releasing_device_id: s(releasing),
        ..CallConnectionClearedEvent::default()
    }
    .into()
}

/// CALL_DIVERTED_EVENT: the call left the agent unanswered (ring-no-answer requeue).
pub(crate) fn diverted(f: &CallFacts<'_>, cause: EventCause) -> Message {
    CallDivertedEvent {
        monitor_id: 0,
        peripheral_id: PERIPHERAL_ID,
        peripheral_type: PERIPHERAL_TYPE,
        connection_device_id_type: ConnectionIdType::Static,
        connection_call_id: f.call_id,
        service_number: NULL_ID,
        service_id: NULL_ID,
        diverting_device_type: DeviceIdType::DeviceIdentifier,
        called_device_type: DeviceIdType::DeviceIdentifier,
        local_connection_state: LocalConnectionState::Null,
        event_cause: cause,
        connection_device_id: f.conn(),
        diverting_device_id: s(f.agent_ext),
        called_device_id: s(f.dnis),
        ..CallDivertedEvent::default()
    }
    .into()
}

/// CALL_CLEARED_EVENT: the call is over (LCS_NULL).
pub(crate) fn cleared(f: &CallFacts<'_>, cause: EventCause) -> Message {
    CallClearedEvent {
        monitor_id: 0,
        peripheral_id: PERIPHERAL_ID,
        peripheral_type: PERIPHERAL_TYPE,
        connection_device_id_type: ConnectionIdType::Static,
        connection_call_id: f.call_id,
        local_connection_state: LocalConnectionState::Null,
        event_cause: cause,
        connection_device_id: f.conn(),
        ..CallClearedEvent::default()
    }
    .into()
}

/// END_CALL_EVENT: the agent is no longer associated with the call.
pub(crate) fn end_call(f: &CallFacts<'_>) -> Message {
    EndCallEvent {
        monitor_id: 0,
        peripheral_id: PERIPHERAL_ID,
        peripheral_type: PERIPHERAL_TYPE,
        connection_device_id_type: ConnectionIdType::Static,
        connection_call_id: f.call_id,
        connection_device_id: f.conn(),
        ..EndCallEvent::default()
    }
    .into()
}
