//! Unsolicited call events.

use bytes::Bytes;

use crate::enums::{
    CallType, ConnectionIdType, DeviceIdType, EventCause, LineType, LocalConnectionState,
    PeripheralType,
};
use crate::message::groups::{CallVariables, CtiClientEntry, PartyEntry, SkillGroupEntry};
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

cti_message! {
    /// CALL_ORIGINATED_EVENT (15): a device started an outbound call.
    pub struct CallOriginatedEvent = CallOriginatedEvent {
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
        /// CallingDeviceType.
        calling_device_type: DeviceIdType,
        /// CalledDeviceType.
        called_device_type: DeviceIdType,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// CallingDeviceID (27).
        calling_device_id: one CtiString [27; 64],
        /// CalledDeviceID (28).
        called_device_id: one CtiString [28; 64],
    }
}

cti_message! {
    /// CALL_FAILED_EVENT (16). The v14 guide and uccertweb agree that the fixed part starts
    /// at PeripheralID (no MonitorID); this crate follows them.
    pub struct CallFailedEvent = CallFailedEvent {
        /// PeripheralID.
        peripheral_id: u32,
        /// PeripheralType.
        peripheral_type: PeripheralType,
        /// ConnectionDeviceIDType.
        connection_device_id_type: ConnectionIdType,
        /// ConnectionCallID.
        connection_call_id: u32,
        /// FailingDeviceType.
        failing_device_type: DeviceIdType,
        /// CalledDeviceType.
        called_device_type: DeviceIdType,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// FailingDeviceID (34).
        failing_device_id: one CtiString [34; 64],
        /// CalledDeviceID (28).
        called_device_id: one CtiString [28; 64],
    }
}

cti_message! {
    /// CALL_CONFERENCED_EVENT (17): calls joined into a conference.
    pub struct CallConferencedEvent = CallConferencedEvent {
        /// MonitorID.
        monitor_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// PeripheralType.
        peripheral_type: PeripheralType,
        /// PrimaryDeviceIDType.
        primary_device_id_type: ConnectionIdType,
        /// PrimaryCallID.
        primary_call_id: u32,
        /// LineHandle.
        line_handle: u16,
        /// LineType.
        line_type: LineType,
        /// SkillGroupNumber.
        skill_group_number: u32,
        /// SkillGroupID.
        skill_group_id: u32,
        /// SkillGroupPriority.
        skill_group_priority: u16,
        /// NumParties (at most 16).
        num_parties: u16,
        /// SecondaryDeviceIDType.
        secondary_device_id_type: ConnectionIdType,
        /// SecondaryCallID.
        secondary_call_id: u32,
        /// ControllerDeviceType.
        controller_device_type: DeviceIdType,
        /// AddedPartyDeviceType.
        added_party_device_type: DeviceIdType,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
    }
    floating {
        /// PrimaryDeviceID (35).
        primary_device_id: one CtiString [35; 64],
        /// SecondaryDeviceID (36).
        secondary_device_id: one CtiString [36; 64],
        /// ControllerDeviceID (37).
        controller_device_id: one CtiString [37; 64],
        /// AddedPartyDeviceID (38).
        added_party_device_id: one CtiString [38; 64],
        /// The parties (39–41), at most 16.
        parties: group PartyEntry [39 | 40 | 41; 16],
    }
}

cti_message! {
    /// CALL_TRANSFERRED_EVENT (18): a call was transferred.
    pub struct CallTransferredEvent = CallTransferredEvent {
        /// MonitorID.
        monitor_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// PeripheralType.
        peripheral_type: PeripheralType,
        /// PrimaryDeviceIDType.
        primary_device_id_type: ConnectionIdType,
        /// PrimaryCallID.
        primary_call_id: u32,
        /// LineHandle.
        line_handle: u16,
        /// LineType.
        line_type: LineType,
        /// SkillGroupNumber.
        skill_group_number: u32,
        /// SkillGroupID.
        skill_group_id: u32,
        /// SkillGroupPriority.
        skill_group_priority: u16,
        /// NumParties (at most 16).
        num_parties: u16,
        /// SecondaryDeviceIDType.
        secondary_device_id_type: ConnectionIdType,
        /// SecondaryCallID.
        secondary_call_id: u32,
        /// TransferringDeviceType.
        transferring_device_type: DeviceIdType,
        /// TransferredDeviceType.
        transferred_device_type: DeviceIdType,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
    }
    floating {
        /// PrimaryDeviceID (35).
        primary_device_id: one CtiString [35; 64],
        /// SecondaryDeviceID (36).
        secondary_device_id: one CtiString [36; 64],
        /// TransferringDeviceID (42).
        transferring_device_id: one CtiString [42; 64],
        /// TransferredDeviceID (43).
        transferred_device_id: one CtiString [43; 64],
        /// The parties (39–41), at most 16.
        parties: group PartyEntry [39 | 40 | 41; 16],
    }
}

cti_message! {
    /// CALL_DIVERTED_EVENT (19): a call left a device without being answered.
    pub struct CallDivertedEvent = CallDivertedEvent {
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
        /// ServiceNumber.
        service_number: u32,
        /// ServiceID.
        service_id: u32,
        /// DivertingDeviceType.
        diverting_device_type: DeviceIdType,
        /// CalledDeviceType.
        called_device_type: DeviceIdType,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// DivertingDeviceID (44).
        diverting_device_id: one CtiString [44; 64],
        /// CalledDeviceID (28).
        called_device_id: one CtiString [28; 64],
    }
}

cti_message! {
    /// CALL_SERVICE_INITIATED_EVENT (20): a device went off-hook (dial tone).
    pub struct CallServiceInitiatedEvent = CallServiceInitiatedEvent {
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
        /// CallingDeviceType.
        calling_device_type: DeviceIdType,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// CallingDeviceID (27).
        calling_device_id: one CtiString [27; 64],
    }
}

