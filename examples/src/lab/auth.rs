//! The credential check shared by the Finesse REST API and the notification service.
//!
//! Finesse authenticates an agent against CUCM with AXL `doAuthenticateUser`; the XMPP
//! notification service accepts the same credentials. Both sides of the lab call one
//! [`CredentialCheck`], so a lockout earned over REST also holds over XMPP and BOSH.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use super::Seed;

/// The result of checking one user name and password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthOutcome {
    /// The credentials are valid; the canonical user id (Finesse `loginId`) is returned.
    Accepted {
        /// The user id as the directory spells it.
        user: String,
    },
    /// Unknown user or wrong password.
    Rejected,
    /// Too many wrong passwords: the account is locked for `remaining`.
    Locked {
        /// How long the lock still holds.
        remaining: Duration,
    },
    /// The directory (AXL) could not be asked; the text says why.
    Unavailable(String),
}

/// A boxed future returned by [`CredentialCheck::check`].
pub type CheckFuture<'a> = Pin<Box<dyn Future<Output = AuthOutcome> + Send + 'a>>;

/// Checks Finesse credentials. The lab's implementation asks the CUCM simulator over AXL
/// (`doAuthenticateUser`) and caches the answer; [`SeedCredentials`] checks the seed directly.
pub trait CredentialCheck: Send + Sync + 'static {
    /// Checks `user` / `password`.
    fn check<'a>(&'a self, user: &'a str, password: &'a str) -> CheckFuture<'a>;
}

/// A [`CredentialCheck`] over the seed's passwords, without AXL, lockout or cache (tests).
#[derive(Debug, Clone)]
pub struct SeedCredentials {
    seed: Seed,
}

impl SeedCredentials {
    /// Checks against `seed`.
    pub fn new(seed: Seed) -> Self {
        Self { seed }
    }
}

impl CredentialCheck for SeedCredentials {
    fn check<'a>(&'a self, user: &'a str, password: &'a str) -> CheckFuture<'a> {
        let outcome = match self.seed.agent(user) {
            Some(agent) if agent.password == password => AuthOutcome::Accepted {
                user: agent.id.clone(),
            },
            _ => AuthOutcome::Rejected,
        };
        Box::pin(std::future::ready(outcome))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn seed_credentials_accept_the_seeded_password_only() {
        let check = SeedCredentials::new(Seed::default());
        assert_eq!(
            check.check("agent01", "pw1001").await,
            AuthOutcome::Accepted {
                user: "agent01".into()
            }
        );
        assert_eq!(check.check("agent01", "nope").await, AuthOutcome::Rejected);
        assert_eq!(check.check("nobody", "pw1001").await, AuthOutcome::Rejected);
    }
}
