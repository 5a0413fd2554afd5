//! Pure parse/serialise: XML elements, the stream parser, stanzas and XEP payloads.

pub(crate) mod bind;
pub(crate) mod conditions;
pub(crate) mod data_form;
pub(crate) mod disco;
pub(crate) mod element;
pub(crate) mod finesse;
pub(crate) mod jid;
pub(crate) mod limits;
pub mod ns;
pub(crate) mod payload;
pub(crate) mod pubsub;
pub(crate) mod pubsub_error;
pub(crate) mod sasl;
pub(crate) mod stanza;
pub(crate) mod stanza_error;
pub(crate) mod stream;
pub(crate) mod stream_error;
