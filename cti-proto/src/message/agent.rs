//! Agent messages: state events, pre-call events, state queries and changes.

use crate::enums::{
    AgentAvailabilityStatus, AgentState, AgentWorkMode, ForcedFlag, PeripheralType,
};
use crate::message::groups::{CallVariables, SkillGroupEntry};
use crate::wire::CtiString;

cti_message! {
    /// AGENT_STATE_EVENT (30). 58-byte fixed part (62 from UCCE v19 with DepartmentID).
    /// UCCX fills the reserved fields with constants (MonitorID 0, PeripheralID 1,
    /// SessionID 0, PeripheralType 21) and uses the skill-group fields for CSQs.
    pub struct AgentStateEvent = AgentStateEvent {
        /// MonitorID.
        monitor_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// SessionID of the agent's CLIENT_EVENTS session, or 0.
        session_id: u32,
        /// PeripheralType.
        peripheral_type: PeripheralType,
        /// SkillGroupState (UCCX: CSQState).
        skill_group_state: AgentState,
        /// StateDuration (seconds).
        state_duration: u32,
        /// SkillGroupNumber (UCCX: CSQID).
        skill_group_number: u32,
        /// SkillGroupID.
        skill_group_id: u32,
        /// SkillGroupPriority.
        skill_group_priority: u16,
        /// AgentState.
        agent_state: AgentState,
        /// EventReasonCode (Not Ready / Logout reason).
        event_reason_code: u16,
        /// MRDID.
        mrd_id: i32,
        /// NumTasks.
        num_tasks: u32,
        /// AgentMode: 0 not routable, 1 routable.
        agent_mode: u16,
        /// MaxTaskLimit.
        max_task_limit: u32,
        /// ICMAgentID.
        icm_agent_id: i32,
        /// AgentAvailabilityStatus.
        agent_availability_status: AgentAvailabilityStatus,
        /// NumFltSkillGroups: 0 means the single skill group of the fixed part.
        num_flt_skill_groups: u16,
        /// DepartmentID (UCCE v19+).
        department_id: i32 => DepartmentId,
    }
    floating {
        /// CTIClientSignature (3).
        cti_client_signature: one CtiString [3; 64],
        /// AgentID (5), UCCE.
        agent_id: one CtiString [5; 12],
        /// AgentExtension (4).
        agent_extension: one CtiString [4; 16],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
        /// Duration (150).
        duration: one u32 [150; 4],
        /// NextAgentState (123).
        next_agent_state: one AgentState [123; 2],
        /// Direction (244).
        direction: one u32 [244; 4],
        /// Floating skill groups (62–65), at most 99.
        skill_groups: group SkillGroupEntry [62 | 63 | 64 | 65; 99],
        /// AgentID (194), UCCX.
        agent_id_long: one CtiString [194; 129],
        /// MaxBeyondTaskLimit (266, v22).
        max_beyond_task_limit: one u32 [266; 4],
        /// ActiveTerminal (303, v24 / UCCX v18).
        active_terminal: one CtiString [303; 64],
    }
}

cti_message! {
    /// AGENT_PRE_CALL_EVENT (105): call context sent to an agent before a routed call
    /// arrives.
    pub struct AgentPreCallEvent = AgentPreCallEvent {
        /// MonitorID.
        monitor_id: u32,
        /// NumNamedVariables.
        num_named_variables: u16,
        /// NumNamedArrays.
        num_named_arrays: u16,
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
        /// MRDID.
        mrd_id: i32,
    }
    floating {
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
        /// RouterCallKeyDay (72).
        router_call_key_day: one u32 [72; 4],
        /// RouterCallKeyCallID (73).
        router_call_key_call_id: one u32 [73; 4],
        /// RouterCallKeySequenceNumber (110).
        router_call_key_sequence_num: one u32 [110; 4],
        /// ANI (8).
        ani: one CtiString [8; 40],
        /// UserToUserInfo (9).
        uui: one bytes::Bytes [9; 131],
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
    /// AGENT_PRE_CALL_ABORT_EVENT (106): the announced call will not arrive.
    pub struct AgentPreCallAbortEvent = AgentPreCallAbortEvent {
        /// MonitorID.
        monitor_id: u32,
        /// MRDID.
        mrd_id: i32,
    }
    floating {
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
        /// RouterCallKeyDay (72).
        router_call_key_day: one u32 [72; 4],
        /// RouterCallKeyCallID (73).
        router_call_key_call_id: one u32 [73; 4],
        /// RouterCallKeySequenceNumber (110).
        router_call_key_sequence_num: one u32 [110; 4],
    }
}

cti_message! {
    /// QUERY_AGENT_STATE_REQ (36). UCCX: PeripheralID 1, MRDID 1, ICMAgentID 0.
    pub struct QueryAgentStateReq = QueryAgentStateReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// MRDID.
        mrd_id: i32,
        /// ICMAgentID.
        icm_agent_id: i32,
    }
    floating {
        /// AgentExtension (4).
        agent_extension: one CtiString [4; 16],
        /// AgentID (5), UCCE.
        agent_id: one CtiString [5; 12],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
        /// AgentID (194), UCCX.
        agent_id_long: one CtiString [194; 129],
    }
}

