//! `Team`/`Teams` and `Queue`/`Queues`.

use serde::{Deserialize, Serialize};

use crate::resources::user::User;
use crate::time::Timestamp;
use crate::xml::{resource, wrapped_list};

wrapped_list!(user_list, "User", User);

/// A team with its users' summaries (`/finesse/api/Team/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Team {
    /// URI.
    #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Team id.
    #[serde(rename = "id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Team name.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// User summaries (uri, loginId, names, dialogs, extension, pendingState, state,
    /// stateChangeTime, ReasonCode, mediaState).
    #[serde(
        rename = "users",
        default,
        with = "user_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub users: Option<Vec<User>>,
}
resource!(Team, "Team", "team");

/// `Teams`: a list of teams.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Teams {
    /// The teams.
    #[serde(rename = "Team", default)]
    pub teams: Vec<Team>,
}
resource!(Teams, "Teams", "teams");

/// A queue (UCCE skill group / UCCX CSQ) with statistics.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Queue {
    /// URI (`/finesse/api/Queue/{id}`).
    #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Queue name.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Real-time statistics.
    #[serde(
        rename = "statistics",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub statistics: Option<QueueStatistics>,
}
resource!(Queue, "Queue", "Queue");

/// `Queue/statistics`. Values are `-1` when the queue is not assigned to the user.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QueueStatistics {
    /// Calls waiting.
    #[serde(
        rename = "callsInQueue",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub calls_in_queue: Option<i64>,
    /// Start of the longest waiting call (no milliseconds).
    #[serde(
        rename = "startTimeOfLongestCallInQueue",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub start_time_of_longest_call_in_queue: Option<Timestamp>,
    /// Agents ready.
    #[serde(
        rename = "agentsReady",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub agents_ready: Option<i64>,
    /// Agents not ready.
    #[serde(
        rename = "agentsNotReady",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub agents_not_ready: Option<i64>,
    /// Agents busy on other work.
    #[serde(
        rename = "agentsBusyOther",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub agents_busy_other: Option<i64>,
    /// Agents logged on.
    #[serde(
        rename = "agentsLoggedOn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub agents_logged_on: Option<i64>,
    /// Agents talking, inbound.
    #[serde(
        rename = "agentsTalkingInbound",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub agents_talking_inbound: Option<i64>,
    /// Agents talking, outbound.
    #[serde(
        rename = "agentsTalkingOutbound",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub agents_talking_outbound: Option<i64>,
    /// Agents talking, internal.
    #[serde(
        rename = "agentsTalkingInternal",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub agents_talking_internal: Option<i64>,
    /// Agents in wrap-up, then not ready.
    #[serde(
        rename = "agentsWrapUpNotReady",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub agents_wrap_up_not_ready: Option<i64>,
    /// Agents in wrap-up, then ready.
    #[serde(
        rename = "agentsWrapUpReady",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub agents_wrap_up_ready: Option<i64>,
}

/// `Queues`: a list of queues (also the data of `User/{id}/Queues` notifications).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Queues {
    /// The queues.
    #[serde(rename = "Queue", default)]
    pub queues: Vec<Queue>,
}
resource!(Queues, "Queues", "Queues");
