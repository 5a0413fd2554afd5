//! Bit masks of OPEN_REQ/OPEN_CONF and SYSTEM_EVENT.

cti_mask! {
    /// CTI service masks (OPEN_REQ ServicesRequested / OPEN_CONF ServicesGranted).
    pub struct ServiceMask: u32 {
        /// Events for one agent's device (UCCX "agent mode").
        const CLIENT_EVENTS = 0x0000_0001;
        /// CALL_DATA_UPDATE / SET_CALL_DATA.
        const CALL_DATA_UPDATE = 0x0000_0002;
        /// Call and agent control requests.
        const CLIENT_CONTROL = 0x0000_0004;
        /// Connection monitor.
        const CONNECTION_MONITOR = 0x0000_0008;
        /// Every event of the peripheral (UCCX "bridge mode").
        const ALL_EVENTS = 0x0000_0010;
        /// Peripheral monitor.
        const PERIPHERAL_MONITOR = 0x0000_0020;
        /// Client monitor.
        const CLIENT_MONITOR = 0x0000_0040;
        /// Supervisor.
        const SUPERVISOR = 0x0000_0080;
        /// Server.
        const SERVER = 0x0000_0100;
        /// Agent reporting.
        const AGENT_REPORTING = 0x0000_0400;
        /// All task events.
        const ALL_TASK_EVENTS = 0x0000_0800;
        /// Task monitor.
        const TASK_MONITOR = 0x0000_1000;
        /// Agent state control only (may be granted instead of CLIENT_CONTROL).
        const AGENT_STATE_CONTROL_ONLY = 0x0000_2000;
        /// Device state control (third-party headers; not in the v25 table).
        const DEVICE_STATE_CONTROL = 0x0000_8000;
        /// Update events.
        const UPDATE_EVENTS = 0x0008_0000;
        /// Ignore duplicate agent events.
        const IGNORE_DUPLICATE_AGENT_EVENTS = 0x0010_0000;
        /// Do not send _CONF messages.
        const IGNORE_CONF = 0x0020_0000;
        /// ACD lines only (UCCE).
        const ACD_LINE_ONLY = 0x0040_0000;
        /// Active/standby aware client (v24+).
        const ACTIVE_STANDBY = 0x0200_0000;
        /// Debug.
        const DEBUG = 0x8000_0000;
    }
}

impl ServiceMask {
    /// Every bit the protocol defines; any other bit is `E_CTI_INVALID_SERVICE_MASK`.
    pub const DEFINED: ServiceMask = ServiceMask::from_bits_retain(
        0x0000_0001
            | 0x0000_0002
            | 0x0000_0004
            | 0x0000_0008
            | 0x0000_0010
            | 0x0000_0020
            | 0x0000_0040
            | 0x0000_0080
            | 0x0000_0100
            | 0x0000_0400
            | 0x0000_0800
            | 0x0000_1000
            | 0x0000_2000
            | 0x0000_8000
            | 0x0008_0000
            | 0x0010_0000
            | 0x0020_0000
            | 0x0040_0000
            | 0x0200_0000
            | 0x8000_0000,
    );
}

