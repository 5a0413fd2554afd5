//! The Finesse REST resources, one module per family.

pub(crate) mod api_errors;
pub(crate) mod dialog;
pub(crate) mod layout;
pub(crate) mod phonebook;
pub(crate) mod reason;
pub(crate) mod system_info;
pub(crate) mod team;
pub(crate) mod team_message;
pub(crate) mod user;
pub(crate) mod workflow;
