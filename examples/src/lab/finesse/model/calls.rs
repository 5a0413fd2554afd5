//! CTI call and agent events → dialogs and users (the `handle_cti` half of
//! [`FinesseCore`]).

use cti_proto::{CallVariables, Message};
use finesse_rest_types::{
    map_cti_event, state_cause_for_cti_cause, CallDirection, CallType, CallVariable, CtiEventKind,
    Dialog, DialogState, MediaProperties, ParticipantState, Party, Timestamp, Update,
};

use super::{cti_str, publish, CallEntry, FinesseCore, Publish, MAX_DIALOGS};

impl FinesseCore {
    /// Applies one unsolicited CTI message at wall time `now_ms`.
    pub fn handle_cti(&mut self, msg: &Message, now_ms: i64) -> Vec<Publish> {
        use CtiEventKind as K;
        let now = Timestamp::from_unix_millis(now_ms);
        self.clock_ms = self.clock_ms.max(now_ms);
        match msg {
            Message::AgentStateEvent(e) => {
                let id = cti_str(&e.agent_id_long)
                    .or(cti_str(&e.agent_id))
                    .map(str::to_owned)
                    .or_else(|| {
                        cti_str(&e.agent_instrument)
                            .or(cti_str(&e.agent_extension))
                            .and_then(|d| self.user_by_device(d))
                    });
                let Some(id) = id else {
                    return Vec::new();
                };
                let started = now_ms.saturating_sub(i64::from(e.state_duration) * 1000);
                self.agent_state_changed(
                    &id,
                    e.agent_state,
                    e.event_reason_code,
                    cti_str(&e.agent_instrument).or(cti_str(&e.agent_extension)),
                    started,
                )
            }
            Message::BeginCallEvent(e) => {
                let entry = self.call_entry(e.connection_call_id, &now);
                let Some(entry) = entry else {
                    return Vec::new();
                };
                let mp = entry
                    .dialog
                    .media_properties
                    .get_or_insert_with(Default::default);
                set_call_data(mp, &e.call_data);
                if let Some(d) = cti_str(&e.dnis) {
                    mp.dnis = Some(d.to_owned());
                }
                if let Some(d) = cti_str(&e.dialed_number) {
                    mp.dialed_number = Some(d.to_owned());
                }
                if let Some(a) = cti_str(&e.ani) {
                    entry.dialog.from_address = Some(a.to_owned());
                    entry.other = a.to_owned();
                }
                if let Some(d) = cti_str(&e.dnis).or(cti_str(&e.dialed_number)) {
                    entry.dialog.to_address = Some(d.to_owned());
                }
                let device = cti_str(&e.connection_device_id).map(str::to_owned);
                let ani = cti_str(&e.ani).map(str::to_owned);
                match device.as_deref().and_then(|d| self.user_by_device(d)) {
                    // The agent's own phone starts the call: outgoing.
                    Some(_) if device == ani || ani.is_none() => self.transition(
                        e.connection_call_id,
                        K::BeginCall,
                        Some(CallDirection::Outgoing),
                        device.as_deref(),
                        None,
                        Party::Agent,
                        &now,
                    ),
                    _ => Vec::new(),
                }
            }
            Message::CallServiceInitiatedEvent(e) => self.transition(
                e.connection_call_id,
                K::CallServiceInitiated,
                Some(CallDirection::Outgoing),
                cti_str(&e.connection_device_id),
                None,
                Party::Agent,
                &now,
            ),
            Message::CallOriginatedEvent(e) => {
                let called = cti_str(&e.called_device_id).map(str::to_owned);
                let calling = cti_str(&e.calling_device_id)
                    .or(cti_str(&e.connection_device_id))
                    .map(str::to_owned);
                if let (Some(c), Some(entry)) = (&called, self.calls.get_mut(&e.connection_call_id))
                {
                    entry.dialog.to_address = Some(c.clone());
                    entry.other = c.clone();
                }
                self.transition(
                    e.connection_call_id,
                    K::CallOriginated,
                    Some(CallDirection::Outgoing),
                    calling.as_deref(),
                    called.as_deref(),
                    Party::Agent,
                    &now,
                )
            }
            Message::CallDeliveredEvent(e) => {
                let call_id = e.connection_call_id;
                let alerting = cti_str(&e.alerting_device_id).map(str::to_owned);
                let calling = cti_str(&e.calling_device_id)
                    .or(cti_str(&e.ani))
                    .map(str::to_owned);
                if let Some(entry) = self.call_entry(call_id, &now) {
                    let mp = entry
                        .dialog
                        .media_properties
                        .get_or_insert_with(Default::default);
                    set_call_data(mp, &e.call_data);
                    if let Some(d) = cti_str(&e.dnis) {
                        mp.dnis = Some(d.to_owned());
                    }
                    if let Some(d) = cti_str(&e.dialed_number) {
                        mp.dialed_number = Some(d.to_owned());
                    }
                    if let Some(c) = &calling {
                        entry.dialog.from_address.get_or_insert_with(|| c.clone());
                    }
                    if let Some(a) = &alerting {
                        entry.dialog.to_address.get_or_insert_with(|| a.clone());
                    }
                }
                let queue = self
                    .seed
                    .queues
                    .iter()
                    .find(|q| q.id == e.skill_group_number)
                    .cloned();
                let mut out = Vec::new();
                let alerting_agent = alerting.as_deref().and_then(|d| self.user_by_device(d));
                let calling_agent = calling.as_deref().and_then(|d| self.user_by_device(d));
                if let Some(entry) = self.calls.get_mut(&call_id) {
                    let mp = entry
                        .dialog
                        .media_properties
                        .get_or_insert_with(Default::default);
                    if let Some(q) = &queue {
                        mp.queue_name = Some(q.name.clone());
                        mp.queue_number = Some(q.id.to_string());
                        mp.call_type = Some(CallType::AcdIn);
                    } else if calling_agent.is_some() && alerting_agent.is_some() {
                        mp.call_type = Some(CallType::AgentInside);
                    } else if mp.call_type.is_none() {
                        mp.call_type = Some(if calling_agent.is_some() {
                            CallType::Out
                        } else {
                            CallType::OtherIn
                        });
                    }
                    if alerting_agent.is_some() {
                        if let Some(c) = &calling {
                            entry.other = c.clone();
                        }
                    }
                }
                if alerting_agent.is_some() {
                    out.extend(self.transition(
                        call_id,
                        K::CallDelivered,
                        Some(CallDirection::Incoming),
                        alerting.as_deref(),
                        calling.as_deref(),
                        Party::Agent,
                        &now,
                    ));
                }
                if calling_agent.is_some() {
                    out.extend(self.transition(
                        call_id,
                        K::CallDelivered,
                        Some(CallDirection::Outgoing),
                        calling.as_deref(),
                        alerting.as_deref(),
                        Party::Agent,
                        &now,
                    ));
                }
                out
            }
            Message::CallEstablishedEvent(e) => {
                let answering = cti_str(&e.answering_device_id).map(str::to_owned);
                let calling = cti_str(&e.calling_device_id).map(str::to_owned);
                let (agent, other) = if answering
                    .as_deref()
                    .and_then(|d| self.user_by_device(d))
                    .is_some()
                {
                    (answering, calling)
                } else {
                    (calling, answering)
                };
                self.transition(
                    e.connection_call_id,
                    K::CallEstablished,
                    None,
                    agent.as_deref(),
                    other.as_deref(),
                    Party::Agent,
                    &now,
                )
            }
            Message::CallHeldEvent(e) => self.party_event(
                e.connection_call_id,
                K::CallHeld,
                cti_str(&e.holding_device_id),
                &now,
            ),
            Message::CallRetrievedEvent(e) => self.party_event(
                e.connection_call_id,
                K::CallRetrieved,
                cti_str(&e.retrieving_device_id),
                &now,
            ),
            Message::CallConnectionClearedEvent(e) => self.party_event(
                e.connection_call_id,
                K::CallConnectionCleared,
                cti_str(&e.releasing_device_id).or(cti_str(&e.connection_device_id)),
                &now,
            ),
            Message::CallClearedEvent(e) => self.transition(
                e.connection_call_id,
                K::CallCleared,
                None,
                None,
                None,
                Party::Agent,
                &now,
            ),
            Message::CallFailedEvent(e) => {
                let out = self.transition(
                    e.connection_call_id,
                    K::CallFailed,
                    Some(CallDirection::Outgoing),
                    cti_str(&e.connection_device_id),
                    None,
                    Party::Agent,
                    &now,
                );
                if let Some(entry) = self.calls.get_mut(&e.connection_call_id) {
                    for p in entry.dialog.participants.iter_mut().flatten() {
                        if p.state == Some(ParticipantState::Failed) {
                            p.state_cause = Some(state_cause_for_cti_cause(e.event_cause.value()));
                        }
                    }
                }
                out
            }
            Message::CallDataUpdateEvent(e) => {
                let Some(entry) = self.calls.get_mut(&e.connection_call_id) else {
                    return Vec::new();
                };
                let mp = entry
                    .dialog
                    .media_properties
                    .get_or_insert_with(Default::default);
                set_call_data(mp, &e.call_data);
                self.transition(
                    e.connection_call_id,
                    K::CallDataUpdate,
                    None,
                    None,
                    None,
                    Party::Agent,
                    &now,
                )
            }
            Message::EndCallEvent(e) => {
                let out = self.transition(
                    e.connection_call_id,
                    K::EndCall,
                    None,
                    None,
                    None,
                    Party::Agent,
                    &now,
                );
                self.calls.remove(&e.connection_call_id);
                self.pending_dialog.remove(&e.connection_call_id);
                out
            }
            _ => Vec::new(),
        }
    }

