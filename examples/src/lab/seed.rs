//! The directory the lab starts with: agents and supervisors with their phones and
//! passwords, teams, queues (CSQs) with their route points, reason codes and wrap-up reasons.
//! The CUCM simulator (AXL, the switch's dial plan), the CCX engine (skills, queues) and
//! Finesse (users, teams) are all built from this one description, so they agree.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

/// A team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedTeam {
    /// Team id (Finesse `Team/{id}`).
    pub id: u32,
    /// Team name.
    pub name: String,
}

/// A queue (UCCX: Contact Service Queue) and the route point customers dial to reach it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedQueue {
    /// Queue id (Finesse `Queue/{id}`; the CTI SkillGroupNumber).
    pub id: u32,
    /// Queue name.
    pub name: String,
    /// The route point's directory number.
    pub route_point: String,
}

/// Whether an agent goes to wrap-up (WORK) after a call (Finesse `wrapUpOnIncoming`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WrapUpMode {
    /// Always wrap up.
    Required,
    /// Wrap up when the agent asked for NOT_READY during the call.
    #[default]
    Optional,
    /// Never wrap up.
    NotAllowed,
}

/// An agent or supervisor: a CUCM end user with a phone, and a Finesse user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedAgent {
    /// Login id (Finesse `User/{id}`, the CTI AgentID, the CUCM userid).
    pub id: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// The password AXL `doAuthenticateUser` checks.
    pub password: String,
    /// The phone's directory number (the Finesse extension).
    pub extension: String,
    /// The team the agent belongs to.
    pub team: u32,
    /// Supervisor role (may watch the team's nodes).
    #[serde(default)]
    pub supervisor: bool,
    /// Queues the agent takes calls from (skills).
    #[serde(default)]
    pub queues: Vec<u32>,
    /// Wrap-up after incoming calls.
    #[serde(default)]
    pub wrap_up: WrapUpMode,
}

/// What a reason code is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReasonCategory {
    /// Going NOT_READY.
    NotReady,
    /// Signing out.
    Logout,
}

/// A reason code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedReasonCode {
    /// Id (Finesse `ReasonCode/{id}`).
    pub id: u32,
    /// NOT_READY or LOGOUT.
    pub category: ReasonCategory,
    /// The numeric code sent over CTI.
    pub code: u32,
    /// Label shown to agents.
    pub label: String,
}

/// A wrap-up reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedWrapUpReason {
    /// Id (Finesse `WrapUpReason/{id}`).
    pub id: u32,
    /// Label shown to agents.
    pub label: String,
}

/// The whole seed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Seed {
    /// Teams.
    pub teams: Vec<SeedTeam>,
    /// Queues.
    pub queues: Vec<SeedQueue>,
    /// Agents and supervisors.
    pub agents: Vec<SeedAgent>,
    /// Reason codes.
    pub reason_codes: Vec<SeedReasonCode>,
    /// Wrap-up reasons.
    pub wrap_up_reasons: Vec<SeedWrapUpReason>,
}

const FIRST_NAMES: [&str; 10] = [
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Niklaus",
];
const LAST_NAMES: [&str; 10] = [
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman",
    "Wirth",
];

impl Default for Seed {
    /// Ten agents (`agent01`..`agent10`, extensions 1001–1010, password `pw` + extension), two
    /// supervisors (`super01`, `super02`, extensions 1901–1902), two teams, three queues on
    /// route points 8001–8003, four reason codes and three wrap-up reasons.
    fn default() -> Self {
        let teams = vec![
            SeedTeam {
                id: 1,
                name: "Sales".into(),
            },
            SeedTeam {
                id: 2,
                name: "Support".into(),
            },
        ];
        let queues = vec![
            SeedQueue {
                id: 1,
                name: "Sales_CSQ".into(),
                route_point: "8001".into(),
            },
            SeedQueue {
                id: 2,
                name: "Support_CSQ".into(),
                route_point: "8002".into(),
            },
            SeedQueue {
                id: 3,
                name: "Billing_CSQ".into(),
                route_point: "8003".into(),
            },
        ];
        let mut agents: Vec<SeedAgent> = (0..10)
            .map(|i| {
                let extension = format!("{}", 1001 + i);
                let sales = i < 5;
                SeedAgent {
                    id: format!("agent{:02}", i + 1),
                    first_name: FIRST_NAMES[i].into(),
                    last_name: LAST_NAMES[i].into(),
                    password: format!("pw{extension}"),
                    extension,
                    team: if sales { 1 } else { 2 },
                    supervisor: false,
                    queues: if sales { vec![1, 3] } else { vec![2, 3] },
                    wrap_up: WrapUpMode::Optional,
                }
            })
            .collect();
        for (n, team) in [(1u32, 1u32), (2, 2)] {
            let extension = format!("{}", 1900 + n);
            agents.push(SeedAgent {
                id: format!("super{n:02}"),
                first_name: "Supervisor".into(),
                last_name: format!("Team {team}"),
                password: format!("pw{extension}"),
                extension,
                team,
                supervisor: true,
                queues: Vec::new(),
                wrap_up: WrapUpMode::Optional,
            });
        }
        let reason_codes = vec![
            SeedReasonCode {
                id: 1,
                category: ReasonCategory::NotReady,
                code: 11,
                label: "Break".into(),
            },
            SeedReasonCode {
                id: 2,
                category: ReasonCategory::NotReady,
                code: 12,
                label: "Lunch".into(),
            },
            SeedReasonCode {
                id: 3,
                category: ReasonCategory::NotReady,
                code: 13,
                label: "Meeting".into(),
            },
            SeedReasonCode {
                id: 4,
                category: ReasonCategory::Logout,
                code: 21,
                label: "End of shift".into(),
            },
        ];
        let wrap_up_reasons = vec![
            SeedWrapUpReason {
                id: 1,
                label: "Sale made".into(),
            },
            SeedWrapUpReason {
                id: 2,
                label: "Issue resolved".into(),
            },
            SeedWrapUpReason {
                id: 3,
                label: "Call back needed".into(),
            },
        ];
        Self {
            teams,
            queues,
            agents,
            reason_codes,
            wrap_up_reasons,
        }
    }
}

