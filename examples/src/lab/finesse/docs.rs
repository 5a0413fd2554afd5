//! Builders for the read-only documents served from the seed: Team, Queue, reason codes,
//! wrap-up reasons and SystemInfo.

use finesse_rest_types::{
    AgentState, DeploymentType, NodeInfo, Queue, QueueStatistics, ReasonCode, ReasonCodeCategory,
    ReasonCodes, SystemInfo, SystemStatus, Team, Timestamp, User, WrapUpReason, WrapUpReasons,
};

use crate::lab::{ReasonCategory, Seed, SeedQueue, SeedReasonCode};

/// The Finesse reason code document for a seed reason code.
pub(crate) fn reason_code(rc: &SeedReasonCode) -> ReasonCode {
    let category = match rc.category {
        ReasonCategory::NotReady => ReasonCodeCategory::NotReady,
        ReasonCategory::Logout => ReasonCodeCategory::Logout,
    };
    let mut doc = ReasonCode::new(rc.id.to_string(), category, rc.code, rc.label.clone());
    doc.system_code = Some(false);
    doc
}

/// `ReasonCodes`, optionally only one category (`NOT_READY` / `LOGOUT`); an unknown
/// category gives an empty list.
pub(crate) fn reason_codes(seed: &Seed, category: Option<&str>) -> ReasonCodes {
    let wanted = |c: ReasonCategory| match category {
        None => true,
        Some("NOT_READY") => c == ReasonCategory::NotReady,
        Some("LOGOUT") => c == ReasonCategory::Logout,
        Some(_) => false,
    };
    ReasonCodes {
        reason_codes: seed
            .reason_codes
            .iter()
            .filter(|rc| wanted(rc.category))
            .map(reason_code)
            .collect(),
    }
}

/// `WrapUpReasons`.
pub(crate) fn wrap_up_reasons(seed: &Seed) -> WrapUpReasons {
    let wrap_up_reasons = seed
        .wrap_up_reasons
        .iter()
        .map(|w| {
            let mut doc = WrapUpReason::default();
            doc.uri = Some(format!("/finesse/api/WrapUpReason/{}", w.id));
            doc.label = Some(w.label.clone());
            doc.for_all = Some(true);
            doc
        })
        .collect();
    WrapUpReasons { wrap_up_reasons }
}

/// A `Team` with its members' summaries.
pub(crate) fn team(id: u32, name: &str, members: Vec<User>) -> Team {
    let mut doc = Team::default();
    doc.uri = Some(format!("/finesse/api/Team/{id}"));
    doc.id = Some(id.to_string());
    doc.name = Some(name.to_owned());
    doc.users = Some(members);
    doc
}

/// A `Queue` with agent statistics computed from the states of the agents skilled for it
/// (`callsInQueue` is not tracked by the lab and reported as 0).
pub(crate) fn queue(q: &SeedQueue, agent_states: &[AgentState]) -> Queue {
    let count = |f: &dyn Fn(&AgentState) -> bool| agent_states.iter().filter(|s| f(s)).count();
    let n = |c: usize| Some(i64::try_from(c).unwrap_or(i64::MAX));
    let mut stats = QueueStatistics::default();
    stats.calls_in_queue = Some(0);
    stats.agents_ready = n(count(&|s| *s == AgentState::Ready));
    stats.agents_not_ready = n(count(&|s| *s == AgentState::NotReady));
    stats.agents_busy_other = Some(0);
    stats.agents_logged_on = n(count(&|s| *s != AgentState::Logout));
    stats.agents_talking_inbound = n(count(&|s| {
        matches!(
            s,
            AgentState::Talking | AgentState::Hold | AgentState::Reserved
        )
    }));
    stats.agents_talking_outbound = Some(0);
    stats.agents_talking_internal = Some(0);
    stats.agents_wrap_up_not_ready = n(count(&|s| *s == AgentState::Work));
    stats.agents_wrap_up_ready = n(count(&|s| *s == AgentState::WorkReady));
    let mut doc = Queue::default();
    doc.uri = Some(format!("/finesse/api/Queue/{}", q.id));
    doc.name = Some(q.name.clone());
    doc.statistics = Some(stats);
    doc
}

/// What SystemInfo says about this node, besides the status.
#[derive(Debug, Clone)]
pub(crate) struct NodeFacts {
    /// Host name clients use.
    pub host: String,
    /// The REST HTTPS port.
    pub https_port: u16,
    /// XMPP c2s port (0 = unknown).
    pub xmpp_port: u16,
    /// XMPP direct-TLS port (0 = unknown).
    pub xmpps_port: u16,
    /// The XMPP domain.
    pub xmpp_domain: String,
    /// CTI heartbeat interval in seconds.
    pub cti_heartbeat_secs: u64,
}

/// The `SystemInfo` document.
pub(crate) fn system_info(
    facts: &NodeFacts,
    status: SystemStatus,
    reason: Option<&str>,
    cti_version: Option<u32>,
    last_heartbeat_ok: Option<bool>,
    now_ms: i64,
) -> SystemInfo {
    let mut node = NodeInfo::host(facts.host.clone());
    node.https_port = Some(facts.https_port);
    node.xmpp_port = (facts.xmpp_port != 0).then_some(facts.xmpp_port);
    node.xmpp_secure_port = (facts.xmpps_port != 0).then_some(facts.xmpps_port);
    let mut doc = SystemInfo::default();
    doc.current_timestamp = Some(Timestamp::from_unix_millis(now_ms).as_str().to_owned());
    doc.deployment_type = Some(DeploymentType::Uccx);
    doc.last_cti_heartbeat_status =
        last_heartbeat_ok.map(|ok| if ok { "success" } else { "failure" }.to_owned());
    doc.cti_version = cti_version.map(|v| v.to_string());
    doc.cti_heartbeat_interval = Some(facts.cti_heartbeat_secs.to_string());
    doc.license = Some("lab".to_owned());
    doc.peripheral_id = Some("1".to_owned());
    doc.primary_node = Some(node);
    doc.status = Some(status);
    doc.status_reason = reason.map(str::to_owned);
    doc.system_auth_mode = Some("NON_SSO".to_owned());
    doc.timezone_offset = Some("0".to_owned());
    doc.uri = Some("/finesse/api/SystemInfo".to_owned());
    doc.xmpp_domain = Some(facts.xmpp_domain.clone());
    doc.xmpp_pub_sub_domain = Some(format!("pubsub.{}", facts.xmpp_domain));
    doc
}
