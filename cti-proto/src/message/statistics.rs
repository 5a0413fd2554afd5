//! Agent and skill-group statistics queries. The counter order is uccertweb's (about
//! protocol 17); the v20+ guides were not checked for additions, so a newer server's
//! extra trailing counters are kept as unknown floating data only if they are floating.

use crate::wire::CtiString;

/// Declares a block of UINT counters read and written in order.
macro_rules! cti_counters {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $( $(#[$fmeta:meta])* $field:ident, )+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: u32, )+
        }

        impl $name {
            /// The number of counters.
            pub const COUNT: usize = [$(stringify!($field)),+].len();
        }

        impl $crate::wire::Fixed for $name {
            #[inline]
            fn read(r: &mut $crate::wire::Reader<'_>, _field: &'static str) -> Result<Self, $crate::wire::At> {
                Ok(Self { $( $field: <u32 as $crate::wire::Fixed>::read(r, stringify!($field))?, )+ })
            }
            fn write(&self, dst: &mut ::bytes::BytesMut) {
                $( <u32 as $crate::wire::Fixed>::write(&self.$field, dst); )+
            }
        }

        #[cfg(feature = "proptest")]
        impl ::proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = ::proptest::strategy::BoxedStrategy<Self>;
            fn arbitrary_with(_: ()) -> Self::Strategy {
                use ::proptest::prelude::*;
                ::proptest::collection::vec(any::<u32>(), Self::COUNT)
                    .prop_map(|v| {
                        let mut it = v.into_iter();
                        Self { $( $field: it.next().unwrap_or_default(), )+ }
                    })
                    .boxed()
            }
        }
    };
}

