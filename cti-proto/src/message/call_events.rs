//! Unsolicited call events.

use bytes::Bytes;

use crate::enums::{
    CallType, ConnectionIdType, DeviceIdType, EventCause, LineType, LocalConnectionState,
    PeripheralType,
};
use crate::message::groups::{CallVariables, CtiClientEntry};
use crate::wire::CtiString;

cti_message! {
    /// BEGIN_CALL_EVENT (23): a call becomes associated with the client; precedes every
    /// other event of the call. 26-byte fixed part.
    pub struct BeginCallEvent = BeginCallEvent {
        /// MonitorID.
        monitor_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// PeripheralType.
        peripheral_type: PeripheralType,
        /// NumCTIClients.
        num_cti_clients: u16,
        /// NumNamedVariables.
        num_named_variables: u16,
        /// NumNamedArrays.
        num_named_arrays: u16,
        /// CallType.
        call_type: CallType,
        /// ConnectionDeviceIDType.
        connection_device_id_type: ConnectionIdType,
        /// ConnectionCallID.
        connection_call_id: u32,
        /// CalledPartyDisposition.
        called_party_disposition: u16,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// ANI (8).
        ani: one CtiString [8; 40],
        /// UserToUserInfo (9).
        uui: one Bytes [9; 131],
        /// DNIS (10).
        dnis: one CtiString [10; 32],
        /// DialedNumber (11).
        dialed_number: one CtiString [11; 40],
        /// CallerEnteredDigits (12).
        ced: one CtiString [12; 40],
        /// RouterCallKeyDay (72).
        router_call_key_day: one u32 [72; 4],
        /// RouterCallKeyCallID (73).
        router_call_key_call_id: one u32 [73; 4],
        /// RouterCallKeySequenceNumber (110).
        router_call_key_sequence_num: one u32 [110; 4],
        /// CallVariable1–10, CallWrapupData and ECC.
        call_data: set CallVariables [13|14|15|16|17|18|19|20|21|22|46|82|83; 0],
        /// CTIClientSignature (23) + CTIClientTimestamp (24) per CTI client, at most 16.
        cti_clients: group CtiClientEntry [23 | 24; 16],
        /// CallReferenceID (223).
        call_reference_id: one Bytes [223; 32],
    }
}

cti_message! {
    /// END_CALL_EVENT (24): the client is no longer associated with the call.
    pub struct EndCallEvent = EndCallEvent {
        /// MonitorID.
        monitor_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// PeripheralType.
        peripheral_type: PeripheralType,
        /// ConnectionDeviceIDType.
        connection_device_id_type: ConnectionIdType,
        /// ConnectionCallID.
        connection_call_id: u32,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
    }
}

cti_message! {
    /// CALL_DATA_UPDATE_EVENT (25): changed call data. From v22 every update carries all ECC
    /// variables of the call; replace the stored set. 40-byte fixed part.
    pub struct CallDataUpdateEvent = CallDataUpdateEvent {
        /// MonitorID.
        monitor_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// PeripheralType.
        peripheral_type: PeripheralType,
        /// NumCTIClients.
        num_cti_clients: u16,
        /// NumNamedVariables.
        num_named_variables: u16,
        /// NumNamedArrays.
        num_named_arrays: u16,
        /// CallType.
        call_type: CallType,
        /// ConnectionDeviceIDType.
        connection_device_id_type: ConnectionIdType,
        /// ConnectionCallID.
        connection_call_id: u32,
        /// NewConnectionDeviceIDType.
        new_connection_device_id_type: ConnectionIdType,
        /// NewConnectionCallID.
        new_connection_call_id: u32,
        /// CalledPartyDisposition.
        called_party_disposition: u16,
        /// CampaignID.
        campaign_id: u32,
        /// QueryRuleID.
        query_rule_id: u32,
    }
    floating {
        /// ConnectionDeviceID (25), required.
        connection_device_id: one CtiString [25; 64],
        /// NewConnectionDeviceID (47), required.
        new_connection_device_id: one CtiString [47; 64],
        /// ANI (8).
        ani: one CtiString [8; 40],
        /// UserToUserInfo (9).
        uui: one Bytes [9; 131],
        /// DNIS (10).
        dnis: one CtiString [10; 32],
        /// DialedNumber (11).
        dialed_number: one CtiString [11; 40],
        /// CallerEnteredDigits (12).
        ced: one CtiString [12; 40],
        /// RouterCallKeyDay (72).
        router_call_key_day: one u32 [72; 4],
        /// RouterCallKeyCallID (73).
        router_call_key_call_id: one u32 [73; 4],
        /// RouterCallKeySequenceNumber (110).
        router_call_key_sequence_num: one u32 [110; 4],
        /// CallVariable1–10, CallWrapupData and ECC.
        call_data: set CallVariables [13|14|15|16|17|18|19|20|21|22|46|82|83; 0],
        /// CTIClientSignature + CTIClientTimestamp pairs.
        cti_clients: group CtiClientEntry [23 | 24; 16],
        /// CustomerPhoneNumber (95).
        customer_phone_number: one CtiString [95; 20],
        /// CustomerAccountNumber (96).
        customer_account_number: one CtiString [96; 32],
        /// CallReferenceID (223).
        call_reference_id: one Bytes [223; 32],
    }
}

