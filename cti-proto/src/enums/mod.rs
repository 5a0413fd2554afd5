//! The protocol's named constants: message types, status codes, states, causes and masks.
//!
//! Every enum has an `Unknown` variant holding the raw value, so values from newer protocol
//! versions round-trip; masks keep unknown bits. Values are from Cisco's "Constants and
//! Status Codes" chapter (protocol 25) as collected in the project's fact sheet.

#[macro_use]
mod macros;
mod masks;
mod message_type;
mod status;

pub use masks::{AgentStateMask, CallMsgMask, ConfigMsgMask, PgStatus, ServiceMask};
pub use message_type::MessageType;
pub use status::{ControlFailureCode, StatusCode};

cti_enum! {
    /// AgentState (USHORT).
    pub enum AgentState: u16 {
        /// Logged in (transient).
        Login = 0,
        /// Logged out.
        #[default]
        Logout = 1,
        /// Not ready.
        NotReady = 2,
        /// Available (READY).
        Available = 3,
        /// Talking.
        Talking = 4,
        /// Work, not ready after it.
        WorkNotReady = 5,
        /// Work, ready after it.
        WorkReady = 6,
        /// Busy with another task.
        BusyOther = 7,
        /// Reserved for a routed call.
        Reserved = 8,
        /// Unknown.
        UnknownState = 9,
        /// On hold.
        Hold = 10,
        /// Active (multi-media).
        Active = 11,
        /// Paused.
        Paused = 12,
        /// Interrupted.
        Interrupted = 13,
        /// Not active.
        NotActive = 14,
    }
}

impl AgentState {
    /// The AgentStateMask bit that selects events for this state (states 0–8 use bit = state,
    /// UNKNOWN (9) has none, 10–14 use bit = state − 1).
    pub fn mask_bit(self) -> Option<AgentStateMask> {
        match self.value() {
            v @ 0..=8 => Some(AgentStateMask::from_bits_retain(1 << v)),
            v @ 10..=14 => Some(AgentStateMask::from_bits_retain(1 << (v - 1))),
            _ => None,
        }
    }
}

cti_enum! {
    /// LocalConnectionState (USHORT).
    pub enum LocalConnectionState: u16 {
        /// No connection.
        Null = 0,
        /// Being initiated (dial tone).
        Initiate = 1,
        /// Ringing.
        Alerting = 2,
        /// Connected.
        Connect = 3,
        /// Held.
        Hold = 4,
        /// Queued.
        Queued = 5,
        /// Failed.
        Fail = 6,
        /// LCS_NONE.
        #[default]
        None = 0xFFFF,
    }
}

