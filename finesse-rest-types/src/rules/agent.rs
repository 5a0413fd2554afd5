//! The agent state machine: which state changes a user (or a supervisor) may request
//! from which state, which ones become `pendingState`, which need a reason code; plus the
//! documented server-side transitions and what happens when a call or wrap-up ends.

use crate::enums::{AgentState, DeploymentType};
use crate::rules::errors::{ApiErrorKind, ApiErrorResponse};

/// Who asks for the state change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Requester {
    /// The agent, on their own User object.
    #[default]
    Agent,
    /// A supervisor, on an agent of one of their teams.
    Supervisor,
}

/// What decides whether a state change is allowed, besides the states themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentRules {
    /// UCCX or UCCE rules.
    pub deployment: DeploymentType,
    /// Reason codes are configured, so NOT_READY and LOGOUT need a `reasonCodeId`.
    pub reason_code_required: bool,
    /// Who is asking.
    pub requester: Requester,
}

impl AgentRules {
    /// Agent-requested changes on `deployment`, reason codes optional.
    pub fn new(deployment: DeploymentType) -> Self {
        Self {
            deployment,
            reason_code_required: false,
            requester: Requester::Agent,
        }
    }

    fn is_uccx(&self) -> bool {
        self.deployment == DeploymentType::Uccx
    }
}

/// The result of an accepted request: what the user's `state`, `pendingState` and
/// `reasonCodeId` become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateChange {
    /// The new `state` (unchanged when the change is pending).
    pub state: AgentState,
    /// The new `pendingState` (`None` when the change took effect now).
    pub pending_state: Option<AgentState>,
    /// The reason code id to store (`None` = `-1`).
    pub reason_code_id: Option<i32>,
}

/// The states a call or reservation occupies: a NOT_READY/READY request there is kept as
/// `pendingState` until the call ends.
fn on_call(state: &AgentState) -> bool {
    matches!(
        state,
        AgentState::Reserved
            | AgentState::ReservedOutboundPreview
            | AgentState::Talking
            | AgentState::Hold
    )
}

fn refuse(kind: ApiErrorKind, msg: String) -> ApiErrorResponse {
    ApiErrorResponse::new(kind, msg, None)
}

fn invalid_state(from: &AgentState, to: &AgentState) -> ApiErrorResponse {
    refuse(
        ApiErrorKind::InvalidState,
        format!("Invalid state change from {from} to {to}"),
    )
}

