//! MessageType numbers (v24 numbering; 236–240 differed in tables up to v19).

cti_enum! {
    /// The MessageType of the header.
    pub enum MessageType: u32 {
        /// FAILURE_CONF.
        FailureConf = 1,
        /// FAILURE_EVENT.
        FailureEvent = 2,
        /// OPEN_REQ.
        OpenReq = 3,
        /// OPEN_CONF.
        OpenConf = 4,
        /// HEARTBEAT_REQ.
        #[default]
        HeartbeatReq = 5,
        /// HEARTBEAT_CONF.
        HeartbeatConf = 6,
        /// CLOSE_REQ.
        CloseReq = 7,
        /// CLOSE_CONF.
        CloseConf = 8,
        /// CALL_DELIVERED_EVENT.
        CallDeliveredEvent = 9,
        /// CALL_ESTABLISHED_EVENT.
        CallEstablishedEvent = 10,
        /// CALL_HELD_EVENT.
        CallHeldEvent = 11,
        /// CALL_RETRIEVED_EVENT.
        CallRetrievedEvent = 12,
        /// CALL_CLEARED_EVENT.
        CallClearedEvent = 13,
        /// CALL_CONNECTION_CLEARED_EVENT.
        CallConnectionClearedEvent = 14,
        /// CALL_ORIGINATED_EVENT.
        CallOriginatedEvent = 15,
        /// CALL_FAILED_EVENT.
        CallFailedEvent = 16,
        /// CALL_CONFERENCED_EVENT.
        CallConferencedEvent = 17,
        /// CALL_TRANSFERRED_EVENT.
        CallTransferredEvent = 18,
        /// CALL_DIVERTED_EVENT.
        CallDivertedEvent = 19,
        /// CALL_SERVICE_INITIATED_EVENT.
        CallServiceInitiatedEvent = 20,
        /// CALL_QUEUED_EVENT.
        CallQueuedEvent = 21,
        /// CALL_TRANSLATION_ROUTE_EVENT.
        CallTranslationRouteEvent = 22,
        /// BEGIN_CALL_EVENT.
        BeginCallEvent = 23,
        /// END_CALL_EVENT.
        EndCallEvent = 24,
        /// CALL_DATA_UPDATE_EVENT.
        CallDataUpdateEvent = 25,
        /// SET_CALL_DATA_REQ.
        SetCallDataReq = 26,
        /// SET_CALL_DATA_CONF.
        SetCallDataConf = 27,
        /// RELEASE_CALL_REQ.
        ReleaseCallReq = 28,
        /// RELEASE_CALL_CONF.
        ReleaseCallConf = 29,
        /// AGENT_STATE_EVENT.
        AgentStateEvent = 30,
        /// SYSTEM_EVENT.
        SystemEvent = 31,
        /// CLIENT_EVENT_REPORT_REQ.
        ClientEventReportReq = 32,
        /// CLIENT_EVENT_REPORT_CONF.
        ClientEventReportConf = 33,
        /// CALL_REACHED_NETWORK_EVENT.
        CallReachedNetworkEvent = 34,
        /// CONTROL_FAILURE_CONF.
        ControlFailureConf = 35,
        /// QUERY_AGENT_STATE_REQ.
        QueryAgentStateReq = 36,
        /// QUERY_AGENT_STATE_CONF.
        QueryAgentStateConf = 37,
        /// SET_AGENT_STATE_REQ.
        SetAgentStateReq = 38,
        /// SET_AGENT_STATE_CONF.
        SetAgentStateConf = 39,
        /// ALTERNATE_CALL_REQ.
        AlternateCallReq = 40,
        /// ALTERNATE_CALL_CONF.
        AlternateCallConf = 41,
        /// ANSWER_CALL_REQ.
        AnswerCallReq = 42,
        /// ANSWER_CALL_CONF.
        AnswerCallConf = 43,
        /// CLEAR_CALL_REQ.
        ClearCallReq = 44,
        /// CLEAR_CALL_CONF.
        ClearCallConf = 45,
        /// CLEAR_CONNECTION_REQ.
        ClearConnectionReq = 46,
        /// CLEAR_CONNECTION_CONF.
        ClearConnectionConf = 47,
        /// CONFERENCE_CALL_REQ.
        ConferenceCallReq = 48,
        /// CONFERENCE_CALL_CONF.
        ConferenceCallConf = 49,
        /// CONSULTATION_CALL_REQ.
        ConsultationCallReq = 50,
        /// CONSULTATION_CALL_CONF.
        ConsultationCallConf = 51,
        /// DEFLECT_CALL_REQ.
        DeflectCallReq = 52,
        /// DEFLECT_CALL_CONF.
        DeflectCallConf = 53,
        /// HOLD_CALL_REQ.
        HoldCallReq = 54,
        /// HOLD_CALL_CONF.
        HoldCallConf = 55,
        /// MAKE_CALL_REQ.
        MakeCallReq = 56,
        /// MAKE_CALL_CONF.
        MakeCallConf = 57,
        /// MAKE_PREDICTIVE_CALL_REQ.
        MakePredictiveCallReq = 58,
        /// MAKE_PREDICTIVE_CALL_CONF.
        MakePredictiveCallConf = 59,
        /// RECONNECT_CALL_REQ.
        ReconnectCallReq = 60,
        /// RECONNECT_CALL_CONF.
        ReconnectCallConf = 61,
        /// RETRIEVE_CALL_REQ.
        RetrieveCallReq = 62,
        /// RETRIEVE_CALL_CONF.
        RetrieveCallConf = 63,
        /// TRANSFER_CALL_REQ.
        TransferCallReq = 64,
        /// TRANSFER_CALL_CONF.
        TransferCallConf = 65,
        /// QUERY_DEVICE_INFO_REQ.
        QueryDeviceInfoReq = 78,
        /// QUERY_DEVICE_INFO_CONF.
        QueryDeviceInfoConf = 79,
        /// SNAPSHOT_CALL_REQ.
        SnapshotCallReq = 82,
        /// SNAPSHOT_CALL_CONF.
        SnapshotCallConf = 83,
        /// SNAPSHOT_DEVICE_REQ.
        SnapshotDeviceReq = 84,
        /// SNAPSHOT_DEVICE_CONF.
        SnapshotDeviceConf = 85,
        /// CALL_DEQUEUED_EVENT.
        CallDequeuedEvent = 86,
        /// SEND_DTMF_SIGNAL_REQ.
        SendDtmfSignalReq = 91,
        /// SEND_DTMF_SIGNAL_CONF.
        SendDtmfSignalConf = 92,
        /// MONITOR_START_REQ.
        MonitorStartReq = 93,
        /// MONITOR_START_CONF.
        MonitorStartConf = 94,
        /// MONITOR_STOP_REQ.
        MonitorStopReq = 95,
        /// MONITOR_STOP_CONF.
        MonitorStopConf = 96,
        /// CHANGE_MONITOR_MASK_REQ.
        ChangeMonitorMaskReq = 97,
        /// CHANGE_MONITOR_MASK_CONF.
        ChangeMonitorMaskConf = 98,
        /// CLIENT_SESSION_OPENED_EVENT.
        ClientSessionOpenedEvent = 99,
        /// CLIENT_SESSION_CLOSED_EVENT.
        ClientSessionClosedEvent = 100,
        /// SESSION_MONITOR_START_REQ.
        SessionMonitorStartReq = 101,
        /// SESSION_MONITOR_START_CONF.
        SessionMonitorStartConf = 102,
        /// SESSION_MONITOR_STOP_REQ.
        SessionMonitorStopReq = 103,
        /// SESSION_MONITOR_STOP_CONF.
        SessionMonitorStopConf = 104,
        /// AGENT_PRE_CALL_EVENT.
        AgentPreCallEvent = 105,
        /// AGENT_PRE_CALL_ABORT_EVENT.
        AgentPreCallAbortEvent = 106,
        /// USER_MESSAGE_REQ.
        UserMessageReq = 107,
        /// USER_MESSAGE_CONF.
        UserMessageConf = 108,
        /// USER_MESSAGE_EVENT.
        UserMessageEvent = 109,
        /// REGISTER_VARIABLES_REQ.
        RegisterVariablesReq = 110,
        /// REGISTER_VARIABLES_CONF.
        RegisterVariablesConf = 111,
        /// QUERY_AGENT_STATISTICS_REQ.
        QueryAgentStatisticsReq = 112,
        /// QUERY_AGENT_STATISTICS_CONF.
        QueryAgentStatisticsConf = 113,
        /// QUERY_SKILL_GROUP_STATISTICS_REQ.
        QuerySkillGroupStatisticsReq = 114,
        /// QUERY_SKILL_GROUP_STATISTICS_CONF.
        QuerySkillGroupStatisticsConf = 115,
        /// RTP_STARTED_EVENT.
        RtpStartedEvent = 116,
        /// RTP_STOPPED_EVENT.
        RtpStoppedEvent = 117,
        /// SUPERVISOR_ASSIST_REQ.
        SupervisorAssistReq = 118,
        /// SUPERVISOR_ASSIST_CONF.
        SupervisorAssistConf = 119,
        /// SUPERVISOR_ASSIST_EVENT.
        SupervisorAssistEvent = 120,
        /// EMERGENCY_CALL_REQ.
        EmergencyCallReq = 121,
        /// EMERGENCY_CALL_CONF.
        EmergencyCallConf = 122,
        /// EMERGENCY_CALL_EVENT.
        EmergencyCallEvent = 123,
        /// SUPERVISE_CALL_REQ.
        SuperviseCallReq = 124,
        /// SUPERVISE_CALL_CONF.
        SuperviseCallConf = 125,
        /// AGENT_TEAM_CONFIG_REQ.
        AgentTeamConfigReq = 126,
        /// AGENT_TEAM_CONFIG_CONF.
        AgentTeamConfigConf = 127,
        /// AGENT_TEAM_CONFIG_EVENT.
        AgentTeamConfigEvent = 128,
        /// SET_APP_DATA_REQ.
        SetAppDataReq = 129,
        /// SET_APP_DATA_CONF.
        SetAppDataConf = 130,
        /// AGENT_DESK_SETTINGS_REQ.
        AgentDeskSettingsReq = 131,
        /// AGENT_DESK_SETTINGS_CONF.
        AgentDeskSettingsConf = 132,
        /// LIST_AGENT_TEAM_REQ.
        ListAgentTeamReq = 133,
        /// LIST_AGENT_TEAM_CONF.
        ListAgentTeamConf = 134,
        /// MONITOR_AGENT_TEAM_START_REQ.
        MonitorAgentTeamStartReq = 135,
        /// MONITOR_AGENT_TEAM_START_CONF.
        MonitorAgentTeamStartConf = 136,
        /// MONITOR_AGENT_TEAM_STOP_REQ.
        MonitorAgentTeamStopReq = 137,
        /// MONITOR_AGENT_TEAM_STOP_CONF.
        MonitorAgentTeamStopConf = 138,
        /// BAD_CALL_REQ.
        BadCallReq = 139,
        /// BAD_CALL_CONF.
        BadCallConf = 140,
        /// SET_DEVICE_ATTRIBUTES_REQ.
        SetDeviceAttributesReq = 141,
        /// SET_DEVICE_ATTRIBUTES_CONF.
        SetDeviceAttributesConf = 142,
        /// REGISTER_SERVICE_REQ.
        RegisterServiceReq = 143,
        /// REGISTER_SERVICE_CONF.
        RegisterServiceConf = 144,
        /// UNREGISTER_SERVICE_REQ.
        UnregisterServiceReq = 145,
        /// UNREGISTER_SERVICE_CONF.
        UnregisterServiceConf = 146,
        /// START_RECORDING_REQ.
        StartRecordingReq = 147,
        /// START_RECORDING_CONF.
        StartRecordingConf = 148,
        /// STOP_RECORDING_REQ.
        StopRecordingReq = 149,
        /// STOP_RECORDING_CONF.
        StopRecordingConf = 150,
        /// CONFIG_REQUEST_KEY_EVENT.
        ConfigRequestKeyEvent = 230,
        /// CONFIG_KEY_EVENT.
        ConfigKeyEvent = 231,
        /// CONFIG_REQUEST_EVENT.
        ConfigRequestEvent = 232,
        /// CONFIG_BEGIN_EVENT.
        ConfigBeginEvent = 233,
        /// CONFIG_END_EVENT.
        ConfigEndEvent = 234,
        /// CONFIG_SERVICE_EVENT.
        ConfigServiceEvent = 235,
        /// CONFIG_SKILL_GROUP_EVENT.
        ConfigSkillGroupEvent = 236,
        /// CONFIG_AGENT_EVENT.
        ConfigAgentEvent = 237,
        /// CONFIG_DEVICE_EVENT.
        ConfigDeviceEvent = 238,
        /// TEAM_CONFIG_REQ.
        TeamConfigReq = 242,
        /// TEAM_CONFIG_EVENT.
        TeamConfigEvent = 243,
        /// TEAM_CONFIG_CONF.
        TeamConfigConf = 244,
        /// CONFIG_CALL_TYPE_EVENT.
        ConfigCallTypeEvent = 245,
        /// CALL_AGENT_GREETING_EVENT.
        CallAgentGreetingEvent = 248,
        /// AGENT_GREETING_CONTROL_REQ.
        AgentGreetingControlReq = 249,
        /// AGENT_GREETING_CONTROL_CONF.
        AgentGreetingControlConf = 250,
        /// CONFIG_MRD_EVENT.
        ConfigMrdEvent = 254,
        /// CONFIG_PERIPHERAL_EVENT.
        ConfigPeripheralEvent = 260,
        /// CONFIG_AGENT_DESK_SETTINGS_EVENT.
        ConfigAgentDeskSettingsEvent = 261,
        /// STANDBY_ACTIVE_EVENT.
        StandbyActiveEvent = 277,
        /// ACTIVE_MAINTENANCE_REQ.
        ActiveMaintenanceReq = 278,
        /// ACTIVE_MAINTENANCE_RESP.
        ActiveMaintenanceResp = 279,
        /// ACTIVE_MAINTENANCE_EVENT.
        ActiveMaintenanceEvent = 280,
        /// STOPPING_REQUESTS_TO_THIS_SIDE_IND.
        StoppingRequestsToThisSideInd = 281,
        /// CONFIG_AGENT_SERVICE_EVENT.
        ConfigAgentServiceEvent = 282,
    }
}

impl MessageType {
    /// Whether the body starts with an InvokeID: requests, confirmations and responses.
    pub fn carries_invoke_id(self) -> bool {
        match self.name() {
            Some(n) => n.ends_with("Req") || n.ends_with("Conf") || n.ends_with("Resp"),
            None => false,
        }
    }

    /// Whether a client sends this type (`_REQ`, plus the client-to-server config events
    /// and v24 maintenance replies).
    pub fn is_client_to_server(self) -> bool {
        matches!(
            self,
            MessageType::ConfigRequestKeyEvent
                | MessageType::ConfigRequestEvent
                | MessageType::ActiveMaintenanceResp
                | MessageType::StoppingRequestsToThisSideInd
        ) || (self != MessageType::ActiveMaintenanceReq
            && self.name().is_some_and(|n| n.ends_with("Req")))
    }
}
