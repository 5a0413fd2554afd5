//! Typed pubsub node names and notification sources (`/finesse/api/User/{id}`, …).

use crate::error::IdError;

/// Checks that `id` can be used as one URL path segment.
pub fn validate_id(id: &str) -> Result<(), IdError> {
    if id.is_empty() {
        return Err(IdError::Empty);
    }
    if id.len() > 256 {
        return Err(IdError::TooLong(id.len()));
    }
    match id
        .chars()
        .find(|c| matches!(c, '/' | '?' | '#' | '%') || c.is_whitespace() || c.is_control())
    {
        Some(c) => Err(IdError::BadChar(c)),
        None => Ok(()),
    }
}

/// A Finesse pubsub node or notification source path.
///
/// Nodes are what a client subscribes to; sources are what an [`Update`](crate::Update)
/// says it is about (a Dialogs node carries updates whose source is a single
/// `Dialog/{id}`). [`NodePath::parse`] never fails: paths it does not know are kept in
/// [`NodePath::Other`].
///
/// ```
/// use finesse_rest_types::NodePath;
/// let node = NodePath::user_dialogs("1001")?;
/// assert_eq!(node.to_string(), "/finesse/api/User/1001/Dialogs");
/// assert_eq!(NodePath::parse("/finesse/api/User/1001/Dialogs"), node);
/// assert!(node.is_auto_subscribed());
/// assert_eq!(node.openajax_topic(), "finesse.api.User.1001.Dialogs");
/// # Ok::<(), finesse_rest_types::IdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NodePath {
    /// `/finesse/api/User/{id}`: user state and user CTI errors (automatic).
    User {
        /// User id.
        id: String,
    },
    /// `/finesse/api/User/{id}/Dialogs`: the user's voice dialogs (automatic).
    UserDialogs {
        /// User id.
        id: String,
    },
    /// `/finesse/api/User/{id}/Dialogs/Media`: nonvoice dialogs (automatic).
    UserDialogsMedia {
        /// User id.
        id: String,
    },
    /// `/finesse/api/User/{id}/Media/{mrdId}`: state per media routing domain (automatic).
    UserMedia {
        /// User id.
        id: String,
        /// Media routing domain id.
        mrd_id: String,
    },
    /// `/finesse/api/User/{id}/Queues`: queues added/removed (explicit, UCCE only).
    UserQueues {
        /// User id.
        id: String,
    },
    /// `/finesse/api/Team/{id}/Users`: team members' state (explicit, supervisors).
    TeamUsers {
        /// Team id.
        id: String,
    },
    /// `/finesse/api/Queue/{id}`: queue statistics (explicit, UCCE only).
    Queue {
        /// Queue id.
        id: String,
    },
    /// `/finesse/api/SystemInfo` (automatic).
    SystemInfo,
    /// `/finesse/api/Dialog/{id}`: a notification *source* for one dialog.
    Dialog {
        /// Dialog id.
        id: String,
    },
    /// Any other path, kept as is.
    Other(String),
}

const PREFIX: &str = "/finesse/api/";

impl NodePath {
    fn checked(id: &str) -> Result<String, IdError> {
        validate_id(id)?;
        Ok(id.to_owned())
    }

    /// `/finesse/api/User/{id}`.
    pub fn user(id: &str) -> Result<Self, IdError> {
        Ok(Self::User {
            id: Self::checked(id)?,
        })
    }

    /// `/finesse/api/User/{id}/Dialogs`.
    pub fn user_dialogs(id: &str) -> Result<Self, IdError> {
        Ok(Self::UserDialogs {
            id: Self::checked(id)?,
        })
    }

    /// `/finesse/api/User/{id}/Queues`.
    pub fn user_queues(id: &str) -> Result<Self, IdError> {
        Ok(Self::UserQueues {
            id: Self::checked(id)?,
        })
    }

    /// `/finesse/api/Team/{id}/Users`.
    pub fn team_users(id: &str) -> Result<Self, IdError> {
        Ok(Self::TeamUsers {
            id: Self::checked(id)?,
        })
    }

    /// `/finesse/api/Queue/{id}`.
    pub fn queue(id: &str) -> Result<Self, IdError> {
        Ok(Self::Queue {
            id: Self::checked(id)?,
        })
    }

    /// `/finesse/api/Dialog/{id}` (a source, not a node).
    pub fn dialog(id: &str) -> Result<Self, IdError> {
        Ok(Self::Dialog {
            id: Self::checked(id)?,
        })
    }

    /// `/finesse/api/User/{id}/Media/{mrd_id}`.
    pub fn user_media(id: &str, mrd_id: &str) -> Result<Self, IdError> {
        Ok(Self::UserMedia {
            id: Self::checked(id)?,
            mrd_id: Self::checked(mrd_id)?,
        })
    }

