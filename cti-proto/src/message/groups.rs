//! Repeated groups of floating fields shared by several messages.

use crate::enums::{AgentState, DeviceIdType, LocalConnectionState};
use crate::wire::{CtiString, NamedArray, NamedVar};

cti_group! {
    /// A FltPeripheralID (208) + MultilineAgentControl (224) pair of OPEN_CONF.
    pub struct PeripheralEntry {
        /// FltPeripheralID.
        peripheral_id: u32 [208; 4],
        /// MultilineAgentControl: 0 single line, 1 multiline.
        multiline_agent_control: u16 [224; 2],
    }
}

cti_group! {
    /// A skill group (UCCX: CSQ) an agent belongs to: tags 62–65.
    pub struct SkillGroupEntry {
        /// SkillGroupNumber (62) (UCCX: CSQID).
        number: i32 [62; 4],
        /// SkillGroupID (63).
        id: u32 [63; 4],
        /// SkillGroupPriority (64).
        priority: u16 [64; 2],
        /// SkillGroupState (65) (UCCX: CSQState).
        state: AgentState [65; 2],
    }
}

cti_group! {
    /// A CTIClientSignature (23) + CTIClientTimestamp (24) pair.
    pub struct CtiClientEntry {
        /// CTIClientSignature.
        signature: CtiString [23; 64],
        /// CTIClientTimestamp (seconds since 1970).
        timestamp: u32 [24; 4],
    }
}

cti_group! {
    /// A call party: PartyCallID (39), PartyDeviceIDType (40), PartyDeviceID (41).
    pub struct PartyEntry {
        /// PartyCallID.
        call_id: u32 [39; 4],
        /// PartyDeviceIDType.
        device_id_type: DeviceIdType [40; 2],
        /// PartyDeviceID.
        device_id: CtiString [41; 64],
    }
}

cti_group! {
    /// A call of a device snapshot: CallConnectionCallID (56), type (57), device (58),
    /// CallState (75).
    pub struct CallConnectionEntry {
        /// CallConnectionCallID.
        call_id: u32 [56; 4],
        /// CallConnectionDeviceIDType.
        device_id_type: DeviceIdType [57; 2],
        /// CallConnectionDeviceID.
        device_id: CtiString [58; 64],
        /// CallState.
        call_state: LocalConnectionState [75; 2],
    }
}

cti_set! {
    /// The call data carried by call events and requests: CallVariable1–10 (13–22),
    /// CallWrapupData (46) and the Expanded Call Context variables (82, 83; together at most
    /// 2,000 bytes).
    pub struct CallVariables {
        /// CallVariable1 (13).
        call_variable_1: one CtiString [13; 41],
        /// CallVariable2 (14).
        call_variable_2: one CtiString [14; 41],
        /// CallVariable3 (15).
        call_variable_3: one CtiString [15; 41],
        /// CallVariable4 (16).
        call_variable_4: one CtiString [16; 41],
        /// CallVariable5 (17).
        call_variable_5: one CtiString [17; 41],
        /// CallVariable6 (18).
        call_variable_6: one CtiString [18; 41],
        /// CallVariable7 (19).
        call_variable_7: one CtiString [19; 41],
        /// CallVariable8 (20).
        call_variable_8: one CtiString [20; 41],
        /// CallVariable9 (21).
        call_variable_9: one CtiString [21; 41],
        /// CallVariable10 (22).
        call_variable_10: one CtiString [22; 41],
        /// CallWrapupData (46).
        call_wrapup_data: one CtiString [46; 40],
        /// NamedVariable (82): ECC scalars, in order.
        named_variables: many NamedVar [82; 251],
        /// NamedArray (83): ECC array elements, in order.
        named_arrays: many NamedArray [83; 252],
    }
}

impl CallVariables {
    /// CallVariable `n` (1–10).
    pub fn call_variable(&self, n: usize) -> Option<&CtiString> {
        self.slots().get(n.checked_sub(1)?)?.as_ref()
    }

    /// Sets CallVariable `n` (1–10); returns false when `n` is out of range.
    pub fn set_call_variable(&mut self, n: usize, value: Option<CtiString>) -> bool {
        match n
            .checked_sub(1)
            .and_then(|i| self.slots_mut().into_iter().nth(i))
        {
            Some(slot) => {
                *slot = value;
                true
            }
            None => false,
        }
    }

    fn slots(&self) -> [&Option<CtiString>; 10] {
        [
            &self.call_variable_1,
            &self.call_variable_2,
            &self.call_variable_3,
            &self.call_variable_4,
            &self.call_variable_5,
            &self.call_variable_6,
            &self.call_variable_7,
            &self.call_variable_8,
            &self.call_variable_9,
            &self.call_variable_10,
        ]
    }

    fn slots_mut(&mut self) -> [&mut Option<CtiString>; 10] {
        [
            &mut self.call_variable_1,
            &mut self.call_variable_2,
            &mut self.call_variable_3,
            &mut self.call_variable_4,
            &mut self.call_variable_5,
            &mut self.call_variable_6,
            &mut self.call_variable_7,
            &mut self.call_variable_8,
            &mut self.call_variable_9,
            &mut self.call_variable_10,
        ]
    }
}