/// Decides a `PUT /finesse/api/User/{id}` state change.
///
/// * Only LOGIN, LOGOUT, READY and NOT_READY can be requested (400 `Invalid Input`).
/// * LOGIN from LOGOUT signs in (state becomes NOT_READY); LOGIN while signed in is a
///   forced re-sign-in that keeps the current state.
/// * READY from NOT_READY, WORK, WORK_READY (and, UCCE, RESERVED_OUTBOUND and
///   RESERVED_OUTBOUND_PREVIEW) takes effect now; during a call (RESERVED, TALKING,
///   HOLD) it becomes `pendingState`.
/// * NOT_READY from READY, NOT_READY (new reason), WORK, WORK_READY, RESERVED_OUTBOUND
///   (UCCE) takes effect now; during a call or a preview reservation it is pending.
/// * LOGOUT: UCCE only from NOT_READY; UCCX from NOT_READY or READY.
/// * Supervisors may only set READY, NOT_READY (from READY, WORK, WORK_READY; no reason
///   code: 400 `Invalid Input`) and LOGOUT (from any signed-in state).
/// * Anything else is 400 `Invalid State`; a missing required reason code is 400
///   `Parameter Missing`.
pub fn request_state_change(
    current: &AgentState,
    requested: &AgentState,
    reason_code_id: Option<i32>,
    rules: &AgentRules,
) -> Result<StateChange, ApiErrorResponse> {
    use AgentState as S;
    let now = |state: AgentState, rc: Option<i32>| StateChange {
        state,
        pending_state: None,
        reason_code_id: rc,
    };
    let pending = |state: AgentState| StateChange {
        state: current.clone(),
        pending_state: Some(state),
        reason_code_id: None,
    };
    if !matches!(requested, S::Login | S::Logout | S::Ready | S::NotReady) {
        return Err(refuse(
            ApiErrorKind::InvalidInput,
            format!("State {requested} cannot be requested"),
        ));
    }
    if rules.requester == Requester::Supervisor {
        return supervisor_change(current, requested, reason_code_id);
    }
    if *current == S::Logout {
        return match requested {
            S::Login => Ok(now(S::NotReady, None)),
            _ => Err(invalid_state(current, requested)),
        };
    }
    let needs_reason = |rc: Option<i32>| {
        if rules.reason_code_required && rc.is_none() {
            Err(refuse(
                ApiErrorKind::ParameterMissing,
                format!("A reasonCodeId is required for {requested}"),
            ))
        } else {
            Ok(rc)
        }
    };
    match requested {
        S::Login => Ok(StateChange {
            state: current.clone(),
            pending_state: None,
            reason_code_id: None,
        }),
        S::Ready => match current {
            S::NotReady | S::Work | S::WorkReady => Ok(now(S::Ready, None)),
            S::ReservedOutbound | S::ReservedOutboundPreview if !rules.is_uccx() => {
                Ok(now(S::Ready, None))
            }
            S::ReservedOutboundPreview => Ok(now(S::Ready, None)),
            c if on_call(c) => Ok(pending(S::Ready)),
            _ => Err(invalid_state(current, requested)),
        },
        S::NotReady => {
            let rc = needs_reason(reason_code_id)?;
            match current {
                S::Ready | S::NotReady | S::Work | S::WorkReady => Ok(now(S::NotReady, rc)),
                S::ReservedOutbound if !rules.is_uccx() => Ok(now(S::NotReady, rc)),
                c if on_call(c) => Ok(StateChange {
                    reason_code_id: rc,
                    ..pending(S::NotReady)
                }),
                _ => Err(invalid_state(current, requested)),
            }
        }
        S::Logout => {
            let rc = needs_reason(reason_code_id)?;
            match current {
                S::NotReady => Ok(now(S::Logout, rc)),
                S::Ready if rules.is_uccx() => Ok(now(S::Logout, rc)),
                _ => Err(invalid_state(current, requested)),
            }
        }
        _ => Err(invalid_state(current, requested)),
    }
}

fn supervisor_change(
    current: &AgentState,
    requested: &AgentState,
    reason_code_id: Option<i32>,
) -> Result<StateChange, ApiErrorResponse> {
    use AgentState as S;
    if reason_code_id.is_some() && *requested == S::NotReady {
        return Err(refuse(
            ApiErrorKind::InvalidInput,
            "A supervisor must not pass a reasonCodeId".into(),
        ));
    }
    let ok = match requested {
        S::Logout => matches!(
            current,
            S::Ready
                | S::NotReady
                | S::Reserved
                | S::ReservedOutbound
                | S::ReservedOutboundPreview
                | S::Talking
                | S::Hold
                | S::Work
                | S::WorkReady
        ),
        S::NotReady | S::Ready => {
            matches!(current, S::Ready | S::Work | S::WorkReady)
                || (*requested == S::Ready && *current == S::NotReady)
        }
        _ => {
            return Err(refuse(
                ApiErrorKind::InvalidInput,
                format!("A supervisor cannot request {requested}"),
            ))
        }
    };
    if ok && current != requested {
        Ok(StateChange {
            state: requested.clone(),
            pending_state: None,
            reason_code_id: None,
        })
    } else {
        Err(invalid_state(current, requested))
    }
}

/// The state an agent enters when their last call ends.
///
/// A pending LOGOUT wins; with wrap-up, an agent heading for NOT_READY goes to WORK and
/// one heading for READY goes to WORK_READY (UCCE) or WORK (UCCX, which has no
/// WORK_READY); without wrap-up the agent goes to the pending state, or back to the
/// state held before the call.
pub fn state_after_call(
    deployment: &DeploymentType,
    before_call: &AgentState,
    pending: Option<&AgentState>,
    wrap_up: bool,
) -> AgentState {
    use AgentState as S;
    let target = pending.unwrap_or(before_call);
    match (target, wrap_up) {
        (S::Logout, _) => S::Logout,
        (S::Ready, true) if *deployment == DeploymentType::Ucce => S::WorkReady,
        (_, true) => S::Work,
        (S::Ready, false) => S::Ready,
        _ => S::NotReady,
    }
}

