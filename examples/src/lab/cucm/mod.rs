//! The CUCM simulator's AXL side: an `axl-soap` server over the seed, and the credential
//! check Finesse and the notification service use to authenticate agents through it.
//!
//! ```text
//!  Seed ──► directory::build ──► MemoryDirectory ──► AxlServer (HTTPS, Basic auth) on ports.axl_https
//!                                                        ▲
//!  Finesse / XMPP login ──► AxlCredentialCheck ──────────┘ doAuthenticateUser (+ getUser for the spelling)
//!                            (LoginGuard: cache, lockout)
//! ```
//!
//! [`start`] serves AXL at `https://<bind>:<ports.axl_https>/axl/` with the lab's
//! development certificate; [`AxlCredentialCheck`] is the lab's [`CredentialCheck`].
//!
//! ```no_run
//! use std::sync::Arc;
//! use finesse_examples::lab::cucm::{self, AxlCredentialCheck, CucmConfig, LockoutPolicy};
//! use finesse_examples::lab::{AuthOutcome, CredentialCheck, DevCert, LabConfig};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = LabConfig::default();
//! let cert = DevCert::load_or_generate(&config.data_dir, &config.host_name)?;
//! let cucm_config = CucmConfig::default();
//! let axl = cucm::start(&config, &cucm_config, &cert).await?;
//! // One check shared by Finesse and the notification service, so a lockout holds for both.
//! let check: Arc<dyn CredentialCheck> = Arc::new(AxlCredentialCheck::new(
//!     axl.axl_url(),
//!     cucm_config.app_user.clone(),
//!     cucm_config.app_password.clone(),
//!     cert.client_config()?,
//!     LockoutPolicy::default(),
//! ));
//! assert!(matches!(check.check("agent01", "pw1001").await, AuthOutcome::Accepted { .. }));
//! axl.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # What the directory holds
//!
//! For every seeded agent and supervisor:
//! - an **end user**: `userid` = the login id, first/last/display name, `mailid`
//!   `<id>@<xmpp_domain>`, `department` = the team's name, `title` `Agent` or `Supervisor`,
//!   `telephoneNumber`, `primaryExtension` and `ipccExtension` = the extension,
//!   `associatedDevices` = the phone, CTI enabled, `status` 1; the **password** is the seed's,
//!   the **PIN** is the extension (when it has at least the four digits CUCM asks for);
//! - a **phone** named `SEP` + a MAC derived from the extension: first octet `0A` (locally
//!   administered, never a vendor's), then the extension left-padded with zeros to ten digits
//!   (`1001` → `SEP0A0000001001`; see [`phone_name`]); product/model
//!   [`CucmConfig::phone_product`] (Cisco 8841), class `Phone`, SIP, device pool
//!   [`CucmConfig::device_pool`], owner = the user, one line (index 1) on the extension in
//!   the `<None>` partition;
//! - a **line** (directory number) for the extension, usage `Device`, alerting name = the
//!   user's name.
//!
//! For every queue, a **CTI route point** device `RP_<dn>` (product and class
//! `CTI Route Point`, so `listPhone` leaves it out, as CUCM lists route points with
//! `listCtiRoutePoint`) with a line on the route point's DN (8001–8003 in the default seed).
//!
//! One AXL **application user** with read/write AXL access: [`CucmConfig::app_user`] /
//! [`CucmConfig::app_password`], by default `administrator` / `ciscopsdt` like Cisco's DevNet
//! CUCM sandbox, so scripts written for the sandbox run unchanged.
//!
//! # `executeSQLQuery`
//!
//! The SQL subset is `axl-soap`'s [`MemoryDirectory`] one (extended for the lab): `SELECT
//! [SKIP n] [FIRST m] cols|* FROM t [alias] {, t [alias] | [INNER] JOIN t [alias] ON cond}
//! [WHERE cond {AND cond}] [ORDER BY col [DESC], …]`, conditions `=`, `!=`/`<>`, `LIKE`
//! between columns, `'text'` and numbers; keywords case-insensitive, trailing `;` allowed.
//! Tables (the fact sheet's data dictionary, values as text, NULL empty): `enduser`,
//! `device` (`tkclass` 1 Phone / 10 CTI Route Point, `tkdeviceprotocol` 0 SCCP / 11 SIP,
//! `fkenduser` = owner), `numplan` (`tkpatternusage` 2 = Device), `devicenumplanmap`,
//! `enduserdevicemap`, `endusernumplanmap` (`tkdnusage` 1 = primary) and `routepartition`,
//! so the usual joins work, e.g. agents and their extensions:
//!
//! ```sql
//! select e.userid, n.dnorpattern from enduser e
//!   join endusernumplanmap m on m.fkenduser = e.pkid
//!   join numplan n on n.pkid = m.fknumplan
//! ```
//!
//! The `tk*` enum values are from memory of CUCM's type tables, not from a primary source.
//! Other statements get Informix's own errors as AXL faults (-201 syntax error, -206 unknown
//! table, -217 unknown column, -324 ambiguous column). No `OR`, subqueries, functions or
//! aggregates.
//!
//! # `doAuthenticateUser`
//!
//! Right password (or PIN): `userAuthenticated` true, code 0; wrong: false, code 1; unknown
//! user: AXL fault 5007 — the choice `axl-soap` made where Cisco's documents are silent.
//! [`AxlCredentialCheck`] treats the fault as a rejection.

mod check;
mod directory;
mod guard;
mod server;

pub use check::AxlCredentialCheck;
pub use directory::{phone_name, route_point_name};
pub use guard::{LockoutPolicy, LoginGuard, Precheck};
pub use server::{axl_url_for, start, CucmConfig, CucmHandle};

#[cfg(doc)]
use crate::lab::CredentialCheck;
#[cfg(doc)]
use axl_soap::server::MemoryDirectory;
