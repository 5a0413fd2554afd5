//! Finesse's documented rules as code: the agent state machine, participant actions,
//! the CTI → Dialog mapping, request validation and the error catalogue.

pub(crate) mod agent;
pub(crate) mod cti;
pub(crate) mod errors;
pub(crate) mod participant;
pub(crate) mod validate;