cti_enum! {
    /// EventCause (USHORT), including the extended CECX_* call-cleared causes.
    pub enum EventCause: u16 {
        /// CEC_ACTIVE_MONITOR.
        ActiveMonitor = 1,
        /// CEC_ALTERNATE.
        Alternate = 2,
        /// CEC_BUSY.
        Busy = 3,
        /// CEC_CALL_BACK.
        CallBack = 4,
        /// CEC_CALL_CANCELLED.
        CallCancelled = 5,
        /// CEC_CALL_FORWARD_ALWAYS.
        CallForwardAlways = 6,
        /// CEC_CALL_FORWARD_BUSY.
        CallForwardBusy = 7,
        /// CEC_CALL_FORWARD_NO_ANSWER.
        CallForwardNoAnswer = 8,
        /// CEC_CALL_FORWARD.
        CallForward = 9,
        /// CEC_CALL_NOT_ANSWERED.
        CallNotAnswered = 10,
        /// CEC_CALL_PICKUP.
        CallPickup = 11,
        /// CEC_CAMP_ON.
        CampOn = 12,
        /// CEC_DEST_NOT_OBTAINABLE.
        DestNotObtainable = 13,
        /// CEC_DO_NOT_DISTURB.
        DoNotDisturb = 14,
        /// CEC_INCOMPATIBLE_DESTINATION.
        IncompatibleDestination = 15,
        /// CEC_INVALID_ACCOUNT_CODE.
        InvalidAccountCode = 16,
        /// CEC_KEY_CONFERENCE.
        KeyConference = 17,
        /// CEC_LOCKOUT.
        Lockout = 18,
        /// CEC_MAINTENANCE.
        Maintenance = 19,
        /// CEC_NETWORK_CONGESTION.
        NetworkCongestion = 20,
        /// CEC_NETWORK_NOT_OBTAINABLE.
        NetworkNotObtainable = 21,
        /// CEC_NEW_CALL.
        NewCall = 22,
        /// CEC_NO_AVAILABLE_AGENTS.
        NoAvailableAgents = 23,
        /// CEC_OVERRIDE.
        Override = 24,
        /// CEC_PARK.
        Park = 25,
        /// CEC_OVERFLOW.
        Overflow = 26,
        /// CEC_RECALL.
        Recall = 27,
        /// CEC_REDIRECTED.
        Redirected = 28,
        /// CEC_REORDER_TONE.
        ReorderTone = 29,
        /// CEC_RESOURCES_NOT_AVAILABLE.
        ResourcesNotAvailable = 30,
        /// CEC_SILENT_MONITOR.
        SilentMonitor = 31,
        /// CEC_TRANSFER.
        Transfer = 32,
        /// CEC_TRUNKS_BUSY.
        TrunksBusy = 33,
        /// CEC_VOICE_UNIT_INITIATOR.
        VoiceUnitInitiator = 34,
        /// CEC_TIME_OUT.
        TimeOut = 35,
        /// CEC_NEW_CALL_INTERFLOW.
        NewCallInterflow = 36,
        /// CEC_SIMULATION_INIT_REQUEST.
        SimulationInitRequest = 37,
        /// CEC_SIMULATION_RESET_REQUEST.
        SimulationResetRequest = 38,
        /// CEC_CTI_LINK_DOWN.
        CtiLinkDown = 39,
        /// CEC_PERIPHERAL_RESET_REQUEST.
        PeripheralResetRequest = 40,
        /// CEC_MD110_CONFERENCE_TRANSFER.
        Md110ConferenceTransfer = 41,
        /// CEC_REMAINS_IN_Q.
        RemainsInQ = 42,
        /// CEC_SUPERVISOR_ASSIST.
        SupervisorAssist = 43,
        /// CEC_EMERGENCY_CALL.
        EmergencyCall = 44,
        /// CEC_SUPERVISOR_CLEAR.
        SupervisorClear = 45,
        /// CEC_SUPERVISOR_MONITOR.
        SupervisorMonitor = 46,
        /// CEC_SUPERVISOR_WHISPER.
        SupervisorWhisper = 47,
        /// CEC_SUPERVISOR_BARGE_IN.
        SupervisorBargeIn = 48,
        /// CEC_SUPERVISOR_INTERCEPT.
        SupervisorIntercept = 49,
        /// CEC_CALL_PARTY_UPDATE_IND (state replayed after a switchover).
        CallPartyUpdateInd = 50,
        /// CEC_CONSULT.
        Consult = 51,
        /// CEC_NIC_CALL_CLEAR.
        NicCallClear = 52,
        /// CECX_ABAND_NETWORK.
        AbandNetwork = 1001,
        /// CECX_ABAND_LOCAL_QUEUE.
        AbandLocalQueue = 1002,
        /// CECX_ABAND_RING.
        AbandRing = 1003,
        /// CECX_ABAND_DELAY.
        AbandDelay = 1004,
        /// CECX_ABAND_INTERFLOW.
        AbandInterflow = 1005,
        /// CECX_ABAND_AGENT_TERMINAL.
        AbandAgentTerminal = 1006,
        /// CECX_SHORT.
        Short = 1007,
        /// CECX_BUSY.
        XBusy = 1008,
        /// CECX_FORCED_BUSY.
        ForcedBusy = 1009,
        /// CECX_DROP_NO_ANSWER.
        DropNoAnswer = 1010,
        /// CECX_DROP_BUSY.
        DropBusy = 1011,
        /// CECX_DROP_REORDER.
        DropReorder = 1012,
        /// CECX_DROP_HANDLED_PRIMARY_ROUTE.
        DropHandledPrimaryRoute = 1013,
        /// CECX_DROP_HANDLED_OTHER.
        DropHandledOther = 1014,
        /// CECX_REDIRECTED.
        XRedirected = 1015,
        /// CECX_CUT_THROUGH.
        CutThrough = 1016,
        /// CECX_INTRAFLOW.
        Intraflow = 1017,
        /// CECX_INTERFLOW.
        Interflow = 1018,
        /// CECX_RING_NO_ANSWER.
        RingNoAnswer = 1019,
        /// CECX_BLIND_TRANSFER.
        BlindTransfer = 1028,
        /// CECX_ANNOUNCED_TRANSFER.
        AnnouncedTransfer = 1029,
        /// CECX_CONFERENCED.
        Conferenced = 1030,
        /// CECX_CALLED_PARTY_DISCONNECTED.
        CalledPartyDisconnected = 1052,
        /// CEC_NONE.
        #[default]
        None = 0xFFFF,
    }
}

