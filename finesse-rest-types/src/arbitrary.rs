//! proptest strategies for every resource, request and the `Update` envelope (feature
//! `proptest`). Generated values use only what the wire can carry, so
//! `T::from_xml(&v.to_xml()?) == v` holds for every one of them.
#![allow(clippy::type_complexity, clippy::field_reassign_with_default)]

use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;

use crate::*;

/// Text that XML element content carries unchanged: letters, digits, spaces, markup
/// characters that must be escaped, and non-ASCII.
pub fn text() -> BoxedStrategy<String> {
    Strategy::boxed("[a-zA-Z0-9 <>&'\"._:/éß☎-]{0,12}")
}

/// Non-empty text (for fields where empty means "none").
pub fn non_empty_text() -> BoxedStrategy<String> {
    Strategy::boxed("[a-zA-Z0-9<>&._-][a-zA-Z0-9 <>&'\"._-]{0,10}")
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    of(text())
}

macro_rules! enum_strategy {
    ($fn:ident, $ty:ty) => {
        /// Known values and unknown ones (kept in `Other`).
        pub fn $fn() -> BoxedStrategy<$ty> {
            prop_oneof![
                3 => proptest::sample::select(<$ty>::KNOWN),
                1 => "[A-Z_]{1,10}".prop_map(|s| <$ty>::from(s)),
            ]
            .boxed()
        }
    };
}

enum_strategy!(agent_state, AgentState);
enum_strategy!(dialog_state, DialogState);
enum_strategy!(participant_state, ParticipantState);
enum_strategy!(dialog_action, DialogAction);
enum_strategy!(state_cause, StateCause);
enum_strategy!(role, Role);
enum_strategy!(wrap_up_mode, WrapUpMode);
enum_strategy!(mobile_agent_mode, MobileAgentMode);
enum_strategy!(reason_code_category, ReasonCodeCategory);
enum_strategy!(deployment_type, DeploymentType);
enum_strategy!(system_status, SystemStatus);
enum_strategy!(media_address_type, MediaAddressType);
enum_strategy!(call_type, CallType);
enum_strategy!(layout_type, LayoutType);
enum_strategy!(phone_book_type, PhoneBookType);

/// A timestamp: formatted wall times and arbitrary text.
pub fn timestamp() -> BoxedStrategy<Timestamp> {
    Strategy::boxed({
        prop_oneof![
            (0i64..4_102_444_800_000).prop_map(Timestamp::from_unix_millis),
            text().prop_map(Timestamp::new),
        ]
    })
}

/// `ReasonCode`.
pub fn reason_code() -> BoxedStrategy<ReasonCode> {
    Strategy::boxed({
        (
            opt_text(),
            of(reason_code_category()),
            of(any::<u32>()),
            opt_text(),
            of(any::<bool>()),
            of(any::<bool>()),
            opt_text(),
        )
            .prop_map(|(uri, category, code, label, for_all, system_code, id)| {
                let mut r = ReasonCode::default();
                (r.uri, r.category, r.code, r.label) = (uri, category, code, label);
                (r.for_all, r.system_code, r.id) = (for_all, system_code, id);
                r
            })
    })
}

/// `User` (full and summary shapes).
pub fn user() -> BoxedStrategy<User> {
    Strategy::boxed({
        (
            (
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
            ),
            (
                opt_text(),
                opt_text(),
                of((of(mobile_agent_mode()), opt_text())),
                of(agent_state().prop_filter("non-empty", |s| !s.as_str().is_empty())),
                of(reason_code()),
                of(any::<i32>()),
                of(vec(role(), 0..3)),
            ),
            (
                of((of(wrap_up_mode()), of(wrap_up_mode()))),
                of(agent_state()),
                of(timestamp()),
                opt_text(),
                opt_text(),
                of(vec((opt_text(), opt_text(), opt_text()), 0..3)),
                opt_text(),
                of(any::<u32>()),
            ),
        )
            .prop_map(|(a, b, c)| {
                let mut u = User::default();
                (
                    u.active_device_id,
                    u.dialogs,
                    u.extension,
                    u.first_name,
                    u.id,
                    u.last_name,
                    u.login_id,
                    u.login_name,
                ) = a;
                u.media_state = b.0;
                u.media_type = b.1;
                u.mobile_agent = b.2.map(|(mode, dial)| {
                    let mut m = MobileAgent::default();
                    (m.mode, m.dial_number) = (mode, dial);
                    m
                });
                u.pending_state = b.3;
                u.reason_code = b.4;
                u.reason_code_id = b.5;
                u.roles = b.6;
                u.settings = c.0.map(|(i, o)| {
                    let mut s = UserSettings::default();
                    (s.wrap_up_on_incoming, s.wrap_up_on_outgoing) = (i, o);
                    s
                });
                u.state = c.1;
                u.state_change_time = c.2;
                u.team_id = c.3;
                u.team_name = c.4;
                u.teams = c.5.map(|v| {
                    v.into_iter()
                        .map(|(id, name, uri)| {
                            let mut t = TeamRef::default();
                            (t.id, t.name, t.uri) = (id, name, uri);
                            t
                        })
                        .collect()
                });
                u.uri = c.6;
                u.wrap_up_timer = c.7;
                u
            })
    })
}