cti_message! {
    /// CALL_QUEUED_EVENT (21): a call was queued (UCCX: at a CSQ).
    pub struct CallQueuedEvent = CallQueuedEvent {
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
        /// ServiceNumber.
        service_number: u32,
        /// ServiceID.
        service_id: u32,
        /// QueueDeviceType.
        queue_device_type: DeviceIdType,
        /// CallingDeviceType.
        calling_device_type: DeviceIdType,
        /// CalledDeviceType.
        called_device_type: DeviceIdType,
        /// LastRedirectDeviceType.
        last_redirect_device_type: DeviceIdType,
        /// NumQueued.
        num_queued: u16,
        /// NumSkillGroups.
        num_skill_groups: u16,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// QueueDeviceID (45).
        queue_device_id: one CtiString [45; 64],
        /// CallingDeviceID (27).
        calling_device_id: one CtiString [27; 64],
        /// CalledDeviceID (28).
        called_device_id: one CtiString [28; 64],
        /// LastRedirectDeviceID (29).
        last_redirect_device_id: one CtiString [29; 64],
        /// Skill groups / CSQs queued at (62–65), at most 20.
        skill_groups: group SkillGroupEntry [62 | 63 | 64 | 65; 20],
    }
}

cti_message! {
    /// CALL_TRANSLATION_ROUTE_EVENT (22): call data for a translation route.
    pub struct CallTranslationRouteEvent = CallTranslationRouteEvent {
        /// NumNamedVariables.
        num_named_variables: u16,
        /// NumNamedArrays.
        num_named_arrays: u16,
    }
    floating {
        /// ANI (8).
        ani: one CtiString [8; 40],
        /// UserToUserInfo (9).
        uui: one Bytes [9; 131],
        /// CallerEnteredDigits (12).
        ced: one CtiString [12; 40],
        /// CallVariable1–10, CallWrapupData and ECC.
        call_data: set CallVariables [13|14|15|16|17|18|19|20|21|22|46|82|83; 0],
    }
}

cti_message! {
    /// CALL_REACHED_NETWORK_EVENT (34): an outbound call left the switch on a trunk.
    pub struct CallReachedNetworkEvent = CallReachedNetworkEvent {
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
        /// TrunkUsedDeviceType.
        trunk_used_device_type: DeviceIdType,
        /// CalledDeviceType.
        called_device_type: DeviceIdType,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// TrunkUsedDeviceID (48).
        trunk_used_device_id: one CtiString [48; 64],
        /// CalledDeviceID (28).
        called_device_id: one CtiString [28; 64],
        /// TrunkNumber (121).
        trunk_number: one u32 [121; 4],
        /// TrunkGroupNumber (122).
        trunk_group_number: one u32 [122; 4],
    }
}

cti_message! {
    /// CALL_DEQUEUED_EVENT (86): a call left a queue.
    pub struct CallDequeuedEvent = CallDequeuedEvent {
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
        /// QueueDeviceType.
        queue_device_type: DeviceIdType,
        /// ServiceNumber.
        service_number: u32,
        /// ServiceID.
        service_id: u32,
        /// NumQueued.
        num_queued: u16,
        /// NumSkillGroups.
        num_skill_groups: u16,
        /// LocalConnectionState.
        local_connection_state: LocalConnectionState,
        /// EventCause.
        event_cause: EventCause,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// QueueDeviceID (45).
        queue_device_id: one CtiString [45; 64],
        /// Skill groups / CSQs dequeued from (62–65), at most 20.
        skill_groups: group SkillGroupEntry [62 | 63 | 64 | 65; 20],
    }
}

cti_message! {
    /// RTP_STARTED_EVENT (116): media started on an agent device. The widths of Direction,
    /// RTPType, BitRate, PacketSize and PayloadType are taken as UINT from uccertweb's
    /// field list; check against the guide before relying on them.
    pub struct RtpStartedEvent = RtpStartedEvent {
        /// MonitorID.
        monitor_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// ClientPort.
        client_port: u32,
        /// Direction: 0 input, 1 output, 2 bidirectional.
        direction: u32,
        /// RTPType: 0 audio, 1 video, 2 data.
        rtp_type: u32,
        /// BitRate.
        bit_rate: u32,
        /// EchoCancellation.
        echo_cancellation: bool,
        /// PacketSize (ms).
        packet_size: u32,
        /// PayloadType.
        payload_type: u32,
        /// ConnectionDeviceIDType.
        connection_device_id_type: ConnectionIdType,
        /// ConnectionCallID.
        connection_call_id: u32,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// SendingAddress (125).
        sending_address: one CtiString [125; 64],
        /// SendingPort (126).
        sending_port: one u32 [126; 4],
        /// AgentExtension (4).
        agent_extension: one CtiString [4; 16],
        /// AgentID (5).
        agent_id: one CtiString [5; 12],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
    }
}

cti_message! {
    /// RTP_STOPPED_EVENT (117): media stopped on an agent device.
    pub struct RtpStoppedEvent = RtpStoppedEvent {
        /// MonitorID.
        monitor_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// ClientPort.
        client_port: u32,
        /// Direction.
        direction: u32,
        /// ConnectionDeviceIDType.
        connection_device_id_type: ConnectionIdType,
        /// ConnectionCallID.
        connection_call_id: u32,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// SendingAddress (125).
        sending_address: one CtiString [125; 64],
        /// SendingPort (126).
        sending_port: one u32 [126; 4],
        /// AgentExtension (4).
        agent_extension: one CtiString [4; 16],
        /// AgentID (5).
        agent_id: one CtiString [5; 12],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
    }
}
