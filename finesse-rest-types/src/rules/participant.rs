//! Which dialog actions a participant may request in each state, and the checks a
//! server applies to a `requestedAction` before sending it to the CTI server.

use crate::enums::{DeploymentType, DialogAction, ParticipantState};
use crate::rules::errors::{ApiErrorKind, ApiErrorResponse};

/// What besides its own state decides a participant's actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActionContext {
    /// The agent also has an active call (a consult call): a HELD participant may then
    /// TRANSFER or CONFERENCE.
    pub has_other_active_call: bool,
}

/// The `actions` list Finesse shows for a participant in `state` ("State (Participant)
/// Parameter Values"). Unknown states allow nothing.
pub fn allowed_actions(state: &ParticipantState, ctx: ActionContext) -> Vec<DialogAction> {
    use DialogAction as A;
    use ParticipantState as S;
    match state {
        S::Initiating | S::Initiated => vec![A::Drop, A::UpdateCallData],
        S::Alerting => vec![A::Answer],
        S::Active => vec![A::Hold, A::Drop, A::UpdateCallData, A::ConsultCall],
        S::Failed => vec![A::Drop],
        S::Held => {
            let mut v = vec![A::Retrieve, A::Drop, A::UpdateCallData];
            if ctx.has_other_active_call {
                v.push(A::Transfer);
                v.push(A::Conference);
            }
            v
        }
        S::WrapUp => vec![A::UpdateCallData],
        S::Dropped | S::Accepted | S::Unknown | S::Other(_) => Vec::new(),
    }
}

/// Checks that the participant in `state` may request `action` on a deployment.
///
/// Actions that appear in the `actions` list must be in [`allowed_actions`]. The others
/// have their own documented rules: SEND_DTMF, TRANSFER_SST and START_RECORDING need an
/// ACTIVE participant (SEND_DTMF on a HELD one is 401 `Invalid State`); START_RECORDING is
/// UCCX only (501 on UCCE); MAKE_CALL is not a participant action (it is a POST on
/// `User/{id}/Dialogs`). Preview/callback and supervisor actions are passed through
/// (the CTI server decides).
pub fn check_action(
    action: &DialogAction,
    state: &ParticipantState,
    ctx: ActionContext,
    deployment: &DeploymentType,
) -> Result<(), ApiErrorResponse> {
    use DialogAction as A;
    let refuse = |kind| {
        Err(ApiErrorResponse::new(
            kind,
            format!("Action {action} is not allowed for a participant in state {state}"),
            Some(action.to_string()),
        ))
    };
    match action {
        A::Answer
        | A::Hold
        | A::Retrieve
        | A::Drop
        | A::UpdateCallData
        | A::ConsultCall
        | A::Transfer
        | A::Conference => {
            if allowed_actions(state, ctx).contains(action) {
                Ok(())
            } else {
                refuse(ApiErrorKind::InvalidState)
            }
        }
        A::SendDtmf => match state {
            ParticipantState::Active => Ok(()),
            ParticipantState::Held => refuse(ApiErrorKind::InvalidStateNotSupported),
            _ => refuse(ApiErrorKind::InvalidState),
        },
        A::TransferSst => match state {
            ParticipantState::Active => Ok(()),
            _ => refuse(ApiErrorKind::InvalidState),
        },
        A::StartRecording => {
            if *deployment == DeploymentType::Ucce {
                return Err(ApiErrorResponse::new(
                    ApiErrorKind::NotImplemented,
                    "START_RECORDING is not supported on UCCE",
                    None,
                ));
            }
            match state {
                ParticipantState::Active => Ok(()),
                _ => refuse(ApiErrorKind::InvalidState),
            }
        }
        A::MakeCall => Err(ApiErrorResponse::new(
            ApiErrorKind::InvalidInput,
            "MAKE_CALL is requested with POST on /finesse/api/User/{id}/Dialogs",
            Some(action.to_string()),
        )),
        A::Other(_) => Err(ApiErrorResponse::new(
            ApiErrorKind::InvalidInput,
            "Unknown requestedAction",
            Some(action.to_string()),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::field_reassign_with_default)]
mod tests {
    use super::*;
    use DialogAction as A;
    use ParticipantState as S;

    #[test]
    fn documented_table() {
        let none = ActionContext::default();
        let consult = ActionContext {
            has_other_active_call: true,
        };
        let rows: &[(S, ActionContext, &[A])] = &[
            (S::Initiating, none, &[A::Drop, A::UpdateCallData]),
            (S::Initiated, none, &[A::Drop, A::UpdateCallData]),
            (S::Alerting, none, &[A::Answer]),
            (
                S::Active,
                none,
                &[A::Hold, A::Drop, A::UpdateCallData, A::ConsultCall],
            ),
            (S::Failed, none, &[A::Drop]),
            (S::Held, none, &[A::Retrieve, A::Drop, A::UpdateCallData]),
            (
                S::Held,
                consult,
                &[
                    A::Retrieve,
                    A::Drop,
                    A::UpdateCallData,
                    A::Transfer,
                    A::Conference,
                ],
            ),
            (S::Dropped, none, &[]),
            (S::WrapUp, none, &[A::UpdateCallData]),
            (S::Accepted, none, &[]),
            (S::Other("NEW".into()), none, &[]),
        ];
        for (state, ctx, want) in rows {
            assert_eq!(&allowed_actions(state, *ctx), want, "{state} {ctx:?}");
        }
    }

    #[test]
    fn checks_follow_the_table_for_every_state_and_listed_action() {
        let listed = [
            A::Answer,
            A::Hold,
            A::Retrieve,
            A::Drop,
            A::UpdateCallData,
            A::ConsultCall,
            A::Transfer,
            A::Conference,
        ];
        for state in S::KNOWN {
            for ctx in [
                ActionContext::default(),
                ActionContext {
                    has_other_active_call: true,
                },
            ] {
                let allowed = allowed_actions(state, ctx);
                for a in &listed {
                    let r = check_action(a, state, ctx, &DeploymentType::Uccx);
                    assert_eq!(r.is_ok(), allowed.contains(a), "{a} in {state}");
                    if let Err(e) = r {
                        assert_eq!(e.status, 400);
                        assert_eq!(e.body.errors[0].error_type, "Invalid State");
                    }
                }
            }
        }
    }

    #[test]
    fn special_actions() {
        let ctx = ActionContext::default();
        let uccx = DeploymentType::Uccx;
        let ucce = DeploymentType::Ucce;
        assert!(check_action(&A::SendDtmf, &S::Active, ctx, &uccx).is_ok());
        assert_eq!(
            check_action(&A::SendDtmf, &S::Held, ctx, &uccx)
                .unwrap_err()
                .status,
            401
        );
        assert!(check_action(&A::TransferSst, &S::Active, ctx, &ucce).is_ok());
        assert!(check_action(&A::TransferSst, &S::Held, ctx, &ucce).is_err());
        assert!(check_action(&A::StartRecording, &S::Active, ctx, &uccx).is_ok());
        assert_eq!(
            check_action(&A::StartRecording, &S::Active, ctx, &ucce)
                .unwrap_err()
                .status,
            501
        );
        assert_eq!(
            check_action(&A::MakeCall, &S::Active, ctx, &ucce)
                .unwrap_err()
                .status,
            400
        );
        assert!(check_action(&A::Other("FLY".into()), &S::Active, ctx, &ucce).is_err());
        assert!(check_action(&A::Accept, &S::Active, ctx, &ucce).is_ok());
    }
}
