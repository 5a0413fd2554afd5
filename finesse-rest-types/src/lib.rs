//! # `finesse-rest-types`: the Cisco Finesse REST API and notifications, typed
//!
//! Everything an agent desktop, a gadget, a third-party integration or a Finesse look-alike
//! server exchanges with Finesse over `/finesse/api/…` and the XMPP notification service,
//! as Rust types, plus Finesse's documented rules as code. No I/O, no clock: XML text in,
//! values out, and back.
//!
//! ```text
//!  REST body ──► Resource::from_xml ──► User / Dialog / … ──► Resource::to_xml ──► REST body
//!                                            │
//!  PubSub item ◄── Update::to_notification_element / _text ◄── Update { data, event, … }
//!  PubSub item ──► Update::from_notification_element / _text ──► Update
//!
//!  (method, path) ──► match_route ──► Operation + PathParams      (server and client)
//!  request body ──► validate_* / request_state_change / check_action ──► Ok | ApiErrorResponse
//!  CTI event kind ──► map_cti_event ──► DialogTransition::apply(&mut Dialog, …, now)
//! ```
//!
//! * **Resources** ([`User`], [`Dialog`], [`Team`], [`Queue`], [`ReasonCode`],
//!   [`SystemInfo`], [`MediaPropertiesLayout`], [`PhoneBook`], [`Workflow`],
//!   [`TeamMessage`], [`ClientLog`], [`ApiErrors`] and their lists): serde over quick-xml,
//!   field names and order as Finesse writes them; one declaration drives both directions
//!   through the [`Resource`] trait.
//! * **Notifications**: [`Update`] (`data`, `event`, `requestId`, `source`), its escaped
//!   wrapping inside `<notification xmlns="urn:xmpp:push:0">` (the older
//!   `http://jabber.org/protocol/pubsub` accepted and writable), and typed pubsub node
//!   names ([`NodePath`]).
//! * **Requests**: [`UserRequest`] (sign in/out, state changes) and [`DialogRequest`]
//!   (make call, ANSWER/HOLD/…/SEND_DTMF), and the framework-free route table
//!   ([`ROUTES`], [`match_route`]).
//! * **Rules**: the agent state machine ([`request_state_change`]), participant actions
//!   ([`allowed_actions`], [`check_action`]), the CTI → Dialog mapping
//!   ([`map_cti_event`]), request validation (`validate_*`) and the documented error
//!   catalogue ([`ApiErrorKind`], [`ApiErrorResponse`]), with UCCX/UCCE differences
//!   selected by [`DeploymentType`].
//!
//! ## Example: a state change, end to end
//!
//! ```
//! use finesse_rest_types::*;
//!
//! // Client: build the request and find the route.
//! let body = UserRequest::ready().to_xml()?;
//! let path = Operation::ChangeUserState.route().path(&[("id", "1001")])?;
//!
//! // Server: route, parse, validate, apply the state machine.
//! let RouteMatch::Found { route, params } = match_route("PUT", &path) else { unreachable!() };
//! assert_eq!(route.success_status, 202);
//! let req = UserRequest::from_xml(&body)?;
//! validate_user_request(&req, &DeploymentType::Uccx).map_err(|e| e.to_string())?;
//! let mut user = User::default();
//! user.login_id = params.id().map(str::to_owned);
//! user.state = Some(AgentState::NotReady);
//! let change = request_state_change(
//!     user.state.as_ref().unwrap(),
//!     req.state.as_ref().unwrap(),
//!     req.reason_code_id,
//!     &AgentRules::new(DeploymentType::Uccx),
//! )
//! .map_err(|e| e.to_string())?;
//! user.state = Some(change.state);
//! user.state_change_time = Some(Timestamp::from_unix_millis(1_700_000_000_000)); // your clock
//!
//! // Server: publish the notification on the user's node.
//! let node = NodePath::user("1001")?;
//! let update = Update::put(node.to_string(), UpdateData::User(user)).with_request_id("r1");
//! let payload = update.to_notification_element(NotificationNamespace::default())?;
//! assert!(payload.starts_with("<notification xmlns=\"urn:xmpp:push:0\">&lt;Update&gt;"));
//!
//! // Client: read it back.
//! let got = Update::from_notification_element(&payload)?;
//! assert!(matches!(got.data, Some(UpdateData::User(ref u)) if u.state == Some(AgentState::Ready)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A refusal is an [`ApiErrorResponse`]: the HTTP status and the `ApiErrors` body to send.
//!
//! ```
//! use finesse_rest_types::*;
//! let err = request_state_change(
//!     &AgentState::Logout, &AgentState::Ready, None, &AgentRules::new(DeploymentType::Ucce),
//! ).unwrap_err();
//! assert_eq!(err.status, 400);
//! assert_eq!(
//!     err.to_xml()?,
//!     "<ApiErrors><ApiError><ErrorType>Invalid State</ErrorType>\
//!      <ErrorMessage>Invalid state change from LOGOUT to READY</ErrorMessage>\
//!      </ApiError></ApiErrors>"
//! );
//! # Ok::<(), EncodeError>(())
//! ```
//!
//! ## Parsing rules and limits
//!
//! Every document is checked in one streaming pass before serde sees it ([`Limits`]):
//!
//! | limit | default | error |
//! |---|---|---|
//! | document size | 8 MiB ([`DEFAULT_MAX_BYTES`]) | [`ParseError::TooLarge`] |
//! | element nesting | 32 ([`DEFAULT_MAX_DEPTH`]) | [`ParseError::TooDeep`] |
//! | elements per document | 250,000 ([`DEFAULT_MAX_ELEMENTS`]) | [`ParseError::TooManyElements`] |
//! | `<!DOCTYPE>` | refused | [`ParseError::DoctypeRefused`] |
//! | entities other than the five predefined | refused | [`ParseError::UnknownEntity`] |
//!
//! Children are accepted in any order and unknown children are ignored; enumerations keep
//! values they do not know (`Other(String)`); the `Update` event is parsed in any case.
//! Values are written in Finesse's order, with empty elements expanded
//! (`<pendingState></pendingState>`) as Finesse does.
//!
//! ## Crate features
//!
//! * `proptest`: [`arbitrary`], proptest strategies for every resource, request and the
//!   `Update` envelope, for property tests of your own code.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod enums;
mod error;
mod node;
mod request;
mod resources;
mod routes;
mod rules;
mod time;
mod update;
mod xml;

