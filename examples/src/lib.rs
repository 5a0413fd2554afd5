//! The finesse-rs reference stack and demos (binaries under `src/bin/`).
//!
//! [`lab`] holds what every part of the reference lab shares: the configuration (ports,
//! data directory, seed; TOML-overridable, working defaults with no file), the seed
//! directory of agents, teams, queues and codes, and self-signed development certificates
//! generated on first run.
//!
//! ```
//! use finesse_examples::lab::LabConfig;
//!
//! let config = LabConfig::from_toml("[ports]\ncti = 12018\n", "lab.toml".as_ref())?;
//! assert_eq!(config.ports.cti, 12018);
//! assert_eq!(config.ports.bosh_https, 7443);
//! assert!(config.seed.agent("agent01").is_some());
//! # Ok::<(), finesse_examples::lab::ConfigError>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod lab;
