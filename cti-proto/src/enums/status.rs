//! Failure status codes (FAILURE_CONF, FAILURE_EVENT, CLOSE_REQ) and control failure codes.

cti_enum! {
    /// The `E_CTI_*` status codes.
    pub enum StatusCode: u32 {
        /// E_CTI_NO_ERROR.
        #[default]
        NoError = 0,
        /// E_CTI_INVALID_VERSION.
        InvalidVersion = 1,
        /// E_CTI_INVALID_MESSAGE_TYPE (v25: INVALID_MESSAGE_LENGTH).
        InvalidMessageType = 2,
        /// E_CTI_INVALID_FIELD_TAG.
        InvalidFieldTag = 3,
        /// E_CTI_SESSION_NOT_OPEN.
        SessionNotOpen = 4,
        /// E_CTI_SESSION_ALREADY_OPEN.
        SessionAlreadyOpen = 5,
        /// E_CTI_REQUIRED_DATA_MISSING.
        RequiredDataMissing = 6,
        /// E_CTI_INVALID_PERIPHERAL_ID.
        InvalidPeripheralId = 7,
        /// E_CTI_INVALID_AGENT_DATA.
        InvalidAgentData = 8,
        /// E_CTI_AGENT_NOT_LOGGED_ON.
        AgentNotLoggedOn = 9,
        /// E_CTI_DEVICE_IN_USE.
        DeviceInUse = 10,
        /// E_CTI_NEW_SESSION_OPENED.
        NewSessionOpened = 11,
        /// E_CTI_FUNCTION_NOT_AVAILABLE.
        FunctionNotAvailable = 12,
        /// E_CTI_INVALID_CALLID.
        InvalidCallId = 13,
        /// E_CTI_PROTECTED_VARIABLE.
        ProtectedVariable = 14,
        /// E_CTI_CTI_SERVER_OFFLINE.
        CtiServerOffline = 15,
        /// E_CTI_TIMEOUT.
        Timeout = 16,
        /// E_CTI_UNSPECIFIED_FAILURE.
        UnspecifiedFailure = 17,
        /// E_CTI_INVALID_TIMEOUT (IdleTimeout below 20 s).
        InvalidTimeout = 18,
        /// E_CTI_INVALID_SERVICE_MASK.
        InvalidServiceMask = 19,
        /// E_CTI_INVALID_CALL_MSG_MASK.
        InvalidCallMsgMask = 20,
        /// E_CTI_INVALID_AGENT_STATE_MASK.
        InvalidAgentStateMask = 21,
        /// E_CTI_INVALID_RESERVED_FIELD.
        InvalidReservedField = 22,
        /// E_CTI_INVALID_FIELD_LENGTH.
        InvalidFieldLength = 23,
        /// E_CTI_INVALID_DIGITS.
        InvalidDigits = 24,
        /// E_CTI_BAD_MESSAGE_FORMAT.
        BadMessageFormat = 25,
        /// E_CTI_INVALID_TAG_FOR_MSG_TYPE.
        InvalidTagForMsgType = 26,
        /// E_CTI_INVALID_DEVICE_ID_TYPE.
        InvalidDeviceIdType = 27,
        /// E_CTI_INVALID_LCL_CONN_STATE.
        InvalidLclConnState = 28,
        /// E_CTI_INVALID_EVENT_CAUSE.
        InvalidEventCause = 29,
        /// E_CTI_INVALID_NUM_PARTIES.
        InvalidNumParties = 30,
        /// E_CTI_INVALID_SYS_EVENT_ID.
        InvalidSysEventId = 31,
        /// E_CTI_INCONSISTENT_AGENT_DATA.
        InconsistentAgentData = 32,
        /// E_CTI_INVALID_CONNECTION_ID_TYPE.
        InvalidConnectionIdType = 33,
        /// E_CTI_INVALID_CALL_TYPE.
        InvalidCallType = 34,
        /// E_CTI_NOT_CALL_PARTY.
        NotCallParty = 35,
        /// E_CTI_INVALID_PASSWORD.
        InvalidPassword = 36,
        /// E_CTI_CLIENT_DISCONNECTED.
        ClientDisconnected = 37,
        /// E_CTI_INVALID_OBJECT_STATE.
        InvalidObjectState = 38,
        /// E_CTI_INVALID_MSG_TYPE_FOR_VERSION.
        InvalidMsgTypeForVersion = 48,
        /// E_CTI_INVALID_TAG_FOR_VERSION.
        InvalidTagForVersion = 49,
        /// E_CTI_INVALID_AGENT_WORK_MODE.
        InvalidAgentWorkMode = 50,
        /// E_CTI_INVALID_CHARACTER.
        InvalidCharacter = 62,
        /// E_CTI_NO_CALL_ACTIVE.
        NoCallActive = 66,
        /// E_CTI_TOO_MUCH_DATA (more than 2,000 bytes of ECC data).
        TooMuchData = 73,
        /// E_CTI_VALUE_TOO_LONG.
        ValueTooLong = 74,
        /// E_CTI_SERVER_NOT_MASTER (UCCX HA: the other node is master).
        ServerNotMaster = 92,
        /// E_CTI_INVALID_CONFIG_MSG_MASK.
        InvalidConfigMsgMask = 95,
        /// E_CTI_INVALID_CLIENT_FOR_STANDBY (v24).
        InvalidClientForStandby = 107,
        /// E_CTI_INVALID_UNIQUE_INSTANCE_ID (v25).
        InvalidUniqueInstanceId = 108,
        /// E_CTI_DUPLICATE_UNIQUE_INSTANCE_ID (v25).
        DuplicateUniqueInstanceId = 109,
        /// E_CTI_SERVER_IN_MAINTENANCE_MODE (v24).
        ServerInMaintenanceMode = 110,
    }
}