    fn call_entry(&mut self, call_id: u32, now: &Timestamp) -> Option<&mut CallEntry> {
        if !self.calls.contains_key(&call_id) && self.calls.len() >= MAX_DIALOGS {
            tracing::warn!(call_id, "too many dialogs; call ignored");
            return None;
        }
        Some(self.calls.entry(call_id).or_insert_with(|| {
            let mut dialog = Dialog::default();
            dialog.id = Some(call_id.to_string());
            dialog.uri = Some(format!("/finesse/api/Dialog/{call_id}"));
            dialog.media_type = Some("Voice".to_owned());
            dialog.state = Some(DialogState::Initiating);
            let mut mp = MediaProperties::default();
            mp.media_id = Some("1".to_owned());
            dialog.media_properties = Some(mp);
            let _ = now;
            CallEntry {
                dialog,
                owners: Vec::new(),
                direction: None,
                other: String::new(),
            }
        }))
    }

    /// HELD / RETRIEVED / CONNECTION_CLEARED: the party is the agent when `device` is an
    /// agent's phone on this call.
    fn party_event(
        &mut self,
        call_id: u32,
        kind: CtiEventKind,
        device: Option<&str>,
        now: &Timestamp,
    ) -> Vec<Publish> {
        let is_agent = device
            .and_then(|d| self.user_by_device(d))
            .is_some_and(|u| {
                self.calls
                    .get(&call_id)
                    .is_some_and(|c| c.owners.contains(&u))
            });
        if is_agent {
            self.transition(call_id, kind, None, device, None, Party::Agent, now)
        } else {
            self.transition(call_id, kind, None, None, device, Party::Other, now)
        }
    }