cti_counters! {
    /// The 84 counters of QUERY_AGENT_STATISTICS_CONF (this login session, then today).
    pub struct AgentStatistics {
        /// AvailTimeSession (counter 1).
        avail_time_session,
        /// LoggedOnTimeSession (counter 2).
        logged_on_time_session,
        /// NotReadyTimeSession (counter 3).
        not_ready_time_session,
        /// ICMAvailableTimeSession (counter 4).
        icm_available_time_session,
        /// RoutableTimeSession (counter 5).
        routable_time_session,
        /// AgentOutCallsSession (counter 6).
        agent_out_calls_session,
        /// AgentOutCallsTalkTimeSession (counter 7).
        agent_out_calls_talk_time_session,
        /// AgentOutCallsTimeSession (counter 8).
        agent_out_calls_time_session,
        /// AgentOutCallsHeldSession (counter 9).
        agent_out_calls_held_session,
        /// AgentOutCallsHeldTimeSession (counter 10).
        agent_out_calls_held_time_session,
        /// HandledCallsSession (counter 11).
        handled_calls_session,
        /// HandledCallsTalkTimeSession (counter 12).
        handled_calls_talk_time_session,
        /// HandledCallsAfterCallTimeSession (counter 13).
        handled_calls_after_call_time_session,
        /// HandledCallsTimeSession (counter 14).
        handled_calls_time_session,
        /// IncomingCallsHeldSession (counter 15).
        incoming_calls_held_session,
        /// IncomingCallsHeldTimeSession (counter 16).
        incoming_calls_held_time_session,
        /// InternalCallsSession (counter 17).
        internal_calls_session,
        /// InternalCallsTimeSession (counter 18).
        internal_calls_time_session,
        /// InternalCallsRcvdSession (counter 19).
        internal_calls_rcvd_session,
        /// InternalCallsRcvdTimeSession (counter 20).
        internal_calls_rcvd_time_session,
        /// InternalCallsHeldSession (counter 21).
        internal_calls_held_session,
        /// InternalCallsHeldTimeSession (counter 22).
        internal_calls_held_time_session,
        /// AutoOutCallsSession (counter 23).
        auto_out_calls_session,
        /// AutoOutCallsTalkTimeSession (counter 24).
        auto_out_calls_talk_time_session,
        /// AutoOutCallsTimeSession (counter 25).
        auto_out_calls_time_session,
        /// AutoOutCallsHeldSession (counter 26).
        auto_out_calls_held_session,
        /// AutoOutCallsHeldTimeSession (counter 27).
        auto_out_calls_held_time_session,
        /// PreviewCallsSession (counter 28).
        preview_calls_session,
        /// PreviewCallsTalkTimeSession (counter 29).
        preview_calls_talk_time_session,
        /// PreviewCallsTimeSession (counter 30).
        preview_calls_time_session,
        /// PreviewCallsHeldSession (counter 31).
        preview_calls_held_session,
        /// PreviewCallsHeldTimeSession (counter 32).
        preview_calls_held_time_session,
        /// ReservationCallsSession (counter 33).
        reservation_calls_session,
        /// ReservationCallsTalkTimeSession (counter 34).
        reservation_calls_talk_time_session,
        /// ReservationCallsTimeSession (counter 35).
        reservation_calls_time_session,
        /// ReservationCallsHeldSession (counter 36).
        reservation_calls_held_session,
        /// ReservationCallsHeldTimeSession (counter 37).
        reservation_calls_held_time_session,
        /// BargeInCallsSession (counter 38).
        barge_in_calls_session,
        /// InterceptCallsSession (counter 39).
        intercept_calls_session,
        /// MonitorCallsSession (counter 40).
        monitor_calls_session,
        /// WhisperCallsSession (counter 41).
        whisper_calls_session,
        /// EmergencyCallsSession (counter 42).
        emergency_calls_session,
        /// AvailTimeToday (counter 43).
        avail_time_today,
        /// LoggedOnTimeToday (counter 44).
        logged_on_time_today,
        /// NotReadyTimeToday (counter 45).
        not_ready_time_today,
        /// ICMAvailableTimeToday (counter 46).
        icm_available_time_today,
        /// RoutableTimeToday (counter 47).
        routable_time_today,
        /// AgentOutCallsToday (counter 48).
        agent_out_calls_today,
        /// AgentOutCallsTalkTimeToday (counter 49).
        agent_out_calls_talk_time_today,
        /// AgentOutCallsTimeToday (counter 50).
        agent_out_calls_time_today,
        /// AgentOutCallsHeldToday (counter 51).
        agent_out_calls_held_today,
        /// AgentOutCallsHeldTimeToday (counter 52).
        agent_out_calls_held_time_today,
        /// HandledCallsToday (counter 53).
        handled_calls_today,
        /// HandledCallsTalkTimeToday (counter 54).
        handled_calls_talk_time_today,
        /// HandledCallsAfterCallTimeToday (counter 55).
        handled_calls_after_call_time_today,
        /// HandledCallsTimeToday (counter 56).
        handled_calls_time_today,
        /// IncomingCallsHeldToday (counter 57).
        incoming_calls_held_today,
        /// IncomingCallsHeldTimeToday (counter 58).
        incoming_calls_held_time_today,
        /// InternalCallsToday (counter 59).
        internal_calls_today,
        /// InternalCallsTimeToday (counter 60).
        internal_calls_time_today,
        /// InternalCallsRcvdToday (counter 61).
        internal_calls_rcvd_today,
        /// InternalCallsRcvdTimeToday (counter 62).
        internal_calls_rcvd_time_today,
        /// InternalCallsHeldToday (counter 63).
        internal_calls_held_today,
        /// InternalCallsHeldTimeToday (counter 64).
        internal_calls_held_time_today,
        /// AutoOutCallsToday (counter 65).
        auto_out_calls_today,
        /// AutoOutCallsTalkTimeToday (counter 66).
        auto_out_calls_talk_time_today,
        /// AutoOutCallsTimeToday (counter 67).
        auto_out_calls_time_today,
        /// AutoOutCallsHeldToday (counter 68).
        auto_out_calls_held_today,
        /// AutoOutCallsHeldTimeToday (counter 69).
        auto_out_calls_held_time_today,
        /// PreviewCallsToday (counter 70).
        preview_calls_today,
        /// PreviewCallsTalkTimeToday (counter 71).
        preview_calls_talk_time_today,
        /// PreviewCallsTimeToday (counter 72).
        preview_calls_time_today,
        /// PreviewCallsHeldToday (counter 73).
        preview_calls_held_today,
        /// PreviewCallsHeldTimeToday (counter 74).
        preview_calls_held_time_today,
        /// ReservationCallsToday (counter 75).
        reservation_calls_today,
        /// ReservationCallsTalkTimeToday (counter 76).
        reservation_calls_talk_time_today,
        /// ReservationCallsTimeToday (counter 77).
        reservation_calls_time_today,
        /// ReservationCallsHeldToday (counter 78).
        reservation_calls_held_today,
        /// ReservationCallsHeldTimeToday (counter 79).
        reservation_calls_held_time_today,
        /// BargeInCallsToday (counter 80).
        barge_in_calls_today,
        /// InterceptCallsToday (counter 81).
        intercept_calls_today,
        /// MonitorCallsToday (counter 82).
        monitor_calls_today,
        /// WhisperCallsToday (counter 83).
        whisper_calls_today,
        /// EmergencyCallsToday (counter 84).
        emergency_calls_today,
    }
}

