//! Session management messages: open, heartbeat, close, failures, system events and the v24
//! active/standby maintenance exchange.

use bytes::Bytes;

use crate::enums::{
    AgentState, AgentStateMask, CallMsgMask, ConfigMsgMask, ControlFailureCode, PeripheralType,
    PgStatus, ServiceMask, SessionType, StatusCode, SystemEventId,
};
use crate::message::groups::PeripheralEntry;
use crate::wire::CtiString;

cti_message! {
    /// FAILURE_CONF (1): a request failed. UCCX may add a Text field.
    pub struct FailureConf = FailureConf {
        /// InvokeID of the failed request.
        invoke_id: u32,
        /// Why it failed.
        status: StatusCode,
    }
    floating {
        /// Text (7), UCCX.
        text: one CtiString [7; 255],
    }
}

cti_message! {
    /// FAILURE_EVENT (2): an unsolicited failure; `CtiServerOffline` asks the client to close.
    pub struct FailureEvent = FailureEvent {
        /// The failure.
        status: StatusCode,
    }
    floating {}
}

cti_message! {
    /// OPEN_REQ (3): the first message of a session. 44-byte fixed part.
    pub struct OpenReq = OpenReq {
        /// InvokeID.
        invoke_id: u32,
        /// The protocol version the client speaks; governs the whole session.
        version_number: u32,
        /// Seconds without any message after which the server fails the session
        /// (`0xFFFF_FFFF`: the client does not heartbeat). UCCE rejects values below 20.
        idle_timeout: u32,
        /// PeripheralID for CLIENT_EVENTS sessions; `0xFFFF_FFFF` otherwise.
        peripheral_id: u32,
        /// Services requested.
        services_requested: ServiceMask,
        /// Unsolicited call events wanted.
        call_msg_mask: CallMsgMask,
        /// Agent state events wanted.
        agent_state_mask: AgentStateMask,
        /// Configuration events wanted.
        config_msg_mask: ConfigMsgMask,
        /// Reserved, must be 0.
        reserved1: u32,
        /// Reserved, must be 0.
        reserved2: u32,
        /// Reserved, must be 0.
        reserved3: u32,
    }
    floating {
        /// ClientID (1), required.
        client_id: one CtiString [1; 64],
        /// ClientPassword (2), UNSPEC, required even when empty.
        client_password: one Bytes [2; 64],
        /// ClientSignature (3); defaults to the ClientID.
        client_signature: one CtiString [3; 64],
        /// AgentExtension (4).
        agent_extension: one CtiString [4; 16],
        /// AgentID (5), UCCE.
        agent_id: one CtiString [5; 12],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
        /// ApplicationPathID (97).
        application_path_id: one i32 [97; 4],
        /// AgentID (194), UCCX (up to 128 characters).
        agent_id_long: one CtiString [194; 129],
    }
}

cti_message! {
    /// OPEN_CONF (4): the session is open. 26 bytes fixed up to v18, 30 from v19
    /// (DepartmentID), 32 from v24 (SessionType).
    pub struct OpenConf = OpenConf {
        /// InvokeID of the OPEN_REQ.
        invoke_id: u32,
        /// Services granted.
        services_granted: ServiceMask,
        /// MonitorID (0 if none).
        monitor_id: u32,
        /// PGStatus (UCCX: CCXStatus).
        pg_status: PgStatus,
        /// ICMCentralControllerTime (seconds since 1970).
        icm_central_controller_time: u32,
        /// PeripheralOnline (UCCX: "Unified CCX Online").
        peripheral_online: bool,
        /// PeripheralType.
        peripheral_type: PeripheralType,
        /// AgentState (CLIENT_EVENTS sessions).
        agent_state: AgentState,
        /// DepartmentID (UCCE v19+).
        department_id: i32 => DepartmentId,
        /// SessionType (UCCE v24+).
        session_type: SessionType => SessionType,
    }
    floating {
        /// AgentExtension (4).
        agent_extension: one CtiString [4; 16],
        /// AgentID (5).
        agent_id: one CtiString [5; 12],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
        /// NumPeripherals (228).
        num_peripherals: one u16 [228; 2],
        /// FltPeripheralID (208) + MultilineAgentControl (224) pairs.
        peripherals: group PeripheralEntry [208 | 224; 64],
        /// AgentID (194), UCCX.
        agent_id_long: one CtiString [194; 129],
    }
}

cti_message! {
    /// HEARTBEAT_REQ (5).
    pub struct HeartbeatReq = HeartbeatReq {
        /// InvokeID.
        invoke_id: u32,
    }
    floating {}
}

