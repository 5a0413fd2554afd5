//! Who may subscribe to which Finesse node: the rules of finesse.md §2.2 over the seed.

use crate::lab::Seed;

/// The Finesse notification nodes the lab knows (finesse.md §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FinesseNode<'a> {
    /// `/finesse/api/User/{id}`: the user's own state (auto-subscribed).
    User(&'a str),
    /// `/finesse/api/User/{id}/Dialogs`: the user's calls (auto-subscribed).
    Dialogs(&'a str),
    /// `/finesse/api/SystemInfo` (auto-subscribed).
    SystemInfo,
    /// `/finesse/api/Team/{id}/Users`: a team's agents (explicit, supervisors).
    TeamUsers(&'a str),
    /// `/finesse/api/Queue/{id}`: queue statistics (explicit).
    Queue(&'a str),
    /// Anything else.
    Other,
}

impl<'a> FinesseNode<'a> {
    /// Classifies a node id.
    pub(crate) fn parse(node: &'a str) -> FinesseNode<'a> {
        let Some(rest) = node.strip_prefix("/finesse/api/") else {
            return FinesseNode::Other;
        };
        let parts: Vec<&str> = rest.split('/').collect();
        match parts.as_slice() {
            ["SystemInfo"] => FinesseNode::SystemInfo,
            ["User", id] if !id.is_empty() => FinesseNode::User(id),
            ["User", id, "Dialogs"] if !id.is_empty() => FinesseNode::Dialogs(id),
            ["Team", id, "Users"] if !id.is_empty() => FinesseNode::TeamUsers(id),
            ["Queue", id] if !id.is_empty() => FinesseNode::Queue(id),
            _ => FinesseNode::Other,
        }
    }
}

/// The nodes Finesse subscribes a user to itself when they sign in (finesse.md §2.2:
/// User, Dialogs and SystemInfo are "automatic"; Media nodes are for non-voice MRDs, which
/// the lab does not have).
pub(crate) fn auto_nodes(user: &str) -> [String; 3] {
    [
        format!("/finesse/api/User/{user}"),
        format!("/finesse/api/User/{user}/Dialogs"),
        "/finesse/api/SystemInfo".to_owned(),
    ]
}

/// Whether `user` (a login id, the JID's localpart) may subscribe to or read `node`:
///
/// * their own User and Dialogs nodes, and SystemInfo: everyone signed in;
/// * another user's User or Dialogs node: supervisors of that user's team;
/// * `Team/{id}/Users`: supervisors of that team;
/// * `Queue/{id}`: agents in that queue, and supervisors;
/// * anything else: nobody (the Finesse server publishes; clients only listen).
pub(crate) fn may_access(seed: &Seed, user: &str, node: &str) -> bool {
    let me = seed.agent(user);
    let supervises = |team: u32| me.is_some_and(|m| m.supervisor && m.team == team);
    match FinesseNode::parse(node) {
        FinesseNode::SystemInfo => true,
        FinesseNode::User(id) | FinesseNode::Dialogs(id) => {
            id == user || seed.agent(id).is_some_and(|a| supervises(a.team))
        }
        FinesseNode::TeamUsers(team) => team.parse::<u32>().is_ok_and(supervises),
        FinesseNode::Queue(queue) => {
            let Ok(queue) = queue.parse::<u32>() else {
                return false;
            };
            me.is_some_and(|m| m.supervisor || m.queues.contains(&queue))
        }
        FinesseNode::Other => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_are_classified_by_their_finesse_path() {
        assert_eq!(
            FinesseNode::parse("/finesse/api/User/agent01"),
            FinesseNode::User("agent01")
        );
        assert_eq!(
            FinesseNode::parse("/finesse/api/User/agent01/Dialogs"),
            FinesseNode::Dialogs("agent01")
        );
        assert_eq!(
            FinesseNode::parse("/finesse/api/Team/1/Users"),
            FinesseNode::TeamUsers("1")
        );
        assert_eq!(
            FinesseNode::parse("/finesse/api/Queue/3"),
            FinesseNode::Queue("3")
        );
        assert_eq!(
            FinesseNode::parse("/finesse/api/SystemInfo"),
            FinesseNode::SystemInfo
        );
        for other in [
            "",
            "/finesse/api/User/",
            "/finesse/api/User//Dialogs",
            "/finesse/api/User/agent01/Queues",
            "/finesse/api/Team/1",
            "/other",
        ] {
            assert_eq!(FinesseNode::parse(other), FinesseNode::Other, "{other}");
        }
    }

    #[test]
    fn agents_reach_their_own_nodes_and_their_queues_only() {
        let seed = Seed::default();
        assert!(may_access(&seed, "agent01", "/finesse/api/User/agent01"));
        assert!(may_access(
            &seed,
            "agent01",
            "/finesse/api/User/agent01/Dialogs"
        ));
        assert!(may_access(&seed, "agent01", "/finesse/api/SystemInfo"));
        assert!(may_access(&seed, "agent01", "/finesse/api/Queue/1"));
        assert!(!may_access(&seed, "agent01", "/finesse/api/Queue/2"));
        assert!(!may_access(&seed, "agent01", "/finesse/api/User/agent02"));
        assert!(!may_access(
            &seed,
            "agent01",
            "/finesse/api/User/agent02/Dialogs"
        ));
        assert!(!may_access(&seed, "agent01", "/finesse/api/Team/1/Users"));
        assert!(!may_access(&seed, "agent01", "/finesse/api/Other"));
    }

    #[test]
    fn supervisors_reach_their_team_only() {
        let seed = Seed::default();
        // super01 supervises team 1 (agent01..agent05); agent06 is in team 2.
        assert!(may_access(&seed, "super01", "/finesse/api/Team/1/Users"));
        assert!(!may_access(&seed, "super01", "/finesse/api/Team/2/Users"));
        assert!(may_access(&seed, "super01", "/finesse/api/User/agent01"));
        assert!(may_access(
            &seed,
            "super01",
            "/finesse/api/User/agent01/Dialogs"
        ));
        assert!(!may_access(&seed, "super01", "/finesse/api/User/agent06"));
        assert!(may_access(&seed, "super02", "/finesse/api/User/agent06"));
        assert!(may_access(&seed, "super01", "/finesse/api/Queue/2"));
        assert!(!may_access(&seed, "super01", "/finesse/api/Team/x/Users"));
        // Unknown users reach nothing but their own nodes and SystemInfo.
        assert!(may_access(&seed, "ghost", "/finesse/api/User/ghost"));
        assert!(!may_access(&seed, "ghost", "/finesse/api/Queue/1"));
    }
}
