//! Synchronous request checks, each failure mapped to the documented `ApiErrors` body and
//! HTTP status, with UCCX/UCCE differences selected by [`DeploymentType`].

use crate::enums::{AgentState, DeploymentType, DialogAction, ReasonCodeCategory};
use crate::request::{DialogRequest, UserRequest};
use crate::resources::layout::MediaPropertiesLayout;
use crate::resources::reason::{ReasonCode, WrapUpReason};
use crate::resources::team_message::{ClientLog, TeamMessage};
use crate::rules::errors::{ApiErrorKind, ApiErrorResponse};

/// Longest `ClientLog/logData`, in characters.
pub const MAX_CLIENT_LOG_CHARS: usize = 1_048_576;
/// Longest `TeamMessage/content`, in characters.
pub const MAX_TEAM_MESSAGE_CHARS: usize = 255;
/// Longest extension accepted at sign-in (E.164, UCCX).
pub const MAX_EXTENSION_CHARS: usize = 15;
/// Longest DTMF string accepted by [`validate_dialog_request`] (not documented by Cisco;
/// see the README).
pub const MAX_DTMF_DIGITS: usize = 32;

fn invalid(msg: impl Into<String>, data: Option<String>) -> ApiErrorResponse {
    ApiErrorResponse::new(ApiErrorKind::InvalidInput, msg, data)
}

fn missing(param: &str) -> ApiErrorResponse {
    ApiErrorResponse::new(
        ApiErrorKind::ParameterMissing,
        format!("{param} is required"),
        Some(param.to_owned()),
    )
}

fn require<'a>(value: Option<&'a str>, param: &str) -> Result<&'a str, ApiErrorResponse> {
    match value {
        Some(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(missing(param)),
    }
}

/// `true` if every digit is a valid DTMF digit on `deployment`: `0-9 * #` on UCCX, plus
/// `A-D` on UCCE.
pub fn is_valid_dtmf(digits: &str, deployment: &DeploymentType) -> bool {
    !digits.is_empty()
        && digits.chars().all(|c| {
            c.is_ascii_digit()
                || c == '*'
                || c == '#'
                || (*deployment != DeploymentType::Uccx && matches!(c, 'A'..='D'))
        })
}

/// `true` for a call variable name Finesse accepts: `callVariable1`..`callVariable10`,
/// an ECC name `user.…`, or a BA outbound variable (`BA…`).
pub fn is_valid_call_variable_name(name: &str) -> bool {
    if let Some(n) = name.strip_prefix("callVariable") {
        return matches!(n.parse::<u8>(), Ok(1..=10)) && !n.starts_with('0');
    }
    (name.starts_with("user.") && name.len() > 5) || (name.starts_with("BA") && name.len() > 2)
}

/// Checks a `PUT /finesse/api/User/{id}` body: `state` present, LOGIN with an extension
/// (UCCX: ≤ 15 characters, E.164 `+` allowed; UCCE: digits only), reason codes only
/// with NOT_READY/LOGOUT. The state machine ([`request_state_change`](crate::request_state_change))
/// then decides whether the change is allowed from the current state.
pub fn validate_user_request(
    req: &UserRequest,
    deployment: &DeploymentType,
) -> Result<(), ApiErrorResponse> {
    let state = req.state.as_ref().ok_or_else(|| missing("state"))?;
    if *state == AgentState::Login {
        let ext = require(req.extension.as_deref(), "extension")?;
        let digits = match deployment {
            DeploymentType::Uccx => ext.strip_prefix('+').unwrap_or(ext),
            _ => ext,
        };
        if ext.chars().count() > MAX_EXTENSION_CHARS
            || digits.is_empty()
            || !digits.chars().all(|c| c.is_ascii_digit())
        {
            return Err(invalid("Invalid extension", Some(ext.to_owned())));
        }
        if let Some(m) = &req.mobile_agent {
            require(m.dial_number.as_deref(), "dialNumber")?;
            if m.mode.is_none() {
                return Err(missing("mode"));
            }
        }
    }
    if req.reason_code_id.is_some() && !matches!(state, AgentState::NotReady | AgentState::Logout) {
        return Err(invalid(
            format!("reasonCodeId is not allowed with {state}"),
            None,
        ));
    }
    Ok(())
}

