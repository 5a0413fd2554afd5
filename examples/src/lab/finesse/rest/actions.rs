//! The write operations: user state changes, dialog actions and MAKE_CALL. Each is
//! checked, takes its object's turn, is answered 202 and finishes in a task that waits
//! for the CTI confirmation.

use cti_proto::{
    AnswerCallReq, CallVariables, ClearConnectionReq, ConnectionIdType, CtiString, HoldCallReq,
    MakeCallReq, Message, NamedVar, RetrieveCallReq, SendDtmfSignalReq, SetAgentStateReq,
    SetCallDataReq,
};
use finesse_rest_types::{
    check_action, request_state_change, validate_dialog_request, validate_user_request,
    ActionContext, AgentRules, AgentState, ApiErrorKind, ApiErrorResponse, DeploymentType,
    DialogAction, DialogRequest, Requester, Resource, UserRequest,
};

use super::super::cti::{lock_core, publish_all, request, wall_ms};
use super::super::model::cti_state;
use super::{
    accepted, cti_string, forbidden, not_implemented, queue_error, Ctx, Reply, QUEUE_BOUND,
    SETTLE_BOUND,
};
use crate::lab::ReasonCategory;

impl Ctx<'_> {
    pub(super) async fn change_user_state(&self) -> Reply {
        let target = self.id().to_owned();
        let (target_team, password, seed_ext) = {
            let core = self.core();
            let a = core
                .seed_agent(&target)
                .ok_or_else(|| ApiErrorResponse::unknown_user(&target))?;
            (a.team, a.password.clone(), a.extension.clone())
        };
        let requester = if target == self.caller {
            Requester::Agent
        } else if self.supervised_team() == Some(target_team) {
            Requester::Supervisor
        } else {
            return Err(forbidden(self.caller));
        };
        let req = UserRequest::from_xml(self.body).map_err(Self::parse_error)?;
        validate_user_request(&req, &DeploymentType::Uccx)?;
        let requested = req.state.clone().ok_or_else(|| {
            ApiErrorResponse::new(ApiErrorKind::ParameterMissing, "state is required", None)
        })?;
        let turn = self
            .app
            .queues
            .turn(&format!("user:{target}"), QUEUE_BOUND)
            .await
            .map_err(queue_error)?;
        let (current, extension) = {
            let core = self.core();
            (
                core.agent_state(&target),
                core.extension(&target).unwrap_or(&seed_ext).to_owned(),
            )
        };
        let mut rules = AgentRules::new(DeploymentType::Uccx);
        rules.requester = requester;
        let change = request_state_change(&current, &requested, req.reason_code_id, &rules)?;
        let reason_code = match (req.reason_code_id, &requested) {
            (Some(id), AgentState::NotReady | AgentState::Logout) => {
                let category = if requested == AgentState::NotReady {
                    ReasonCategory::NotReady
                } else {
                    ReasonCategory::Logout
                };
                let rc = self.core().reason_code_for(id, category).ok_or_else(|| {
                    ApiErrorResponse::new(
                        ApiErrorKind::InvalidInput,
                        format!("Invalid reasonCodeId {id} for {requested}"),
                        Some(id.to_string()),
                    )
                })?;
                rc.code.and_then(|c| u16::try_from(c).ok()).unwrap_or(0)
            }
            _ => 0,
        };
        if requested == AgentState::Login && current != AgentState::Logout {
            // A forced re-sign-in keeps the current state: nothing to ask the CTI server.
            let mut core = self.core();
            core.note_user_request(&target, self.request_id.clone());
            let out = core.republish_user(&target);
            drop(core);
            publish_all(self.app.service.sink(), out);
            return accepted();
        }
        let extension = if requested == AgentState::Login {
            let ext = req.extension.clone().unwrap_or(extension);
            self.core().set_extension(&target, &ext);
            ext
        } else {
            extension
        };
        let Some(cti) = cti_state(&requested) else {
            return Err(ApiErrorResponse::new(
                ApiErrorKind::InvalidInput,
                format!("State {requested} cannot be requested"),
                None,
            ));
        };
        let msg = SetAgentStateReq {
            peripheral_id: 1,
            agent_state: cti,
            event_reason_code: reason_code,
            agent_instrument: cti_string(&extension),
            agent_password: (requested == AgentState::Login)
                .then(|| cti_string(&password))
                .flatten(),
            agent_id_long: cti_string(&target),
            ..Default::default()
        };
        let pending = change.pending_state.clone();
        self.core()
            .note_user_request(&target, self.request_id.clone());
        let tx = self.app.cti.clone();
        let core = self.app.core.clone();
        let service = self.app.service.clone();
        tokio::spawn(async move {
            let result = request(&tx, msg.into()).await;
            let out = match (result, pending) {
                (Ok(_), Some(p)) => lock_core(&core).set_pending_state(&target, p),
                (Ok(_), None) => {
                    lock_core(&core).confirm_user_request(&target, wall_ms());
                    let user = target.clone();
                    service
                        .settle(&core, SETTLE_BOUND, move |c| c.user_request_settled(&user))
                        .await;
                    Vec::new()
                }
                (Err(e), _) => lock_core(&core).user_request_failed(&target, &e),
            };
            publish_all(service.sink(), out);
            drop(turn);
        });
        accepted()
    }

    pub(super) async fn update_dialog(&self) -> Reply {
        let call_id = self.dialog_id()?;
        let req = DialogRequest::from_xml(self.body).map_err(Self::parse_error)?;
        validate_dialog_request(&req, &DeploymentType::Uccx)?;
        let action = req.requested_action.clone().ok_or_else(|| {
            ApiErrorResponse::new(
                ApiErrorKind::ParameterMissing,
                "requestedAction is required",
                None,
            )
        })?;
        let extension = self
            .core()
            .extension(self.caller)
            .unwrap_or_default()
            .to_owned();
        {
            let core = self.core();
            let (_, owners) = core
                .dialog(call_id)
                .ok_or_else(|| ApiErrorResponse::unknown_dialog(self.id()))?;
            if !owners.iter().any(|o| o == self.caller) {
                return Err(forbidden(self.caller));
            }
        }
        if let Some(target) = &req.target_media_address {
            if *target != extension {
                return Err(ApiErrorResponse::new(
                    ApiErrorKind::InvalidInput,
                    "targetMediaAddress is not the agent's extension",
                    Some(target.clone()),
                ));
            }
        }
        let turn = self
            .app
            .queues
            .turn(&format!("dialog:{call_id}"), QUEUE_BOUND)
            .await
            .map_err(queue_error)?;
        {
            let core = self.core();
            let (dialog, _) = core
                .dialog(call_id)
                .ok_or_else(|| ApiErrorResponse::unknown_dialog(self.id()))?;
            let state = dialog
                .participant(&extension)
                .and_then(|p| p.state.clone())
                .ok_or_else(|| {
                    ApiErrorResponse::new(
                        ApiErrorKind::InvalidInput,
                        "The agent is not a participant of this dialog",
                        Some(extension.clone()),
                    )
                })?;
            let ctx = ActionContext {
                has_other_active_call: core.has_other_active_call(self.caller, call_id),
            };
            check_action(&action, &state, ctx, &DeploymentType::Uccx)?;
        }
        let device = cti_string(&extension);
        let msg: Message = match action {
            DialogAction::Answer => AnswerCallReq {
                peripheral_id: 1,
                connection_call_id: call_id,
                connection_device_id_type: ConnectionIdType::Static,
                connection_device_id: device.clone(),
                agent_instrument: device,
                ..Default::default()
            }
            .into(),
            DialogAction::Hold => HoldCallReq {
                peripheral_id: 1,
                connection_call_id: call_id,
                connection_device_id_type: ConnectionIdType::Static,
                connection_device_id: device,
                ..Default::default()
            }
            .into(),
            DialogAction::Retrieve => RetrieveCallReq {
                peripheral_id: 1,
                held_connection_call_id: call_id,
                held_connection_device_id_type: ConnectionIdType::Static,
                held_connection_device_id: device,
                ..Default::default()
            }
            .into(),
            DialogAction::Drop => ClearConnectionReq {
                peripheral_id: 1,
                connection_call_id: call_id,
                connection_device_id_type: ConnectionIdType::Static,
                connection_device_id: device,
                ..Default::default()
            }
            .into(),
            DialogAction::UpdateCallData => {
                let mut req_msg = SetCallDataReq {
                    peripheral_id: 1,
                    connection_call_id: call_id,
                    connection_device_id_type: ConnectionIdType::Static,
                    connection_device_id: device,
                    ..Default::default()
                };
                req_msg.call_data = call_data(req.media_properties.as_ref())?;
                req_msg.into()
            }
            DialogAction::SendDtmf => SendDtmfSignalReq {
                peripheral_id: 1,
                connection_call_id: call_id,
                connection_device_id_type: ConnectionIdType::Static,
                connection_device_id: device.clone(),
                agent_instrument: device,
                dtmf_string: req.action_param("dtmfString").and_then(cti_string),
                ..Default::default()
            }
            .into(),
            other => return Err(not_implemented(&format!("requestedAction {other}"))),
        };
        let update = (action == DialogAction::UpdateCallData)
            .then(|| req.media_properties.clone())
            .flatten();
        self.core()
            .note_dialog_request(call_id, self.request_id.clone());
        let user = self.caller.to_owned();
        let tx = self.app.cti.clone();
        let core = self.app.core.clone();
        let service = self.app.service.clone();
        tokio::spawn(async move {
            match request(&tx, msg).await {
                Ok(_) => {
                    let out = {
                        let mut guard = lock_core(&core);
                        let out = match &update {
                            Some(mp) => guard.call_data_confirmed(call_id, mp),
                            None => Vec::new(),
                        };
                        if action == DialogAction::SendDtmf {
                            guard.forget_dialog_request(call_id);
                        }
                        guard.confirm_dialog_request(call_id, wall_ms());
                        out
                    };
                    publish_all(service.sink(), out);
                    service
                        .settle(&core, SETTLE_BOUND, move |c| {
                            c.dialog_request_settled(call_id)
                        })
                        .await;
                }
                Err(e) => {
                    let out =
                        lock_core(&core).dialog_request_failed(&user, Some(call_id), None, &e);
                    publish_all(service.sink(), out);
                }
            }
            drop(turn);
        });
        accepted()
    }

    pub(super) async fn make_call(&self) -> Reply {
        let target = self.id().to_owned();
        self.own_user(&target)?;
        let req = DialogRequest::from_xml(self.body).map_err(Self::parse_error)?;
        validate_dialog_request(&req, &DeploymentType::Uccx)?;
        match &req.requested_action {
            Some(DialogAction::MakeCall) => {}
            Some(other) => {
                return Err(not_implemented(&format!("requestedAction {other} on POST")))
            }
            None => {
                return Err(ApiErrorResponse::new(
                    ApiErrorKind::ParameterMissing,
                    "requestedAction is required",
                    None,
                ))
            }
        }
        let to = req.to_address.clone().ok_or_else(|| {
            ApiErrorResponse::new(
                ApiErrorKind::ParameterMissing,
                "toAddress is required",
                None,
            )
        })?;
        if !self.app.service.control_granted() {
            return Err(ApiErrorResponse::new(
                ApiErrorKind::NotImplemented,
                "MAKE_CALL is not supported: the CTI server did not grant call control",
                None,
            ));
        }
        let (state, extension) = {
            let core = self.core();
            (
                core.agent_state(&target),
                core.extension(&target).unwrap_or_default().to_owned(),
            )
        };
        if state == AgentState::Logout {
            return Err(ApiErrorResponse::new(
                ApiErrorKind::InvalidState,
                "The agent is not signed in",
                Some(target.clone()),
            ));
        }
        if let Some(from) = &req.from_address {
            if *from != extension {
                return Err(ApiErrorResponse::new(
                    ApiErrorKind::InvalidInput,
                    "fromAddress is not the agent's extension",
                    Some(from.clone()),
                ));
            }
        }
        let dialed = cti_string(&to).ok_or_else(|| {
            ApiErrorResponse::new(
                ApiErrorKind::InvalidDestination,
                "Invalid toAddress",
                Some(to.clone()),
            )
        })?;
        let turn = self
            .app
            .queues
            .turn(&format!("user:{target}"), QUEUE_BOUND)
            .await
            .map_err(queue_error)?;
        let msg = MakeCallReq {
            peripheral_id: 1,
            skill_group_number: u32::MAX,
            agent_instrument: cti_string(&extension),
            dialed_number: Some(dialed),
            ..Default::default()
        };
        self.core().note_make_call(&target, self.request_id.clone());
        let tx = self.app.cti.clone();
        let core = self.app.core.clone();
        let service = self.app.service.clone();
        tokio::spawn(async move {
            let out = match request(&tx, msg.into()).await {
                Ok(_) => {
                    lock_core(&core).confirm_make_call(&target, wall_ms());
                    Vec::new()
                }
                Err(e) => lock_core(&core).dialog_request_failed(&target, None, None, &e),
            };
            publish_all(service.sink(), out);
            drop(turn);
        });
        accepted()
    }
}

