//! `Dialog` and `Dialogs` (voice calls and their participants).

use serde::{Deserialize, Serialize};

use crate::enums::{
    CallType, DialogAction, DialogState, MediaAddressType, ParticipantState, StateCause,
};
use crate::time::Timestamp;
use crate::xml::{empty_is_none, resource, wrapped_list};

wrapped_list!(participant_list, "Participant", Participant);
wrapped_list!(action_list, "action", DialogAction);
wrapped_list!(call_variable_list, "CallVariable", CallVariable);
wrapped_list!(wrap_up_item_list, "wrapUpItem", String);

/// A dialog: one call as seen by a user, with its participants.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Dialog {
    /// The related dialog (consult / barge).
    #[serde(
        rename = "associatedDialogUri",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub associated_dialog_uri: Option<String>,
    /// Calling address of the surviving call.
    #[serde(
        rename = "fromAddress",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub from_address: Option<String>,
    /// Dialog id (the CTI CallID).
    #[serde(rename = "id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Call data.
    #[serde(
        rename = "mediaProperties",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub media_properties: Option<MediaProperties>,
    /// MRD name (`Voice`).
    #[serde(rename = "mediaType", default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// Participants.
    #[serde(
        rename = "participants",
        default,
        with = "participant_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub participants: Option<Vec<Participant>>,
    /// The id of a call merged into this one by transfer/conference.
    #[serde(
        rename = "secondaryId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub secondary_id: Option<String>,
    /// Dialog state.
    #[serde(rename = "state", default, skip_serializing_if = "Option::is_none")]
    pub state: Option<DialogState>,
    /// Called address of the surviving call.
    #[serde(rename = "toAddress", default, skip_serializing_if = "Option::is_none")]
    pub to_address: Option<String>,
    /// URI (`/finesse/api/Dialog/{id}`).
    #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Scheduled callback (outbound).
    #[serde(
        rename = "scheduledCallbackInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub scheduled_callback_info: Option<ScheduledCallbackInfo>,
}
resource!(Dialog, "Dialog", "dialog");

impl Dialog {
    /// The participant whose `mediaAddress` is `address`.
    pub fn participant(&self, address: &str) -> Option<&Participant> {
        self.participants
            .as_deref()?
            .iter()
            .find(|p| p.media_address.as_deref() == Some(address))
    }

    /// Mutable access to the participant whose `mediaAddress` is `address`.
    pub fn participant_mut(&mut self, address: &str) -> Option<&mut Participant> {
        self.participants
            .as_deref_mut()?
            .iter_mut()
            .find(|p| p.media_address.as_deref() == Some(address))
    }

    /// The value of call variable `name` (`callVariable1`, `user.…`, `BA…`).
    pub fn call_variable(&self, name: &str) -> Option<&str> {
        self.media_properties
            .as_ref()?
            .callvariables
            .as_deref()?
            .iter()
            .find(|v| v.name == name)
            .map(|v| v.value.as_str())
    }
}

