//! The agent table: each seeded agent's phone, CTI state, reason code, queues (CSQs),
//! wrap-up mode and the bookkeeping the router needs (when the agent last became READY).
//! Pure data and decisions; no I/O, no clock.

use std::time::{Duration, Instant};

use cti_proto::AgentState;
use jtapi_model::{AddressId, CallId, TerminalId};

use crate::lab::{SeedAgent, WrapUpMode};

/// UCCX reason code: the agent logged on (cti.md §3.5, AGT_LOGON).
pub(crate) const REASON_LOGON: u16 = 32760;
/// UCCX reason code: ring no answer (AGT_RNA).
pub(crate) const REASON_RNA: u16 = 32763;
/// UCCX reason code: the work (wrap-up) timer expired (AGT_WORK_TIMER_EXP).
pub(crate) const REASON_WORK_TIMER: u16 = 32758;

/// One agent (or supervisor) as the engine sees it.
#[derive(Debug, Clone)]
pub(crate) struct Agent {
    /// Login id (the CTI AgentID).
    pub(crate) id: String,
    /// Extension (AgentExtension and AgentInstrument).
    pub(crate) extension: String,
    /// The password SET_AGENT_STATE_REQ(LOGIN) must carry.
    pub(crate) password: String,
    /// The queues (seed ids = CSQ ids) the agent takes calls from.
    pub(crate) queues: Vec<u32>,
    /// Wrap-up after incoming calls.
    pub(crate) wrap_up: WrapUpMode,
    /// The phone on the switch.
    pub(crate) terminal: TerminalId,
    /// The phone's line.
    pub(crate) address: AddressId,
    /// The CTI agent state.
    pub(crate) state: AgentState,
    /// The reason code of the current state (NOT_READY / LOGOUT), else 0.
    pub(crate) reason_code: u16,
    /// When the current state began.
    pub(crate) since: Instant,
    /// When the agent last became READY (longest-available routing).
    pub(crate) available_since: Option<Instant>,
    /// A state asked for while on a call (READY, NOT_READY, WORK_*, LOGOUT) and its
    /// reason code; applied when the call ends.
    pub(crate) pending: Option<(AgentState, u16)>,
    /// The call the agent is reserved for or talking on.
    pub(crate) call: Option<CallId>,
    /// Whether the current call was answered (wrap-up follows only talked calls).
    pub(crate) talked: bool,
    /// When wrap-up (WORK_READY / WORK_NOT_READY) ends by itself.
    pub(crate) wrap_up_until: Option<Instant>,
}

impl Agent {
    /// A logged-out agent for `seed`, with its phone.
    pub(crate) fn new(
        seed: &SeedAgent,
        terminal: TerminalId,
        address: AddressId,
        now: Instant,
    ) -> Self {
        Self {
            id: seed.id.clone(),
            extension: seed.extension.clone(),
            password: seed.password.clone(),
            queues: seed.queues.clone(),
            wrap_up: seed.wrap_up,
            terminal,
            address,
            state: AgentState::Logout,
            reason_code: 0,
            since: now,
            available_since: None,
            pending: None,
            call: None,
            talked: false,
            wrap_up_until: None,
        }
    }

    /// Whether the agent is signed in.
    pub(crate) fn logged_in(&self) -> bool {
        self.state != AgentState::Logout
    }

    /// Whether the agent is on (or reserved for) a call.
    pub(crate) fn on_call(&self) -> bool {
        matches!(
            self.state,
            AgentState::Reserved | AgentState::Talking | AgentState::Hold
        )
    }

    /// How long the agent has been in the current state.
    pub(crate) fn state_duration(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.since)
    }

    /// Enters `state` at `now`; returns whether anything changed.
    pub(crate) fn enter(&mut self, now: Instant, state: AgentState, reason_code: u16) -> bool {
        if self.state == state && self.reason_code == reason_code {
            return false;
        }
        self.state = state;
        self.reason_code = reason_code;
        self.since = now;
        self.available_since = (state == AgentState::Available).then_some(now);
        if !matches!(state, AgentState::WorkReady | AgentState::WorkNotReady) {
            self.wrap_up_until = None;
        }
        true
    }
}

