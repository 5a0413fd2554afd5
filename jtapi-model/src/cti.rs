//! JTAPI events → CTI Server event *kinds* (fact sheet §5.3). Only kinds, states and cause
//! codes: the CTI wire types live in `cti-proto`; the reference stack bridges the two.

use crate::event::{Cause, Event, EventKind};
use crate::state::{CallControlConnectionState as CC, CallControlTerminalConnectionState as CT};

macro_rules! cti_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $value:literal => $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u16)]
        pub enum $name {
            $($(#[$vdoc])* $variant = $value,)+
        }

        impl $name {
            /// The CTI protocol's numeric value.
            pub fn value(self) -> u16 {
                self as u16
            }
            /// The CTI protocol's name.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }
    };
}

cti_enum!(
    /// A CTI Server call event, by message type number.
    CtiEventKind {
        /// CALL_DELIVERED_EVENT.
        CallDelivered = 9 => "CALL_DELIVERED_EVENT",
        /// CALL_ESTABLISHED_EVENT.
        CallEstablished = 10 => "CALL_ESTABLISHED_EVENT",
        /// CALL_HELD_EVENT.
        CallHeld = 11 => "CALL_HELD_EVENT",
        /// CALL_RETRIEVED_EVENT.
        CallRetrieved = 12 => "CALL_RETRIEVED_EVENT",
        /// CALL_CLEARED_EVENT.
        CallCleared = 13 => "CALL_CLEARED_EVENT",
        /// CALL_CONNECTION_CLEARED_EVENT.
        CallConnectionCleared = 14 => "CALL_CONNECTION_CLEARED_EVENT",
        /// CALL_ORIGINATED_EVENT.
        CallOriginated = 15 => "CALL_ORIGINATED_EVENT",
        /// CALL_FAILED_EVENT.
        CallFailed = 16 => "CALL_FAILED_EVENT",
        /// CALL_CONFERENCED_EVENT.
        CallConferenced = 17 => "CALL_CONFERENCED_EVENT",
        /// CALL_TRANSFERRED_EVENT.
        CallTransferred = 18 => "CALL_TRANSFERRED_EVENT",
        /// CALL_DIVERTED_EVENT.
        CallDiverted = 19 => "CALL_DIVERTED_EVENT",
        /// CALL_SERVICE_INITIATED_EVENT.
        CallServiceInitiated = 20 => "CALL_SERVICE_INITIATED_EVENT",
        /// CALL_QUEUED_EVENT.
        CallQueued = 21 => "CALL_QUEUED_EVENT",
        /// BEGIN_CALL_EVENT.
        BeginCall = 23 => "BEGIN_CALL_EVENT",
        /// END_CALL_EVENT.
        EndCall = 24 => "END_CALL_EVENT",
        /// CALL_REACHED_NETWORK_EVENT.
        CallReachedNetwork = 34 => "CALL_REACHED_NETWORK_EVENT",
    }
);

cti_enum!(
    /// CTI LocalConnectionState.
    LocalConnectionState {
        /// LCS_NULL.
        Null = 0 => "LCS_NULL",
        /// LCS_INITIATE.
        Initiate = 1 => "LCS_INITIATE",
        /// LCS_ALERTING.
        Alerting = 2 => "LCS_ALERTING",
        /// LCS_CONNECT.
        Connect = 3 => "LCS_CONNECT",
        /// LCS_HOLD.
        Hold = 4 => "LCS_HOLD",
        /// LCS_QUEUED.
        Queued = 5 => "LCS_QUEUED",
        /// LCS_FAIL.
        Fail = 6 => "LCS_FAIL",
        /// LCS_NONE.
        None = 0xFFFF => "LCS_NONE",
    }
);

/// CEC_NONE: the CTI EventCause for "no particular cause".
pub const CEC_NONE: u16 = 0xFFFF;

/// One CTI event a JTAPI event turns into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CtiEvent {
    /// The message.
    pub kind: CtiEventKind,
    /// The LocalConnectionState it reports for the connection of the JTAPI event.
    pub lcs: LocalConnectionState,
    /// The CTI EventCause ([`cti_event_cause`] of the JTAPI cause).
    pub cause: u16,
}

/// The CTI EventCause (CEC_*) for a JTAPI cause; [`CEC_NONE`] where CTI has no match.
pub fn cti_event_cause(cause: Cause) -> u16 {
    match cause {
        Cause::Alternate => 2,
        Cause::Busy => 3,
        Cause::CallBack => 4,
        Cause::CallCancelled => 5,
        Cause::CallNotAnswered => 10,
        Cause::CallPickup => 11,
        Cause::DestNotObtainable => 13,
        Cause::DoNotDisturb => 14,
        Cause::IncompatibleDestination => 15,
        Cause::Conference => 17,
        Cause::Lockout => 18,
        Cause::NetworkCongestion => 20,
        Cause::NetworkNotObtainable => 21,
        Cause::NewCall => 22,
        Cause::Park => 25,
        Cause::Redirected => 28,
        Cause::ReorderTone => 29,
        Cause::ResourcesNotAvailable => 30,
        Cause::Transfer => 32,
        Cause::TrunksBusy => 33,
        Cause::Normal | Cause::Unknown | Cause::Snapshot | Cause::Unhold => CEC_NONE,
    }
}

