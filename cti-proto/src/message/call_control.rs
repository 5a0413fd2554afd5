//! Call and agent control requests and their confirmations. Fixed-part field orders follow
//! the fact sheet (cti.md §5.16) and uccertweb's table; failures come as CONTROL_FAILURE_CONF.

use bytes::Bytes;

use crate::enums::{
    CallPlacementType, CallType, ConnectionIdType, ConsultType, DeviceIdType, LineType,
};
use crate::message::groups::{CallVariables, PartyEntry};
use crate::wire::CtiString;

cti_message! {
    /// MAKE_CALL_REQ (56): the agent's device calls DialedNumber. 34-byte fixed part (30
    /// before v14, without SkillGroupNumber). UCCX: placement/manner/… all 0, PeripheralID 1,
    /// SkillGroupNumber NULL_CSQ.
    pub struct MakeCallReq = MakeCallReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// CallPlacementType.
        call_placement_type: CallPlacementType,
        /// CallMannerType.
        call_manner_type: u16,
        /// AlertRings.
        alert_rings: u16,
        /// CallOption.
        call_option: u16,
        /// FacilityType.
        facility_type: u16,
        /// AnsweringMachine.
        answering_machine: u16,
        /// Priority.
        priority: bool,
        /// PostRoute.
        post_route: bool,
        /// NumNamedVariables.
        num_named_variables: u16,
        /// NumNamedArrays.
        num_named_arrays: u16,
        /// SkillGroupNumber (UCCE v14+, all UCCX versions).
        skill_group_number: u32 => MakeCallSkillGroup,
    }
    floating {
        /// AgentInstrument (6), required.
        agent_instrument: one CtiString [6; 64],
        /// DialedNumber (11), required.
        dialed_number: one CtiString [11; 40],
        /// UserToUserInfo (9).
        uui: one Bytes [9; 131],
        /// CallVariable1–10, CallWrapupData and ECC.
        call_data: set CallVariables [13|14|15|16|17|18|19|20|21|22|46|82|83; 0],
        /// FacilityCode (51).
        facility_code: one CtiString [51; 40],
        /// AuthorizationCode (77).
        authorization_code: one CtiString [77; 40],
        /// AccountCode (78).
        account_code: one CtiString [78; 40],
        /// CallControlTable (84).
        call_control_table: one CtiString [84; 4],
    }
}

cti_message! {
    /// MAKE_CALL_CONF (57): the call was started. 14-byte fixed part.
    pub struct MakeCallConf = MakeCallConf {
        /// InvokeID.
        invoke_id: u32,
        /// NewConnectionCallID.
        new_connection_call_id: u32,
        /// NewConnectionDeviceIDType.
        new_connection_device_id_type: ConnectionIdType,
        /// LineHandle (UCCX: 0xFFFF).
        line_handle: u16,
        /// LineType (UCCX: 3).
        line_type: LineType,
    }
    floating {
        /// NewConnectionDeviceID (47).
        new_connection_device_id: one CtiString [47; 64],
    }
}

cti_message! {
    /// ANSWER_CALL_REQ (42): answer an alerting call. 14-byte fixed part; give ConnectionDeviceID (the calling connection's, from CALL_DELIVERED) and/or AgentInstrument.
    pub struct AnswerCallReq = AnswerCallReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID (UCCX: 1).
        peripheral_id: u32,
        /// ConnectionCallID (0xFFFF_FFFF if unknown).
        connection_call_id: u32,
        /// ConnectionDeviceIDType (CONNECTION_ID_NONE if unknown).
        connection_device_id_type: ConnectionIdType,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
    }
}

cti_message! {
    /// ANSWER_CALL_CONF (43).
    pub struct AnswerCallConf = AnswerCallConf {
        /// InvokeID.
        invoke_id: u32,
    }
    floating {
    }
}

cti_message! {
    /// HOLD_CALL_REQ (54): hold a connected call. 16-byte fixed part.
    pub struct HoldCallReq = HoldCallReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID (UCCX: 1).
        peripheral_id: u32,
        /// ConnectionCallID (0xFFFF_FFFF if unknown).
        connection_call_id: u32,
        /// ConnectionDeviceIDType (CONNECTION_ID_NONE if unknown).
        connection_device_id_type: ConnectionIdType,
        /// Reservation.
        reservation: bool,
    }
    floating {
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
    }
}

cti_message! {
    /// HOLD_CALL_CONF (55).
    pub struct HoldCallConf = HoldCallConf {
        /// InvokeID.
        invoke_id: u32,
    }
    floating {
    }
}