/// What an agent asked for with SET_AGENT_STATE_REQ, decided against its current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StateDecision {
    /// Change now to this state and reason code.
    Now(AgentState, u16),
    /// Keep the current state; apply this one when the call ends.
    Pending(AgentState, u16),
    /// Nothing to change (already there).
    Unchanged,
    /// Not allowed from the current state.
    Refused,
}

/// Decides a requested state change (LOGIN is handled by the caller, it needs the password).
///
/// * READY from NOT_READY or WORK_*; NOT_READY from READY, NOT_READY (new reason) or
///   WORK_*; LOGOUT from READY, NOT_READY or WORK_*.
/// * During a call (RESERVED, TALKING, HOLD) READY, NOT_READY, WORK_READY,
///   WORK_NOT_READY and LOGOUT are kept as pending and applied when the call ends.
/// * WORK_READY / WORK_NOT_READY outside a call only switch between the two work states.
pub(crate) fn decide(agent: &Agent, requested: AgentState, reason: u16) -> StateDecision {
    use AgentState as S;
    let current = agent.state;
    if agent.on_call() {
        return match requested {
            S::Available | S::NotReady | S::WorkReady | S::WorkNotReady | S::Logout => {
                StateDecision::Pending(requested, reason)
            }
            _ => StateDecision::Refused,
        };
    }
    let work = matches!(current, S::WorkReady | S::WorkNotReady);
    match requested {
        S::Available if current == S::Available => StateDecision::Unchanged,
        S::Available if current == S::NotReady || work => StateDecision::Now(S::Available, 0),
        S::NotReady if current == S::NotReady && agent.reason_code == reason => {
            StateDecision::Unchanged
        }
        S::NotReady if matches!(current, S::Available | S::NotReady) || work => {
            StateDecision::Now(S::NotReady, reason)
        }
        S::WorkReady | S::WorkNotReady if work => {
            if current == requested {
                StateDecision::Unchanged
            } else {
                StateDecision::Now(requested, reason)
            }
        }
        S::Logout if matches!(current, S::Available | S::NotReady) || work => {
            StateDecision::Now(S::Logout, reason)
        }
        _ => StateDecision::Refused,
    }
}

/// Where an agent goes when its call ends, and whether that is a wrap-up state (which a
/// timer ends).
///
/// A pending LOGOUT wins. Wrap-up (WORK_READY, or WORK_NOT_READY when the agent asked for
/// NOT_READY or WORK_NOT_READY during the call) follows an answered call when the mode is
/// `Required`, or `Optional` and the agent asked for NOT_READY or a work state during the
/// call; never with `NotAllowed`. Otherwise the agent goes to the pending state, or READY.
pub(crate) fn after_call(agent: &Agent) -> (AgentState, u16) {
    use AgentState as S;
    let pending = agent.pending;
    if let Some((S::Logout, rc)) = pending {
        return (S::Logout, rc);
    }
    let asked = pending.map(|p| p.0);
    let rc = pending.map_or(0, |p| p.1);
    let wants_not_ready = matches!(asked, Some(S::NotReady | S::WorkNotReady));
    let wrap = agent.talked
        && match agent.wrap_up {
            WrapUpMode::Required => true,
            WrapUpMode::Optional => {
                matches!(asked, Some(S::NotReady | S::WorkReady | S::WorkNotReady))
            }
            WrapUpMode::NotAllowed => false,
        };
    match (wrap, wants_not_ready) {
        (true, true) => (S::WorkNotReady, rc),
        (true, false) => (S::WorkReady, 0),
        (false, true) => (S::NotReady, rc),
        (false, false) => (S::Available, 0),
    }
}

