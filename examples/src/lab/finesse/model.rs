//! The sans-IO heart of the Finesse server: users and dialogs built from the seed and from
//! CTI events, and the notifications each change produces.
//!
//! [`FinesseCore`] never reads a clock and never does I/O: CTI messages and wall time
//! (`now_ms`, Unix milliseconds) go in, [`Publish`]es (node + `<Update>` XML) come out.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use cti_proto::{AgentState as CtiAgentState, CtiString, QueryAgentStateConf, RequestError};
use finesse_rest_types::{
    AgentState, ApiError, ApiErrorKind, ApiErrors, CallDirection, Dialog, Dialogs, MediaProperties,
    NodePath, ParticipantState, ReasonCode, Role, TeamRef, Timestamp, Update, UpdateData, User,
    UserSettings, WrapUpMode as FinesseWrapUpMode,
};

use super::docs;
use crate::lab::{Seed, SeedAgent, WrapUpMode};

/// Most dialogs tracked at once; further calls are ignored (and logged).
pub(crate) const MAX_DIALOGS: usize = 10_000;

/// One notification to publish: the pubsub node and the complete `<Update>` document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publish {
    /// The node, e.g. `/finesse/api/User/agent01`.
    pub node: String,
    /// The `<Update>` document (unescaped).
    pub xml: String,
}

#[derive(Debug, Clone)]
struct AgentRuntime {
    state: AgentState,
    reason_code_id: Option<i32>,
    pending_state: Option<AgentState>,
    state_change_time: Timestamp,
    /// The extension signed in with (the seed's until a LOGIN names another).
    extension: String,
}

#[derive(Debug, Clone)]
struct CallEntry {
    dialog: Dialog,
    /// User ids whose Dialogs feed shows this dialog.
    owners: Vec<String>,
    direction: Option<CallDirection>,
    /// The non-agent party's address (caller, or called number).
    other: String,
}

/// A request waiting for its result notification.
#[derive(Debug, Clone)]
struct PendingRequest {
    /// The request's `requestId` header, if it had one.
    request_id: Option<String>,
    /// When the CTI server confirmed the request (the result event may come before or
    /// after the confirmation; an id confirmed longer than [`REQUEST_GRACE_MS`] ago is
    /// no longer attached to unsolicited changes).
    confirmed_at: Option<i64>,
}

/// How long after its confirmation a request id still marks the result notification.
const REQUEST_GRACE_MS: i64 = 3_000;

impl PendingRequest {
    fn new(request_id: Option<String>) -> Self {
        Self {
            request_id,
            confirmed_at: None,
        }
    }

    fn fresh(&self, now_ms: i64) -> bool {
        self.confirmed_at
            .is_none_or(|t| now_ms.saturating_sub(t) <= REQUEST_GRACE_MS)
    }
}

/// Users, dialogs and service state; see the module docs.
#[derive(Debug)]
pub struct FinesseCore {
    seed: Seed,
    /// Where each user is in `seed.agents` (the first entry of an id, as a scan finds it).
    seed_pos: HashMap<String, usize>,
    /// The seed's users by seed extension (the first entry of an extension).
    seed_by_extension: HashMap<String, usize>,
    agents: BTreeMap<String, AgentRuntime>,
    /// Users by the extension they work on now; several may share one, and the first by
    /// id answers, as a scan of `agents` in id order would. Every lookup by id or device is
    /// O(1): CTI events arrive for thousands of agents, one at a time.
    by_extension: HashMap<String, BTreeSet<String>>,
    calls: BTreeMap<u32, CallEntry>,
    pending_user: HashMap<String, PendingRequest>,
    pending_dialog: HashMap<u32, PendingRequest>,
    /// MAKE_CALL requests by user: the next outgoing dialog entering the feed.
    pending_make_call: HashMap<String, PendingRequest>,
    /// The latest wall time seen (Unix ms).
    clock_ms: i64,
}

/// Maps a CTI agent state to the Finesse state a UCCX Finesse shows.
pub(crate) fn finesse_state(state: CtiAgentState) -> AgentState {
    match state {
        CtiAgentState::Login | CtiAgentState::NotReady | CtiAgentState::BusyOther => {
            AgentState::NotReady
        }
        CtiAgentState::Logout => AgentState::Logout,
        CtiAgentState::Available => AgentState::Ready,
        // UCCX reports a held agent as TALKING.
        CtiAgentState::Talking | CtiAgentState::Hold | CtiAgentState::Active => AgentState::Talking,
        CtiAgentState::WorkNotReady => AgentState::Work,
        CtiAgentState::WorkReady => AgentState::WorkReady,
        CtiAgentState::Reserved => AgentState::Reserved,
        _ => AgentState::Unknown,
    }
}