#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod arbitrary;

#[cfg(fuzzing)]
#[allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]
pub mod fuzzing;

pub use enums::*;
pub use error::{EncodeError, IdError, ParseError};
pub use node::{validate_id, NodePath};
pub use request::{ActionParam, DialogRequest, UserRequest};
pub use resources::api_errors::{ApiError, ApiErrors};
pub use resources::dialog::{
    CallVariable, Dialog, Dialogs, MediaProperties, Participant, ScheduledCallbackInfo,
};
pub use resources::layout::{
    LayoutColumn, LayoutEntry, LayoutHeader, MediaPropertiesLayout, MediaPropertiesLayouts,
};
pub use resources::phonebook::{Contact, Contacts, PhoneBook, PhoneBooks};
pub use resources::reason::{ReasonCode, ReasonCodes, WrapUpReason, WrapUpReasons};
pub use resources::system_info::{CtiServer, NodeInfo, SystemInfo};
pub use resources::team::{Queue, QueueStatistics, Queues, Team, Teams};
pub use resources::team_message::{ClientLog, MessageAuthor, TeamMessage, TeamMessages};
pub use resources::user::{MobileAgent, TeamRef, User, UserSettings, Users};
pub use resources::workflow::{
    ConditionSet, TriggerSet, Workflow, WorkflowActionRef, WorkflowRule, WorkflowVariable,
    Workflows,
};
pub use routes::{match_route, Method, Operation, PathParams, Route, RouteMatch, ROUTES};
pub use rules::agent::{
    is_documented_transition, request_state_change, state_after_call, state_after_wrap_up_timeout,
    AgentRules, Requester, StateChange,
};
pub use rules::cti::{
    map_cti_event, state_cause_for_cti_cause, CallDirection, CtiEventKind, DialogTransition, Party,
};
pub use rules::errors::{ApiErrorKind, ApiErrorResponse};
pub use rules::participant::{allowed_actions, check_action, ActionContext};
pub use rules::validate::{
    is_valid_call_variable_name, is_valid_dtmf, validate_client_log, validate_dialog_request,
    validate_layout, validate_reason_code, validate_team_message, validate_user_request,
    validate_wrap_up_reason, MAX_CLIENT_LOG_CHARS, MAX_DTMF_DIGITS, MAX_EXTENSION_CHARS,
    MAX_TEAM_MESSAGE_CHARS,
};
pub use time::Timestamp;
pub use update::{
    NotificationNamespace, Update, UpdateData, UpdateEvent, NOTIFICATION_NS_PUBSUB,
    NOTIFICATION_NS_PUSH,
};
pub use xml::{Limits, Resource, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ELEMENTS};

/// The README's example, compiled as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