cti_message! {
    /// RETRIEVE_CALL_REQ (62): retrieve a held call. 14-byte fixed part.
    pub struct RetrieveCallReq = RetrieveCallReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID (UCCX: 1).
        peripheral_id: u32,
        /// HeldConnectionCallID.
        held_connection_call_id: u32,
        /// HeldConnectionDeviceIDType.
        held_connection_device_id_type: ConnectionIdType,
    }
    floating {
        /// HeldConnectionDeviceID (53).
        held_connection_device_id: one CtiString [53; 64],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
    }
}

cti_message! {
    /// RETRIEVE_CALL_CONF (63).
    pub struct RetrieveCallConf = RetrieveCallConf {
        /// InvokeID.
        invoke_id: u32,
    }
    floating {
    }
}

cti_message! {
    /// CLEAR_CALL_REQ (44): release every party of a call. 14-byte fixed part.
    pub struct ClearCallReq = ClearCallReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID (UCCX: 1).
        peripheral_id: u32,
        /// ConnectionCallID (0xFFFF_FFFF if unknown).
        connection_call_id: u32,
        /// ConnectionDeviceIDType (CONNECTION_ID_NONE if unknown).
        connection_device_id_type: ConnectionIdType,
    }
    floating {
        /// ConnectionDeviceID (25), required.
        connection_device_id: one CtiString [25; 64],
        /// CTIOSCILClientID (217).
        ctios_cil_client_id: one CtiString [217; 64],
    }
}

cti_message! {
    /// CLEAR_CALL_CONF (45).
    pub struct ClearCallConf = ClearCallConf {
        /// InvokeID.
        invoke_id: u32,
    }
    floating {
    }
}

cti_message! {
    /// CLEAR_CONNECTION_REQ (46): release one party. 14-byte fixed part.
    pub struct ClearConnectionReq = ClearConnectionReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID (UCCX: 1).
        peripheral_id: u32,
        /// ConnectionCallID (0xFFFF_FFFF if unknown).
        connection_call_id: u32,
        /// ConnectionDeviceIDType (CONNECTION_ID_NONE if unknown).
        connection_device_id_type: ConnectionIdType,
    }
    floating {
        /// ConnectionDeviceID (25), required.
        connection_device_id: one CtiString [25; 64],
        /// RequestingDeviceID (219), v14.
        requesting_device_id: one CtiString [219; 64],
        /// RequestingDeviceIDType (220), v14.
        requesting_device_id_type: one DeviceIdType [220; 2],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
    }
}

cti_message! {
    /// CLEAR_CONNECTION_CONF (47).
    pub struct ClearConnectionConf = ClearConnectionConf {
        /// InvokeID.
        invoke_id: u32,
    }
    floating {
    }
}

cti_message! {
    /// CONSULTATION_CALL_REQ (50) (UCCX: CONSULT_CALL_REQ): hold the active call and call DialedNumber.
    pub struct ConsultationCallReq = ConsultationCallReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID (UCCX: 1).
        peripheral_id: u32,
        /// ActiveConnectionCallID.
        active_connection_call_id: u32,
        /// ActiveConnectionDeviceIDType.
        active_connection_device_id_type: ConnectionIdType,
        /// CallPlacementType.
        call_placement_type: CallPlacementType,
        /// CallMannerType: 0 unspecified, 1 polite, 2 belligerent, 3 semi-polite.
        call_manner_type: u16,
        /// ConsultType.
        consult_type: ConsultType,
        /// AlertRings.
        alert_rings: u16,
        /// CallOption.
        call_option: u16,
        /// FacilityType: 0 unspecified, 1 trunk group, 2 skill group.
        facility_type: u16,
        /// AnsweringMachine.
        answering_machine: u16,
        /// Priority.
        priority: bool,
        /// PostRoute.
        post_route: bool,
        /// NumNamedVariables.
        num_named_variables: u16,
        /// NumNamedArrays.
        num_named_arrays: u16,
    }
    floating {
        /// ActiveConnectionDeviceID (50).
        active_connection_device_id: one CtiString [50; 64],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
        /// DialedNumber (11), required.
        dialed_number: one CtiString [11; 40],
        /// UserToUserInfo (9).
        uui: one Bytes [9; 131],
        /// CallVariable1–10, CallWrapupData and ECC.
        call_data: set CallVariables [13|14|15|16|17|18|19|20|21|22|46|82|83; 0],
        /// FacilityCode (51).
        facility_code: one CtiString [51; 40],
        /// AuthorizationCode (77).
        authorization_code: one CtiString [77; 40],
        /// AccountCode (78).
        account_code: one CtiString [78; 40],
    }
}

