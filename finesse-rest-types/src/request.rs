//! Typed PUT/POST bodies: user state changes and dialog actions.

use serde::{Deserialize, Serialize};

use crate::enums::{AgentState, DialogAction};
use crate::resources::dialog::{CallVariable, MediaProperties};
use crate::resources::user::MobileAgent;
use crate::xml::{resource, wrapped_list};

wrapped_list!(action_param_list, "ActionParam", ActionParam);

/// The body of `PUT /finesse/api/User/{id}`: sign in, sign out, change state.
///
/// ```
/// use finesse_rest_types::{Resource, UserRequest};
/// let body = UserRequest::login("1001001").to_xml()?;
/// assert_eq!(body, "<User><state>LOGIN</state><extension>1001001</extension></User>");
/// # Ok::<(), finesse_rest_types::EncodeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserRequest {
    /// Requested state (LOGIN, LOGOUT, READY, NOT_READY).
    #[serde(rename = "state", default, skip_serializing_if = "Option::is_none")]
    pub state: Option<AgentState>,
    /// Extension to sign in with (LOGIN).
    #[serde(rename = "extension", default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// Mobile agent settings (LOGIN, UCCE).
    #[serde(
        rename = "mobileAgent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mobile_agent: Option<MobileAgent>,
    /// Reason code id (NOT_READY, LOGOUT).
    #[serde(
        rename = "reasonCodeId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reason_code_id: Option<i32>,
}
resource!(UserRequest, "User", "user");

impl UserRequest {
    fn state(state: AgentState) -> Self {
        Self {
            state: Some(state),
            ..Self::default()
        }
    }

    /// Sign in on `extension`.
    pub fn login(extension: impl Into<String>) -> Self {
        Self {
            extension: Some(extension.into()),
            ..Self::state(AgentState::Login)
        }
    }

    /// Sign in as a mobile agent.
    pub fn login_mobile(extension: impl Into<String>, mobile: MobileAgent) -> Self {
        Self {
            mobile_agent: Some(mobile),
            ..Self::login(extension)
        }
    }

    /// Become READY.
    pub fn ready() -> Self {
        Self::state(AgentState::Ready)
    }

    /// Become NOT_READY, with an optional reason code id.
    pub fn not_ready(reason_code_id: Option<i32>) -> Self {
        Self {
            reason_code_id,
            ..Self::state(AgentState::NotReady)
        }
    }

    /// Sign out, with an optional reason code id.
    pub fn logout(reason_code_id: Option<i32>) -> Self {
        Self {
            reason_code_id,
            ..Self::state(AgentState::Logout)
        }
    }
}

/// A named action parameter (`<ActionParam><name/><value/></ActionParam>`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ActionParam {
    /// Name (`dtmfString`, `callbackTime`…).
    #[serde(rename = "name", default)]
    pub name: String,
    /// Value.
    #[serde(rename = "value", default)]
    pub value: String,
}

impl ActionParam {
    /// A parameter.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// The body of `POST /finesse/api/User/{id}/Dialogs` (make call, supervisor calls) and
/// `PUT /finesse/api/Dialog/{id}` (act on a participant).
///
/// ```
/// use finesse_rest_types::{DialogRequest, Resource};
/// let body = DialogRequest::make_call("1001001", "1001002").to_xml()?;
/// assert_eq!(
///     body,
///     "<Dialog><requestedAction>MAKE_CALL</requestedAction>\
///      <fromAddress>1001001</fromAddress><toAddress>1001002</toAddress></Dialog>"
/// );
/// # Ok::<(), finesse_rest_types::EncodeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DialogRequest {
    /// The action.
    #[serde(
        rename = "requestedAction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub requested_action: Option<DialogAction>,
    /// Calling extension (MAKE_CALL, supervisor calls).
    #[serde(
        rename = "fromAddress",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub from_address: Option<String>,
    /// Destination (MAKE_CALL, CONSULT_CALL, TRANSFER_SST).
    #[serde(rename = "toAddress", default, skip_serializing_if = "Option::is_none")]
    pub to_address: Option<String>,
    /// The participant the action applies to (the requesting agent's extension).
    #[serde(
        rename = "targetMediaAddress",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub target_media_address: Option<String>,
    /// Call data (UPDATE_CALL_DATA; UCCE MAKE_CALL).
    #[serde(
        rename = "mediaProperties",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub media_properties: Option<MediaProperties>,
    /// Action parameters (SEND_DTMF, callbacks).
    #[serde(
        rename = "actionParams",
        default,
        with = "action_param_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub action_params: Option<Vec<ActionParam>>,
    /// The dialog to barge into.
    #[serde(
        rename = "associatedDialogUri",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub associated_dialog_uri: Option<String>,
}
resource!(DialogRequest, "Dialog", "dialog");

impl DialogRequest {
    /// A request with only `requestedAction`.
    pub fn action(action: DialogAction) -> Self {
        Self {
            requested_action: Some(action),
            ..Self::default()
        }
    }

    /// An action on the participant `target` (ANSWER, HOLD, RETRIEVE, DROP, TRANSFER,
    /// CONFERENCE, START_RECORDING, PARTICIPANT_DROP…).
    pub fn on_participant(action: DialogAction, target: impl Into<String>) -> Self {
        Self {
            target_media_address: Some(target.into()),
            ..Self::action(action)
        }
    }

    /// MAKE_CALL from `from` to `to`.
    pub fn make_call(from: impl Into<String>, to: impl Into<String>) -> Self {
        Self {
            from_address: Some(from.into()),
            to_address: Some(to.into()),
            ..Self::action(DialogAction::MakeCall)
        }
    }

    /// CONSULT_CALL from the active call of `target` to `to`.
    pub fn consult_call(target: impl Into<String>, to: impl Into<String>) -> Self {
        Self {
            to_address: Some(to.into()),
            ..Self::on_participant(DialogAction::ConsultCall, target)
        }
    }

    /// TRANSFER_SST (single-step transfer) of `target`'s active call to `to`.
    pub fn transfer_sst(target: impl Into<String>, to: impl Into<String>) -> Self {
        Self {
            to_address: Some(to.into()),
            ..Self::on_participant(DialogAction::TransferSst, target)
        }
    }

    /// SEND_DTMF `digits` on `target`'s call.
    pub fn send_dtmf(target: impl Into<String>, digits: impl Into<String>) -> Self {
        Self {
            action_params: Some(vec![ActionParam::new("dtmfString", digits)]),
            ..Self::on_participant(DialogAction::SendDtmf, target)
        }
    }

    /// UPDATE_CALL_DATA with an optional wrap-up reason and call variables.
    pub fn update_call_data(wrap_up_reason: Option<String>, variables: Vec<CallVariable>) -> Self {
        let mp = MediaProperties {
            wrap_up_reason,
            callvariables: Some(variables),
            ..MediaProperties::default()
        };
        Self {
            media_properties: Some(mp),
            ..Self::action(DialogAction::UpdateCallData)
        }
    }

    /// BARGE_CALL by supervisor extension `from` into the agent `to`'s dialog.
    pub fn barge_call(
        from: impl Into<String>,
        to: impl Into<String>,
        associated_dialog_uri: impl Into<String>,
    ) -> Self {
        Self {
            from_address: Some(from.into()),
            to_address: Some(to.into()),
            associated_dialog_uri: Some(associated_dialog_uri.into()),
            ..Self::action(DialogAction::BargeCall)
        }
    }

    /// The value of action parameter `name`.
    pub fn action_param(&self, name: &str) -> Option<&str> {
        self.action_params
            .as_deref()?
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    }
}
