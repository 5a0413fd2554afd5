//! # `jtapi-model`: the JTAPI 1.2 call model as a state machine, and a simulated switch
//!
//! Cisco Unified CM reports calls to UCCX through JTAPI. This crate is JTAPI 1.2's call
//! model in Rust — Provider, Call, Address, Terminal, Connection and TerminalConnection
//! with the core and CallControl states (exact numeric values), their transitions and
//! invariants, the operations with their pre-conditions, and the events with JTAPI ids,
//! cause and meta codes in a deterministic order — plus a [`Switch`] that runs it as a
//! simulated CUCM (dial plan, agents' phones, CTI ports, route points with queues, an
//! external trunk, busy and ring-no-answer) and [`cti_events`], which says which CTI
//! Server events a JTAPI event stands for.
//!
//! ```text
//!  commands(now) ──► Switch ──► Provider (objects in arenas, typed ids)
//!                      │  ▲          │
//!   step(now) ─────────┘  └─ hooks ──┤──► poll_event()  ──► Event ──► cti_events()
//!   poll_timeout() ◄── timers        └──► poll_observer(id)   (per Address/Terminal/Call/Provider)
//!   poll_notice()  ◄── queues, ring-no-answer
//! ```
//!
//! Nothing here does I/O or reads a clock: `Instant`s go in, events, notices and the next
//! deadline come out; the same inputs always give the same events.
//!
//! ## A basic call, as CUCM reports it
//!
//! ```
//! use std::time::Instant;
//! use jtapi_model::{EventKind, Switch, SwitchConfig};
//!
//! # #[allow(clippy::disallowed_methods)]
//! let now = Instant::now(); // any origin: time only moves when you move it
//! let mut sw = Switch::new(SwitchConfig::default());
//! let (phone_1000, _) = sw.add_phone("SEP1000", "1000")?;
//! let (phone_2000, _) = sw.add_phone("SEP2000", "2000")?;
//! sw.start()?;
//! # while sw.poll_event().is_some() {}
//!
//! let (call, [_caller, _callee]) = sw.dial(now, phone_1000, "2000")?;
//! let tc = sw.ringing_on(phone_2000).expect("2000 rings");
//! sw.answer(now, tc)?;
//!
//! let mut names = Vec::new();
//! while let Some(ev) = sw.poll_event() {
//!     names.push(sw.provider().describe(&ev));
//! }
//! assert_eq!(names[..4], ["CallActiveEv", "ConnCreatedEv(1000)", "ConnConnectedEv(1000)", "CallCtlConnInitiatedEv(1000)"]);
//! assert_eq!(names.last().unwrap(), "CallCtlTermConnTalkingEv(SEP2000)");
//! assert_eq!(names.len(), 21);
//!
//! // The callee hangs up; the switch clears the caller and the call ends.
//! let conn_2000 = sw.provider().terminal_connection(tc).unwrap().connection();
//! sw.hang_up(now, conn_2000)?;
//! let last = std::iter::from_fn(|| sw.poll_event()).last().unwrap();
//! assert_eq!((last.kind, last.call), (EventKind::CallInvalid, Some(call)));
//! # Ok::<(), jtapi_model::JtapiError>(())
//! ```
//!
//! ## Run loop: a queue, an agent, and time
//!
//! After every command (each takes `now`) or `step(now)`, drain `poll_event` and
//! `poll_notice`; then sleep until `poll_timeout` and call `step` with the new time.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use jtapi_model::{DequeueReason, Switch, SwitchConfig, SwitchNotice};
//!
//! # #[allow(clippy::disallowed_methods)]
//! let start = Instant::now();
//! let mut sw = Switch::new(SwitchConfig::default());
//! let (agent, _) = sw.add_phone("SEP00AABBCC0001", "2001")?;
//! let queue = sw.add_route_point("RP_Sales", "5000")?;
//! sw.set_trunk("9");
//! sw.start()?;
//!
//! // A customer calls the queue; the switch asks the embedder to route the call.
//! let (call, _) = sw.incoming_call(start, "+14085550100", "5000")?;
//! assert!(matches!(sw.poll_notice(), Some(SwitchNotice::CallQueued { position: 1, .. })));
//! sw.route_next(start, queue, "2001")?;
//! assert!(matches!(
//!     sw.poll_notice(),
//!     Some(SwitchNotice::CallDequeued { reason: DequeueReason::Routed, .. })
//! ));
//!
//! // Nobody answers: after 12 s the default ring-no-answer treatment reports it.
//! let mut now = start;
//! while let Some(deadline) = sw.poll_timeout() {
//!     now = deadline;
//!     sw.step(now);
//!     if let Some(SwitchNotice::RingNoAnswer { call: c, .. }) = sw.poll_notice() {
//!         assert_eq!(c, call);
//!         break;
//!     }
//! }
//! assert_eq!(now - start, Duration::from_secs(12));
//! let tc = sw.ringing_on(agent).expect("still ringing");
//! sw.answer(now, tc)?;
//! # Ok::<(), jtapi_model::JtapiError>(())
//! ```
//!
//! ## JTAPI methods
//!
//! Objects are named by generation-checked ids ([`CallId`], [`ConnectionId`], …) into
//! arenas owned by the [`Provider`]; each JTAPI method is a `Provider` method:
//!
//! | JTAPI | here |
//! |---|---|
//! | `Provider.createCall()` | [`Provider::create_call`] |
//! | `Call.connect(term, addr, digits)` | [`Provider::connect`] |
//! | `Connection.disconnect()` | [`Provider::disconnect`] |
//! | `TerminalConnection.answer()` | [`Provider::answer`] |
//! | `CallControlTerminalConnection.hold/unhold/join/leave()` | [`Provider::hold`], [`Provider::unhold`], [`Provider::join`], [`Provider::leave`] |
//! | `CallControlCall.consult(tc, digits)` / `consult(tc)` | [`Provider::consult`] / [`Provider::consult_initiate`] |
//! | `CallControlCall.transfer(call)` / `transfer(digits)` | [`Provider::transfer`] / [`Provider::transfer_blind`] |
//! | `CallControlCall.conference(call)`, `addParty`, `drop`, `offHook` | [`Provider::conference`], [`Provider::add_party`], [`Provider::drop_call`], [`Provider::off_hook`] |
//! | `CallControlConnection.accept/reject/redirect/addToAddress` | [`Provider::accept`], [`Provider::reject`], [`Provider::redirect`], [`Provider::add_to_address`] |
//! | provider in service / out of service / `shutdown()` | [`Provider::set_in_service`], [`Provider::set_out_of_service`], [`Provider::shutdown`] |
//!
//! Errors are JTAPI's exceptions ([`JtapiError`]). An operation checks everything first,
//! so a refused operation changes nothing.
//!
//! ## Events and observers
//!
//! Every state change emits the core event (when the core state changes) and then the
//! call-control event, each with its JTAPI id ([`EventKind::jtapi_id`]), [`Cause`] and
//! [`MetaCode`]; one operation is one batch ([`Event::batch`]). Transfers and conferences
//! are bracketed by Cisco's start/end events. [`Provider::poll_event`] yields every event;
//! [`Provider::add_observer`] registers an observer on the provider, an address, a
//! terminal or a call, and a late observer first gets a snapshot batch. Dropped and
//! disconnected objects are freed right after their last event, so memory stays bounded
//! by the live calls.
//!
//! ## Limits
//!
//! | limit | default |
//! |---|---|
//! | events queued for `poll_event` (then operations fail `ResourceUnavailable`) | 1,048,576 |
//! | events queued per observer (then it ends with `*ObservationEndedEv`) | 65,536 |
//! | observers / live calls / parties per call / addresses + terminals | 4,096 / 1,000,000 / 32 / 1,000,000 |
//! | dialed digits and names | 32 printable ASCII characters |
//! | switch notices queued | 1,048,576 (then counted and dropped) |
//!
//! ## Crate features
//!
//! * `arbitrary`: `arbitrary::Arbitrary` for [`ScriptOp`] and [`SwitchShape`], to drive a
//!   switch from fuzzer input.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod arena;
mod cti;
mod error;
mod event;
mod provider;
mod script;
mod state;
mod switch;

#[cfg(all(fuzzing, feature = "arbitrary"))]
#[allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods
)]
pub mod fuzzing;

pub use arena::{AddressId, CallId, ConnectionId, ObserverId, TerminalConnectionId, TerminalId};
pub use cti::{
    cti_event_cause, cti_events, local_connection_state, CtiEvent, CtiEventKind,
    LocalConnectionState, CEC_NONE,
};
pub use error::{InvariantViolation, JtapiError};
pub use event::{Cause, Event, EventKind, MetaCode};
pub use provider::{
    AddressInfo, AddressKind, CallInfo, ConnectionInfo, ObserverTarget, Provider, ProviderConfig,
    TerminalConnectionInfo, TerminalInfo, TerminalKind,
};
pub use script::{ScriptOp, SwitchShape};
pub use state::{
    CallControlConnectionState, CallControlTerminalConnectionState, CallState, ConnectionState,
    ProviderState, TerminalConnectionState,
};
pub use switch::{DequeueReason, NoAnswer, NoAnswerAction, Switch, SwitchConfig, SwitchNotice};