cti_message! {
    /// CONSULTATION_CALL_CONF (51): the consult call was started.
    pub struct ConsultationCallConf = ConsultationCallConf {
        /// InvokeID.
        invoke_id: u32,
        /// NewConnectionCallID.
        new_connection_call_id: u32,
        /// NewConnectionDeviceIDType.
        new_connection_device_id_type: ConnectionIdType,
        /// LineHandle (UCCX: 0xFFFF).
        line_handle: u16,
        /// LineType (UCCX: 3).
        line_type: LineType,
    }
    floating {
        /// NewConnectionDeviceID (47).
        new_connection_device_id: one CtiString [47; 64],
    }
}

cti_message! {
    /// TRANSFER_CALL_REQ (64): complete a consult transfer (active + held), or a single-step transfer to DialedNumber.
    pub struct TransferCallReq = TransferCallReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID (UCCX: 1).
        peripheral_id: u32,
        /// ActiveConnectionCallID.
        active_connection_call_id: u32,
        /// HeldConnectionCallID.
        held_connection_call_id: u32,
        /// ActiveConnectionDeviceIDType.
        active_connection_device_id_type: ConnectionIdType,
        /// HeldConnectionDeviceIDType.
        held_connection_device_id_type: ConnectionIdType,
        /// CallPlacementType.
        call_placement_type: CallPlacementType,
        /// CallMannerType: 0 unspecified, 1 polite, 2 belligerent, 3 semi-polite.
        call_manner_type: u16,
        /// AlertRings.
        alert_rings: u16,
        /// CallOption.
        call_option: u16,
        /// FacilityType: 0 unspecified, 1 trunk group, 2 skill group.
        facility_type: u16,
        /// AnsweringMachine.
        answering_machine: u16,
        /// Priority.
        priority: bool,
        /// PostRoute.
        post_route: bool,
        /// NumNamedVariables.
        num_named_variables: u16,
        /// NumNamedArrays.
        num_named_arrays: u16,
    }
    floating {
        /// ActiveConnectionDeviceID (50).
        active_connection_device_id: one CtiString [50; 64],
        /// HeldConnectionDeviceID (53).
        held_connection_device_id: one CtiString [53; 64],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
        /// DialedNumber (11), for a single-step transfer/conference.
        dialed_number: one CtiString [11; 40],
        /// UserToUserInfo (9).
        uui: one Bytes [9; 131],
        /// CallVariable1–10, CallWrapupData and ECC.
        call_data: set CallVariables [13|14|15|16|17|18|19|20|21|22|46|82|83; 0],
        /// FacilityCode (51).
        facility_code: one CtiString [51; 40],
        /// AuthorizationCode (77).
        authorization_code: one CtiString [77; 40],
        /// AccountCode (78).
        account_code: one CtiString [78; 40],
    }
}

cti_message! {
    /// TRANSFER_CALL_CONF (65).
    pub struct TransferCallConf = TransferCallConf {
        /// InvokeID.
        invoke_id: u32,
        /// NewConnectionCallID.
        new_connection_call_id: u32,
        /// NewConnectionDeviceIDType.
        new_connection_device_id_type: ConnectionIdType,
        /// NumParties (at most 16).
        num_parties: u16,
        /// LineHandle (UCCX: 0xFFFF).
        line_handle: u16,
        /// LineType (UCCX: 3).
        line_type: LineType,
    }
    floating {
        /// NewConnectionDeviceID (47).
        new_connection_device_id: one CtiString [47; 64],
        /// The parties of the resulting call (39–41).
        parties: group PartyEntry [39 | 40 | 41; 16],
    }
}