    /// Applies the documented mapping for `kind` and publishes the dialog to its owners.
    #[allow(clippy::too_many_arguments)]
    fn transition(
        &mut self,
        call_id: u32,
        kind: CtiEventKind,
        direction: Option<CallDirection>,
        agent_device: Option<&str>,
        other_device: Option<&str>,
        party: Party,
        now: &Timestamp,
    ) -> Vec<Publish> {
        let agent_user = agent_device.and_then(|d| self.user_by_device(d));
        let (creating, exists) = (
            kind != CtiEventKind::EndCall,
            self.calls.contains_key(&call_id),
        );
        if !exists && !creating {
            return Vec::new();
        }
        if self.call_entry(call_id, now).is_none() {
            return Vec::new();
        }
        let clock = self.clock_ms;
        let pending = self
            .pending_dialog
            .get(&call_id)
            .filter(|p| p.fresh(clock))
            .map(|p| p.request_id.clone());
        let request_id = pending.clone().flatten();
        let stale = self
            .pending_dialog
            .get(&call_id)
            .is_some_and(|p| !p.fresh(clock));
        if stale {
            self.pending_dialog.remove(&call_id);
        }
        let Some(entry) = self.calls.get_mut(&call_id) else {
            return Vec::new();
        };
        if entry.direction.is_none() {
            entry.direction = direction;
        }
        let mut new_owner = None;
        let mut make_call_id = None;
        if let Some(u) = &agent_user {
            if !entry.owners.contains(u) {
                entry.owners.push(u.clone());
                new_owner = Some(u.clone());
                if direction == Some(CallDirection::Outgoing) {
                    make_call_id = self
                        .pending_make_call
                        .remove(u)
                        .filter(|p| p.fresh(clock))
                        .and_then(|p| p.request_id);
                }
            }
        }
        let dir = direction
            .or(entry.direction)
            .unwrap_or(CallDirection::Incoming);
        let mut t = map_cti_event(kind, dir, party);
        let agent_addr = agent_device
            .filter(|_| agent_user.is_some())
            .map(str::to_owned)
            .or_else(|| {
                entry.owners.first().and_then(|o| {
                    entry
                        .dialog
                        .participants
                        .iter()
                        .flatten()
                        .filter_map(|p| p.media_address.clone())
                        .find(|a| self.agents.get(o).is_some_and(|rt| rt.extension == *a))
                })
            });
        let other_addr = other_device
            .map(str::to_owned)
            .or_else(|| (!entry.other.is_empty()).then(|| entry.other.clone()));
        if matches!(kind, CtiEventKind::CallCleared | CtiEventKind::EndCall) {
            // Everyone leaves.
            entry.dialog.state = t.dialog.clone();
            for p in entry.dialog.participants.iter_mut().flatten() {
                if p.state != Some(ParticipantState::Dropped) {
                    p.state = Some(ParticipantState::Dropped);
                    p.state_change_time = Some(now.clone());
                }
                p.actions = Some(Vec::new());
            }
        } else {
            if agent_addr.is_none() {
                t.agent = None;
            }
            // The guide's "caller left → ACTIVE" row is for calls the agent is still on; an
            // agent who already left stays DROPPED (a two-party call clears both legs in turn).
            let agent_gone = agent_addr.as_deref().is_some_and(|a| {
                entry.dialog.participants.iter().flatten().any(|p| {
                    p.media_address.as_deref() == Some(a)
                        && p.state == Some(ParticipantState::Dropped)
                })
            });
            if kind == CtiEventKind::CallConnectionCleared && agent_gone {
                t.agent = None;
                t.dialog = Some(DialogState::Dropped);
            }
            if other_addr.is_none() {
                t.other = None;
            }
            t.apply(
                &mut entry.dialog,
                agent_addr.as_deref().unwrap_or_default(),
                other_addr.as_deref().unwrap_or_default(),
                now,
            );
        }
        if entry.owners.is_empty() {
            return Vec::new();
        }
        let dialog = entry.dialog.clone();
        let owners = entry.owners.clone();
        let mut out = Vec::new();
        for owner in &owners {
            let node = format!("/finesse/api/User/{owner}/Dialogs");
            let mut update = if Some(owner) == new_owner.as_ref() {
                Update::dialog_added(owner, dialog.clone())
            } else if kind == CtiEventKind::EndCall {
                Update::dialog_removed(owner, dialog.clone())
            } else {
                Update::dialog_changed(dialog.clone())
            };
            if let Some(r) = &request_id {
                update = update.with_request_id(r.clone());
            } else if let (Some(r), true) = (&make_call_id, Some(owner) == new_owner.as_ref()) {
                update = update.with_request_id(r.clone());
            }
            out.extend(publish(node, &update));
        }
        if pending.is_some() && !out.is_empty() {
            self.pending_dialog.remove(&call_id);
        }
        out
    }
}

/// Copies CallVariable1–10 and ECC scalars into `mediaProperties/callvariables`.
fn set_call_data(mp: &mut MediaProperties, data: &CallVariables) {
    let mut vars: Vec<CallVariable> = mp.callvariables.take().unwrap_or_default();
    let mut set = |name: String, value: &str| match vars.iter_mut().find(|v| v.name == name) {
        Some(v) => v.value = value.to_owned(),
        None => vars.push(CallVariable::new(name, value)),
    };
    for n in 1..=10 {
        if let Some(v) = data.call_variable(n) {
            set(format!("callVariable{n}"), v.as_str());
        }
    }
    for nv in &data.named_variables {
        set(nv.name.as_str().to_owned(), nv.value.as_str());
    }
    if let Some(w) = &data.call_wrapup_data {
        if !w.is_empty() {
            mp.wrap_up_reason = Some(w.as_str().to_owned());
        }
    }
    mp.callvariables = (!vars.is_empty()).then_some(vars);
}