cti_enum! {
    /// SystemEventID (UINT).
    pub enum SystemEventId: u32 {
        /// The central controller came online.
        CentralControllerOnline = 1,
        /// The central controller went offline.
        CentralControllerOffline = 2,
        /// A peripheral came online (UCCX: SYS_CCX_ONLINE). Arg1 = PeripheralID.
        PeripheralOnline = 3,
        /// A peripheral went offline (UCCX: SYS_CCX_OFFLINE). Arg1 = PeripheralID.
        PeripheralOffline = 4,
        /// Informational text.
        #[default]
        TextFyi = 5,
        /// The peripheral gateway went offline.
        PeripheralGatewayOffline = 6,
        /// The CTI Server went offline.
        CtiServerOffline = 7,
        /// The CTI Server came online.
        CtiServerOnline = 8,
        /// Half-hour boundary.
        HalfHourChange = 9,
        /// An agent instrument went out of service.
        InstrumentOutOfService = 10,
        /// An agent instrument is back in service.
        InstrumentBackInService = 11,
    }
}

cti_enum! {
    /// PeripheralType (USHORT).
    pub enum PeripheralType: u16 {
        /// Aspect (removed in v25).
        Aspect = 1,
        /// Meridian.
        Meridian = 2,
        /// G2.
        G2 = 3,
        /// Definity ECS without EAS.
        DefinityEcsNonEas = 4,
        /// Definity ECS with EAS.
        DefinityEcsEas = 5,
        /// Galaxy.
        Galaxy = 6,
        /// Spectrum.
        Spectrum = 7,
        /// VRU.
        Vru = 8,
        /// Polled VRU.
        VruPolled = 9,
        /// DMS-100.
        Dms100 = 10,
        /// Siemens 9006.
        Siemens9006 = 11,
        /// Siemens 9005.
        Siemens9005 = 12,
        /// Alcatel.
        Alcatel = 13,
        /// NEC NEAX 2x00.
        NecNeax2x00 = 14,
        /// ACP 1000.
        Acp1000 = 15,
        /// Symposium (removed in v25).
        Symposium = 16,
        /// Enterprise agent (the UCCE agent PG).
        EnterpriseAgent = 17,
        /// MD110.
        Md110 = 18,
        /// Media routing.
        MediaRouting = 19,
        /// Generic.
        Generic = 20,
        /// ACMI CRS: what UCCX reports.
        AcmiCrs = 21,
        /// ACMI IPCC.
        AcmiIpcc = 22,
        /// Simplified IPCC (removed in v25).
        SimplifiedIpcc = 23,
        /// ARS.
        Ars = 24,
        /// ACMI ERS.
        AcmiErs = 25,
        /// ACMI Expert Advisor.
        AcmiExpertAdvisor = 26,
        /// No peripheral type.
        #[default]
        None = 0xFFFF,
    }
}

cti_enum! {
    /// DeviceIDType (USHORT) of alerting/calling/called/… devices.
    pub enum DeviceIdType: u16 {
        /// A device identifier.
        DeviceIdentifier = 0,
        /// A trunk.
        Trunk = 70,
        /// A trunk group.
        TrunkGroup = 71,
        /// An IP phone MAC (UCCX).
        IpPhoneMac = 72,
        /// A CTI port (UCCX).
        CtiPort = 73,
        /// A route point.
        RoutePoint = 74,
        /// An external device.
        External = 75,
        /// An agent device.
        AgentDevice = 76,
        /// A queue.
        Queue = 77,
        /// A non-ACD device.
        NonAcdDeviceIdentifier = 78,
        /// A shared device.
        SharedDeviceIdentifier = 79,
        /// DEVID_NONE.
        #[default]
        None = 0xFFFF,
    }
}

cti_enum! {
    /// ConnectionDeviceIDType (USHORT).
    pub enum ConnectionIdType: u16 {
        /// A static device ID.
        Static = 0,
        /// A dynamic device ID.
        Dynamic = 1,
        /// CONNECTION_ID_NONE.
        #[default]
        None = 0xFFFF,
    }
}

cti_enum! {
    /// LineType (USHORT).
    pub enum LineType: u16 {
        /// Inbound ACD.
        InboundAcd = 0,
        /// Outbound ACD.
        OutboundAcd = 1,
        /// Inside.
        Inside = 2,
        /// LINETYPE_UNKNOWN (UCCX: business calls).
        #[default]
        UnknownType = 3,
        /// Supervisor.
        Supervisor = 4,
        /// Message.
        Message = 5,
        /// Help.
        Help = 6,
        /// Outbound.
        Outbound = 7,
        /// DID.
        Did = 8,
        /// Silent monitor.
        SilentMonitor = 9,
        /// Non-ACD in (UCCX: non-business calls).
        NonAcdIn = 10,
        /// Non-ACD out.
        NonAcdOut = 11,
    }
}