/// `Users`.
pub fn users() -> BoxedStrategy<Users> {
    Strategy::boxed(vec(user(), 0..3).prop_map(|users| Users { users }))
}

/// `CallVariable`.
pub fn call_variable() -> BoxedStrategy<CallVariable> {
    Strategy::boxed((text(), text()).prop_map(|(n, v)| CallVariable::new(n, v)))
}

/// `MediaProperties`.
pub fn media_properties() -> BoxedStrategy<MediaProperties> {
    Strategy::boxed({
        (
            (
                opt_text(),
                of(call_type()),
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
            ),
            (
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
                of(vec(text(), 0..3)),
                of(vec(call_variable(), 0..4)),
            ),
        )
            .prop_map(|(a, b)| {
                let mut m = MediaProperties::default();
                (
                    m.dnis,
                    m.call_type,
                    m.dialed_number,
                    m.media_id,
                    m.outbound_classification,
                    m.queue_name,
                    m.queue_number,
                ) = a;
                (
                    m.call_key_call_id,
                    m.call_key_prefix,
                    m.call_key_sequence_num,
                    m.call_guid,
                    m.wrap_up_reason,
                    m.wrap_up_items,
                    m.callvariables,
                ) = b;
                m
            })
    })
}

/// `Participant`.
pub fn participant() -> BoxedStrategy<Participant> {
    Strategy::boxed({
        (
            of(vec(dialog_action(), 0..4)),
            opt_text(),
            of(media_address_type()),
            of(timestamp()),
            of(participant_state()),
            of(state_cause().prop_filter("non-empty", |s| !s.as_str().is_empty())),
            of(timestamp()),
        )
            .prop_map(|(actions, addr, addr_type, start, state, cause, changed)| {
                let mut p = Participant::default();
                (p.actions, p.media_address, p.media_address_type) = (actions, addr, addr_type);
                (p.start_time, p.state, p.state_cause, p.state_change_time) =
                    (start, state, cause, changed);
                p
            })
    })
}

/// `Dialog`.
pub fn dialog() -> BoxedStrategy<Dialog> {
    Strategy::boxed({
        (
            (
                opt_text(),
                opt_text(),
                opt_text(),
                of(media_properties()),
                opt_text(),
            ),
            (
                of(vec(participant(), 0..3)),
                opt_text(),
                of(dialog_state()),
                opt_text(),
                opt_text(),
                of((opt_text(), opt_text())),
            ),
        )
            .prop_map(|(a, b)| {
                let mut d = Dialog::default();
                (
                    d.associated_dialog_uri,
                    d.from_address,
                    d.id,
                    d.media_properties,
                    d.media_type,
                ) = a;
                (d.participants, d.secondary_id, d.state, d.to_address, d.uri) =
                    (b.0, b.1, b.2, b.3, b.4);
                d.scheduled_callback_info = b.5.map(|(t, n)| {
                    let mut s = ScheduledCallbackInfo::default();
                    (s.callback_time, s.callback_number) = (t, n);
                    s
                });
                d
            })
    })
}

/// `Dialogs`.
pub fn dialogs() -> BoxedStrategy<Dialogs> {
    Strategy::boxed(vec(dialog(), 0..3).prop_map(|dialogs| Dialogs { dialogs }))
}

/// `Team`.
pub fn team() -> BoxedStrategy<Team> {
    Strategy::boxed({
        (opt_text(), opt_text(), opt_text(), of(vec(user(), 0..2))).prop_map(
            |(uri, id, name, users)| {
                let mut t = Team::default();
                (t.uri, t.id, t.name, t.users) = (uri, id, name, users);
                t
            },
        )
    })
}