cti_enum! {
    /// CONTROL_FAILURE_CONF FailureCode (USHORT), the CSTA-style codes.
    pub enum ControlFailureCode: u16 {
        /// Generic, unspecified.
        #[default]
        GenericUnspecified = 0,
        /// Generic operation.
        GenericOperation = 1,
        /// Request incompatible with object.
        RequestIncompatibleWithObject = 2,
        /// Value out of range.
        ValueOutOfRange = 3,
        /// Object not known.
        ObjectNotKnown = 4,
        /// Invalid calling device.
        InvalidCallingDevice = 5,
        /// Invalid called device.
        InvalidCalledDevice = 6,
        /// Invalid CSTA call identifier.
        InvalidCstaCallIdentifier = 11,
        /// Invalid destination.
        InvalidDestination = 14,
        /// Generic state incompatibility.
        GenericStateIncompatibility = 21,
        /// Invalid object state.
        InvalidObjectState = 22,
        /// No active call.
        NoActiveCall = 24,
        /// No held call.
        NoHeldCall = 25,
        /// No call to clear.
        NoCallToClear = 26,
        /// No connection to clear.
        NoConnectionToClear = 27,
        /// No call to answer.
        NoCallToAnswer = 28,
        /// No call to complete.
        NoCallToComplete = 29,
        /// Resource busy.
        ResourceBusy = 33,
        /// Resource out of service.
        ResourceOutOfService = 34,
        /// Request timed out.
        RequestTimeoutRejection = 78,
        /// Invalid agent ID.
        InvalidAgentIdSpecified = 256,
        /// Invalid password.
        InvalidPasswordSpecified = 257,
        /// Invalid agent ID or password.
        InvalidAgentIdOrPassword = 258,
        /// Agent already signed on.
        SpecifiedAgentAlreadySignedOn = 259,
        /// Invalid logon device.
        InvalidLogonDevice = 260,
        /// Invalid agent reason code.
        InvalidAgentReasonCode = 266,
        /// Agent is not a party on the call.
        AgentNotPartyOnCall = 268,
        /// Internal processing error.
        InternalProcessingError = 269,
        /// Reason code required.
        ReasonCodeRequired = 281,
        /// Extension already in use.
        SpecifiedExtensionAlreadyInUse = 283,
        /// Device restricted.
        DeviceRestricted = 287,
        /// Line restricted.
        LineRestricted = 288,
        /// Agent account locked out.
        AgentAccountLockedOut = 289,
    }
}