cti_message! {
    /// CONFERENCE_CALL_REQ (48): join the held and active calls (held first in the fixed part, unlike TRANSFER_CALL_REQ), or a single-step conference to DialedNumber.
    pub struct ConferenceCallReq = ConferenceCallReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID (UCCX: 1).
        peripheral_id: u32,
        /// HeldConnectionCallID.
        held_connection_call_id: u32,
        /// ActiveConnectionCallID.
        active_connection_call_id: u32,
        /// HeldConnectionDeviceIDType.
        held_connection_device_id_type: ConnectionIdType,
        /// ActiveConnectionDeviceIDType.
        active_connection_device_id_type: ConnectionIdType,
        /// CallPlacementType.
        call_placement_type: CallPlacementType,
        /// CallMannerType: 0 unspecified, 1 polite, 2 belligerent, 3 semi-polite.
        call_manner_type: u16,
        /// AlertRings.
        alert_rings: u16,
        /// CallOption.
        call_option: u16,
        /// FacilityType: 0 unspecified, 1 trunk group, 2 skill group.
        facility_type: u16,
        /// AnsweringMachine.
        answering_machine: u16,
        /// Priority.
        priority: bool,
        /// PostRoute.
        post_route: bool,
        /// NumNamedVariables.
        num_named_variables: u16,
        /// NumNamedArrays.
        num_named_arrays: u16,
    }
    floating {
        /// ActiveConnectionDeviceID (50).
        active_connection_device_id: one CtiString [50; 64],
        /// HeldConnectionDeviceID (53).
        held_connection_device_id: one CtiString [53; 64],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
        /// DialedNumber (11), for a single-step transfer/conference.
        dialed_number: one CtiString [11; 40],
        /// UserToUserInfo (9).
        uui: one Bytes [9; 131],
        /// CallVariable1–10, CallWrapupData and ECC.
        call_data: set CallVariables [13|14|15|16|17|18|19|20|21|22|46|82|83; 0],
        /// FacilityCode (51).
        facility_code: one CtiString [51; 40],
        /// AuthorizationCode (77).
        authorization_code: one CtiString [77; 40],
        /// AccountCode (78).
        account_code: one CtiString [78; 40],
    }
}

cti_message! {
    /// CONFERENCE_CALL_CONF (49).
    pub struct ConferenceCallConf = ConferenceCallConf {
        /// InvokeID.
        invoke_id: u32,
        /// NewConnectionCallID.
        new_connection_call_id: u32,
        /// NewConnectionDeviceIDType.
        new_connection_device_id_type: ConnectionIdType,
        /// NumParties (at most 16).
        num_parties: u16,
        /// LineHandle (UCCX: 0xFFFF).
        line_handle: u16,
        /// LineType (UCCX: 3).
        line_type: LineType,
    }
    floating {
        /// NewConnectionDeviceID (47).
        new_connection_device_id: one CtiString [47; 64],
        /// The parties of the resulting call (39–41).
        parties: group PartyEntry [39 | 40 | 41; 16],
    }
}

cti_message! {
    /// SET_CALL_DATA_REQ (26): change call data (UCCX: CampaignID/QueryRuleID reserved, 0 and 1).
    pub struct SetCallDataReq = SetCallDataReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID (UCCX: 1).
        peripheral_id: u32,
        /// ConnectionDeviceIDType.
        connection_device_id_type: ConnectionIdType,
        /// ConnectionCallID.
        connection_call_id: u32,
        /// NumNamedVariables.
        num_named_variables: u16,
        /// NumNamedArrays.
        num_named_arrays: u16,
        /// CallType.
        call_type: CallType,
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
        /// ANI (8).
        ani: one CtiString [8; 40],
        /// UserToUserInfo (9).
        uui: one Bytes [9; 131],
        /// DNIS (10).
        dnis: one CtiString [10; 32],
        /// CallVariable1–10, CallWrapupData and ECC.
        call_data: set CallVariables [13|14|15|16|17|18|19|20|21|22|46|82|83; 0],
        /// CustomerPhoneNumber (95).
        customer_phone_number: one CtiString [95; 20],
        /// CustomerAccountNumber (96).
        customer_account_number: one CtiString [96; 32],
    }
}

cti_message! {
    /// SET_CALL_DATA_CONF (27).
    pub struct SetCallDataConf = SetCallDataConf {
        /// InvokeID.
        invoke_id: u32,
    }
    floating {
    }
}

cti_message! {
    /// SEND_DTMF_SIGNAL_REQ (91): play digits on a call. PauseDuration is a UINT (it was once printed as USHORT).
    pub struct SendDtmfSignalReq = SendDtmfSignalReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID (UCCX: 1).
        peripheral_id: u32,
        /// ConnectionCallID (0xFFFF_FFFF if unknown).
        connection_call_id: u32,
        /// ConnectionDeviceIDType (CONNECTION_ID_NONE if unknown).
        connection_device_id_type: ConnectionIdType,
        /// ToneDuration (ms).
        tone_duration: u32,
        /// PauseDuration (ms).
        pause_duration: u32,
    }
    floating {
        /// DTMFString (67), required.
        dtmf_string: one CtiString [67; 32],
        /// ConnectionDeviceID (25).
        connection_device_id: one CtiString [25; 64],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
    }
}

cti_message! {
    /// SEND_DTMF_SIGNAL_CONF (92).
    pub struct SendDtmfSignalConf = SendDtmfSignalConf {
        /// InvokeID.
        invoke_id: u32,
    }
    floating {
    }
}
