//! The CTI-event → Dialog/Participant state mapping ("CTI Event Mappings" in the Finesse
//! developer guide), over an enum of CTI event kinds defined here so the crate does not
//! depend on a CTI codec.

use crate::enums::{DialogState, ParticipantState, StateCause};
use crate::resources::dialog::{Dialog, Participant};
use crate::rules::participant::{allowed_actions, ActionContext};
use crate::time::Timestamp;
use crate::update::UpdateEvent;

/// The CTI call events Finesse maps to dialog states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CtiEventKind {
    /// BEGIN_CALL_EVENT (23).
    BeginCall,
    /// CALL_SERVICE_INITIATED_EVENT (20): off hook.
    CallServiceInitiated,
    /// CALL_ORIGINATED_EVENT (15): dialing.
    CallOriginated,
    /// CALL_DELIVERED_EVENT (9): ringing.
    CallDelivered,
    /// CALL_ESTABLISHED_EVENT (10): answered.
    CallEstablished,
    /// CALL_HELD_EVENT (11).
    CallHeld,
    /// CALL_RETRIEVED_EVENT (12).
    CallRetrieved,
    /// CALL_CLEARED_EVENT (13): the whole call is gone.
    CallCleared,
    /// CALL_CONNECTION_CLEARED_EVENT (14): one party left.
    CallConnectionCleared,
    /// CALL_FAILED_EVENT (16).
    CallFailed,
    /// CALL_CONFERENCED_EVENT (17).
    CallConferenced,
    /// CALL_TRANSFERRED_EVENT (18).
    CallTransferred,
    /// CALL_DIVERTED_EVENT (19).
    CallDiverted,
    /// CALL_DATA_UPDATE_EVENT (25): call variables changed.
    CallDataUpdate,
    /// END_CALL_EVENT (24): the dialog is deleted.
    EndCall,
}

impl CtiEventKind {
    /// Every kind.
    pub const ALL: [CtiEventKind; 15] = [
        Self::BeginCall,
        Self::CallServiceInitiated,
        Self::CallOriginated,
        Self::CallDelivered,
        Self::CallEstablished,
        Self::CallHeld,
        Self::CallRetrieved,
        Self::CallCleared,
        Self::CallConnectionCleared,
        Self::CallFailed,
        Self::CallConferenced,
        Self::CallTransferred,
        Self::CallDiverted,
        Self::CallDataUpdate,
        Self::EndCall,
    ];

    /// The CTI protocol message type number.
    pub fn message_type(self) -> u32 {
        match self {
            Self::CallDelivered => 9,
            Self::CallEstablished => 10,
            Self::CallHeld => 11,
            Self::CallRetrieved => 12,
            Self::CallCleared => 13,
            Self::CallConnectionCleared => 14,
            Self::CallOriginated => 15,
            Self::CallFailed => 16,
            Self::CallConferenced => 17,
            Self::CallTransferred => 18,
            Self::CallDiverted => 19,
            Self::CallServiceInitiated => 20,
            Self::BeginCall => 23,
            Self::EndCall => 24,
            Self::CallDataUpdate => 25,
        }
    }

    /// The kind for a CTI message type number, if it is one of these.
    pub fn from_message_type(n: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.message_type() == n)
    }
}

/// Which way the call goes, seen from the agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallDirection {
    /// The agent receives the call.
    Incoming,
    /// The agent places the call.
    Outgoing,
}

/// Whose connection an event concerns (for HELD, RETRIEVED, CONNECTION_CLEARED, FAILED).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// The agent whose dialog this is.
    Agent,
    /// The other party (caller, or called party of an outgoing call).
    Other,
}

/// What an event does to a dialog. `None` fields are unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialogTransition {
    /// New dialog state.
    pub dialog: Option<DialogState>,
    /// New state of the agent's participant.
    pub agent: Option<ParticipantState>,
    /// New state of the other participant.
    pub other: Option<ParticipantState>,
    /// The notification event (POST when the dialog appears, DELETE on END_CALL, PUT
    /// otherwise).
    pub event: UpdateEvent,
}