cti_enum! {
    /// CallType (USHORT).
    pub enum CallType: u16 {
        /// ACD inbound.
        AcdIn = 1,
        /// Pre-routed ACD inbound.
        PrerouteAcdIn = 2,
        /// Pre-routed direct agent.
        PrerouteDirectAgent = 3,
        /// Transfer in.
        TransferIn = 4,
        /// Overflow in.
        OverflowIn = 5,
        /// Other inbound.
        OtherIn = 6,
        /// Auto outbound.
        AutoOut = 7,
        /// Agent outbound.
        AgentOut = 8,
        /// Outbound.
        Out = 9,
        /// Agent inside.
        AgentInside = 10,
        /// Offered.
        Offered = 11,
        /// Consult.
        Consult = 12,
        /// Consult offered.
        ConsultOffered = 13,
        /// Consult conference.
        ConsultConference = 14,
        /// Conference.
        Conference = 15,
        /// Unmonitored.
        Unmonitored = 16,
        /// Preview.
        Preview = 17,
        /// Reservation.
        Reservation = 18,
        /// Assist.
        Assist = 19,
        /// Emergency.
        Emergency = 20,
        /// Supervisor monitor.
        SupervisorMonitor = 21,
        /// Supervisor whisper.
        SupervisorWhisper = 22,
        /// Supervisor barge-in.
        SupervisorBargeIn = 23,
        /// Supervisor intercept.
        SupervisorIntercept = 24,
        /// Task routed by ICM.
        TaskRoutedByIcm = 25,
        /// Task routed by application.
        TaskRoutedByApplication = 26,
        /// Non-ACD.
        NonAcd = 38,
        /// NULL_CALLTYPE.
        #[default]
        Null = 0xFFFF,
    }
}

cti_enum! {
    /// AgentWorkMode (USHORT) of SET_AGENT_STATE_REQ.
    pub enum AgentWorkMode: u16 {
        /// Unspecified.
        #[default]
        Unspecified = 0,
        /// Auto-in.
        AutoIn = 1,
        /// Manual-in.
        ManualIn = 2,
        /// Remote agent, call by call.
        RaCallByCall = 3,
        /// Remote agent, nailed connection.
        RaNailedConnection = 4,
    }
}

cti_enum! {
    /// ForcedFlag (UCHAR) of SET_AGENT_STATE_REQ.
    pub enum ForcedFlag: u8 {
        /// Not forced.
        #[default]
        False = 0,
        /// Forced.
        True = 1,
        /// Agent authentication only (UCCX v12+).
        AuthenticateOnly = 2,
    }
}

cti_enum! {
    /// AgentAvailabilityStatus (UINT).
    pub enum AgentAvailabilityStatus: u32 {
        /// Not available.
        #[default]
        NotAvailable = 0,
        /// Available for ICM routing.
        IcmAvailable = 1,
        /// Available for application routing.
        ApplicationAvailable = 2,
    }
}

cti_enum! {
    /// SessionType (USHORT) of OPEN_CONF, v24 active/standby.
    pub enum SessionType: u16 {
        /// Unknown (pre-v24 server or not reported).
        #[default]
        Unspecified = 0,
        /// The session is on the active CTI Server.
        Active = 1,
        /// The session is on the standby CTI Server.
        Standby = 2,
    }
}

cti_enum! {
    /// CallPlacementType (USHORT).
    pub enum CallPlacementType: u16 {
        /// Unspecified.
        #[default]
        Unspecified = 0,
        /// Line call.
        LineCall = 1,
        /// Outbound.
        Outbound = 2,
        /// Outbound without access code.
        OutboundNoAccessCode = 3,
        /// Direct position.
        DirectPosition = 4,
        /// Direct agent.
        DirectAgent = 5,
        /// Supervisor assist.
        SupervisorAssist = 6,
    }
}

cti_enum! {
    /// ConsultType (USHORT) of CONSULTATION_CALL_REQ.
    pub enum ConsultType: u16 {
        /// Unspecified.
        #[default]
        Unspecified = 0,
        /// Consult for a transfer.
        Transfer = 1,
        /// Consult for a conference.
        Conference = 2,
    }
}