/// Checks a Dialog request body (POST `User/{id}/Dialogs` or PUT `Dialog/{id}`) for the
/// parameters each action needs and the deployment's limits: call variables refused on
/// a UCCX MAKE_CALL (400 `Invalid Input`), DTMF digit sets, START_RECORDING UCCX only
/// (501 on UCCE).
pub fn validate_dialog_request(
    req: &DialogRequest,
    deployment: &DeploymentType,
) -> Result<(), ApiErrorResponse> {
    use DialogAction as A;
    let action = req
        .requested_action
        .as_ref()
        .ok_or_else(|| missing("requestedAction"))?;
    let target = || require(req.target_media_address.as_deref(), "targetMediaAddress");
    let to = || require(req.to_address.as_deref(), "toAddress");
    let from = || require(req.from_address.as_deref(), "fromAddress");
    let check_vars = || -> Result<(), ApiErrorResponse> {
        let vars = req
            .media_properties
            .as_ref()
            .and_then(|m| m.callvariables.as_deref())
            .unwrap_or_default();
        match vars.iter().find(|v| !is_valid_call_variable_name(&v.name)) {
            Some(v) => Err(invalid("Invalid call variable name", Some(v.name.clone()))),
            None => Ok(()),
        }
    };
    match action {
        A::MakeCall => {
            from()?;
            to()?;
            let has_vars = req
                .media_properties
                .as_ref()
                .is_some_and(|m| m.callvariables.as_ref().is_some_and(|v| !v.is_empty()));
            if has_vars && *deployment == DeploymentType::Uccx {
                return Err(invalid(
                    "Call variables are not supported with MAKE_CALL on UCCX",
                    None,
                ));
            }
            check_vars()
        }
        A::Answer
        | A::Hold
        | A::Retrieve
        | A::Drop
        | A::Transfer
        | A::Conference
        | A::ParticipantDrop
        | A::Accept
        | A::Close
        | A::Reject => target().map(|_| ()),
        A::ConsultCall | A::TransferSst => {
            target()?;
            to().map(|_| ())
        }
        A::SendDtmf => {
            target()?;
            let digits = require(req.action_param("dtmfString"), "dtmfString")?;
            if digits.chars().count() > MAX_DTMF_DIGITS || !is_valid_dtmf(digits, deployment) {
                return Err(invalid("Invalid DTMF string", Some(digits.to_owned())));
            }
            Ok(())
        }
        A::StartRecording => {
            if *deployment == DeploymentType::Ucce {
                return Err(ApiErrorResponse::new(
                    ApiErrorKind::NotImplemented,
                    "START_RECORDING is not supported on UCCE",
                    None,
                ));
            }
            target().map(|_| ())
        }
        A::UpdateCallData => {
            if req.media_properties.is_none() {
                return Err(missing("mediaProperties"));
            }
            check_vars()
        }
        A::BargeCall => {
            from()?;
            to()?;
            require(req.associated_dialog_uri.as_deref(), "associatedDialogUri").map(|_| ())
        }
        A::SilentMonitor => {
            from()?;
            to().map(|_| ())
        }
        A::Reclassify | A::CancelScheduledCallback | A::UpdateScheduledCallback => Ok(()),
        A::Other(_) => Err(invalid("Unknown requestedAction", Some(action.to_string()))),
    }
}

/// Checks a reason code for create/update: category present, code in range (UCCE
/// 1–65535, UCCX 1–999), label 1–40 characters.
pub fn validate_reason_code(
    rc: &ReasonCode,
    deployment: &DeploymentType,
) -> Result<(), ApiErrorResponse> {
    match &rc.category {
        Some(ReasonCodeCategory::NotReady | ReasonCodeCategory::Logout) => {}
        Some(other) => return Err(invalid("Invalid category", Some(other.to_string()))),
        None => return Err(missing("category")),
    }
    let code = rc.code.ok_or_else(|| missing("code"))?;
    let max = if *deployment == DeploymentType::Uccx {
        999
    } else {
        65_535
    };
    if !(1..=max).contains(&code) {
        return Err(invalid("Reason code out of range", Some(code.to_string())));
    }
    let label = require(rc.label.as_deref(), "label")?;
    if label.chars().count() > 40 {
        return Err(invalid("Label longer than 40 characters", None));
    }
    Ok(())
}

/// Checks a wrap-up reason: label 1–39 bytes.
pub fn validate_wrap_up_reason(w: &WrapUpReason) -> Result<(), ApiErrorResponse> {
    let label = require(w.label.as_deref(), "label")?;
    if label.len() > 39 {
        return Err(invalid("Label longer than 39 bytes", None));
    }
    Ok(())
}