/// `Teams`.
pub fn teams() -> BoxedStrategy<Teams> {
    Strategy::boxed(vec(team(), 0..3).prop_map(|teams| Teams { teams }))
}

/// `Queue`.
pub fn queue() -> BoxedStrategy<Queue> {
    Strategy::boxed({
        let n = || of(any::<i64>());
        (
            opt_text(),
            opt_text(),
            of((
                (n(), of(timestamp()), n(), n(), n(), n()),
                (n(), n(), n(), n(), n()),
            )),
        )
            .prop_map(|(uri, name, stats)| {
                let mut q = Queue::default();
                (q.uri, q.name) = (uri, name);
                q.statistics = stats.map(|(a, b)| {
                    let mut s = QueueStatistics::default();
                    (
                        s.calls_in_queue,
                        s.start_time_of_longest_call_in_queue,
                        s.agents_ready,
                        s.agents_not_ready,
                        s.agents_busy_other,
                        s.agents_logged_on,
                    ) = a;
                    (
                        s.agents_talking_inbound,
                        s.agents_talking_outbound,
                        s.agents_talking_internal,
                        s.agents_wrap_up_not_ready,
                        s.agents_wrap_up_ready,
                    ) = b;
                    s
                });
                q
            })
    })
}

/// `Queues`.
pub fn queues() -> BoxedStrategy<Queues> {
    Strategy::boxed(vec(queue(), 0..3).prop_map(|queues| Queues { queues }))
}

/// `ReasonCodes`.
pub fn reason_codes() -> BoxedStrategy<ReasonCodes> {
    Strategy::boxed({
        vec(reason_code(), 0..3).prop_map(|reason_codes| ReasonCodes { reason_codes })
    })
}

/// `WrapUpReason`.
pub fn wrap_up_reason() -> BoxedStrategy<WrapUpReason> {
    Strategy::boxed({
        (opt_text(), opt_text(), of(any::<bool>())).prop_map(|(uri, label, for_all)| {
            let mut w = WrapUpReason::default();
            (w.uri, w.label, w.for_all) = (uri, label, for_all);
            w
        })
    })
}

/// `WrapUpReasons`.
pub fn wrap_up_reasons() -> BoxedStrategy<WrapUpReasons> {
    Strategy::boxed({
        vec(wrap_up_reason(), 0..3).prop_map(|wrap_up_reasons| WrapUpReasons { wrap_up_reasons })
    })
}

fn node_info() -> BoxedStrategy<NodeInfo> {
    Strategy::boxed({
        (
            opt_text(),
            of(any::<u16>()),
            of(any::<u16>()),
            of(any::<u16>()),
        )
            .prop_map(|(h, a, b, c)| {
                let mut n = NodeInfo::default();
                (n.host, n.https_port, n.xmpp_port, n.xmpp_secure_port) = (h, a, b, c);
                n
            })
    })
}

/// `SystemInfo`.
pub fn system_info() -> BoxedStrategy<SystemInfo> {
    Strategy::boxed({
        (
            (
                opt_text(),
                of(deployment_type()),
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
            ),
            (
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
                of(node_info()),
                of(node_info()),
            ),
            (
                of(system_status()),
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
                opt_text(),
                of(vec((opt_text(), opt_text(), of(any::<bool>())), 0..2)),
            ),
        )
            .prop_map(|(a, b, c)| {
                let mut s = SystemInfo::default();
                (
                    s.current_timestamp,
                    s.deployment_type,
                    s.last_cti_heartbeat_status,
                    s.last_success_cti_heartbeat_time,
                    s.cti_version,
                    s.cti_heartbeat_interval,
                    s.cti_m_mode,
                    s.cti_time_in_m_mode,
                ) = a;
                (
                    s.finesse_m_mode,
                    s.finesse_time_in_m_mode,
                    s.license,
                    s.peripheral_id,
                    s.primary_node,
                    s.secondary_node,
                ) = b;
                (
                    s.status,
                    s.status_reason,
                    s.system_auth_mode,
                    s.timezone_offset,
                    s.uri,
                    s.xmpp_domain,
                    s.xmpp_pub_sub_domain,
                ) = (c.0, c.1, c.2, c.3, c.4, c.5, c.6);
                s.cti_servers = c.7.map(|v| {
                    v.into_iter()
                        .map(|(h, d, a)| {
                            let mut x = CtiServer::default();
                            (x.host, x.connected_duration, x.active) = (h, d, a);
                            x
                        })
                        .collect()
                });
                s
            })
    })
}

