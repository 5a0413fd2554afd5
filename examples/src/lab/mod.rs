//! The reference lab: a Finesse-style stack on loopback built from the protocol crates.
//!
//! Shared building blocks: configuration ([`LabConfig`]), the seed directory ([`Seed`]),
//! development certificates ([`DevCert`]), the credential check both Finesse and the
//! notification service use ([`CredentialCheck`]) and the channel from Finesse to the
//! notification service ([`NotificationSink`]).

pub mod admin;
mod auth;
mod batch;
pub mod ccx;
mod certs;
mod config;
pub mod cucm;
pub mod finesse;
mod listen;
pub mod load;
pub mod notify;
mod seed;
mod sink;
pub mod stack;

pub use auth::{AuthOutcome, CheckFuture, CredentialCheck, SeedCredentials};
pub use certs::{CertError, DevCert};
pub use config::{ConfigError, LabConfig, Ports};
pub use seed::{
    ReasonCategory, Seed, SeedAgent, SeedQueue, SeedReasonCode, SeedTeam, SeedWrapUpReason,
    WrapUpMode,
};
pub use sink::{NotificationSink, RecordingSink};
