//! Sans-IO state machines: the PubSub service and the c2s session.

pub(crate) mod c2s;
pub(crate) mod node;
pub(crate) mod service;
