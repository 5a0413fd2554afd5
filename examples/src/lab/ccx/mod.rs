//! The CCX engine: the contact-center core a Unified CCX node runs, and its CTI server.
//!
//! ```text
//!   place_call ─┐                        ┌─────────────── core task ───────────────┐
//!               ├─► commands (bounded) ─►│ Switch (jtapi-model, the CUCM side)      │
//!   CTI session ┘                        │   └─ JTAPI events ─► cti_events() ─► CTI  │
//!   tasks ◄── per-session queues ◄───────│ agent table · router (queues, RONA)      │
//!   (cti-proto ServerSession over TCP)   └──────────────────────────────────────────┘
//! ```
//!
//! * **Telephony core** ([`CcxEngine`] starts it): one task owns the `jtapi-model`
//!   [`Switch`](jtapi_model::Switch) built from the seed — a phone per agent and supervisor
//!   (device `SEP` + the zero-padded extension, line = extension), a CTI route point per
//!   queue (8001–8003 in the default seed), and the trunk customers call in on. **JTAPI is
//!   in-process**, as UCCX uses Cisco's JTAPI library against CUCM: the engine calls the
//!   switch's JTAPI operations directly and turns the JTAPI events it reports into CTI
//!   events with `jtapi_model::cti_events` (fact sheet `axl-jtapi.md` §5). The decision
//!   logic is sans-IO (a struct fed `Instant`s and inputs, returning messages and the next
//!   deadline); the task around it is thin.
//! * **Agents**: state (LOGOUT, NOT_READY, READY, RESERVED, TALKING, HOLD, WORK_READY,
//!   WORK_NOT_READY), reason code, time in state, CSQs (the seed's queues), the time the
//!   agent last became READY, and the seed's wrap-up mode.
//! * **Router**: a FIFO of waiting calls per queue. A customer call ([`CcxHandle::place_call`])
//!   arrives on the trunk at the queue's route point, where it is QUEUED (JTAPI
//!   CallCtlConnQueued) and waits. It is offered to the **longest-available READY** agent of
//!   that queue (across queues, the call that waited longest goes first): the agent becomes
//!   RESERVED, the call is redirected to the agent's extension and alerts (BEGIN_CALL_EVENT,
//!   CALL_DELIVERED_EVENT with LCS_ALERTING, ANI as calling device, DNIS = route point).
//!   After [`CcxOptions::ring_no_answer`] (default 15 s) unanswered, the call goes back to
//!   the **head** of its queue (CALL_DIVERTED_EVENT, END_CALL_EVENT for that agent) and the
//!   agent to NOT_READY with reason 32763 (UCCX AGT_RNA).
//! * **CTI server** on `ports.cti`: a `cti-proto` [`ServerSession`](cti_proto::ServerSession)
//!   per connection, UCCX dialect, any UCCX version cti-proto supports (10–18). Bridge mode
//!   (ALL_EVENTS) sessions get every agent and call event; agent mode (CLIENT_EVENTS)
//!   sessions get their agent's state and the calls it is part of (cti.md §4.6); every
//!   session gets SYSTEM_EVENT after OPEN_CONF. Heartbeats and the idle timeout are the
//!   session's; requests before OPEN and malformed requests get FAILURE_CONF. A client that
//!   lets [`CcxOptions::session_queue`] messages pile up is closed: the core never waits
//!   for a client.
//!
//! ## The CTI contract (what a CTI client sees)
//!
//! * Identity: AgentID = the seed id (`agent01`, floating tag 194 as UCCX sends it),
//!   AgentExtension = AgentInstrument = the seed extension (`1001`). PeripheralID 1,
//!   PeripheralType 21 (ACMI_CRS), MonitorID 0, ServiceNumber/ServiceID NULL, LineHandle
//!   0xFFFF, LineType 3, SkillGroupNumber/SkillGroupID = the CSQ (seed queue) id.
//! * SET_AGENT_STATE_REQ: LOGIN needs AgentPassword = the seed password (else
//!   CONTROL_FAILURE_CONF INVALID_PASSWORD_SPECIFIED; unknown AgentID:
//!   INVALID_AGENT_ID_SPECIFIED; an instrument that is not the agent's:
//!   INVALID_LOGON_DEVICE) and puts the agent in NOT_READY with reason 32760 (AGT_LOGON);
//!   then READY, NOT_READY (EventReasonCode), WORK_READY / WORK_NOT_READY, LOGOUT. During a
//!   call these are kept as pending (AGENT_STATE_EVENT carries NextAgentState) and applied
//!   when it ends; a state the agent cannot go to is CONTROL_FAILURE_CONF
//!   INVALID_OBJECT_STATE; any state but LOGIN for a logged-out agent is FAILURE_CONF
//!   AGENT_NOT_LOGGED_ON. Control needs CLIENT_CONTROL or AGENT_STATE_CONTROL_ONLY (call
//!   control CLIENT_CONTROL), else FAILURE_CONF FUNCTION_NOT_AVAILABLE.
//! * AGENT_STATE_EVENT on every change: state, EventReasonCode, StateDuration (seconds in
//!   the state, 0 on a change), the CSQ of the agent's call (else its first CSQ) in the
//!   fixed part and every CSQ in the floating skill-group sets.
//! * Calls: ConnectionCallID allocated by the engine (from 1,000,001), ConnectionDeviceID
//!   = the agent's extension in every event of the call (the device the client monitors),
//!   ConnectionDeviceIDType STATIC. ANSWER_CALL_REQ → CALL_ESTABLISHED + TALKING;
//!   HOLD_CALL_REQ / RETRIEVE_CALL_REQ → CALL_HELD (HOLD) / CALL_RETRIEVED (TALKING);
//!   CLEAR_CALL_REQ, CLEAR_CONNECTION_REQ or the customer hanging up →
//!   CALL_CONNECTION_CLEARED (ReleasingDeviceID = who left), CALL_CLEARED, END_CALL_EVENT;
//!   the agent then goes to wrap-up or READY (below). Call-control failures are
//!   CONTROL_FAILURE_CONF (NO_CALL_TO_ANSWER, NO_ACTIVE_CALL, NO_HELD_CALL,
//!   NO_CALL_TO_CLEAR, NO_CONNECTION_TO_CLEAR, INVALID_CSTA_CALL_IDENTIFIER).
//! * QUERY_AGENT_STATE_REQ → QUERY_AGENT_STATE_CONF (state, CSQs); unknown agent:
//!   FAILURE_CONF INVALID_AGENT_DATA. Other requests: FAILURE_CONF FUNCTION_NOT_AVAILABLE.
//!
//! ## Port
//!
//! The default CTI port is **12028**, the "CTI Server" port of the UCCX engine in Cisco's
//! UCCX port utilization guide. The seed notes name 12018, which no Cisco source does; it
//! (or any port) is selectable with `[ports] cti = 12018` in the lab's TOML. The UCCX CTI
//! protocol guide says the RmCm subsystem listens on 42027 (cti.md §4.6); that too is only a
//! configuration away.
//!
//! ## Decisions where the fact sheets are uncertain
//!
//! * **Wrap-up** (`WrapUpMode`): `Required` → after an answered call the agent goes to
//!   WORK_READY (WORK_NOT_READY if it asked for NOT_READY / WORK_NOT_READY during the
//!   call); `Optional` → wrap-up only when the agent asked for NOT_READY or a work state
//!   during the call, else READY; `NotAllowed` → never (pending NOT_READY applies
//!   directly). Wrap-up ends after [`CcxOptions::wrap_up_time`] (default 60 s): WORK_READY →
//!   READY, WORK_NOT_READY → NOT_READY (reason kept, else 32758 AGT_WORK_TIMER_EXP). A call
//!   that was never answered (abandoned while ringing) leaves no wrap-up.
//! * **Queued calls are not reported over CTI.** The call waits at the route point (JTAPI
//!   QUEUED); UCCX's CTI server reports calls at agent devices, so the first event a
//!   client sees for a call is BEGIN_CALL_EVENT when it is delivered to an agent (after the
//!   agent's RESERVED). The queue is visible in [`CcxHandle::snapshot`].
//! * **Status fields**: OPEN_CONF carries PGStatus 0 ("all up"), PeripheralOnline true and
//!   the wall time; SYSTEM_EVENT uses UCCX's reading of the field, CCXStatus IN_SERVICE
//!   (0x400), SystemEventID 3 (SYS_CCX_ONLINE) with Arg1 = PeripheralID 1.
//! * **Unanswered-ring divert** is reported as CALL_DIVERTED_EVENT (what `cti_events` maps
//!   a redirect to) followed by END_CALL_EVENT for the agent; the next agent's delivery
//!   starts with a new BEGIN_CALL_EVENT for the same ConnectionCallID.
//! * An agent-mode session that disconnects leaves its agent's state unchanged (Finesse,
//!   the main client, uses one bridge-mode session for everybody).
//! * SET_CALL_DATA_REQ, MAKE_CALL_REQ (outbound), consultation, transfer and conference
//!   are not implemented: those requests get FAILURE_CONF FUNCTION_NOT_AVAILABLE. Calls
//!   placed with [`CcxHandle::place_call`] carry no call variables.
//!
//! ```no_run
//! use std::time::Duration;
//! use finesse_examples::lab::{ccx::CcxEngine, LabConfig};
//!
//! # async fn demo() -> std::io::Result<()> {
//! let engine = CcxEngine::start(&LabConfig::default()).await?; // CTI on 127.0.0.1:12028
//! let call = engine.place_call(1, "4085550100", Some(Duration::from_secs(30))).await;
//! println!("{call:?}; {:?}", engine.snapshot().await.queued);
//! engine.shutdown().await;
//! # Ok(()) }
//! ```

mod agents;
mod bridge;
mod core;
mod engine;
mod messages;
mod requests;
mod router;
mod routing;
mod server;
mod types;

pub use engine::{CcxEngine, CcxHandle};
pub use types::{AgentSnapshot, CallSnapshot, CcxError, CcxOptions, EngineSnapshot, PlacedCall};
