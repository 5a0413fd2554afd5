//! `User` and `Users` (`/finesse/api/User/{id}`, `/finesse/api/Users`).

use serde::{Deserialize, Serialize};

use crate::enums::{AgentState, MobileAgentMode, Role, WrapUpMode};
use crate::resources::reason::ReasonCode;
use crate::time::Timestamp;
use crate::xml::{empty_is_none, resource, wrapped_list};

wrapped_list!(role_list, "role", Role);
wrapped_list!(team_ref_list, "Team", TeamRef);

/// A Finesse user (agent or supervisor).
///
/// Fields are in the order real Finesse 12.5 writes them (alphabetical). Every field is
/// optional because the same type also serves Team user summaries and partial bodies; a
/// full `User` from Finesse has all the common ones. `pendingState` is always written
/// (empty when `None`), as Finesse does.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// Active device id (UCCE, CTI protocol ≥ 24).
    #[serde(
        rename = "activeDeviceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub active_device_id: Option<String>,
    /// URI of the user's dialogs collection.
    #[serde(rename = "dialogs", default, skip_serializing_if = "Option::is_none")]
    pub dialogs: Option<String>,
    /// Extension the agent signed in with (empty when signed out).
    #[serde(rename = "extension", default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// First name.
    #[serde(rename = "firstName", default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// User id (parameter table; real output uses `loginId`).
    #[serde(rename = "id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Last name.
    #[serde(rename = "lastName", default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Agent id.
    #[serde(rename = "loginId", default, skip_serializing_if = "Option::is_none")]
    pub login_id: Option<String>,
    /// Login (user) name.
    #[serde(rename = "loginName", default, skip_serializing_if = "Option::is_none")]
    pub login_name: Option<String>,
    /// Media state summary (Team user summaries).
    #[serde(
        rename = "mediaState",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub media_state: Option<String>,
    /// Media type (`1` for voice in real output).
    #[serde(rename = "mediaType", default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// Mobile agent settings (UCCE).
    #[serde(
        rename = "mobileAgent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mobile_agent: Option<MobileAgent>,
    /// The state the user enters next (empty element when none).
    #[serde(rename = "pendingState", default, with = "empty_is_none")]
    pub pending_state: Option<AgentState>,
    /// The current reason code (NOT_READY / LOGOUT with a code).
    #[serde(
        rename = "ReasonCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reason_code: Option<ReasonCode>,
    /// The current reason code's id; `-1` for none.
    #[serde(
        rename = "reasonCodeId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reason_code_id: Option<i32>,
    /// Roles.
    #[serde(
        rename = "roles",
        default,
        with = "role_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub roles: Option<Vec<Role>>,
    /// Per-user settings.
    #[serde(rename = "settings", default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<UserSettings>,
    /// Agent state.
    #[serde(rename = "state", default, skip_serializing_if = "Option::is_none")]
    pub state: Option<AgentState>,
    /// When the state last changed (wall time supplied by the server).
    #[serde(
        rename = "stateChangeTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_change_time: Option<Timestamp>,
    /// The agent's team id.
    #[serde(rename = "teamId", default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<String>,
    /// The agent's team name.
    #[serde(rename = "teamName", default, skip_serializing_if = "Option::is_none")]
    pub team_name: Option<String>,
    /// Teams a supervisor supervises.
    #[serde(
        rename = "teams",
        default,
        with = "team_ref_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub teams: Option<Vec<TeamRef>>,
    /// The user's URI.
    #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Wrap-up timer in seconds.
    #[serde(
        rename = "wrapUpTimer",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub wrap_up_timer: Option<u32>,
}
resource!(User, "User", "user");

impl User {
    /// `true` if `roles` contains [`Role::Supervisor`].
    pub fn is_supervisor(&self) -> bool {
        self.roles
            .as_deref()
            .is_some_and(|r| r.contains(&Role::Supervisor))
    }
}

/// `User/mobileAgent`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MobileAgent {
    /// Connection mode.
    #[serde(rename = "mode", default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<MobileAgentMode>,
    /// The agent's phone number.
    #[serde(
        rename = "dialNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub dial_number: Option<String>,
}

impl MobileAgent {
    /// A mobile agent setting.
    pub fn new(mode: MobileAgentMode, dial_number: impl Into<String>) -> Self {
        Self {
            mode: Some(mode),
            dial_number: Some(dial_number.into()),
        }
    }
}

/// `User/settings`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserSettings {
    /// Wrap-up on incoming calls.
    #[serde(
        rename = "wrapUpOnIncoming",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub wrap_up_on_incoming: Option<WrapUpMode>,
    /// Wrap-up on outgoing calls.
    #[serde(
        rename = "wrapUpOnOutgoing",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub wrap_up_on_outgoing: Option<WrapUpMode>,
}

/// A team reference inside `User/teams` (`<Team><id/><name/><uri/></Team>`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TeamRef {
    /// Team id.
    #[serde(rename = "id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Team name.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Team URI.
    #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

impl TeamRef {
    /// A team reference with the URI Finesse uses (`/finesse/api/Team/{id}`).
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        let id = id.into();
        Self {
            uri: Some(format!("/finesse/api/Team/{id}")),
            id: Some(id),
            name: Some(name.into()),
        }
    }
}

/// `Users`: a list of users.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Users {
    /// The users.
    #[serde(rename = "User", default)]
    pub users: Vec<User>,
}
resource!(Users, "Users", "users");
