//! Building blocks of the reference lab: configuration, the seed directory, and development
//! certificates. The services themselves (CUCM simulator, CCX engine, Finesse, notification
//! service) are assembled from the protocol crates on top of these.

mod certs;
mod config;
mod seed;

pub use certs::{CertError, DevCert};
pub use config::{ConfigError, LabConfig, Ports};
pub use seed::{
    ReasonCategory, Seed, SeedAgent, SeedQueue, SeedReasonCode, SeedTeam, SeedWrapUpReason,
    WrapUpMode,
};