/// Maps one CTI event to the dialog and participant states the guide documents.
///
/// Incoming: BEGIN_CALL → INITIATING (caller INITIATING); DELIVERED → ALERTING (agent
/// ALERTING, caller INITIATED); ESTABLISHED → ACTIVE (both ACTIVE); CONNECTION_CLEARED of
/// the caller → ACTIVE (caller DROPPED); CONNECTION_CLEARED of the agent or CALL_CLEARED
/// → DROPPED (both DROPPED); END_CALL → DROPPED, deleted. Outgoing: BEGIN_CALL and
/// SERVICE_INITIATED → INITIATING; ORIGINATED → INITIATED; FAILED → FAILED; DELIVERED →
/// ALERTING (agent INITIATED, called party ALERTING); ESTABLISHED → ACTIVE; the clears as
/// for incoming. HELD → the holder's participant HELD, dialog stays ACTIVE; RETRIEVED →
/// ACTIVE. CONFERENCED, TRANSFERRED, DIVERTED and DATA_UPDATE change no state (PUT).
pub fn map_cti_event(
    kind: CtiEventKind,
    direction: CallDirection,
    party: Party,
) -> DialogTransition {
    use CallDirection::*;
    use CtiEventKind as K;
    use DialogState as D;
    use ParticipantState as P;
    let t = |dialog: Option<D>, agent: Option<P>, other: Option<P>, event| DialogTransition {
        dialog,
        agent,
        other,
        event,
    };
    let put = UpdateEvent::Put;
    match (kind, direction) {
        (K::BeginCall, Incoming) => t(
            Some(D::Initiating),
            None,
            Some(P::Initiating),
            UpdateEvent::Post,
        ),
        (K::BeginCall, Outgoing) => t(
            Some(D::Initiating),
            Some(P::Initiating),
            None,
            UpdateEvent::Post,
        ),
        (K::CallServiceInitiated, _) => t(Some(D::Initiating), Some(P::Initiating), None, put),
        (K::CallOriginated, _) => t(Some(D::Initiated), Some(P::Initiated), None, put),
        (K::CallFailed, _) => t(Some(D::Failed), Some(P::Failed), None, put),
        (K::CallDelivered, Incoming) => t(
            Some(D::Alerting),
            Some(P::Alerting),
            Some(P::Initiated),
            put,
        ),
        (K::CallDelivered, Outgoing) => t(
            Some(D::Alerting),
            Some(P::Initiated),
            Some(P::Alerting),
            put,
        ),
        (K::CallEstablished, _) => t(Some(D::Active), Some(P::Active), Some(P::Active), put),
        (K::CallHeld, _) => match party {
            Party::Agent => t(Some(D::Active), Some(P::Held), None, put),
            Party::Other => t(Some(D::Active), None, Some(P::Held), put),
        },
        (K::CallRetrieved, _) => match party {
            Party::Agent => t(Some(D::Active), Some(P::Active), None, put),
            Party::Other => t(Some(D::Active), None, Some(P::Active), put),
        },
        (K::CallConnectionCleared, _) if party == Party::Other => {
            t(Some(D::Active), Some(P::Active), Some(P::Dropped), put)
        }
        (K::CallConnectionCleared | K::CallCleared, _) => {
            t(Some(D::Dropped), Some(P::Dropped), Some(P::Dropped), put)
        }
        (K::EndCall, _) => t(
            Some(D::Dropped),
            Some(P::Dropped),
            Some(P::Dropped),
            UpdateEvent::Delete,
        ),
        (K::CallConferenced | K::CallTransferred | K::CallDiverted | K::CallDataUpdate, _) => {
            t(None, None, None, put)
        }
    }
}