/// The longest-available READY agent among `candidates` who takes calls from `queue`.
pub(crate) fn longest_available<'a>(
    agents: impl Iterator<Item = (usize, &'a Agent)>,
    queue: u32,
) -> Option<usize> {
    agents
        .filter(|(_, a)| a.state == AgentState::Available && a.queues.contains(&queue))
        .filter_map(|(i, a)| a.available_since.map(|t| (t, i)))
        .min()
        .map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jtapi_model::{Switch, SwitchConfig};

    fn agent(now: Instant, wrap_up: WrapUpMode) -> Agent {
        let mut sw = Switch::new(SwitchConfig::default());
        let (t, a) = sw.add_phone("SEP1001", "1001").unwrap();
        let seed = SeedAgent {
            id: "agent01".into(),
            first_name: "A".into(),
            last_name: "B".into(),
            password: "pw1001".into(),
            extension: "1001".into(),
            team: 1,
            supervisor: false,
            queues: vec![1, 3],
            wrap_up,
        };
        Agent::new(&seed, t, a, now)
    }

    #[test]
    #[allow(clippy::disallowed_methods)]
    fn ready_not_ready_and_pending_during_a_call() {
        let now = Instant::now();
        let mut a = agent(now, WrapUpMode::Optional);
        a.enter(now, AgentState::NotReady, REASON_LOGON);
        assert_eq!(
            decide(&a, AgentState::Available, 0),
            StateDecision::Now(AgentState::Available, 0)
        );
        assert_eq!(decide(&a, AgentState::WorkReady, 0), StateDecision::Refused);
        a.enter(now, AgentState::Talking, 0);
        assert_eq!(
            decide(&a, AgentState::NotReady, 11),
            StateDecision::Pending(AgentState::NotReady, 11)
        );
        a.enter(now, AgentState::Available, 0);
        assert_eq!(
            decide(&a, AgentState::Available, 0),
            StateDecision::Unchanged
        );
        assert_eq!(
            decide(&a, AgentState::Logout, 21),
            StateDecision::Now(AgentState::Logout, 21)
        );
    }

    #[test]
    #[allow(clippy::disallowed_methods)]
    fn wrap_up_follows_the_mode() {
        let now = Instant::now();
        let mut a = agent(now, WrapUpMode::Optional);
        a.talked = true;
        assert_eq!(after_call(&a), (AgentState::Available, 0));
        a.pending = Some((AgentState::NotReady, 12));
        assert_eq!(after_call(&a), (AgentState::WorkNotReady, 12));
        a.wrap_up = WrapUpMode::NotAllowed;
        assert_eq!(after_call(&a), (AgentState::NotReady, 12));
        a.wrap_up = WrapUpMode::Required;
        a.pending = None;
        assert_eq!(after_call(&a), (AgentState::WorkReady, 0));
        a.talked = false; // ring-no-answer or abandoned while ringing: no wrap-up
        assert_eq!(after_call(&a), (AgentState::Available, 0));
        a.pending = Some((AgentState::Logout, 21));
        assert_eq!(after_call(&a), (AgentState::Logout, 21));
    }

    #[test]
    #[allow(clippy::disallowed_methods)]
    fn longest_available_picks_the_earliest_ready_in_the_queue() {
        let t0 = Instant::now();
        let mut a = agent(t0, WrapUpMode::Optional);
        let mut b = a.clone();
        let mut c = a.clone();
        a.enter(t0 + Duration::from_secs(5), AgentState::Available, 0);
        b.enter(t0 + Duration::from_secs(1), AgentState::Available, 0);
        c.enter(t0, AgentState::Available, 0);
        c.queues = vec![2];
        let all = [a, b, c];
        assert_eq!(longest_available(all.iter().enumerate(), 1), Some(1));
        assert_eq!(longest_available(all.iter().enumerate(), 2), Some(2));
        assert_eq!(longest_available(all.iter().enumerate(), 9), None);
    }
}
