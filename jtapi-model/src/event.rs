//! Events: JTAPI 1.2 event ids, cause codes, meta codes, and the [`Event`] record.

use crate::arena::{AddressId, CallId, ConnectionId, TerminalConnectionId, TerminalId};
use crate::state::{CallControlConnectionState, CallControlTerminalConnectionState};

macro_rules! coded_enum {
    ($(#[$doc:meta])* $name:ident : $repr:ty { $($(#[$vdoc:meta])* $variant:ident = $value:literal => $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr($repr)]
        pub enum $name {
            $($(#[$vdoc])* $variant = $value,)+
        }

        impl $name {
            /// Every value, in numeric order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The numeric code.
            pub fn code(self) -> $repr {
                self as $repr
            }

            /// The value with numeric code `code`.
            pub fn from_code(code: $repr) -> Option<Self> {
                match code {
                    $($value => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The JTAPI name of the constant.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

coded_enum!(
    /// What happened. JTAPI event kinds carry their 1.2 `getID()` value as the code; the
    /// Cisco bracket events (which have no JTAPI 1.2 id) use codes from 0x1000 that are
    /// this crate's own ([`EventKind::jtapi_id`] returns `None` for them).
    EventKind: u16 {
        /// `AddrObservationEndedEv`.
        AddrObservationEnded = 100 => "AddrObservationEndedEv",
        /// `CallActiveEv`: the call has its first Connection.
        CallActive = 101 => "CallActiveEv",
        /// `CallInvalidEv`: the call lost all its Connections.
        CallInvalid = 102 => "CallInvalidEv",
        /// `CallObservationEndedEv`: this observer sees no more events of the call.
        CallObservationEnded = 103 => "CallObservationEndedEv",
        /// `ConnAlertingEv`.
        ConnAlerting = 104 => "ConnAlertingEv",
        /// `ConnConnectedEv`.
        ConnConnected = 105 => "ConnConnectedEv",
        /// `ConnCreatedEv`.
        ConnCreated = 106 => "ConnCreatedEv",
        /// `ConnDisconnectedEv`.
        ConnDisconnected = 107 => "ConnDisconnectedEv",
        /// `ConnFailedEv`.
        ConnFailed = 108 => "ConnFailedEv",
        /// `ConnInProgressEv`.
        ConnInProgress = 109 => "ConnInProgressEv",
        /// `ConnUnknownEv`.
        ConnUnknown = 110 => "ConnUnknownEv",
        /// `ProvInServiceEv`.
        ProvInService = 111 => "ProvInServiceEv",
        /// `ProvObservationEndedEv`.
        ProvObservationEnded = 112 => "ProvObservationEndedEv",
        /// `ProvOutOfServiceEv`.
        ProvOutOfService = 113 => "ProvOutOfServiceEv",
        /// `ProvShutdownEv`.
        ProvShutdown = 114 => "ProvShutdownEv",
        /// `TermConnActiveEv`.
        TermConnActive = 115 => "TermConnActiveEv",
        /// `TermConnCreatedEv`.
        TermConnCreated = 116 => "TermConnCreatedEv",
        /// `TermConnDroppedEv`.
        TermConnDropped = 117 => "TermConnDroppedEv",
        /// `TermConnPassiveEv`.
        TermConnPassive = 118 => "TermConnPassiveEv",
        /// `TermConnRingingEv`.
        TermConnRinging = 119 => "TermConnRingingEv",
        /// `TermConnUnknownEv`.
        TermConnUnknown = 120 => "TermConnUnknownEv",
        /// `TermObservationEndedEv`.
        TermObservationEnded = 121 => "TermObservationEndedEv",
        /// `CallCtlConnAlertingEv`.
        CallCtlConnAlerting = 203 => "CallCtlConnAlertingEv",
        /// `CallCtlConnDialingEv`.
        CallCtlConnDialing = 204 => "CallCtlConnDialingEv",
        /// `CallCtlConnDisconnectedEv`.
        CallCtlConnDisconnected = 205 => "CallCtlConnDisconnectedEv",
        /// `CallCtlConnEstablishedEv`.
        CallCtlConnEstablished = 206 => "CallCtlConnEstablishedEv",
        /// `CallCtlConnFailedEv`.
        CallCtlConnFailed = 207 => "CallCtlConnFailedEv",
        /// `CallCtlConnInitiatedEv`.
        CallCtlConnInitiated = 208 => "CallCtlConnInitiatedEv",
        /// `CallCtlConnNetworkAlertingEv`.
        CallCtlConnNetworkAlerting = 209 => "CallCtlConnNetworkAlertingEv",
        /// `CallCtlConnNetworkReachedEv`.
        CallCtlConnNetworkReached = 210 => "CallCtlConnNetworkReachedEv",
        /// `CallCtlConnOfferedEv`.
        CallCtlConnOffered = 211 => "CallCtlConnOfferedEv",
        /// `CallCtlConnQueuedEv`.
        CallCtlConnQueued = 212 => "CallCtlConnQueuedEv",
        /// `CallCtlConnUnknownEv`.
        CallCtlConnUnknown = 213 => "CallCtlConnUnknownEv",
        /// `CallCtlTermConnBridgedEv`.
        CallCtlTermConnBridged = 214 => "CallCtlTermConnBridgedEv",
        /// `CallCtlTermConnDroppedEv`.
        CallCtlTermConnDropped = 215 => "CallCtlTermConnDroppedEv",
        /// `CallCtlTermConnHeldEv`.
        CallCtlTermConnHeld = 216 => "CallCtlTermConnHeldEv",
        /// `CallCtlTermConnInUseEv`.
        CallCtlTermConnInUse = 217 => "CallCtlTermConnInUseEv",
        /// `CallCtlTermConnRingingEv`.
        CallCtlTermConnRinging = 218 => "CallCtlTermConnRingingEv",
        /// `CallCtlTermConnTalkingEv`.
        CallCtlTermConnTalking = 219 => "CallCtlTermConnTalkingEv",
        /// `CallCtlTermConnUnknownEv`.
        CallCtlTermConnUnknown = 220 => "CallCtlTermConnUnknownEv",
        /// Cisco `CiscoTransferStartEv`: opens a transfer batch (`related_call` = the other call).
        CiscoTransferStart = 0x1000 => "CiscoTransferStartEv",
        /// Cisco `CiscoTransferEndEv`: closes a transfer batch.
        CiscoTransferEnd = 0x1001 => "CiscoTransferEndEv",
        /// Cisco `CiscoConferenceStartEv`: opens a conference batch.
        CiscoConferenceStart = 0x1002 => "CiscoConferenceStartEv",
        /// Cisco `CiscoConferenceEndEv`: closes a conference batch.
        CiscoConferenceEnd = 0x1003 => "CiscoConferenceEndEv",
    }
);

impl EventKind {
    /// The JTAPI 1.2 `getID()` value, or `None` for the Cisco extension events (their ids
    /// are not in our sources).
    pub fn jtapi_id(self) -> Option<u16> {
        let code = self.code();
        (code < 0x1000).then_some(code)
    }

    /// Whether this is a `javax.telephony.callcontrol.events` event (200–221).
    pub fn is_call_control(self) -> bool {
        (200..300).contains(&self.code())
    }

    /// Whether this is one of the provider events (`ProvEv`).
    pub fn is_provider_event(self) -> bool {
        matches!(
            self,
            Self::ProvInService
                | Self::ProvOutOfService
                | Self::ProvShutdown
                | Self::ProvObservationEnded
        )
    }

    /// The call-control event reporting entry into connection state `s`.
    pub fn for_cc_connection(s: CallControlConnectionState) -> Self {
        use CallControlConnectionState as C;
        match s {
            C::Idle | C::Unknown => Self::CallCtlConnUnknown,
            C::Offered => Self::CallCtlConnOffered,
            C::Queued => Self::CallCtlConnQueued,
            C::Alerting => Self::CallCtlConnAlerting,
            C::Initiated => Self::CallCtlConnInitiated,
            C::Dialing => Self::CallCtlConnDialing,
            C::NetworkReached => Self::CallCtlConnNetworkReached,
            C::NetworkAlerting => Self::CallCtlConnNetworkAlerting,
            C::Established => Self::CallCtlConnEstablished,
            C::Disconnected => Self::CallCtlConnDisconnected,
            C::Failed => Self::CallCtlConnFailed,
        }
    }

    /// The call-control event reporting entry into terminal-connection state `s`.
    pub fn for_cc_terminal_connection(s: CallControlTerminalConnectionState) -> Self {
        use CallControlTerminalConnectionState as C;
        match s {
            C::Idle | C::Unknown => Self::CallCtlTermConnUnknown,
            C::Ringing => Self::CallCtlTermConnRinging,
            C::Talking => Self::CallCtlTermConnTalking,
            C::Held => Self::CallCtlTermConnHeld,
            C::Bridged => Self::CallCtlTermConnBridged,
            C::InUse => Self::CallCtlTermConnInUse,
            C::Dropped => Self::CallCtlTermConnDropped,
        }
    }
}

coded_enum!(
    /// Why it happened: the core `Ev` causes (100–110) and the CallControl `CallCtlEv`
    /// causes (202–214), in one enum (an event carries exactly one).
    Cause: u16 {
        /// `CAUSE_NORMAL`.
        Normal = 100 => "CAUSE_NORMAL",
        /// `CAUSE_UNKNOWN`.
        Unknown = 101 => "CAUSE_UNKNOWN",
        /// `CAUSE_CALL_CANCELLED`.
        CallCancelled = 102 => "CAUSE_CALL_CANCELLED",
        /// `CAUSE_DEST_NOT_OBTAINABLE`.
        DestNotObtainable = 103 => "CAUSE_DEST_NOT_OBTAINABLE",
        /// `CAUSE_INCOMPATIBLE_DESTINATION`.
        IncompatibleDestination = 104 => "CAUSE_INCOMPATIBLE_DESTINATION",
        /// `CAUSE_LOCKOUT` (inter-digit timeout).
        Lockout = 105 => "CAUSE_LOCKOUT",
        /// `CAUSE_NEW_CALL`.
        NewCall = 106 => "CAUSE_NEW_CALL",
        /// `CAUSE_RESOURCES_NOT_AVAILABLE`.
        ResourcesNotAvailable = 107 => "CAUSE_RESOURCES_NOT_AVAILABLE",
        /// `CAUSE_NETWORK_CONGESTION`.
        NetworkCongestion = 108 => "CAUSE_NETWORK_CONGESTION",
        /// `CAUSE_NETWORK_NOT_OBTAINABLE`.
        NetworkNotObtainable = 109 => "CAUSE_NETWORK_NOT_OBTAINABLE",
        /// `CAUSE_SNAPSHOT`: part of a snapshot batch.
        Snapshot = 110 => "CAUSE_SNAPSHOT",
        /// `CAUSE_ALTERNATE`.
        Alternate = 202 => "CAUSE_ALTERNATE",
        /// `CAUSE_BUSY`.
        Busy = 203 => "CAUSE_BUSY",
        /// `CAUSE_CALL_BACK`.
        CallBack = 204 => "CAUSE_CALL_BACK",
        /// `CAUSE_CALL_NOT_ANSWERED`.
        CallNotAnswered = 205 => "CAUSE_CALL_NOT_ANSWERED",
        /// `CAUSE_CALL_PICKUP`.
        CallPickup = 206 => "CAUSE_CALL_PICKUP",
        /// `CAUSE_CONFERENCE`.
        Conference = 207 => "CAUSE_CONFERENCE",
        /// `CAUSE_DO_NOT_DISTURB`.
        DoNotDisturb = 208 => "CAUSE_DO_NOT_DISTURB",
        /// `CAUSE_PARK`.
        Park = 209 => "CAUSE_PARK",
        /// `CAUSE_REDIRECTED`.
        Redirected = 210 => "CAUSE_REDIRECTED",
        /// `CAUSE_REORDER_TONE`.
        ReorderTone = 211 => "CAUSE_REORDER_TONE",
        /// `CAUSE_TRANSFER`.
        Transfer = 212 => "CAUSE_TRANSFER",
        /// `CAUSE_TRUNKS_BUSY`.
        TrunksBusy = 213 => "CAUSE_TRUNKS_BUSY",
        /// `CAUSE_UNHOLD`.
        Unhold = 214 => "CAUSE_UNHOLD",
    }
);

coded_enum!(
    /// The higher-level action an event belongs to (`Ev.getMetaCode()`).
    MetaCode: u8 {
        /// `META_CALL_STARTING`.
        CallStarting = 0x80 => "META_CALL_STARTING",
        /// `META_CALL_PROGRESS`.
        CallProgress = 0x81 => "META_CALL_PROGRESS",
        /// `META_CALL_ADDITIONAL_PARTY`.
        CallAdditionalParty = 0x82 => "META_CALL_ADDITIONAL_PARTY",
        /// `META_CALL_REMOVING_PARTY`.
        CallRemovingParty = 0x83 => "META_CALL_REMOVING_PARTY",
        /// `META_CALL_ENDING`.
        CallEnding = 0x84 => "META_CALL_ENDING",
        /// `META_CALL_MERGING` (conference).
        CallMerging = 0x85 => "META_CALL_MERGING",
        /// `META_CALL_TRANSFERRING`.
        CallTransferring = 0x86 => "META_CALL_TRANSFERRING",
        /// `META_SNAPSHOT`.
        Snapshot = 0x87 => "META_SNAPSHOT",
        /// `META_UNKNOWN` (also used for provider events).
        Unknown = 0x88 => "META_UNKNOWN",
    }
);

/// One JTAPI event. The ids name the objects involved; an object that has left the model
/// (a DISCONNECTED Connection, a DROPPED TerminalConnection, an INVALID Call) is freed
/// right after its final event, so the ids in an event are its lasting record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// Why.
    pub cause: Cause,
    /// The higher-level action this event is part of.
    pub meta: MetaCode,
    /// `isNewMetaEvent()`: the first event of a meta group.
    pub new_meta: bool,
    /// Events of one operation (one JTAPI batch) share this number; it grows by one per batch.
    pub batch: u64,
    /// The call, for call, connection and terminal-connection events.
    pub call: Option<CallId>,
    /// The connection, for connection and terminal-connection events.
    pub connection: Option<ConnectionId>,
    /// The terminal connection, for terminal-connection events.
    pub terminal_connection: Option<TerminalConnectionId>,
    /// The address of the connection (or the observed address).
    pub address: Option<AddressId>,
    /// The terminal of the terminal connection (or the observed terminal).
    pub terminal: Option<TerminalId>,
    /// For transfer and conference brackets and for the parties they move: the other call.
    pub related_call: Option<CallId>,
    /// The connection belongs to the calling address of the call (CiscoCall's calling party).
    pub calling: bool,
}

impl Event {
    pub(crate) fn bare(kind: EventKind, cause: Cause) -> Self {
        Self {
            kind,
            cause,
            meta: MetaCode::Unknown,
            new_meta: false,
            batch: 0,
            call: None,
            connection: None,
            terminal_connection: None,
            address: None,
            terminal: None,
            related_call: None,
            calling: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_the_fact_sheet() {
        assert_eq!(EventKind::CallActive.jtapi_id(), Some(101));
        assert_eq!(EventKind::TermObservationEnded.jtapi_id(), Some(121));
        assert_eq!(EventKind::CallCtlConnOffered.jtapi_id(), Some(211));
        assert_eq!(EventKind::CallCtlTermConnTalking.jtapi_id(), Some(219));
        assert_eq!(EventKind::CiscoTransferStart.jtapi_id(), None);
        assert_eq!(Cause::Unhold.code(), 214);
        assert_eq!(Cause::Snapshot.code(), 110);
        assert_eq!(MetaCode::CallTransferring.code(), 0x86);
        for k in EventKind::ALL {
            assert_eq!(EventKind::from_code(k.code()), Some(*k));
        }
        assert!(EventKind::CallCtlConnQueued.is_call_control());
        assert!(!EventKind::ConnCreated.is_call_control());
    }
}
