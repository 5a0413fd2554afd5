//! The engine's public value types: options, errors, placed calls and snapshots.

use std::time::Duration;

use cti_proto::AgentState;

/// Engine settings that [`LabConfig`](crate::lab::LabConfig) does not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CcxOptions {
    /// How long an offered call rings at an agent before it goes back to the head of its
    /// queue and the agent to NOT_READY (UCCX RONA). Default 15 s.
    pub ring_no_answer: Duration,
    /// How long wrap-up (WORK_READY / WORK_NOT_READY) lasts before the agent goes READY /
    /// NOT_READY by itself; `None` keeps the agent in wrap-up until it asks. Default 60 s.
    pub wrap_up_time: Option<Duration>,
    /// Messages queued for one CTI session; a client that lets this many pile up is
    /// closed. Default 65,536: a bridge-mode client (Finesse) gets every agent's events, and
    /// a burst of 5,000 agents acting at once overflowed 4,096.
    pub session_queue: usize,
    /// Most CTI sessions at once; further connections are closed. Default 256.
    pub max_sessions: usize,
    /// Most customer calls in the engine at once (queued or at agents). Default 10,000.
    pub max_calls: usize,
}

impl Default for CcxOptions {
    fn default() -> Self {
        Self {
            ring_no_answer: Duration::from_secs(15),
            wrap_up_time: Some(Duration::from_secs(60)),
            session_queue: 65_536,
            max_sessions: 256,
            max_calls: 10_000,
        }
    }
}

/// Why a call could not be placed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CcxError {
    /// No queue with this seed id.
    #[error("no queue {0}")]
    UnknownQueue(u32),
    /// The calling number is not a usable external number (1–32 printable characters,
    /// not an extension or route point).
    #[error("invalid calling number {0:?}")]
    InvalidAni(String),
    /// [`CcxOptions::max_calls`] calls are already in the engine.
    #[error("too many calls")]
    TooManyCalls,
    /// The switch refused the call.
    #[error("the switch refused the call: {0}")]
    Switch(String),
    /// The engine has stopped.
    #[error("the CCX engine has stopped")]
    Stopped,
}

/// A customer call that entered a queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedCall {
    /// The CTI ConnectionCallID the call carries in every event.
    pub call_id: u32,
    /// The queue (seed id).
    pub queue_id: u32,
    /// The calling number.
    pub ani: String,
    /// The route point dialled (the DNIS).
    pub dnis: String,
}

/// One agent in an [`EngineSnapshot`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentSnapshot {
    /// Login id.
    pub id: String,
    /// Extension.
    pub extension: String,
    /// CTI agent state.
    pub state: AgentState,
    /// Reason code of the state (0 if none).
    pub reason_code: u16,
    /// Time in the current state.
    pub state_duration: Duration,
    /// The queues (seed ids) the agent serves.
    pub queues: Vec<u32>,
    /// A state asked for during a call, applied when it ends.
    pub pending_state: Option<AgentState>,
    /// The ConnectionCallID of the agent's call, if any.
    pub call_id: Option<u32>,
}

/// A call in an [`EngineSnapshot`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSnapshot {
    /// ConnectionCallID.
    pub call_id: u32,
    /// The queue (seed id).
    pub queue_id: u32,
    /// Calling number.
    pub ani: String,
    /// The agent it is offered to or connected with; `None` while it waits in the queue.
    pub agent: Option<String>,
    /// How long since the call arrived.
    pub age: Duration,
}

/// Agents' states and calls, for the admin page and tests.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EngineSnapshot {
    /// Every agent and supervisor, in seed order.
    pub agents: Vec<AgentSnapshot>,
    /// Calls waiting in queues, per queue in queue order (head first).
    pub queued: Vec<CallSnapshot>,
    /// Calls offered to or connected with an agent.
    pub connected: Vec<CallSnapshot>,
    /// Open CTI sessions.
    pub sessions: usize,
}

impl EngineSnapshot {
    /// The agent with login id `id`.
    pub fn agent(&self, id: &str) -> Option<&AgentSnapshot> {
        self.agents.iter().find(|a| a.id == id)
    }
}