/// The CTI state requested for a Finesse state change.
pub(crate) fn cti_state(state: &AgentState) -> Option<CtiAgentState> {
    Some(match state {
        AgentState::Login => CtiAgentState::Login,
        AgentState::Logout => CtiAgentState::Logout,
        AgentState::Ready => CtiAgentState::Available,
        AgentState::NotReady => CtiAgentState::NotReady,
        AgentState::Work => CtiAgentState::WorkNotReady,
        AgentState::WorkReady => CtiAgentState::WorkReady,
        _ => return None,
    })
}

fn cti_str(s: &Option<CtiString>) -> Option<&str> {
    s.as_ref().map(|s| s.as_str()).filter(|s| !s.is_empty())
}

/// `InvalidObjectState` → `INVALID_OBJECT_STATE`.
fn screaming(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// The `apiErrors` body of an error notification for a failed CTI request.
pub(crate) fn cti_error_body(err: &RequestError, kind: ApiErrorKind) -> ApiErrors {
    let (code, constant) = match err {
        RequestError::Failure(f) => (
            f.status.value(),
            f.status.name().map_or_else(
                || "E_CTI_UNKNOWN".to_owned(),
                |n| format!("E_CTI_{}", screaming(n)),
            ),
        ),
        RequestError::ControlFailure(f) => (
            u32::from(f.failure_code.value()),
            f.failure_code.name().map_or_else(
                || "CF_UNKNOWN".to_owned(),
                |n| format!("CF_{}", screaming(n)),
            ),
        ),
        RequestError::Timeout => (0, "CTI_REQUEST_TIMEOUT".to_owned()),
        _ => (0, "CTI_SESSION_LOST".to_owned()),
    };
    let mut body = ApiErrors::single(ApiError::new(
        kind.error_type(),
        constant,
        Some(code.to_string()),
    ));
    if let (RequestError::ControlFailure(f), Some(e)) = (err, body.errors.first_mut()) {
        e.peripheral_error_code = Some(f.peripheral_error_code.to_string());
    }
    body
}

fn publish(node: String, update: &Update) -> Option<Publish> {
    match update.to_xml() {
        Ok(xml) => Some(Publish { node, xml }),
        Err(e) => {
            tracing::warn!(%node, error = %e, "cannot encode a notification");
            None
        }
    }
}

fn wrap_up(mode: WrapUpMode) -> FinesseWrapUpMode {
    match mode {
        WrapUpMode::Required => FinesseWrapUpMode::Required,
        WrapUpMode::Optional => FinesseWrapUpMode::Optional,
        WrapUpMode::NotAllowed => FinesseWrapUpMode::NotAllowed,
    }
}

impl FinesseCore {
    /// Every seed user signed out at `now_ms`.
    pub fn new(seed: Seed, now_ms: i64) -> Self {
        let agents: BTreeMap<String, AgentRuntime> = seed
            .agents
            .iter()
            .map(|a| {
                (
                    a.id.clone(),
                    AgentRuntime {
                        state: AgentState::Logout,
                        reason_code_id: None,
                        pending_state: None,
                        state_change_time: Timestamp::from_unix_millis(now_ms),
                        extension: a.extension.clone(),
                    },
                )
            })
            .collect();
        let mut seed_pos = HashMap::new();
        let mut seed_by_extension = HashMap::new();
        let mut by_extension: HashMap<String, BTreeSet<String>> = HashMap::new();
        for (i, a) in seed.agents.iter().enumerate() {
            seed_pos.entry(a.id.clone()).or_insert(i);
            seed_by_extension.entry(a.extension.clone()).or_insert(i);
        }
        for (id, rt) in &agents {
            by_extension
                .entry(rt.extension.clone())
                .or_default()
                .insert(id.clone());
        }
        Self {
            seed,
            seed_pos,
            seed_by_extension,
            agents,
            by_extension,
            calls: BTreeMap::new(),
            pending_user: HashMap::new(),
            pending_dialog: HashMap::new(),
            pending_make_call: HashMap::new(),
            clock_ms: now_ms,
        }
    }

    /// The seed this core serves.
    pub fn seed(&self) -> &Seed {
        &self.seed
    }

    /// The seed entry of `id`.
    pub fn seed_agent(&self, id: &str) -> Option<&SeedAgent> {
        self.seed_pos.get(id).and_then(|&i| self.seed.agents.get(i))
    }

    /// The user's current state (LOGOUT for unknown users).
    pub fn agent_state(&self, id: &str) -> AgentState {
        self.agents
            .get(id)
            .map_or(AgentState::Logout, |a| a.state.clone())
    }

    /// The extension the user works on.
    pub fn extension(&self, id: &str) -> Option<&str> {
        self.agents.get(id).map(|a| a.extension.as_str())
    }

    /// Sets the extension a LOGIN names (before the CTI request is sent).
    pub fn set_extension(&mut self, id: &str, extension: &str) {
        let Some(a) = self.agents.get_mut(id) else {
            return;
        };
        if a.extension == extension {
            return;
        }
        let old = std::mem::replace(&mut a.extension, extension.to_owned());
        if let Some(ids) = self.by_extension.get_mut(&old) {
            ids.remove(id);
            if ids.is_empty() {
                self.by_extension.remove(&old);
            }
        }
        self.by_extension
            .entry(extension.to_owned())
            .or_default()
            .insert(id.to_owned());
    }

    /// The user working on `device` now, else the seed user whose extension it is.
    fn user_by_device(&self, device: &str) -> Option<String> {
        self.by_extension
            .get(device)
            .and_then(|ids| ids.first())
            .cloned()
            .or_else(|| {
                self.seed_by_extension
                    .get(device)
                    .and_then(|&i| self.seed.agents.get(i))
                    .map(|a| a.id.clone())
            })
    }

    /// The full `User` document.
    pub fn user(&self, id: &str) -> Option<User> {
        let seed = self.seed_agent(id)?;
        let rt = self.agents.get(id)?;
        let team = self.seed.teams.iter().find(|t| t.id == seed.team);
        let mut u = User::default();
        u.dialogs = Some(format!("/finesse/api/User/{id}/Dialogs"));
        u.extension = Some(rt.extension.clone());
        u.first_name = Some(seed.first_name.clone());
        u.last_name = Some(seed.last_name.clone());
        u.login_id = Some(id.to_owned());
        u.login_name = Some(id.to_owned());
        u.media_type = Some("1".to_owned());
        u.pending_state = rt.pending_state.clone();
        u.reason_code = rt.reason_code_id.and_then(|rid| {
            self.seed
                .reason_codes
                .iter()
                .find(|rc| i64::from(rc.id) == i64::from(rid))
                .map(docs::reason_code)
        });
        u.reason_code_id = Some(rt.reason_code_id.unwrap_or(-1));
        let mut roles = vec![Role::Agent];
        if seed.supervisor {
            roles.push(Role::Supervisor);
        }
        u.roles = Some(roles);
        let mut settings = UserSettings::default();
        settings.wrap_up_on_incoming = Some(wrap_up(seed.wrap_up));
        settings.wrap_up_on_outgoing = Some(FinesseWrapUpMode::Optional);
        u.settings = Some(settings);
        u.state = Some(rt.state.clone());
        u.state_change_time = Some(rt.state_change_time.clone());
        u.team_id = Some(seed.team.to_string());
        u.team_name = team.map(|t| t.name.clone());
        u.teams = team.map(|t| vec![TeamRef::new(t.id.to_string(), t.name.clone())]);
        u.uri = Some(format!("/finesse/api/User/{id}"));
        u.wrap_up_timer = Some(7200);
        Some(u)
    }

    /// The user summary a Team carries.
    pub fn user_summary(&self, id: &str) -> Option<User> {
        let full = self.user(id)?;
        let mut u = User::default();
        u.uri = full.uri;
        u.login_id = full.login_id;
        u.first_name = full.first_name;
        u.last_name = full.last_name;
        u.dialogs = full.dialogs;
        u.extension = full.extension;
        u.pending_state = full.pending_state;
        u.state = full.state;
        u.state_change_time = full.state_change_time;
        u.reason_code = full.reason_code;
        Some(u)
    }

    /// The `Team` document (members are the seed's non-supervisor users of the team).
    pub fn team(&self, team_id: u32) -> Option<finesse_rest_types::Team> {
        let t = self.seed.teams.iter().find(|t| t.id == team_id)?;
        let members = self
            .seed
            .agents
            .iter()
            .filter(|a| a.team == team_id && !a.supervisor)
            .filter_map(|a| self.user_summary(&a.id))
            .collect();
        Some(docs::team(t.id, &t.name, members))
    }

    /// The `Queue` document.
    pub fn queue(&self, queue_id: u32) -> Option<finesse_rest_types::Queue> {
        let q = self.seed.queues.iter().find(|q| q.id == queue_id)?;
        let states: Vec<AgentState> = self
            .seed
            .agents
            .iter()
            .filter(|a| a.queues.contains(&queue_id))
            .map(|a| self.agent_state(&a.id))
            .collect();
        Some(docs::queue(q, &states))
    }

    /// The `Queues` of a user.
    pub fn user_queues(&self, id: &str) -> Option<finesse_rest_types::Queues> {
        let seed = self.seed_agent(id)?;
        Some(finesse_rest_types::Queues {
            queues: seed.queues.iter().filter_map(|q| self.queue(*q)).collect(),
        })
    }

    /// The user's `Dialogs`.
    pub fn dialogs_of(&self, id: &str) -> Dialogs {
        let dialogs = self
            .calls
            .values()
            .filter(|c| c.owners.iter().any(|o| o == id))
            .map(|c| c.dialog.clone())
            .collect();
        Dialogs { dialogs }
    }

    /// A dialog and the users whose feed shows it.
    pub fn dialog(&self, call_id: u32) -> Option<(&Dialog, &[String])> {
        self.calls
            .get(&call_id)
            .map(|c| (&c.dialog, c.owners.as_slice()))
    }

    /// Whether the user has a dialog other than `call_id` with an ACTIVE participant at
    /// their extension.
    pub fn has_other_active_call(&self, user: &str, call_id: u32) -> bool {
        let Some(ext) = self.extension(user) else {
            return false;
        };
        self.calls.iter().any(|(id, c)| {
            *id != call_id
                && c.dialog
                    .participant(ext)
                    .is_some_and(|p| p.state == Some(ParticipantState::Active))
        })
    }

    /// Remembers a user request (and its `requestId`) until its result arrives.
    pub fn note_user_request(&mut self, user: &str, request_id: Option<String>) {
        if self.agents.contains_key(user) {
            self.pending_user
                .insert(user.to_owned(), PendingRequest::new(request_id));
        }
    }

    /// Remembers a dialog request (and its `requestId`) until its result arrives.
    pub fn note_dialog_request(&mut self, call_id: u32, request_id: Option<String>) {
        if self.calls.contains_key(&call_id) {
            self.pending_dialog
                .insert(call_id, PendingRequest::new(request_id));
        }
    }

    /// Whether the user's last request has produced its result (or failed).
    pub fn user_request_settled(&self, user: &str) -> bool {
        !self.pending_user.contains_key(user)
    }

    /// Whether the dialog's last request has produced its result (or failed, or the
    /// dialog is gone).
    pub fn dialog_request_settled(&self, call_id: u32) -> bool {
        !self.pending_dialog.contains_key(&call_id)
    }

    /// Forgets the dialog's pending request (one that produces no event, e.g. SEND_DTMF).
    pub fn forget_dialog_request(&mut self, call_id: u32) {
        self.pending_dialog.remove(&call_id);
    }

    /// Remembers the `requestId` of a MAKE_CALL until the new dialog appears.
    pub fn note_make_call(&mut self, user: &str, request_id: Option<String>) {
        match request_id {
            Some(request_id) => {
                self.pending_make_call
                    .insert(user.to_owned(), PendingRequest::new(Some(request_id)));
            }
            None => {
                self.pending_make_call.remove(user);
            }
        }
    }

    /// The CTI server confirmed the user's request at `now_ms`.
    pub fn confirm_user_request(&mut self, user: &str, now_ms: i64) {
        if let Some(p) = self.pending_user.get_mut(user) {
            p.confirmed_at.get_or_insert(now_ms);
        }
    }

    /// The CTI server confirmed the request on the dialog at `now_ms`.
    pub fn confirm_dialog_request(&mut self, call_id: u32, now_ms: i64) {
        if let Some(p) = self.pending_dialog.get_mut(&call_id) {
            p.confirmed_at.get_or_insert(now_ms);
        }
    }

    /// The CTI server confirmed the user's MAKE_CALL at `now_ms`.
    pub fn confirm_make_call(&mut self, user: &str, now_ms: i64) {
        if let Some(p) = self.pending_make_call.get_mut(user) {
            p.confirmed_at.get_or_insert(now_ms);
        }
    }

    /// A state change was confirmed but will only take effect after the call
    /// (`pendingState`): publishes the User with the pending state.
    pub fn set_pending_state(&mut self, user: &str, pending: AgentState) -> Vec<Publish> {
        let Some(rt) = self.agents.get_mut(user) else {
            return Vec::new();
        };
        if rt.pending_state.as_ref() == Some(&pending) {
            return Vec::new();
        }
        rt.pending_state = Some(pending);
        self.user_changed(user)
    }

    /// A user request failed on the CTI side: an `apiErrors` notification on the user's
    /// node, carrying the request id.
    pub fn user_request_failed(&mut self, user: &str, err: &RequestError) -> Vec<Publish> {
        let request_id = self.pending_user.remove(user).and_then(|p| p.request_id);
        let body = cti_error_body(err, ApiErrorKind::InvalidState);
        let source = format!("/finesse/api/User/{user}");
        let mut update = Update::put(source.clone(), UpdateData::ApiErrors(body));
        if let Some(r) = request_id {
            update = update.with_request_id(r);
        }
        publish(source, &update).into_iter().collect()
    }

    /// A dialog request (or MAKE_CALL, `call_id` 0) failed on the CTI side: an `apiErrors`
    /// notification on the user's Dialogs node, source the dialog.
    pub fn dialog_request_failed(
        &mut self,
        user: &str,
        call_id: Option<u32>,
        request_id: Option<String>,
        err: &RequestError,
    ) -> Vec<Publish> {
        let pending = match call_id {
            Some(c) => self.pending_dialog.remove(&c),
            None => self.pending_make_call.remove(user),
        };
        let request_id = request_id.or(pending.and_then(|p| p.request_id));
        let body = cti_error_body(err, ApiErrorKind::CallOperationFailure);
        let source = match call_id {
            Some(c) => format!("/finesse/api/Dialog/{c}"),
            None => format!("/finesse/api/User/{user}/Dialogs"),
        };
        let mut update = Update::put(source, UpdateData::ApiErrors(body));
        if let Some(r) = request_id {
            update = update.with_request_id(r);
        }
        publish(format!("/finesse/api/User/{user}/Dialogs"), &update)
            .into_iter()
            .collect()
    }

    /// The CTI session (re)opened: dialogs from before are stale and are removed from every
    /// feed (DELETE); pending request ids are forgotten.
    pub fn reset_calls(&mut self) -> Vec<Publish> {
        let calls = std::mem::take(&mut self.calls);
        self.pending_dialog.clear();
        let mut out = Vec::new();
        for (_, c) in calls {
            for owner in &c.owners {
                let update = Update::dialog_removed(owner, c.dialog.clone());
                out.extend(publish(
                    format!("/finesse/api/User/{owner}/Dialogs"),
                    &update,
                ));
            }
        }
        out
    }

    /// Applies a QUERY_AGENT_STATE_CONF for `user` (state resynchronisation after open).
    pub fn agent_state_queried(
        &mut self,
        user: &str,
        conf: &QueryAgentStateConf,
        now_ms: i64,
    ) -> Vec<Publish> {
        self.agent_state_changed(
            user,
            conf.agent_state,
            0,
            cti_str(&conf.agent_instrument).or(cti_str(&conf.agent_extension)),
            now_ms,
        )
    }

    fn agent_state_changed(
        &mut self,
        id: &str,
        state: CtiAgentState,
        reason: u16,
        device: Option<&str>,
        started_ms: i64,
    ) -> Vec<Publish> {
        let category = match state {
            CtiAgentState::NotReady => Some(crate::lab::ReasonCategory::NotReady),
            CtiAgentState::Logout => Some(crate::lab::ReasonCategory::Logout),
            _ => None,
        };
        let reason_code_id = category.and_then(|cat| {
            self.seed
                .reason_codes
                .iter()
                .find(|rc| rc.category == cat && rc.code == u32::from(reason) && reason != 0)
                .and_then(|rc| i32::try_from(rc.id).ok())
        });
        let Some(rt) = self.agents.get_mut(id) else {
            return Vec::new();
        };
        let new_state = finesse_state(state);
        let changed = rt.state != new_state || rt.reason_code_id != reason_code_id;
        let clock = self.clock_ms;
        let request = self.pending_user.get(id).is_some_and(|p| p.fresh(clock));
        if !changed && !request {
            return Vec::new();
        }
        if rt.state != new_state || rt.reason_code_id != reason_code_id {
            rt.state_change_time = Timestamp::from_unix_millis(started_ms);
        }
        if rt.pending_state.as_ref() == Some(&new_state)
            || !matches!(
                new_state,
                AgentState::Talking | AgentState::Reserved | AgentState::Hold
            )
        {
            rt.pending_state = None;
        }
        rt.state = new_state;
        rt.reason_code_id = reason_code_id;
        if let Some(d) = device {
            self.set_extension(id, d);
        }
        self.user_changed(id)
    }

    /// Publishes the User on its node (with a pending request id) and the summary on the
    /// team's Users node.
    fn user_changed(&mut self, id: &str) -> Vec<Publish> {
        let mut out = Vec::new();
        let Some(user) = self.user(id) else {
            return out;
        };
        let source = format!("/finesse/api/User/{id}");
        let mut update = Update::put(source.clone(), UpdateData::User(user));
        if let Some(p) = self.pending_user.remove(id) {
            if let (true, Some(r)) = (p.fresh(self.clock_ms), p.request_id) {
                update = update.with_request_id(r);
            }
        }
        out.extend(publish(source.clone(), &update));
        let member = self.seed_agent(id).filter(|a| !a.supervisor);
        if let (Some(summary), Some(seed)) = (self.user_summary(id), member) {
            if let Ok(node) = NodePath::team_users(&seed.team.to_string()) {
                let update = Update::put(source, UpdateData::User(summary));
                out.extend(publish(node.to_string(), &update));
            }
        }
        out
    }

    /// An UPDATE_CALL_DATA was confirmed: the new call variables and wrap-up reason go into
    /// the dialog; if no CALL_DATA_UPDATE_EVENT has carried the request id yet, a PUT with
    /// it is published.
    pub fn call_data_confirmed(&mut self, call_id: u32, update: &MediaProperties) -> Vec<Publish> {
        let Some(entry) = self.calls.get_mut(&call_id) else {
            return Vec::new();
        };
        let mp = entry
            .dialog
            .media_properties
            .get_or_insert_with(Default::default);
        let mut vars = mp.callvariables.take().unwrap_or_default();
        for v in update.callvariables.iter().flatten() {
            match vars.iter_mut().find(|x| x.name == v.name) {
                Some(x) => x.value.clone_from(&v.value),
                None => vars.push(v.clone()),
            }
        }
        mp.callvariables = (!vars.is_empty()).then_some(vars);
        if let Some(w) = &update.wrap_up_reason {
            mp.wrap_up_reason = Some(w.clone());
        }
        let Some(pending) = self.pending_dialog.remove(&call_id) else {
            return Vec::new();
        };
        let dialog = entry.dialog.clone();
        let mut out = Vec::new();
        for owner in &entry.owners {
            let update = Update::dialog_changed(dialog.clone())
                .with_request_id(pending.request_id.clone().unwrap_or_default());
            out.extend(publish(
                format!("/finesse/api/User/{owner}/Dialogs"),
                &update,
            ));
        }
        out
    }

    /// Publishes the user as it is (a forced re-sign-in), with a pending request id.
    pub fn republish_user(&mut self, id: &str) -> Vec<Publish> {
        self.user_changed(id)
    }

    /// The seed reason code with Finesse id `id`, if its category is `category`.
    pub fn reason_code_for(
        &self,
        id: i32,
        category: crate::lab::ReasonCategory,
    ) -> Option<ReasonCode> {
        self.seed
            .reason_codes
            .iter()
            .find(|rc| i64::from(rc.id) == i64::from(id) && rc.category == category)
            .map(docs::reason_code)
    }
}

mod calls;

#[cfg(test)]
mod tests;