cti_message! {
    /// CALL_DELIVERED_EVENT (9): a call arrives at a device (LCS_ALERTING when ringing at an
    /// agent). 54-byte fixed part. UCCX: ServiceID = ApplicationID, SkillGroupID = CSQID,
    /// LineType 3 business / 10 non-business.
    pub struct CallDeliveredEvent = CallDeliveredEvent {
        /// MonitorID.
        monitor_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// PeripheralType.
        peripheral_type: PeripheralType,
        /// ConnectionDeviceIDType.
        connection_device_id_type: ConnectionIdType,
        /// ConnectionCallID.
        connection_call_id: u32,
        /// LineHandle (0xFFFF unknown).
        line_handle: u16,
        /// LineType.
        line_type: LineType,
        /// ServiceNumber.
        service_number: u32,
        /// ServiceID.
        service_id: u32,
        /// SkillGroupNumber.
        skill_group_number: u32,
        /// SkillGroupID.
        skill_group_id: u32,
        /// SkillGroupPriority.
        skill_group_priority: u16,
        /// AlertingDeviceType.
        alerting_device_type: DeviceIdType,
        /// CallingDeviceType.
        calling_device_type: DeviceIdType,
        /// CalledDeviceType.
        called_device_type: DeviceIdType,
        /// LastRedirectDeviceType.
        last_redirect_device_type: DeviceIdType,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
        /// NumNamedVariables.
        num_named_variables: u16,
        /// NumNamedArrays.
        num_named_arrays: u16,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// AlertingDeviceID (26).
        alerting_device_id: one CtiString [26; 64],
        /// CallingDeviceID (27).
        calling_device_id: one CtiString [27; 64],
        /// CalledDeviceID (28).
        called_device_id: one CtiString [28; 64],
        /// LastRedirectDeviceID (29).
        last_redirect_device_id: one CtiString [29; 64],
        /// TrunkNumber (121).
        trunk_number: one u32 [121; 4],
        /// TrunkGroupNumber (122).
        trunk_group_number: one u32 [122; 4],
        /// SecondaryConnectionCallID (202).
        secondary_connection_call_id: one u32 [202; 4],
        /// ANI (8).
        ani: one CtiString [8; 40],
        /// ANI_II (215).
        ani_ii: one CtiString [215; 3],
        /// UserToUserInfo (9).
        uui: one Bytes [9; 131],
        /// DNIS (10).
        dnis: one CtiString [10; 32],
        /// DialedNumber (11).
        dialed_number: one CtiString [11; 40],
        /// CallerEnteredDigits (12).
        ced: one CtiString [12; 40],
        /// CallVariable1–10, CallWrapupData and ECC.
        call_data: set CallVariables [13|14|15|16|17|18|19|20|21|22|46|82|83; 0],
    }
}