cti_message! {
    /// QUERY_AGENT_STATE_CONF (37). The position of the v19 DepartmentID in this message is
    /// not documented in the sources read; this crate appends it after the v9 fields, as in
    /// the other messages that gained it.
    pub struct QueryAgentStateConf = QueryAgentStateConf {
        /// InvokeID.
        invoke_id: u32,
        /// AgentState.
        agent_state: AgentState,
        /// NumSkillGroups.
        num_skill_groups: u16,
        /// MRDID.
        mrd_id: i32,
        /// NumTasks.
        num_tasks: u32,
        /// AgentMode.
        agent_mode: u16,
        /// MaxTaskLimit.
        max_task_limit: u32,
        /// ICMAgentID.
        icm_agent_id: i32,
        /// AgentAvailabilityStatus.
        agent_availability_status: AgentAvailabilityStatus,
        /// DepartmentID (UCCE v19+).
        department_id: i32 => DepartmentId,
    }
    floating {
        /// AgentID (5), UCCE.
        agent_id: one CtiString [5; 12],
        /// AgentExtension (4).
        agent_extension: one CtiString [4; 16],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
        /// Skill groups / CSQs (62–65), at most 20.
        skill_groups: group SkillGroupEntry [62 | 63 | 64 | 65; 20],
        /// AgentID (194), UCCX.
        agent_id_long: one CtiString [194; 129],
        /// MaxBeyondTaskLimit (266, v22).
        max_beyond_task_limit: one u32 [266; 4],
        /// InternalAgentState (255, UCCX internal).
        internal_agent_state: one u16 [255; 2],
    }
}

cti_message! {
    /// SET_AGENT_STATE_REQ (38). 21-byte fixed part (ForcedFlag is one byte).
    pub struct SetAgentStateReq = SetAgentStateReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID (UCCX: 1).
        peripheral_id: u32,
        /// The requested state.
        agent_state: AgentState,
        /// AgentWorkMode.
        agent_work_mode: AgentWorkMode,
        /// NumSkillGroups.
        num_skill_groups: u16,
        /// EventReasonCode (Not Ready / Logout reason code).
        event_reason_code: u16,
        /// ForcedFlag.
        forced_flag: ForcedFlag,
        /// AgentServiceReq (UCCX "AgentCapacity", v12+: 0x1 = outbound enabled).
        agent_service_req: u32,
    }
    floating {
        /// AgentInstrument (6), required.
        agent_instrument: one CtiString [6; 64],
        /// AgentPassword (49), required for LOGIN in UCCX.
        agent_password: one CtiString [49; 64],
        /// AgentID (5), UCCE.
        agent_id: one CtiString [5; 12],
        /// PositionID (68).
        position_id: one CtiString [68; 12],
        /// SupervisorID (69).
        supervisor_id: one CtiString [69; 12],
        /// Skill groups (62–65).
        skill_groups: group SkillGroupEntry [62 | 63 | 64 | 65; 20],
        /// AgentID (194), UCCX.
        agent_id_long: one CtiString [194; 129],
        /// SSO_ENABLED (257).
        sso_enabled: one u16 [257; 2],
        /// ActiveTerminal (303).
        active_terminal: one CtiString [303; 64],
    }
}

cti_message! {
    /// SET_AGENT_STATE_CONF (39). Failures come as CONTROL_FAILURE_CONF.
    pub struct SetAgentStateConf = SetAgentStateConf {
        /// InvokeID.
        invoke_id: u32,
    }
    floating {}
}