/// The `stateCause` for a CTI event cause code (CEC_): 3 BUSY → BUSY, 13
/// DEST_NOT_OBTAINABLE and 15 INCOMPATIBLE_DESTINATION → BAD_DESTINATION, anything else
/// → OTHER.
pub fn state_cause_for_cti_cause(cause: u16) -> StateCause {
    match cause {
        3 => StateCause::Busy,
        13 | 15 => StateCause::BadDestination,
        _ => StateCause::OtherFailure,
    }
}

impl DialogTransition {
    /// Applies the transition to `dialog`: sets its state and the states of the
    /// participants at `agent_address` and `other_address` (adding them if missing), with
    /// `stateChangeTime` = `now` and `actions` recomputed. `now` is wall time supplied by
    /// the caller.
    pub fn apply(
        &self,
        dialog: &mut Dialog,
        agent_address: &str,
        other_address: &str,
        now: &Timestamp,
    ) {
        if let Some(d) = &self.dialog {
            dialog.state = Some(d.clone());
        }
        for (state, address) in [(&self.agent, agent_address), (&self.other, other_address)] {
            let Some(state) = state else { continue };
            let participants = dialog.participants.get_or_insert_with(Vec::new);
            let idx = participants
                .iter()
                .position(|p| p.media_address.as_deref() == Some(address));
            let p = match idx.and_then(|i| participants.get_mut(i)) {
                Some(p) => p,
                None => {
                    participants.push(Participant::new(address, state.clone(), now));
                    continue;
                }
            };
            if p.state.as_ref() != Some(state) {
                p.state = Some(state.clone());
                p.state_change_time = Some(now.clone());
            }
            p.actions = Some(allowed_actions(state, ActionContext::default()));
        }
    }
}

#[cfg(test)]
#[allow(clippy::field_reassign_with_default)]
mod tests {
    use super::*;
    use CallDirection::*;
    use CtiEventKind as K;
    use DialogState as D;
    use ParticipantState as P;

    fn row(
        k: K,
        dir: CallDirection,
        party: Party,
    ) -> (Option<D>, Option<P>, Option<P>, UpdateEvent) {
        let t = map_cti_event(k, dir, party);
        (t.dialog, t.agent, t.other, t.event)
    }

    #[test]
    fn incoming_call_rows() {
        let put = UpdateEvent::Put;
        assert_eq!(
            row(K::BeginCall, Incoming, Party::Other),
            (
                Some(D::Initiating),
                None,
                Some(P::Initiating),
                UpdateEvent::Post
            )
        );
        assert_eq!(
            row(K::CallDelivered, Incoming, Party::Agent),
            (
                Some(D::Alerting),
                Some(P::Alerting),
                Some(P::Initiated),
                put.clone()
            )
        );
        assert_eq!(
            row(K::CallEstablished, Incoming, Party::Agent),
            (
                Some(D::Active),
                Some(P::Active),
                Some(P::Active),
                put.clone()
            )
        );
        assert_eq!(
            row(K::CallConnectionCleared, Incoming, Party::Other),
            (
                Some(D::Active),
                Some(P::Active),
                Some(P::Dropped),
                put.clone()
            )
        );
        assert_eq!(
            row(K::CallConnectionCleared, Incoming, Party::Agent),
            (
                Some(D::Dropped),
                Some(P::Dropped),
                Some(P::Dropped),
                put.clone()
            )
        );
        assert_eq!(
            row(K::CallCleared, Incoming, Party::Agent),
            (Some(D::Dropped), Some(P::Dropped), Some(P::Dropped), put)
        );
        assert_eq!(
            row(K::EndCall, Incoming, Party::Agent),
            (
                Some(D::Dropped),
                Some(P::Dropped),
                Some(P::Dropped),
                UpdateEvent::Delete
            )
        );
    }