/// The LocalConnectionState of a connection in call-control state `conn` whose terminal
/// connection (if any) is in `tc`: for building CTI snapshots.
pub fn local_connection_state(conn: CC, tc: Option<CT>) -> LocalConnectionState {
    match conn {
        CC::Idle | CC::Disconnected => LocalConnectionState::Null,
        CC::Offered | CC::Alerting => LocalConnectionState::Alerting,
        CC::Queued => LocalConnectionState::Queued,
        CC::Initiated | CC::Dialing => LocalConnectionState::Initiate,
        CC::NetworkReached | CC::NetworkAlerting | CC::Established => {
            if tc == Some(CT::Held) {
                LocalConnectionState::Hold
            } else {
                LocalConnectionState::Connect
            }
        }
        CC::Failed => LocalConnectionState::Fail,
        CC::Unknown => LocalConnectionState::None,
    }
}

/// The CTI events a JTAPI event maps to (zero, one or two), following the fact sheet's
/// table: CallActive → BEGIN_CALL; CallCtlConnInitiated → SERVICE_INITIATED;
/// CallCtlConnEstablished → ORIGINATED for the calling party, ESTABLISHED otherwise;
/// NetworkReached → REACHED_NETWORK; Queued → QUEUED; CallCtlConnAlerting → DELIVERED;
/// CallCtlTermConnHeld → HELD; CallCtlTermConnTalking with cause UNHOLD → RETRIEVED;
/// CallCtlConnFailed → FAILED; CallCtlConnDisconnected → DIVERTED (cause REDIRECTED),
/// nothing (TRANSFER/CONFERENCE: the bracket reports it) or CONNECTION_CLEARED;
/// CallInvalid → CALL_CLEARED then END_CALL; CiscoTransferEnd → TRANSFERRED;
/// CiscoConferenceEnd → CONFERENCED. Core-only events and snapshot events map to nothing.
pub fn cti_events(ev: &Event) -> impl Iterator<Item = CtiEvent> {
    use CtiEventKind as K;
    use LocalConnectionState as L;
    let cause = cti_event_cause(ev.cause);
    let one = |kind, lcs| [Some(CtiEvent { kind, lcs, cause }), None];
    let none = [None, None];
    let out = if ev.cause == Cause::Snapshot {
        none
    } else {
        match ev.kind {
            EventKind::CallActive => one(K::BeginCall, L::None),
            EventKind::CallCtlConnInitiated => one(K::CallServiceInitiated, L::Initiate),
            EventKind::CallCtlConnEstablished => {
                if ev.calling {
                    one(K::CallOriginated, L::Connect)
                } else {
                    one(K::CallEstablished, L::Connect)
                }
            }
            EventKind::CallCtlConnNetworkReached => one(K::CallReachedNetwork, L::Connect),
            EventKind::CallCtlConnQueued => one(K::CallQueued, L::Queued),
            EventKind::CallCtlConnAlerting => one(K::CallDelivered, L::Alerting),
            EventKind::CallCtlTermConnHeld => one(K::CallHeld, L::Hold),
            EventKind::CallCtlTermConnTalking if ev.cause == Cause::Unhold => {
                one(K::CallRetrieved, L::Connect)
            }
            EventKind::CallCtlConnFailed => one(K::CallFailed, L::Fail),
            EventKind::CallCtlConnDisconnected => match ev.cause {
                Cause::Redirected => one(K::CallDiverted, L::Null),
                Cause::Transfer | Cause::Conference => none,
                _ => one(K::CallConnectionCleared, L::Null),
            },
            EventKind::CallInvalid => [
                Some(CtiEvent {
                    kind: K::CallCleared,
                    lcs: L::Null,
                    cause,
                }),
                Some(CtiEvent {
                    kind: K::EndCall,
                    lcs: L::None,
                    cause,
                }),
            ],
            EventKind::CiscoTransferEnd => one(K::CallTransferred, L::Connect),
            EventKind::CiscoConferenceEnd => one(K::CallConferenced, L::Connect),
            _ => none,
        }
    };
    out.into_iter().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_maps_to_cleared_then_end() {
        let ev = Event::bare(EventKind::CallInvalid, Cause::Normal);
        let kinds: Vec<_> = cti_events(&ev).map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            vec![CtiEventKind::CallCleared, CtiEventKind::EndCall]
        );
    }

    #[test]
    fn busy_failure_carries_cec_busy() {
        let ev = Event::bare(EventKind::CallCtlConnFailed, Cause::Busy);
        let e: Vec<_> = cti_events(&ev).collect();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].kind, CtiEventKind::CallFailed);
        assert_eq!(e[0].lcs, LocalConnectionState::Fail);
        assert_eq!(e[0].cause, 3);
    }

    #[test]
    fn retrieve_needs_unhold() {
        let ev = Event::bare(EventKind::CallCtlTermConnTalking, Cause::Unhold);
        assert_eq!(
            cti_events(&ev).next().map(|e| e.kind),
            Some(CtiEventKind::CallRetrieved)
        );
        let ev = Event::bare(EventKind::CallCtlTermConnTalking, Cause::Normal);
        assert_eq!(cti_events(&ev).next(), None);
        assert_eq!(CtiEventKind::CallReachedNetwork.value(), 34);
        assert_eq!(
            local_connection_state(CC::Established, Some(CT::Held)),
            LocalConnectionState::Hold
        );
    }
}