/// The state an agent enters when the wrap-up timer expires: WORK → NOT_READY,
/// WORK_READY → READY; other states are unchanged.
pub fn state_after_wrap_up_timeout(state: &AgentState) -> AgentState {
    match state {
        AgentState::Work => AgentState::NotReady,
        AgentState::WorkReady => AgentState::Ready,
        other => other.clone(),
    }
}

/// `true` if `from → to` is in the guide's "Supported State Transitions" table for
/// `deployment`. Finesse may report any transition (notably under failover), so a client
/// must accept every state it is told; this is for servers and simulations that want to
/// stay on the documented paths.
pub fn is_documented_transition(
    deployment: &DeploymentType,
    from: &AgentState,
    to: &AgentState,
) -> bool {
    use AgentState as S;
    let ucce = *deployment == DeploymentType::Ucce;
    let uccx = *deployment == DeploymentType::Uccx;
    if *to == S::Unknown {
        return ucce;
    }
    match (from, to) {
        (S::Logout, S::Login) | (S::Login, S::NotReady) => true,
        (S::NotReady, S::Logout | S::NotReady | S::Ready) => true,
        (S::NotReady, S::Talking) => ucce,
        (S::Ready, S::NotReady | S::Reserved | S::ReservedOutboundPreview) => true,
        (S::Ready, S::Logout) => uccx,
        (S::Ready, S::ReservedOutbound) => ucce,
        (S::Reserved, S::Ready | S::Talking) => true,
        (S::ReservedOutbound, S::Ready | S::NotReady | S::Talking) => ucce,
        (S::ReservedOutboundPreview, S::Ready | S::NotReady | S::Talking) => true,
        (S::Talking, S::Ready | S::NotReady | S::Work) => true,
        (S::Talking, S::WorkReady | S::Hold) => ucce,
        (S::Hold, S::Talking | S::Ready | S::NotReady | S::Work | S::WorkReady) => ucce,
        (S::Work, S::Ready | S::NotReady) => true,
        (S::WorkReady, S::Ready | S::NotReady) => ucce,
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::field_reassign_with_default)]
mod tests {
    use super::*;
    use AgentState as S;

    const ALL: [S; 12] = [
        S::Login,
        S::Logout,
        S::NotReady,
        S::Ready,
        S::Reserved,
        S::ReservedOutbound,
        S::ReservedOutboundPreview,
        S::Talking,
        S::Hold,
        S::Work,
        S::WorkReady,
        S::Unknown,
    ];

    /// (current, requested) → expected (state, pending) for an agent with reason codes
    /// optional; every pair not listed must be refused.
    fn expected(d: &DeploymentType, current: &S, requested: &S) -> Option<(S, Option<S>)> {
        let uccx = *d == DeploymentType::Uccx;
        Some(match (current, requested) {
            (S::Logout, S::Login) => (S::NotReady, None),
            (c, S::Login) if *c != S::Logout => (c.clone(), None),
            (S::NotReady | S::Work | S::WorkReady, S::Ready) => (S::Ready, None),
            (S::ReservedOutbound, S::Ready) if !uccx => (S::Ready, None),
            (S::ReservedOutboundPreview, S::Ready) => (S::Ready, None),
            (S::Reserved | S::Talking | S::Hold, S::Ready) => (current.clone(), Some(S::Ready)),
            (S::Ready | S::NotReady | S::Work | S::WorkReady, S::NotReady) => (S::NotReady, None),
            (S::ReservedOutbound, S::NotReady) if !uccx => (S::NotReady, None),
            (S::Reserved | S::ReservedOutboundPreview | S::Talking | S::Hold, S::NotReady) => {
                (current.clone(), Some(S::NotReady))
            }
            (S::NotReady, S::Logout) => (S::Logout, None),
            (S::Ready, S::Logout) if uccx => (S::Logout, None),
            _ => return None,
        })
    }

