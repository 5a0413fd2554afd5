//! The finesse-rs reference stack and demos (binaries under `src/bin/`: `finesse-lab`, the
//! stack; `lab-load`, its load tool; `cti-demo`).
//!
//! [`lab`] is the stack: the CUCM simulator ([`lab::cucm`], AXL), the CCX engine
//! ([`lab::ccx`], JTAPI switch, router, CTI Server), Finesse ([`lab::finesse`], REST, CTI
//! client) and its notification service ([`lab::notify`], XMPP and BOSH), the call
//! generator ([`lab::admin`]), all started together by [`lab::stack::RunningStack`], plus
//! what they share: the configuration (ports, data directory, seed; TOML-overridable,
//! working defaults with no file), the seed directory of agents, teams, queues and codes,
//! self-signed development certificates generated on first run, the credential check and
//! the notification sink.
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