impl Seed {
    /// The agent with login id `id`.
    pub fn agent(&self, id: &str) -> Option<&SeedAgent> {
        self.agents.iter().find(|a| a.id == id)
    }

    /// The agent whose phone is `extension`.
    pub fn agent_by_extension(&self, extension: &str) -> Option<&SeedAgent> {
        self.agents.iter().find(|a| a.extension == extension)
    }

    /// The queue whose route point is `dn`.
    pub fn queue_by_route_point(&self, dn: &str) -> Option<&SeedQueue> {
        self.queues.iter().find(|q| q.route_point == dn)
    }

    /// Checks ids are unique, directory numbers do not collide, and every reference resolves.
    pub fn validate(&self) -> Result<(), String> {
        fn unique<'a, T: Eq + std::hash::Hash + std::fmt::Display + 'a>(
            what: &str,
            items: impl Iterator<Item = T>,
        ) -> Result<(), String> {
            let mut seen = HashSet::new();
            for item in items {
                let label = item.to_string();
                if !seen.insert(item) {
                    return Err(format!("duplicate {what} {label}"));
                }
            }
            Ok(())
        }
        unique("team id", self.teams.iter().map(|t| t.id))?;
        unique("queue id", self.queues.iter().map(|q| q.id))?;
        unique("agent id", self.agents.iter().map(|a| a.id.as_str()))?;
        unique("reason code id", self.reason_codes.iter().map(|r| r.id))?;
        unique(
            "wrap-up reason id",
            self.wrap_up_reasons.iter().map(|r| r.id),
        )?;
        unique(
            "directory number",
            self.agents
                .iter()
                .map(|a| a.extension.as_str())
                .chain(self.queues.iter().map(|q| q.route_point.as_str())),
        )?;
        for agent in &self.agents {
            if !self.teams.iter().any(|t| t.id == agent.team) {
                return Err(format!(
                    "agent {} names unknown team {}",
                    agent.id, agent.team
                ));
            }
            if let Some(q) = agent
                .queues
                .iter()
                .find(|q| !self.queues.iter().any(|x| x.id == **q))
            {
                return Err(format!("agent {} names unknown queue {q}", agent.id));
            }
            if agent.extension.is_empty() || !agent.extension.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("agent {} has a non-numeric extension", agent.id));
            }
        }
        Ok(())
    }

    /// A table of the users for the start-up banner (passwords included: this is a lab).
    pub fn users_table(&self) -> String {
        let mut out = String::from("login id   password  extension  team      role\n");
        for a in &self.agents {
            let team = self
                .teams
                .iter()
                .find(|t| t.id == a.team)
                .map_or("?", |t| t.name.as_str());
            let role = if a.supervisor { "supervisor" } else { "agent" };
            out.push_str(&format!(
                "{:<10} {:<9} {:<10} {:<9} {role}\n",
                a.id, a.password, a.extension, team
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_seed_has_what_the_lab_promises() {
        let s = Seed::default();
        assert!(s.agents.iter().filter(|a| !a.supervisor).count() >= 10);
        assert_eq!(s.teams.len(), 2);
        assert_eq!(s.queues.len(), 3);
        assert!(s
            .reason_codes
            .iter()
            .any(|r| r.category == ReasonCategory::NotReady));
        assert!(s
            .reason_codes
            .iter()
            .any(|r| r.category == ReasonCategory::Logout));
        assert!(!s.wrap_up_reasons.is_empty());
        assert_eq!(s.validate(), Ok(()));
        assert_eq!(
            s.agent_by_extension("1003").map(|a| a.id.as_str()),
            Some("agent03")
        );
        assert_eq!(s.queue_by_route_point("8002").map(|q| q.id), Some(2));
    }

    #[test]
    fn broken_references_are_named() {
        let mut s = Seed::default();
        s.agents[0].team = 9;
        assert_eq!(
            s.validate(),
            Err("agent agent01 names unknown team 9".into())
        );
        let mut s = Seed::default();
        s.queues[0].route_point = "1002".into();
        assert_eq!(s.validate(), Err("duplicate directory number 1002".into()));
    }

    #[test]
    fn the_banner_lists_every_user() {
        let s = Seed::default();
        let table = s.users_table();
        assert_eq!(table.lines().count(), s.agents.len() + 1);
        assert!(table.contains("agent01    pw1001"));
    }
}