    /// Recognises a path; unknown shapes (or ids that fail [`validate_id`]) become
    /// [`NodePath::Other`].
    pub fn parse(path: &str) -> Self {
        let other = || Self::Other(path.to_owned());
        let Some(rest) = path.strip_prefix(PREFIX) else {
            return other();
        };
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.iter().skip(1).any(|p| validate_id(p).is_err()) {
            return other();
        }
        let id = |s: &str| s.to_owned();
        match parts.as_slice() {
            ["SystemInfo"] => Self::SystemInfo,
            ["User", u] => Self::User { id: id(u) },
            ["User", u, "Dialogs"] => Self::UserDialogs { id: id(u) },
            ["User", u, "Dialogs", "Media"] => Self::UserDialogsMedia { id: id(u) },
            ["User", u, "Media", m] => Self::UserMedia {
                id: id(u),
                mrd_id: id(m),
            },
            ["User", u, "Queues"] => Self::UserQueues { id: id(u) },
            ["Team", t, "Users"] => Self::TeamUsers { id: id(t) },
            ["Queue", q] => Self::Queue { id: id(q) },
            ["Dialog", d] => Self::Dialog { id: id(d) },
            _ => other(),
        }
    }

    /// `true` for feeds Finesse subscribes users to by itself (User, Dialogs, SystemInfo,
    /// Media); `false` for feeds that need an explicit XEP-0060 subscribe (Team users,
    /// Queue, User queues) and for non-node paths.
    pub fn is_auto_subscribed(&self) -> bool {
        matches!(
            self,
            Self::User { .. }
                | Self::UserDialogs { .. }
                | Self::UserDialogsMedia { .. }
                | Self::UserMedia { .. }
                | Self::SystemInfo
        )
    }

    /// `true` for the feeds Finesse does not publish on UCCX (Queue, User/Queues).
    pub fn is_ucce_only(&self) -> bool {
        matches!(self, Self::Queue { .. } | Self::UserQueues { .. })
    }

    /// The OpenAjax hub topic finesse.js uses for this node: the path without the leading
    /// `/`, with `/` replaced by `.`.
    pub fn openajax_topic(&self) -> String {
        let path = self.to_string();
        path.trim_start_matches('/').replace('/', ".")
    }

    /// The user id, for the user-scoped variants.
    pub fn user_id(&self) -> Option<&str> {
        match self {
            Self::User { id }
            | Self::UserDialogs { id }
            | Self::UserDialogsMedia { id }
            | Self::UserMedia { id, .. }
            | Self::UserQueues { id } => Some(id),
            _ => None,
        }
    }
}

impl std::fmt::Display for NodePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::User { id } => write!(f, "{PREFIX}User/{id}"),
            Self::UserDialogs { id } => write!(f, "{PREFIX}User/{id}/Dialogs"),
            Self::UserDialogsMedia { id } => write!(f, "{PREFIX}User/{id}/Dialogs/Media"),
            Self::UserMedia { id, mrd_id } => write!(f, "{PREFIX}User/{id}/Media/{mrd_id}"),
            Self::UserQueues { id } => write!(f, "{PREFIX}User/{id}/Queues"),
            Self::TeamUsers { id } => write!(f, "{PREFIX}Team/{id}/Users"),
            Self::Queue { id } => write!(f, "{PREFIX}Queue/{id}"),
            Self::SystemInfo => write!(f, "{PREFIX}SystemInfo"),
            Self::Dialog { id } => write!(f, "{PREFIX}Dialog/{id}"),
            Self::Other(s) => f.write_str(s),
        }
    }
}

impl std::str::FromStr for NodePath {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_round_trips() {
        let all = [
            NodePath::user("6021").unwrap(),
            NodePath::user_dialogs("6021").unwrap(),
            NodePath::UserDialogsMedia { id: "6021".into() },
            NodePath::user_media("6021", "5000").unwrap(),
            NodePath::user_queues("6021").unwrap(),
            NodePath::team_users("5005").unwrap(),
            NodePath::queue("10").unwrap(),
            NodePath::SystemInfo,
            NodePath::dialog("16804377").unwrap(),
        ];
        for n in all {
            assert_eq!(NodePath::parse(&n.to_string()), n, "{n}");
        }
        assert_eq!(
            NodePath::parse("/finesse/api/User/6021").to_string(),
            "/finesse/api/User/6021"
        );
    }

    #[test]
    fn unknown_and_bad_paths_are_other() {
        for p in [
            "/finesse/api/User",
            "/finesse/api/User//Dialogs",
            "/finesse/api/Whatever/1",
            "/other/User/1",
            "",
            "/finesse/api/User/a b",
        ] {
            assert_eq!(NodePath::parse(p), NodePath::Other(p.into()), "{p:?}");
        }
    }

    #[test]
    fn ids_are_validated() {
        assert_eq!(NodePath::user(""), Err(IdError::Empty));
        assert_eq!(NodePath::user("a/b"), Err(IdError::BadChar('/')));
        assert_eq!(NodePath::user("a?b"), Err(IdError::BadChar('?')));
        assert!(NodePath::user(&"x".repeat(257)).is_err());
    }

    #[test]
    fn subscription_kinds() {
        assert!(NodePath::user("1").unwrap().is_auto_subscribed());
        assert!(NodePath::SystemInfo.is_auto_subscribed());
        assert!(!NodePath::team_users("1").unwrap().is_auto_subscribed());
        assert!(!NodePath::queue("1").unwrap().is_auto_subscribed());
        assert!(NodePath::user_queues("1").unwrap().is_ucce_only());
        assert_eq!(
            NodePath::team_users("1000").unwrap().openajax_topic(),
            "finesse.api.Team.1000.Users"
        );
    }
}