cti_counters! {
    /// The 145 counters of QUERY_SKILL_GROUP_STATISTICS_CONF (now, to 5 minutes, to half hour, today).
    pub struct SkillGroupStatistics {
        /// AgentsLoggedOn (counter 1).
        agents_logged_on,
        /// AgentsAvail (counter 2).
        agents_avail,
        /// AgentsNotReady (counter 3).
        agents_not_ready,
        /// AgentsReady (counter 4).
        agents_ready,
        /// AgentsTalkingIn (counter 5).
        agents_talking_in,
        /// AgentsTalkingOut (counter 6).
        agents_talking_out,
        /// AgentsTalkingOther (counter 7).
        agents_talking_other,
        /// AgentsWorkNotReady (counter 8).
        agents_work_not_ready,
        /// AgentsWorkReady (counter 9).
        agents_work_ready,
        /// AgentsBusyOther (counter 10).
        agents_busy_other,
        /// AgentsReserved (counter 11).
        agents_reserved,
        /// AgentsHold (counter 12).
        agents_hold,
        /// AgentsICMAvailable (counter 13).
        agents_icm_available,
        /// AgentsApplicationAvailable (counter 14).
        agents_application_available,
        /// AgentsTalkingAutoOut (counter 15).
        agents_talking_auto_out,
        /// AgentsTalkingPreview (counter 16).
        agents_talking_preview,
        /// AgentsTalkingReservation (counter 17).
        agents_talking_reservation,
        /// RouterCallsQNow (counter 18).
        router_calls_q_now,
        /// LongestRouterCallQNow (counter 19).
        longest_router_call_q_now,
        /// CallsQNow (counter 20).
        calls_q_now,
        /// CallsQTimeNow (counter 21).
        calls_q_time_now,
        /// LongestCallQNow (counter 22).
        longest_call_q_now,
        /// AvailTimeTo5 (counter 23).
        avail_time_to5,
        /// LoggedOnTimeTo5 (counter 24).
        logged_on_time_to5,
        /// NotReadyTimeTo5 (counter 25).
        not_ready_time_to5,
        /// AgentOutCallsTo5 (counter 26).
        agent_out_calls_to5,
        /// AgentOutCallsTalkTimeTo5 (counter 27).
        agent_out_calls_talk_time_to5,
        /// AgentOutCallsTimeTo5 (counter 28).
        agent_out_calls_time_to5,
        /// AgentOutCallsHeldTo5 (counter 29).
        agent_out_calls_held_to5,
        /// AgentOutCallsHeldTimeTo5 (counter 30).
        agent_out_calls_held_time_to5,
        /// HandledCallsTo5 (counter 31).
        handled_calls_to5,
        /// HandledCallsTalkTimeTo5 (counter 32).
        handled_calls_talk_time_to5,
        /// HandledCallsAfterCallTimeTo5 (counter 33).
        handled_calls_after_call_time_to5,
        /// HandledCallsTimeTo5 (counter 34).
        handled_calls_time_to5,
        /// IncomingCallsHeldTo5 (counter 35).
        incoming_calls_held_to5,
        /// IncomingCallsHeldTimeTo5 (counter 36).
        incoming_calls_held_time_to5,
        /// InternalCallsRcvdTo5 (counter 37).
        internal_calls_rcvd_to5,
        /// InternalCallsRcvdTimeTo5 (counter 38).
        internal_calls_rcvd_time_to5,
        /// InternalCallsHeldTo5 (counter 39).
        internal_calls_held_to5,
        /// InternalCallsHeldTimeTo5 (counter 40).
        internal_calls_held_time_to5,
        /// AutoOutCallsTo5 (counter 41).
        auto_out_calls_to5,
        /// AutoOutCallsTalkTimeTo5 (counter 42).
        auto_out_calls_talk_time_to5,
        /// AutoOutCallsTimeTo5 (counter 43).
        auto_out_calls_time_to5,
        /// AutoOutCallsHeldTo5 (counter 44).
        auto_out_calls_held_to5,
        /// AutoOutCallsHeldTimeTo5 (counter 45).
        auto_out_calls_held_time_to5,
        /// PreviewCallsTo5 (counter 46).
        preview_calls_to5,
        /// PreviewCallsTalkTimeTo5 (counter 47).
        preview_calls_talk_time_to5,
        /// PreviewCallsTimeTo5 (counter 48).
        preview_calls_time_to5,
        /// PreviewCallsHeldTo5 (counter 49).
        preview_calls_held_to5,
        /// PreviewCallsHeldTimeTo5 (counter 50).
        preview_calls_held_time_to5,
        /// ReservationCallsTo5 (counter 51).
        reservation_calls_to5,
        /// ReservationCallsTalkTimeTo5 (counter 52).
        reservation_calls_talk_time_to5,
        /// ReservationCallsTimeTo5 (counter 53).
        reservation_calls_time_to5,
        /// ReservationCallsHeldTo5 (counter 54).
        reservation_calls_held_to5,
        /// ReservationCallsHeldTimeTo5 (counter 55).
        reservation_calls_held_time_to5,
        /// BargeInCallsTo5 (counter 56).
        barge_in_calls_to5,
        /// InterceptCallsTo5 (counter 57).
        intercept_calls_to5,
        /// MonitorCallsTo5 (counter 58).
        monitor_calls_to5,
        /// WhisperCallsTo5 (counter 59).
        whisper_calls_to5,
        /// EmergencyCallsTo5 (counter 60).
        emergency_calls_to5,
        /// CallsQ5 (counter 61).
        calls_q_5,
        /// CallsQTime5 (counter 62).
        calls_q_time5,
        /// LongestCallQ5 (counter 63).
        longest_call_q_5,
        /// AvailTimeToHalf (counter 64).
        avail_time_to_half,
        /// LoggedOnTimeToHalf (counter 65).
        logged_on_time_to_half,
        /// NotReadyTimeToHalf (counter 66).
        not_ready_time_to_half,
        /// AgentOutCallsToHalf (counter 67).
        agent_out_calls_to_half,
        /// AgentOutCallsTalkTimeToHalf (counter 68).
        agent_out_calls_talk_time_to_half,
        /// AgentOutCallsTimeToHalf (counter 69).
        agent_out_calls_time_to_half,
        /// AgentOutCallsHeldToHalf (counter 70).
        agent_out_calls_held_to_half,
        /// AgentOutCallsHeldTimeToHalf (counter 71).
        agent_out_calls_held_time_to_half,
        /// HandledCallsToHalf (counter 72).
        handled_calls_to_half,
        /// HandledCallsTalkTimeToHalf (counter 73).
        handled_calls_talk_time_to_half,
        /// HandledCallsAfterCallTimeToHalf (counter 74).
        handled_calls_after_call_time_to_half,
        /// HandledCallsTimeToHalf (counter 75).
        handled_calls_time_to_half,
        /// IncomingCallsHeldToHalf (counter 76).
        incoming_calls_held_to_half,
        /// IncomingCallsHeldTimeToHalf (counter 77).
        incoming_calls_held_time_to_half,
        /// InternalCallsRcvdToHalf (counter 78).
        internal_calls_rcvd_to_half,
        /// InternalCallsRcvdTimeToHalf (counter 79).
        internal_calls_rcvd_time_to_half,
        /// InternalCallsHeldToHalf (counter 80).
        internal_calls_held_to_half,
        /// InternalCallsHeldTimeToHalf (counter 81).
        internal_calls_held_time_to_half,
        /// AutoOutCallsToHalf (counter 82).
        auto_out_calls_to_half,
        /// AutoOutCallsTalkTimeToHalf (counter 83).
        auto_out_calls_talk_time_to_half,
        /// AutoOutCallsTimeToHalf (counter 84).
        auto_out_calls_time_to_half,
        /// AutoOutCallsHeldToHalf (counter 85).
        auto_out_calls_held_to_half,
        /// AutoOutCallsHeldTimeToHalf (counter 86).
        auto_out_calls_held_time_to_half,
        /// PreviewCallsToHalf (counter 87).
        preview_calls_to_half,
        /// PreviewCallsTalkTimeToHalf (counter 88).
        preview_calls_talk_time_to_half,
        /// PreviewCallsTimeToHalf (counter 89).
        preview_calls_time_to_half,
        /// PreviewCallsHeldToHalf (counter 90).
        preview_calls_held_to_half,
        /// PreviewCallsHeldTimeToHalf (counter 91).
        preview_calls_held_time_to_half,
        /// ReservationCallsToHalf (counter 92).
        reservation_calls_to_half,
        /// ReservationCallsTalkTimeToHalf (counter 93).
        reservation_calls_talk_time_to_half,
        /// ReservationCallsTimeToHalf (counter 94).
        reservation_calls_time_to_half,
        /// ReservationCallsHeldToHalf (counter 95).
        reservation_calls_held_to_half,
        /// ReservationCallsHeldTimeToHalf (counter 96).
        reservation_calls_held_time_to_half,
        /// BargeInCallsToHalf (counter 97).
        barge_in_calls_to_half,
        /// InterceptCallsToHalf (counter 98).
        intercept_calls_to_half,
        /// MonitorCallsToHalf (counter 99).
        monitor_calls_to_half,
        /// WhisperCallsToHalf (counter 100).
        whisper_calls_to_half,
        /// EmergencyCallsToHalf (counter 101).
        emergency_calls_to_half,
        /// CallsQHalf (counter 102).
        calls_q_half,
        /// CallsQTimeHalf (counter 103).
        calls_q_time_half,
        /// LongestCallQHalf (counter 104).
        longest_call_q_half,
        /// AvailTimeToday (counter 105).
        avail_time_today,
        /// LoggedOnTimeToday (counter 106).
        logged_on_time_today,
        /// NotReadyTimeToday (counter 107).
        not_ready_time_today,
        /// AgentOutCallsToday (counter 108).
        agent_out_calls_today,
        /// AgentOutCallsTalkTimeToday (counter 109).
        agent_out_calls_talk_time_today,
        /// AgentOutCallsTimeToday (counter 110).
        agent_out_calls_time_today,
        /// AgentOutCallsHeldToday (counter 111).
        agent_out_calls_held_today,
        /// AgentOutCallsHeldTimeToday (counter 112).
        agent_out_calls_held_time_today,
        /// HandledCallsToday (counter 113).
        handled_calls_today,
        /// HandledCallsTalkTimeToday (counter 114).
        handled_calls_talk_time_today,
        /// HandledCallsAfterCallTimeToday (counter 115).
        handled_calls_after_call_time_today,
        /// HandledCallsTimeToday (counter 116).
        handled_calls_time_today,
        /// IncomingCallsHeldToday (counter 117).
        incoming_calls_held_today,
        /// IncomingCallsHeldTimeToday (counter 118).
        incoming_calls_held_time_today,
        /// InternalCallsRcvdToday (counter 119).
        internal_calls_rcvd_today,
        /// InternalCallsRcvdTimeToday (counter 120).
        internal_calls_rcvd_time_today,
        /// InternalCallsHeldToday (counter 121).
        internal_calls_held_today,
        /// InternalCallsHeldTimeToday (counter 122).
        internal_calls_held_time_today,
        /// AutoOutCallsToday (counter 123).
        auto_out_calls_today,
        /// AutoOutCallsTalkTimeToday (counter 124).
        auto_out_calls_talk_time_today,
        /// AutoOutCallsTimeToday (counter 125).
        auto_out_calls_time_today,
        /// AutoOutCallsHeldToday (counter 126).
        auto_out_calls_held_today,
        /// AutoOutCallsHeldTimeToday (counter 127).
        auto_out_calls_held_time_today,
        /// PreviewCallsToday (counter 128).
        preview_calls_today,
        /// PreviewCallsTalkTimeToday (counter 129).
        preview_calls_talk_time_today,
        /// PreviewCallsTimeToday (counter 130).
        preview_calls_time_today,
        /// PreviewCallsHeldToday (counter 131).
        preview_calls_held_today,
        /// PreviewCallsHeldTimeToday (counter 132).
        preview_calls_held_time_today,
        /// ReservationCallsToday (counter 133).
        reservation_calls_today,
        /// ReservationCallsTalkTimeToday (counter 134).
        reservation_calls_talk_time_today,
        /// ReservationCallsTimeToday (counter 135).
        reservation_calls_time_today,
        /// ReservationCallsHeldToday (counter 136).
        reservation_calls_held_today,
        /// ReservationCallsHeldTimeToday (counter 137).
        reservation_calls_held_time_today,
        /// BargeInCallsToday (counter 138).
        barge_in_calls_today,
        /// InterceptCallsToday (counter 139).
        intercept_calls_today,
        /// MonitorCallsToday (counter 140).
        monitor_calls_today,
        /// WhisperCallsToday (counter 141).
        whisper_calls_today,
        /// EmergencyCallsToday (counter 142).
        emergency_calls_today,
        /// CallsQToday (counter 143).
        calls_q_today,
        /// CallsQTimeToday (counter 144).
        calls_q_time_today,
        /// LongestCallQToday (counter 145).
        longest_call_q_today,
    }
}