cti_message! {
    /// HEARTBEAT_CONF (6).
    pub struct HeartbeatConf = HeartbeatConf {
        /// InvokeID of the HEARTBEAT_REQ.
        invoke_id: u32,
    }
    floating {}
}

cti_message! {
    /// CLOSE_REQ (7).
    pub struct CloseReq = CloseReq {
        /// InvokeID.
        invoke_id: u32,
        /// Why: NO_ERROR, CTI_SERVER_OFFLINE or TIMEOUT.
        status: StatusCode,
    }
    floating {}
}

cti_message! {
    /// CLOSE_CONF (8).
    pub struct CloseConf = CloseConf {
        /// InvokeID of the CLOSE_REQ.
        invoke_id: u32,
    }
    floating {}
}

cti_message! {
    /// SYSTEM_EVENT (31): peripheral / central controller / CTI Server status changes.
    pub struct SystemEvent = SystemEvent {
        /// PGStatus (UCCX: CCXStatus).
        pg_status: PgStatus,
        /// ICMCentralControllerTime (UCCX: CCXTime).
        icm_central_controller_time: u32,
        /// What happened.
        system_event_id: SystemEventId,
        /// SystemEventArg1 (e.g. PeripheralID).
        system_event_arg1: u32,
        /// SystemEventArg2.
        system_event_arg2: u32,
        /// SystemEventArg3.
        system_event_arg3: u32,
        /// EventDeviceType (DEVID_NONE when there is no EventDeviceID).
        event_device_type: crate::enums::DeviceIdType,
    }
    floating {
        /// Text (7).
        text: one CtiString [7; 255],
        /// EventDeviceID (206).
        event_device_id: one CtiString [206; 64],
    }
}

cti_message! {
    /// CLIENT_EVENT_REPORT_REQ (32): a client reports an event for the central log.
    pub struct ClientEventReportReq = ClientEventReportReq {
        /// InvokeID.
        invoke_id: u32,
        /// State: 0 normal, 1 warning, 2 error.
        state: u16,
    }
    floating {
        /// ObjectName (66).
        object_name: one CtiString [66; 128],
        /// Text (7).
        text: one CtiString [7; 255],
    }
}

cti_message! {
    /// CLIENT_EVENT_REPORT_CONF (33).
    pub struct ClientEventReportConf = ClientEventReportConf {
        /// InvokeID.
        invoke_id: u32,
    }
    floating {}
}

cti_message! {
    /// CONTROL_FAILURE_CONF (35): a call or agent control request failed.
    pub struct ControlFailureConf = ControlFailureConf {
        /// InvokeID of the failed request.
        invoke_id: u32,
        /// FailureCode.
        failure_code: ControlFailureCode,
        /// PeripheralErrorCode (UCCX: e.g. 88004 AGENT_DEVICE_OFF).
        peripheral_error_code: u32,
    }
    floating {
        /// Text (7).
        text: one CtiString [7; 255],
    }
}

cti_message! {
    /// ACTIVE_MAINTENANCE_REQ_MSG (278, v24): the active side asks whether its clients
    /// accept a switch to the standby side.
    pub struct ActiveMaintenanceReq = ActiveMaintenanceReq {
        /// InvokeID.
        invoke_id: u32,
    }
    floating {}
}

cti_message! {
    /// ACTIVE_MAINTENANCE_RESP_MSG (279, v24): the client's answer, within 5 s.
    pub struct ActiveMaintenanceResp = ActiveMaintenanceResp {
        /// InvokeID of the request.
        invoke_id: u32,
        /// MaintenanceModeAccepted.
        accepted: bool,
    }
    floating {}
}

cti_message! {
    /// ACTIVE_MAINTENANCE_EVENT_MSG (280, v24): whether the switch goes ahead.
    pub struct ActiveMaintenanceEvent = ActiveMaintenanceEvent {
        /// True: continue (move to the other side); false: cancelled.
        proceed: bool,
    }
    floating {}
}

impl OpenReq {
    /// The client's ClientID, or "" when absent.
    pub fn client_id_str(&self) -> &str {
        self.client_id.as_deref().unwrap_or_default()
    }
}

impl HeartbeatReq {
    /// A heartbeat with `invoke_id`.
    pub fn new(invoke_id: u32) -> Self {
        Self {
            invoke_id,
            ..Self::default()
        }
    }
}

impl FailureConf {
    /// A FAILURE_CONF for `invoke_id` with `status`.
    pub fn new(invoke_id: u32, status: StatusCode) -> Self {
        Self {
            invoke_id,
            status,
            ..Self::default()
        }
    }
}
