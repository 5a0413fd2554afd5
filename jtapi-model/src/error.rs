//! The errors of the call model: JTAPI's exception families as one enum.

/// Why an operation was refused. Each variant is one of JTAPI's exceptions; the model is
/// unchanged when an operation returns an error (operations check everything first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JtapiError {
    /// `InvalidStateException`: an object is in the wrong state for the operation.
    #[error("invalid state: {object} is in state {state:#x}, {operation} needs {expected}")]
    InvalidState {
        /// Which object ("provider", "call", "connection", "terminal connection").
        object: &'static str,
        /// Its JTAPI numeric state (core or call-control, as named by `expected`).
        state: u16,
        /// The operation refused.
        operation: &'static str,
        /// The state(s) it needs.
        expected: &'static str,
    },
    /// `InvalidArgumentException`: an id names no live object, or an argument is malformed.
    #[error("invalid argument to {operation}: {reason}")]
    InvalidArgument {
        /// The operation refused.
        operation: &'static str,
        /// What was wrong.
        reason: &'static str,
    },
    /// `InvalidPartyException`: the digits or party cannot be reached.
    #[error("invalid party for {operation}: {reason}")]
    InvalidParty {
        /// The operation refused.
        operation: &'static str,
        /// What was wrong.
        reason: &'static str,
    },
    /// `PrivilegeViolationException`: the provider may not do this to this object (e.g.
    /// operate a terminal outside its domain).
    #[error("privilege violation in {operation}: {reason}")]
    PrivilegeViolation {
        /// The operation refused.
        operation: &'static str,
        /// What was wrong.
        reason: &'static str,
    },
    /// `ResourceUnavailableException`: a limit was reached (busy destination, full queue).
    #[error("resource unavailable for {operation}: {reason}")]
    ResourceUnavailable {
        /// The operation refused.
        operation: &'static str,
        /// What was wrong.
        reason: &'static str,
    },
    /// `MethodNotSupportedException`: this model does not implement the method here.
    #[error("method not supported: {operation}: {reason}")]
    MethodNotSupported {
        /// The operation refused.
        operation: &'static str,
        /// Why.
        reason: &'static str,
    },
}

impl JtapiError {
    /// The Java exception class this error stands for.
    pub fn exception_name(&self) -> &'static str {
        match self {
            Self::InvalidState { .. } => "InvalidStateException",
            Self::InvalidArgument { .. } => "InvalidArgumentException",
            Self::InvalidParty { .. } => "InvalidPartyException",
            Self::PrivilegeViolation { .. } => "PrivilegeViolationException",
            Self::ResourceUnavailable { .. } => "ResourceUnavailableException",
            Self::MethodNotSupported { .. } => "MethodNotSupportedException",
        }
    }
}

/// A broken model invariant found by [`Provider::check_invariants`](crate::Provider::check_invariants).
/// Seeing one is a bug in this crate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("call model invariant broken: {0}")]
pub struct InvariantViolation(pub String);