/// The CTI call data for an UPDATE_CALL_DATA body: `callVariable1`–`10`, ECC `user.*`
/// variables and the wrap-up reason.
fn call_data(
    mp: Option<&finesse_rest_types::MediaProperties>,
) -> Result<CallVariables, ApiErrorResponse> {
    let mut data = CallVariables::default();
    let Some(mp) = mp else {
        return Ok(data);
    };
    let invalid = |name: &str| {
        ApiErrorResponse::new(
            ApiErrorKind::InvalidInput,
            format!("Invalid call variable {name}"),
            Some(name.to_owned()),
        )
    };
    for v in mp.callvariables.iter().flatten() {
        if let Some(n) = v
            .name
            .strip_prefix("callVariable")
            .and_then(|n| n.parse::<usize>().ok())
        {
            let value = CtiString::new(v.value.clone()).map_err(|_| invalid(&v.name))?;
            if !data.set_call_variable(n, Some(value)) {
                return Err(invalid(&v.name));
            }
        } else if v.is_ecc() {
            data.named_variables
                .push(NamedVar::new(&v.name, &v.value).ok_or_else(|| invalid(&v.name))?);
        } else {
            return Err(invalid(&v.name));
        }
    }
    if let Some(w) = &mp.wrap_up_reason {
        data.call_wrapup_data =
            Some(CtiString::new(w.clone()).map_err(|_| invalid("wrapUpReason"))?);
    }
    Ok(data)
}