cti_message! {
    /// QUERY_AGENT_STATISTICS_REQ (112).
    pub struct QueryAgentStatisticsReq = QueryAgentStatisticsReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
    }
    floating {
        /// AgentExtension (4).
        agent_extension: one CtiString [4; 16],
        /// AgentID (5).
        agent_id: one CtiString [5; 12],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
        /// AgentID (194), UCCX.
        agent_id_long: one CtiString [194; 129],
    }
}

cti_message! {
    /// QUERY_AGENT_STATISTICS_CONF (113): 8 + 84 × 4 = 344-byte fixed part.
    pub struct QueryAgentStatisticsConf = QueryAgentStatisticsConf {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// The counters.
        statistics: AgentStatistics,
    }
    floating {
        /// AgentExtension (4).
        agent_extension: one CtiString [4; 16],
        /// AgentID (5).
        agent_id: one CtiString [5; 12],
        /// AgentInstrument (6).
        agent_instrument: one CtiString [6; 64],
        /// AgentID (194), UCCX.
        agent_id_long: one CtiString [194; 129],
    }
}

cti_message! {
    /// QUERY_SKILL_GROUP_STATISTICS_REQ (114).
    pub struct QuerySkillGroupStatisticsReq = QuerySkillGroupStatisticsReq {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// SkillGroupNumber (UCCX: CSQID).
        skill_group_number: u32,
        /// SkillGroupID.
        skill_group_id: u32,
    }
    floating {}
}

cti_message! {
    /// QUERY_SKILL_GROUP_STATISTICS_CONF (115): 16 + 145 × 4 = 596-byte fixed part.
    pub struct QuerySkillGroupStatisticsConf = QuerySkillGroupStatisticsConf {
        /// InvokeID.
        invoke_id: u32,
        /// PeripheralID.
        peripheral_id: u32,
        /// SkillGroupNumber.
        skill_group_number: u32,
        /// SkillGroupID.
        skill_group_id: u32,
        /// The counters.
        statistics: SkillGroupStatistics,
    }
    floating {}
}