/// Checks a media properties layout: name ≤ 40, description ≤ 128, at most two columns
/// of at most 10 entries, display names ≤ 50 characters.
pub fn validate_layout(l: &MediaPropertiesLayout) -> Result<(), ApiErrorResponse> {
    let name = require(l.name.as_deref(), "name")?;
    if name.chars().count() > 40 {
        return Err(invalid("Name longer than 40 characters", None));
    }
    if l.description.as_deref().unwrap_or_default().chars().count() > 128 {
        return Err(invalid("Description longer than 128 characters", None));
    }
    if l.columns.len() > 2 {
        return Err(ApiErrorResponse::new(
            ApiErrorKind::MaximumExceeded,
            "At most 2 columns",
            None,
        ));
    }
    for c in &l.columns {
        if c.entries.len() > 10 {
            return Err(ApiErrorResponse::new(
                ApiErrorKind::MaximumExceeded,
                "At most 10 entries per column",
                None,
            ));
        }
    }
    let entries = l
        .columns
        .iter()
        .flat_map(|c| c.entries.iter())
        .chain(l.header.as_ref().and_then(|h| h.entry.as_ref()));
    for e in entries {
        if e.display_name
            .as_deref()
            .unwrap_or_default()
            .chars()
            .count()
            > 50
        {
            return Err(invalid("displayName longer than 50 characters", None));
        }
        if !e
            .media_property
            .as_deref()
            .is_some_and(is_valid_call_variable_name)
        {
            return Err(invalid("Invalid mediaProperty", e.media_property.clone()));
        }
    }
    Ok(())
}

/// Checks a team message: content 1–255 characters, at least one team.
pub fn validate_team_message(m: &TeamMessage) -> Result<(), ApiErrorResponse> {
    let content = require(m.content.as_deref(), "content")?;
    if content.chars().count() > MAX_TEAM_MESSAGE_CHARS {
        return Err(invalid("Content longer than 255 characters", None));
    }
    if m.teams.as_deref().unwrap_or_default().is_empty() {
        return Err(missing("teams"));
    }
    Ok(())
}