/// `ApiError`.
pub fn api_error() -> BoxedStrategy<ApiError> {
    Strategy::boxed({
        (
            text(),
            text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
        )
            .prop_map(|(t, m, d, media, code, txt, msg)| {
                let mut e = ApiError::new(t, m, d);
                (e.error_media, e.peripheral_error_code) = (media, code);
                (e.peripheral_error_text, e.peripheral_error_msg) = (txt, msg);
                e
            })
    })
}

/// `ApiErrors`.
pub fn api_errors() -> BoxedStrategy<ApiErrors> {
    Strategy::boxed(vec(api_error(), 0..3).prop_map(|errors| ApiErrors { errors }))
}

fn layout_entry() -> BoxedStrategy<LayoutEntry> {
    Strategy::boxed({
        (opt_text(), opt_text(), of(any::<bool>()), of(any::<bool>())).prop_map(|(d, m, s, u)| {
            let mut e = LayoutEntry::default();
            (
                e.display_name,
                e.media_property,
                e.show_in_pop_over,
                e.ui_editable,
            ) = (d, m, s, u);
            e
        })
    })
}

/// `MediaPropertiesLayout`.
pub fn media_properties_layout() -> BoxedStrategy<MediaPropertiesLayout> {
    Strategy::boxed({
        (
            opt_text(),
            opt_text(),
            opt_text(),
            of(layout_type()),
            of(of(layout_entry())),
            vec(vec(layout_entry(), 0..3), 0..3),
        )
            .prop_map(|(uri, name, desc, ty, header, cols)| {
                let mut l = MediaPropertiesLayout::default();
                (l.uri, l.name, l.description, l.layout_type) = (uri, name, desc, ty);
                l.header = header.map(|entry| LayoutHeader { entry });
                l.columns = cols
                    .into_iter()
                    .map(|entries| LayoutColumn { entries })
                    .collect();
                l
            })
    })
}

/// `PhoneBook`.
pub fn phone_book() -> BoxedStrategy<PhoneBook> {
    Strategy::boxed({
        (opt_text(), opt_text(), of(phone_book_type()), opt_text()).prop_map(|(u, n, t, c)| {
            let mut p = PhoneBook::default();
            (p.uri, p.name, p.book_type, p.contacts) = (u, n, t, c);
            p
        })
    })
}

/// `Contact`.
pub fn contact() -> BoxedStrategy<Contact> {
    Strategy::boxed({
        (opt_text(), opt_text(), opt_text(), opt_text(), opt_text()).prop_map(|(f, l, p, d, u)| {
            let mut c = Contact::default();
            (
                c.first_name,
                c.last_name,
                c.phone_number,
                c.description,
                c.uri,
            ) = (f, l, p, d, u);
            c
        })
    })
}

fn workflow_rule() -> BoxedStrategy<WorkflowRule> {
    Strategy::boxed({
        (
            of((opt_text(), opt_text(), opt_text())),
            opt_text(),
            opt_text(),
        )
            .prop_map(|(v, c, val)| {
                let mut r = WorkflowRule::default();
                r.variable = v.map(|(n, node, t)| {
                    let mut w = WorkflowVariable::default();
                    (w.name, w.node, w.variable_type) = (n, node, t);
                    w
                });
                (r.comparator, r.value) = (c, val);
                r
            })
    })
}

/// `Workflow`.
pub fn workflow() -> BoxedStrategy<Workflow> {
    Strategy::boxed({
        (
            (opt_text(), opt_text(), opt_text(), opt_text()),
            of((opt_text(), of(vec(workflow_rule(), 0..3)))),
            of((opt_text(), of(vec(workflow_rule(), 0..3)))),
            of(vec((opt_text(), opt_text(), opt_text()), 0..3)),
        )
            .prop_map(|(a, trig, cond, actions)| {
                let mut w = Workflow::default();
                (w.uri, w.name, w.description, w.media) = a;
                w.trigger_set = trig.map(|(t, triggers)| {
                    let mut s = TriggerSet::default();
                    (s.trigger_type, s.triggers) = (t, triggers);
                    s
                });
                w.condition_set = cond.map(|(m, conditions)| {
                    let mut s = ConditionSet::default();
                    (s.apply_method, s.conditions) = (m, conditions);
                    s
                });
                w.workflow_actions = actions.map(|v| {
                    v.into_iter()
                        .map(|(n, t, u)| {
                            let mut r = WorkflowActionRef::default();
                            (r.name, r.action_type, r.uri) = (n, t, u);
                            r
                        })
                        .collect()
                });
                w
            })
    })
}

