//! `TeamMessage`/`TeamMessages` and `ClientLog`.

use serde::{Deserialize, Serialize};

use crate::xml::{resource, wrapped_list};

wrapped_list!(team_id_list, "team", String);

/// A broadcast message to teams (content ≤ 255 characters).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TeamMessage {
    /// URI (`/finesse/api/TeamMessage/{uuid}`).
    #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Id (a UUID).
    #[serde(rename = "id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Who sent it.
    #[serde(rename = "createdBy", default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<MessageAuthor>,
    /// When, in seconds since the Unix epoch.
    #[serde(rename = "createdAt", default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
    /// How long it is shown, in seconds.
    #[serde(rename = "duration", default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    /// The text.
    #[serde(rename = "content", default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Team ids it goes to.
    #[serde(
        rename = "teams",
        default,
        with = "team_id_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub teams: Option<Vec<String>>,
}
resource!(TeamMessage, "TeamMessage", "teamMessage");

/// `TeamMessage/createdBy`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MessageAuthor {
    /// User id.
    #[serde(rename = "id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// First name.
    #[serde(rename = "firstName", default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(rename = "lastName", default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// `TeamMessages`: a list of team messages.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TeamMessages {
    /// The messages.
    #[serde(rename = "TeamMessage", default)]
    pub team_messages: Vec<TeamMessage>,
}
resource!(TeamMessages, "TeamMessages", "teamMessages");

/// A client log upload (POST only; `logData` ≤ 1,048,576 characters).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClientLog {
    /// The log text.
    #[serde(rename = "logData", default)]
    pub log_data: String,
}
resource!(ClientLog, "ClientLog", "clientLog");

impl ClientLog {
    /// A client log with `log_data`.
    pub fn new(log_data: impl Into<String>) -> Self {
        Self {
            log_data: log_data.into(),
        }
    }
}