/// Checks a client log: at most 1,048,576 characters (400 `Operation Failure` beyond).
pub fn validate_client_log(log: &ClientLog) -> Result<(), ApiErrorResponse> {
    if log.log_data.chars().count() > MAX_CLIENT_LOG_CHARS {
        return Err(ApiErrorResponse::new(
            ApiErrorKind::OperationFailure,
            "logData longer than 1048576 characters",
            None,
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::field_reassign_with_default)]
mod tests {
    use super::*;
    use crate::{CallVariable, MobileAgent, MobileAgentMode};

    const UCCX: DeploymentType = DeploymentType::Uccx;
    const UCCE: DeploymentType = DeploymentType::Ucce;

    fn err_type(r: Result<(), ApiErrorResponse>) -> (u16, String) {
        let e = r.unwrap_err();
        (e.status, e.body.errors[0].error_type.clone())
    }

    #[test]
    fn user_requests() {
        assert!(validate_user_request(&UserRequest::login("1001001"), &UCCE).is_ok());
        assert!(validate_user_request(&UserRequest::login("+14085551234"), &UCCX).is_ok());
        assert_eq!(
            err_type(validate_user_request(
                &UserRequest::login("+14085551234"),
                &UCCE
            )),
            (400, "Invalid Input".into())
        );
        assert!(validate_user_request(&UserRequest::login("1234567890123456"), &UCCX).is_err());
        let mut no_ext = UserRequest::login("");
        no_ext.extension = None;
        assert_eq!(
            err_type(validate_user_request(&no_ext, &UCCE)),
            (400, "Parameter Missing".into())
        );
        assert_eq!(
            err_type(validate_user_request(&UserRequest::default(), &UCCE)),
            (400, "Parameter Missing".into())
        );
        let mobile = UserRequest::login_mobile(
            "1001",
            MobileAgent::new(MobileAgentMode::NailedConnection, "4085551234"),
        );
        assert!(validate_user_request(&mobile, &UCCE).is_ok());
        let mut ready = UserRequest::ready();
        ready.reason_code_id = Some(3);
        assert!(validate_user_request(&ready, &UCCE).is_err());
        assert!(validate_user_request(&UserRequest::not_ready(Some(3)), &UCCE).is_ok());
    }

    #[test]
    fn make_call_and_call_variables() {
        let plain = DialogRequest::make_call("1001", "1002");
        assert!(validate_dialog_request(&plain, &UCCX).is_ok());
        let mut with_vars = plain.clone();
        let mut mp = crate::MediaProperties::default();
        mp.callvariables = Some(vec![CallVariable::new("callVariable1", "x")]);
        with_vars.media_properties = Some(mp);
        assert!(validate_dialog_request(&with_vars, &UCCE).is_ok());
        assert_eq!(
            err_type(validate_dialog_request(&with_vars, &UCCX)),
            (400, "Invalid Input".into())
        );
        let mut no_to = plain;
        no_to.to_address = None;
        assert_eq!(
            err_type(validate_dialog_request(&no_to, &UCCE)),
            (400, "Parameter Missing".into())
        );
    }

    #[test]
    fn dtmf_digit_sets() {
        assert!(is_valid_dtmf("0123456789*#", &UCCX));
        assert!(!is_valid_dtmf("12A", &UCCX));
        assert!(is_valid_dtmf("12ABCD", &UCCE));
        assert!(!is_valid_dtmf("12E", &UCCE));
        assert!(!is_valid_dtmf("", &UCCE));
        assert!(validate_dialog_request(&DialogRequest::send_dtmf("1001", "777"), &UCCX).is_ok());
        assert!(validate_dialog_request(&DialogRequest::send_dtmf("1001", "7A"), &UCCX).is_err());
        assert!(validate_dialog_request(&DialogRequest::send_dtmf("1001", "7A"), &UCCE).is_ok());
        let mut no_digits = DialogRequest::send_dtmf("1001", "1");
        no_digits.action_params = None;
        assert_eq!(
            err_type(validate_dialog_request(&no_digits, &UCCE)),
            (400, "Parameter Missing".into())
        );
    }

    #[test]
    fn per_action_parameters() {
        let rec = DialogRequest::on_participant(DialogAction::StartRecording, "1001");
        assert!(validate_dialog_request(&rec, &UCCX).is_ok());
        assert_eq!(
            err_type(validate_dialog_request(&rec, &UCCE)),
            (501, "Not Implemented".into())
        );
        assert!(
            validate_dialog_request(&DialogRequest::action(DialogAction::Hold), &UCCE).is_err()
        );
        assert!(
            validate_dialog_request(&DialogRequest::consult_call("1001", "1003"), &UCCE).is_ok()
        );
        let mut sst = DialogRequest::transfer_sst("1001", "1003");
        sst.to_address = None;
        assert!(validate_dialog_request(&sst, &UCCE).is_err());
        let upd = DialogRequest::update_call_data(
            Some("Sales".into()),
            vec![CallVariable::new("user.acct", "1")],
        );
        assert!(validate_dialog_request(&upd, &UCCX).is_ok());
        let bad =
            DialogRequest::update_call_data(None, vec![CallVariable::new("callVariable11", "1")]);
        assert!(validate_dialog_request(&bad, &UCCX).is_err());
        assert!(validate_dialog_request(
            &DialogRequest::barge_call("2001", "1001", "/finesse/api/Dialog/1"),
            &UCCE
        )
        .is_ok());
        assert!(validate_dialog_request(
            &DialogRequest::action(DialogAction::Other("X".into())),
            &UCCE
        )
        .is_err());
        assert!(validate_dialog_request(&DialogRequest::default(), &UCCE).is_err());
    }

    #[test]
    fn call_variable_names() {
        for ok in [
            "callVariable1",
            "callVariable10",
            "user.cisco.acctnum",
            "BACampaign",
        ] {
            assert!(is_valid_call_variable_name(ok), "{ok}");
        }
        for bad in [
            "callVariable0",
            "callVariable11",
            "callVariable01",
            "user.",
            "BA",
            "foo",
        ] {
            assert!(!is_valid_call_variable_name(bad), "{bad}");
        }
    }

    #[test]
    fn config_objects() {
        let rc = ReasonCode::new("1", ReasonCodeCategory::NotReady, 999, "Lunch");
        assert!(validate_reason_code(&rc, &UCCX).is_ok());
        let big = ReasonCode::new("1", ReasonCodeCategory::NotReady, 1000, "Lunch");
        assert!(validate_reason_code(&big, &UCCX).is_err());
        assert!(validate_reason_code(&big, &UCCE).is_ok());
        let long = ReasonCode::new("1", ReasonCodeCategory::Logout, 5, "x".repeat(41));
        assert!(validate_reason_code(&long, &UCCE).is_err());
        let mut w = WrapUpReason::default();
        w.label = Some("x".repeat(39));
        assert!(validate_wrap_up_reason(&w).is_ok());
        w.label = Some("é".repeat(20));
        assert!(validate_wrap_up_reason(&w).is_err());
        let mut m = TeamMessage::default();
        m.content = Some("hi".into());
        m.teams = Some(vec!["5005".into()]);
        assert!(validate_team_message(&m).is_ok());
        m.content = Some("x".repeat(256));
        assert!(validate_team_message(&m).is_err());
        assert!(validate_client_log(&ClientLog::new("x".repeat(MAX_CLIENT_LOG_CHARS))).is_ok());
        let e =
            validate_client_log(&ClientLog::new("x".repeat(MAX_CLIENT_LOG_CHARS + 1))).unwrap_err();
        assert_eq!(e.body.errors[0].error_type, "Operation Failure");
        let mut l = MediaPropertiesLayout::default();
        l.name = Some("Layout".into());
        l.columns = vec![crate::LayoutColumn::default(); 3];
        assert_eq!(
            err_type(validate_layout(&l)),
            (400, "Maximum Exceeded".into())
        );
        l.columns.truncate(1);
        l.columns[0].entries = vec![crate::LayoutEntry::new("Acct", "user.acct")];
        assert!(validate_layout(&l).is_ok());
    }
}