cti_message! {
    /// CALL_ESTABLISHED_EVENT (10): a call is answered. 50-byte fixed part.
    pub struct CallEstablishedEvent = CallEstablishedEvent {
        /// MonitorID.
        monitor_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// PeripheralType.
        peripheral_type: PeripheralType,
        /// ConnectionDeviceIDType.
        connection_device_id_type: ConnectionIdType,
        /// ConnectionCallID.
        connection_call_id: u32,
        /// LineHandle.
        line_handle: u16,
        /// LineType.
        line_type: LineType,
        /// ServiceNumber.
        service_number: u32,
        /// ServiceID.
        service_id: u32,
        /// SkillGroupNumber.
        skill_group_number: u32,
        /// SkillGroupID.
        skill_group_id: u32,
        /// SkillGroupPriority.
        skill_group_priority: u16,
        /// AnsweringDeviceType.
        answering_device_type: DeviceIdType,
        /// CallingDeviceType.
        calling_device_type: DeviceIdType,
        /// CalledDeviceType.
        called_device_type: DeviceIdType,
        /// LastRedirectDeviceType.
        last_redirect_device_type: DeviceIdType,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// AnsweringDeviceID (30).
        answering_device_id: one CtiString [30; 64],
        /// CallingDeviceID (27).
        calling_device_id: one CtiString [27; 64],
        /// CalledDeviceID (28).
        called_device_id: one CtiString [28; 64],
        /// LastRedirectDeviceID (29).
        last_redirect_device_id: one CtiString [29; 64],
        /// TrunkNumber (121).
        trunk_number: one u32 [121; 4],
        /// TrunkGroupNumber (122).
        trunk_group_number: one u32 [122; 4],
    }
}

cti_message! {
    /// CALL_HELD_EVENT (11). 22-byte fixed part.
    pub struct CallHeldEvent = CallHeldEvent {
        /// MonitorID.
        monitor_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// PeripheralType.
        peripheral_type: PeripheralType,
        /// ConnectionDeviceIDType.
        connection_device_id_type: ConnectionIdType,
        /// ConnectionCallID.
        connection_call_id: u32,
        /// HoldingDeviceType.
        holding_device_type: DeviceIdType,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// HoldingDeviceID (31).
        holding_device_id: one CtiString [31; 64],
    }
}

cti_message! {
    /// CALL_RETRIEVED_EVENT (12). 22-byte fixed part.
    pub struct CallRetrievedEvent = CallRetrievedEvent {
        /// MonitorID.
        monitor_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// PeripheralType.
        peripheral_type: PeripheralType,
        /// ConnectionDeviceIDType.
        connection_device_id_type: ConnectionIdType,
        /// ConnectionCallID.
        connection_call_id: u32,
        /// RetrievingDeviceType.
        retrieving_device_type: DeviceIdType,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// RetrievingDeviceID (32).
        retrieving_device_id: one CtiString [32; 64],
    }
}

cti_message! {
    /// CALL_CLEARED_EVENT (13): the call ended. 20-byte fixed part; EventCause may be a
    /// CECX_* code.
    pub struct CallClearedEvent = CallClearedEvent {
        /// MonitorID.
        monitor_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// PeripheralType.
        peripheral_type: PeripheralType,
        /// ConnectionDeviceIDType.
        connection_device_id_type: ConnectionIdType,
        /// ConnectionCallID.
        connection_call_id: u32,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
    }
}

cti_message! {
    /// CALL_CONNECTION_CLEARED_EVENT (14): one party left. 22-byte fixed part.
    pub struct CallConnectionClearedEvent = CallConnectionClearedEvent {
        /// MonitorID.
        monitor_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// PeripheralType.
        peripheral_type: PeripheralType,
        /// ConnectionDeviceIDType.
        connection_device_id_type: ConnectionIdType,
        /// ConnectionCallID.
        connection_call_id: u32,
        /// ReleasingDeviceType.
        releasing_device_type: DeviceIdType,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// ReleasingDeviceID (33).
        releasing_device_id: one CtiString [33; 64],
    }
}