/// `Dialog/mediaProperties`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MediaProperties {
    /// Dialed number identification.
    #[serde(rename = "DNIS", default, skip_serializing_if = "Option::is_none")]
    pub dnis: Option<String>,
    /// Call type.
    #[serde(rename = "callType", default, skip_serializing_if = "Option::is_none")]
    pub call_type: Option<CallType>,
    /// Dialed number.
    #[serde(
        rename = "dialedNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub dialed_number: Option<String>,
    /// Media id (always 1 for voice).
    #[serde(rename = "mediaId", default, skip_serializing_if = "Option::is_none")]
    pub media_id: Option<String>,
    /// Outbound classification.
    #[serde(
        rename = "outboundClassification",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub outbound_classification: Option<String>,
    /// Queue name.
    #[serde(rename = "queueName", default, skip_serializing_if = "Option::is_none")]
    pub queue_name: Option<String>,
    /// Queue number.
    #[serde(
        rename = "queueNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub queue_number: Option<String>,
    /// Call key call id (UCCE).
    #[serde(
        rename = "callKeyCallId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub call_key_call_id: Option<String>,
    /// Call key prefix (UCCE).
    #[serde(
        rename = "callKeyPrefix",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub call_key_prefix: Option<String>,
    /// Call key sequence number (UCCE).
    #[serde(
        rename = "callKeySequenceNum",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub call_key_sequence_num: Option<String>,
    /// Call GUID (UCCE).
    #[serde(rename = "callGUID", default, skip_serializing_if = "Option::is_none")]
    pub call_guid: Option<String>,
    /// Wrap-up reason label.
    #[serde(
        rename = "wrapUpReason",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub wrap_up_reason: Option<String>,
    /// Wrap-up items (UCCX).
    #[serde(
        rename = "wrapUpItems",
        default,
        with = "wrap_up_item_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub wrap_up_items: Option<Vec<String>>,
    /// Call variables (`callVariable1..10`), ECC (`user.…`) and BA outbound variables.
    #[serde(
        rename = "callvariables",
        default,
        with = "call_variable_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub callvariables: Option<Vec<CallVariable>>,
}

/// One call variable (`<CallVariable><name/><value/></CallVariable>`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CallVariable {
    /// `callVariable1`..`callVariable10`, `user.<ecc>` or a BA variable.
    #[serde(rename = "name", default)]
    pub name: String,
    /// The value.
    #[serde(rename = "value", default)]
    pub value: String,
}

impl CallVariable {
    /// A call variable.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }

    /// `true` for an ECC variable (`user.…`).
    pub fn is_ecc(&self) -> bool {
        self.name.starts_with("user.")
    }
}

/// One participant of a dialog.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Participant {
    /// Actions this participant may request now.
    #[serde(
        rename = "actions",
        default,
        with = "action_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub actions: Option<Vec<DialogAction>>,
    /// The participant's address (extension or number).
    #[serde(
        rename = "mediaAddress",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub media_address: Option<String>,
    /// Address type.
    #[serde(
        rename = "mediaAddressType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub media_address_type: Option<MediaAddressType>,
    /// When the participant joined.
    #[serde(rename = "startTime", default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Timestamp>,
    /// Participant state.
    #[serde(rename = "state", default, skip_serializing_if = "Option::is_none")]
    pub state: Option<ParticipantState>,
    /// Why (FAILED: BUSY / BAD_DESTINATION / OTHER); always written, empty when none.
    #[serde(rename = "stateCause", default, with = "empty_is_none")]
    pub state_cause: Option<StateCause>,
    /// When the state last changed.
    #[serde(
        rename = "stateChangeTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_change_time: Option<Timestamp>,
}

impl Participant {
    /// A participant at `address` in `state`, with the actions allowed in that state and
    /// both times set to `now` (wall time supplied by the caller).
    pub fn new(address: impl Into<String>, state: ParticipantState, now: &Timestamp) -> Self {
        let actions = crate::rules::participant::allowed_actions(
            &state,
            crate::rules::participant::ActionContext::default(),
        );
        Self {
            actions: Some(actions),
            media_address: Some(address.into()),
            media_address_type: None,
            start_time: Some(now.clone()),
            state: Some(state),
            state_cause: None,
            state_change_time: Some(now.clone()),
        }
    }
}

/// `Dialog/scheduledCallbackInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScheduledCallbackInfo {
    /// Callback time.
    #[serde(
        rename = "callbackTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub callback_time: Option<String>,
    /// Callback number.
    #[serde(
        rename = "callbackNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub callback_number: Option<String>,
}

/// `Dialogs`: a list of dialogs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Dialogs {
    /// The dialogs.
    #[serde(rename = "Dialog", default)]
    pub dialogs: Vec<Dialog>,
}
resource!(Dialogs, "Dialogs", "dialogs");