cti_mask! {
    /// Unsolicited call-event message mask (OPEN_REQ CallMsgMask).
    pub struct CallMsgMask: u32 {
        /// CALL_DELIVERED_EVENT.
        const DELIVERED = 0x1;
        /// CALL_QUEUED_EVENT.
        const QUEUED = 0x2;
        /// CALL_ESTABLISHED_EVENT.
        const ESTABLISHED = 0x4;
        /// CALL_HELD_EVENT.
        const HELD = 0x8;
        /// CALL_RETRIEVED_EVENT.
        const RETRIEVED = 0x10;
        /// CALL_CLEARED_EVENT.
        const CLEARED = 0x20;
        /// CALL_CONNECTION_CLEARED_EVENT.
        const CONNECTION_CLEARED = 0x40;
        /// CALL_ORIGINATED_EVENT.
        const ORIGINATED = 0x80;
        /// CALL_CONFERENCED_EVENT.
        const CONFERENCED = 0x100;
        /// CALL_TRANSFERRED_EVENT.
        const TRANSFERRED = 0x200;
        /// CALL_DIVERTED_EVENT.
        const DIVERTED = 0x400;
        /// CALL_SERVICE_INITIATED_EVENT.
        const SERVICE_INITIATED = 0x800;
        /// CALL_TRANSLATION_ROUTE_EVENT.
        const TRANSLATION_ROUTE = 0x1000;
        /// BEGIN_CALL_EVENT.
        const BEGIN_CALL = 0x2000;
        /// END_CALL_EVENT.
        const END_CALL = 0x4000;
        /// CALL_DATA_UPDATE_EVENT.
        const DATA_UPDATE = 0x8000;
        /// CALL_FAILED_EVENT.
        const FAILED = 0x1_0000;
        /// CALL_REACHED_NETWORK_EVENT.
        const REACHED_NETWORK = 0x2_0000;
        /// CALL_DEQUEUED_EVENT.
        const DEQUEUED = 0x4_0000;
        /// AGENT_PRE_CALL_EVENT.
        const AGENT_PRE_CALL = 0x8_0000;
        /// AGENT_PRE_CALL_ABORT_EVENT.
        const AGENT_PRE_CALL_ABORT = 0x10_0000;
        /// RTP_STARTED_EVENT.
        const RTP_STARTED = 0x20_0000;
        /// RTP_STOPPED_EVENT.
        const RTP_STOPPED = 0x40_0000;
        /// AGENT_TEAM_CONFIG_EVENT.
        const AGENT_TEAM_CONFIG = 0x80_0000;
        /// AGENT_LEGACY_PRE_CALL_EVENT.
        const AGENT_LEGACY_PRE_CALL = 0x100_0000;
        /// CALL_ATTRIBUTE_CHANGE_EVENT.
        const CALL_ATTRIBUTE_CHANGE = 0x200_0000;
        /// CALL_TERMINATION_EVENT (reserved).
        const CALL_TERMINATION = 0x400_0000;
        /// CALL_AGENT_GREETING_EVENT.
        const CALL_AGENT_GREETING = 0x800_0000;
    }
}

cti_mask! {
    /// AgentStateMask of OPEN_REQ; see [`crate::AgentState::mask_bit`].
    pub struct AgentStateMask: u32 {
        /// LOGIN.
        const LOGIN = 0x1;
        /// LOGOUT.
        const LOGOUT = 0x2;
        /// NOT_READY.
        const NOT_READY = 0x4;
        /// AVAILABLE.
        const AVAILABLE = 0x8;
        /// TALKING.
        const TALKING = 0x10;
        /// WORK_NOT_READY.
        const WORK_NOT_READY = 0x20;
        /// WORK_READY.
        const WORK_READY = 0x40;
        /// BUSY_OTHER.
        const BUSY_OTHER = 0x80;
        /// RESERVED.
        const RESERVED = 0x100;
        /// HOLD.
        const HOLD = 0x200;
        /// ACTIVE.
        const ACTIVE = 0x400;
        /// PAUSED.
        const PAUSED = 0x800;
        /// INTERRUPTED.
        const INTERRUPTED = 0x1000;
        /// NOT_ACTIVE.
        const NOT_ACTIVE = 0x2000;
    }
}

cti_mask! {
    /// ConfigMsgMask of OPEN_REQ / ConfigInformation of CONFIG_REQUEST_EVENT.
    pub struct ConfigMsgMask: u32 {
        /// Services (UCCX: applications).
        const SERVICE = 0x1;
        /// Skill groups (UCCX: CSQs).
        const SKILL_GROUP = 0x2;
        /// Agents.
        const AGENT = 0x4;
        /// Devices.
        const DEVICE = 0x8;
        /// Call types (UCCX: terminals).
        const CALL_TYPE = 0x10;
        /// Media routing domains (v20).
        const MEDIA_ROUTING_DOMAIN = 0x20;
        /// Terminals.
        const TERMINAL = 0x100;
    }
}

cti_mask! {
    /// PGStatus of OPEN_CONF and SYSTEM_EVENT (UCCE bits; UCCX puts CCXStatus values here).
    pub struct PgStatus: u32 {
        /// The OPC is down.
        const OPC_DOWN = 0x01;
        /// The central controller is down.
        const CC_DOWN = 0x02;
        /// The peripheral is offline.
        const PERIPHERAL_OFFLINE = 0x04;
        /// The CTI Server is offline.
        const CTI_SERVER_OFFLINE = 0x08;
        /// Limited function.
        const LIMITED_FUNCTION = 0x10;
    }
}