    #[test]
    fn outgoing_call_rows() {
        let put = UpdateEvent::Put;
        assert_eq!(
            row(K::BeginCall, Outgoing, Party::Agent).0,
            Some(D::Initiating)
        );
        assert_eq!(
            row(K::CallServiceInitiated, Outgoing, Party::Agent),
            (Some(D::Initiating), Some(P::Initiating), None, put.clone())
        );
        assert_eq!(
            row(K::CallOriginated, Outgoing, Party::Agent),
            (Some(D::Initiated), Some(P::Initiated), None, put.clone())
        );
        assert_eq!(
            row(K::CallFailed, Outgoing, Party::Agent),
            (Some(D::Failed), Some(P::Failed), None, put.clone())
        );
        assert_eq!(
            row(K::CallDelivered, Outgoing, Party::Other),
            (
                Some(D::Alerting),
                Some(P::Initiated),
                Some(P::Alerting),
                put.clone()
            )
        );
        assert_eq!(
            row(K::CallEstablished, Outgoing, Party::Other),
            (
                Some(D::Active),
                Some(P::Active),
                Some(P::Active),
                put.clone()
            )
        );
        assert_eq!(
            row(K::CallCleared, Outgoing, Party::Agent).0,
            Some(D::Dropped)
        );
        assert_eq!(
            row(K::EndCall, Outgoing, Party::Agent).3,
            UpdateEvent::Delete
        );
    }

    #[test]
    fn hold_and_consult_rows() {
        assert_eq!(
            row(K::CallHeld, Incoming, Party::Agent),
            (Some(D::Active), Some(P::Held), None, UpdateEvent::Put)
        );
        assert_eq!(
            row(K::CallRetrieved, Incoming, Party::Agent),
            (Some(D::Active), Some(P::Active), None, UpdateEvent::Put)
        );
        assert_eq!(row(K::CallHeld, Incoming, Party::Other).2, Some(P::Held));
        for k in [
            K::CallConferenced,
            K::CallTransferred,
            K::CallDiverted,
            K::CallDataUpdate,
        ] {
            assert_eq!(
                row(k, Incoming, Party::Agent),
                (None, None, None, UpdateEvent::Put)
            );
        }
    }

    #[test]
    fn message_types_round_trip() {
        for k in CtiEventKind::ALL {
            assert_eq!(CtiEventKind::from_message_type(k.message_type()), Some(k));
        }
        assert_eq!(CtiEventKind::from_message_type(86), None);
        assert_eq!(state_cause_for_cti_cause(3), StateCause::Busy);
        assert_eq!(state_cause_for_cti_cause(13), StateCause::BadDestination);
        assert_eq!(state_cause_for_cti_cause(0xFFFF), StateCause::OtherFailure);
    }

    #[test]
    fn applying_an_incoming_call_sequence() {
        let now = Timestamp::from_unix_millis(1_392_135_023_121);
        let mut d = Dialog::default();
        for k in [K::BeginCall, K::CallDelivered] {
            map_cti_event(k, Incoming, Party::Agent).apply(&mut d, "1001", "4085550100", &now);
        }
        assert_eq!(d.state, Some(D::Alerting));
        assert_eq!(
            d.participant("1001").unwrap().actions.as_deref(),
            Some(&[crate::DialogAction::Answer][..])
        );
        assert_eq!(
            d.participant("4085550100").unwrap().state,
            Some(P::Initiated)
        );
        let later = Timestamp::from_unix_millis(1_392_135_025_000);
        map_cti_event(K::CallEstablished, Incoming, Party::Agent).apply(
            &mut d,
            "1001",
            "4085550100",
            &later,
        );
        let agent = d.participant("1001").unwrap();
        assert_eq!(agent.state, Some(P::Active));
        assert_eq!(agent.state_change_time, Some(later.clone()));
        assert_eq!(agent.start_time, Some(now));
        assert_eq!(d.participants.as_ref().unwrap().len(), 2);
    }
}