    #[test]
    fn every_agent_request_on_both_deployments() {
        for d in [DeploymentType::Ucce, DeploymentType::Uccx] {
            let rules = AgentRules::new(d.clone());
            for current in &ALL {
                for requested in &ALL {
                    let got = request_state_change(current, requested, None, &rules);
                    match expected(&d, current, requested) {
                        Some((state, pending)) => {
                            let c =
                                got.unwrap_or_else(|e| panic!("{d} {current}->{requested}: {e}"));
                            assert_eq!(
                                (c.state, c.pending_state),
                                (state, pending),
                                "{d} {current}->{requested}"
                            );
                        }
                        None => {
                            let e = got
                                .expect_err(&format!("{d} {current}->{requested} must be refused"));
                            let settable =
                                matches!(requested, S::Login | S::Logout | S::Ready | S::NotReady);
                            let want = if settable {
                                "Invalid State"
                            } else {
                                "Invalid Input"
                            };
                            assert_eq!(e.status, 400);
                            assert_eq!(
                                e.body.errors[0].error_type, want,
                                "{d} {current}->{requested}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn uccx_differences() {
        let rules = AgentRules::new(DeploymentType::Uccx);
        // READY → LOGOUT is UCCX only.
        assert_eq!(
            request_state_change(&S::Ready, &S::Logout, None, &rules)
                .unwrap()
                .state,
            S::Logout
        );
        assert!(request_state_change(
            &S::Ready,
            &S::Logout,
            None,
            &AgentRules::new(DeploymentType::Ucce)
        )
        .is_err());
        // A UCCX agent cannot leave RESERVED_OUTBOUND himself.
        assert!(request_state_change(&S::ReservedOutbound, &S::Ready, None, &rules).is_err());
        assert!(request_state_change(&S::ReservedOutbound, &S::NotReady, None, &rules).is_err());
        // Preview: READY now, NOT_READY pending.
        assert_eq!(
            request_state_change(&S::ReservedOutboundPreview, &S::Ready, None, &rules)
                .unwrap()
                .state,
            S::Ready
        );
        let c =
            request_state_change(&S::ReservedOutboundPreview, &S::NotReady, None, &rules).unwrap();
        assert_eq!(c.pending_state, Some(S::NotReady));
    }

    #[test]
    fn reason_codes() {
        let mut rules = AgentRules::new(DeploymentType::Ucce);
        rules.reason_code_required = true;
        let e = request_state_change(&S::Ready, &S::NotReady, None, &rules).unwrap_err();
        assert_eq!(e.body.errors[0].error_type, "Parameter Missing");
        let c = request_state_change(&S::Ready, &S::NotReady, Some(12), &rules).unwrap();
        assert_eq!(c.reason_code_id, Some(12));
        let e = request_state_change(&S::NotReady, &S::Logout, None, &rules).unwrap_err();
        assert_eq!(e.status, 400);
        // Pending NOT_READY keeps its reason for when the call ends.
        let c = request_state_change(&S::Talking, &S::NotReady, Some(3), &rules).unwrap();
        assert_eq!(
            (c.pending_state, c.reason_code_id),
            (Some(S::NotReady), Some(3))
        );
        // READY never needs one.
        assert!(request_state_change(&S::NotReady, &S::Ready, None, &rules).is_ok());
    }

    #[test]
    fn supervisor_rules() {
        let rules = AgentRules {
            requester: Requester::Supervisor,
            ..AgentRules::new(DeploymentType::Ucce)
        };
        for from in &ALL {
            let logout_ok = !matches!(from, S::Login | S::Logout | S::Unknown);
            assert_eq!(
                request_state_change(from, &S::Logout, None, &rules).is_ok(),
                logout_ok,
                "{from}"
            );
            let nr_ok = matches!(from, S::Ready | S::Work | S::WorkReady);
            assert_eq!(
                request_state_change(from, &S::NotReady, None, &rules).is_ok(),
                nr_ok,
                "{from}"
            );
            let e = request_state_change(from, &S::Login, None, &rules).unwrap_err();
            assert_eq!(e.body.errors[0].error_type, "Invalid Input");
        }
        let e = request_state_change(&S::Ready, &S::NotReady, Some(1), &rules).unwrap_err();
        assert_eq!(e.body.errors[0].error_type, "Invalid Input");
    }

    #[test]
    fn after_call_and_wrap_up() {
        let ucce = DeploymentType::Ucce;
        let uccx = DeploymentType::Uccx;
        assert_eq!(state_after_call(&ucce, &S::Ready, None, false), S::Ready);
        assert_eq!(
            state_after_call(&ucce, &S::NotReady, None, false),
            S::NotReady
        );
        assert_eq!(
            state_after_call(&ucce, &S::Ready, Some(&S::NotReady), false),
            S::NotReady
        );
        assert_eq!(
            state_after_call(&ucce, &S::Ready, Some(&S::NotReady), true),
            S::Work
        );
        assert_eq!(state_after_call(&ucce, &S::Ready, None, true), S::WorkReady);
        assert_eq!(state_after_call(&uccx, &S::Ready, None, true), S::Work);
        assert_eq!(
            state_after_call(&uccx, &S::Ready, Some(&S::Logout), true),
            S::Logout
        );
        assert_eq!(state_after_wrap_up_timeout(&S::Work), S::NotReady);
        assert_eq!(state_after_wrap_up_timeout(&S::WorkReady), S::Ready);
        assert_eq!(state_after_wrap_up_timeout(&S::Talking), S::Talking);
        // Every result is a documented transition out of TALKING on its deployment.
        for d in [&ucce, &uccx] {
            for before in [S::Ready, S::NotReady] {
                for wrap in [false, true] {
                    let to = state_after_call(d, &before, None, wrap);
                    assert!(is_documented_transition(d, &S::Talking, &to), "{d} {to}");
                }
            }
        }
    }

    #[test]
    fn documented_transitions_table() {
        let ucce = DeploymentType::Ucce;
        let uccx = DeploymentType::Uccx;
        let both: &[(S, S)] = &[
            (S::Logout, S::Login),
            (S::Login, S::NotReady),
            (S::NotReady, S::Logout),
            (S::NotReady, S::NotReady),
            (S::NotReady, S::Ready),
            (S::Ready, S::NotReady),
            (S::Ready, S::Reserved),
            (S::Ready, S::ReservedOutboundPreview),
            (S::Reserved, S::Ready),
            (S::Reserved, S::Talking),
            (S::ReservedOutboundPreview, S::Ready),
            (S::ReservedOutboundPreview, S::NotReady),
            (S::ReservedOutboundPreview, S::Talking),
            (S::Talking, S::Ready),
            (S::Talking, S::NotReady),
            (S::Talking, S::Work),
            (S::Work, S::Ready),
            (S::Work, S::NotReady),
        ];
        let ucce_only: &[(S, S)] = &[
            (S::NotReady, S::Talking),
            (S::Ready, S::ReservedOutbound),
            (S::ReservedOutbound, S::Ready),
            (S::ReservedOutbound, S::NotReady),
            (S::ReservedOutbound, S::Talking),
            (S::Talking, S::WorkReady),
            (S::Talking, S::Hold),
            (S::Hold, S::Talking),
            (S::Hold, S::Ready),
            (S::Hold, S::NotReady),
            (S::Hold, S::Work),
            (S::Hold, S::WorkReady),
            (S::WorkReady, S::Ready),
            (S::WorkReady, S::NotReady),
        ];
        let uccx_only: &[(S, S)] = &[(S::Ready, S::Logout)];
        for from in &ALL {
            for to in &ALL {
                let pair = (from.clone(), to.clone());
                let in_both = both.contains(&pair);
                let want_ucce = in_both || ucce_only.contains(&pair) || *to == S::Unknown;
                let want_uccx = in_both || uccx_only.contains(&pair);
                assert_eq!(
                    is_documented_transition(&ucce, from, to),
                    want_ucce,
                    "UCCE {from}->{to}"
                );
                assert_eq!(
                    is_documented_transition(&uccx, from, to),
                    want_uccx,
                    "UCCX {from}->{to}"
                );
            }
        }
    }
}