/// `TeamMessage`.
pub fn team_message() -> BoxedStrategy<TeamMessage> {
    Strategy::boxed({
        (
            opt_text(),
            opt_text(),
            of((opt_text(), opt_text(), opt_text())),
            of(any::<i64>()),
            of(any::<u32>()),
            opt_text(),
            of(vec(text(), 0..3)),
        )
            .prop_map(|(uri, id, by, at, dur, content, teams)| {
                let mut m = TeamMessage::default();
                (m.uri, m.id) = (uri, id);
                m.created_by = by.map(|(i, f, l)| {
                    let mut a = MessageAuthor::default();
                    (a.id, a.first_name, a.last_name) = (i, f, l);
                    a
                });
                (m.created_at, m.duration, m.content, m.teams) = (at, dur, content, teams);
                m
            })
    })
}

/// `ClientLog`.
pub fn client_log() -> BoxedStrategy<ClientLog> {
    Strategy::boxed(text().prop_map(ClientLog::new))
}

/// `UserRequest`.
pub fn user_request() -> BoxedStrategy<UserRequest> {
    Strategy::boxed({
        (
            of(agent_state()),
            opt_text(),
            of((of(mobile_agent_mode()), opt_text())),
            of(any::<i32>()),
        )
            .prop_map(|(state, ext, mobile, rc)| {
                let mut r = UserRequest::default();
                (r.state, r.extension, r.reason_code_id) = (state, ext, rc);
                r.mobile_agent = mobile.map(|(mode, dial)| {
                    let mut m = MobileAgent::default();
                    (m.mode, m.dial_number) = (mode, dial);
                    m
                });
                r
            })
    })
}

/// `DialogRequest`.
pub fn dialog_request() -> BoxedStrategy<DialogRequest> {
    Strategy::boxed({
        (
            of(dialog_action()),
            opt_text(),
            opt_text(),
            opt_text(),
            of(media_properties()),
            of(vec((text(), text()), 0..3)),
            opt_text(),
        )
            .prop_map(|(a, from, to, target, mp, params, assoc)| {
                let mut r = DialogRequest::default();
                (r.requested_action, r.from_address, r.to_address) = (a, from, to);
                (r.target_media_address, r.media_properties) = (target, mp);
                r.action_params = params.map(|v| {
                    v.into_iter()
                        .map(|(n, val)| ActionParam::new(n, val))
                        .collect()
                });
                r.associated_dialog_uri = assoc;
                r
            })
    })
}

/// `UpdateEvent`.
pub fn update_event() -> BoxedStrategy<UpdateEvent> {
    Strategy::boxed({
        prop_oneof![
            Just(UpdateEvent::Post),
            Just(UpdateEvent::Put),
            Just(UpdateEvent::Delete),
            "[A-Z]{1,8}".prop_map(|s| UpdateEvent::parse(&s)),
        ]
    })
}

/// `UpdateData`.
pub fn update_data() -> BoxedStrategy<UpdateData> {
    Strategy::boxed({
        prop_oneof![
            user().prop_map(UpdateData::User),
            dialog().prop_map(UpdateData::Dialog),
            dialogs().prop_map(UpdateData::Dialogs),
            team().prop_map(UpdateData::Team),
            queue().prop_map(UpdateData::Queue),
            queues().prop_map(UpdateData::Queues),
            system_info().prop_map(UpdateData::SystemInfo),
            api_errors().prop_map(UpdateData::ApiErrors),
            ("[a-z]{1,6}", "[a-z0-9]{0,6}").prop_map(|(root, body)| UpdateData::Other {
                xml: format!("<{root}X><v>{body}</v></{root}X>"),
                root: format!("{root}X"),
            }),
        ]
    })
}

/// `Update`.
pub fn update() -> BoxedStrategy<Update> {
    Strategy::boxed({
        (
            of(update_data()),
            update_event(),
            of(non_empty_text()),
            text(),
        )
            .prop_map(|(data, event, request_id, source)| Update {
                data,
                event,
                request_id,
                source,
            })
    })
}
