//! SASL PLAIN over the lab's [`CredentialCheck`]: the same check (and lockout) the REST API
//! uses, for both the TCP and the BOSH transports.

use std::future::Future;
use std::sync::Arc;

use xmpp_pubsub::tokio_driver::Authenticator;
use xmpp_pubsub::{PlainCredentials, SaslCondition};

use crate::lab::{AuthOutcome, CredentialCheck};

/// Checks SASL PLAIN credentials with the lab's credential check.
///
/// Outcome → SASL (RFC 6120 §6.5): `Accepted` → success, as the directory's canonical user
/// id; `Rejected` → `not-authorized`; `Locked` → `account-disabled` ("temporarily
/// disabled", which a five-minute lockout is); `Unavailable` → `temporary-auth-failure`
/// (the directory could not be asked; trying again later may work). An `authzid` other than
/// empty or the user's own bare JID → `invalid-authzid`.
#[derive(Clone)]
pub(crate) struct Login {
    check: Arc<dyn CredentialCheck>,
    domain: String,
}

impl Login {
    pub(crate) fn new(check: Arc<dyn CredentialCheck>, domain: &str) -> Login {
        Login {
            check,
            domain: domain.to_owned(),
        }
    }

    /// The localpart of the authenticated user, or the SASL failure.
    pub(crate) async fn verify(&self, c: PlainCredentials) -> Result<String, SaslCondition> {
        let outcome = self.check.check(&c.authcid, &c.password).await;
        let user = match outcome {
            AuthOutcome::Accepted { user } => user,
            AuthOutcome::Rejected => return Err(SaslCondition::NotAuthorized),
            AuthOutcome::Locked { remaining } => {
                tracing::info!(user = %c.authcid, ?remaining, "XMPP login refused: account locked");
                return Err(SaslCondition::AccountDisabled);
            }
            AuthOutcome::Unavailable(why) => {
                tracing::warn!(user = %c.authcid, %why, "XMPP login: credential check unavailable");
                return Err(SaslCondition::TemporaryAuthFailure);
            }
        };
        let authzid_ok = c.authzid.is_empty()
            || c.authzid
                .eq_ignore_ascii_case(&format!("{user}@{}", self.domain))
            || c.authzid
                .eq_ignore_ascii_case(&format!("{}@{}", c.authcid, self.domain));
        if authzid_ok {
            Ok(user)
        } else {
            Err(SaslCondition::InvalidAuthzid)
        }
    }
}

impl Authenticator for Login {
    fn authenticate(
        &self,
        credentials: PlainCredentials,
    ) -> impl Future<Output = Result<String, SaslCondition>> + Send {
        let this = self.clone();
        async move { this.verify(credentials).await }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::lab::CheckFuture;

    struct Fixed(AuthOutcome);

    impl CredentialCheck for Fixed {
        fn check<'a>(&'a self, _: &'a str, _: &'a str) -> CheckFuture<'a> {
            Box::pin(std::future::ready(self.0.clone()))
        }
    }

    fn creds(authzid: &str) -> PlainCredentials {
        PlainCredentials {
            authzid: authzid.into(),
            authcid: "Agent01".into(),
            password: "pw".into(),
        }
    }

    async fn verify(outcome: AuthOutcome, authzid: &str) -> Result<String, SaslCondition> {
        Login::new(Arc::new(Fixed(outcome)), "lab.example")
            .verify(creds(authzid))
            .await
    }

    #[tokio::test]
    async fn outcomes_map_to_sasl_conditions() {
        let ok = AuthOutcome::Accepted {
            user: "agent01".into(),
        };
        assert_eq!(verify(ok.clone(), "").await, Ok("agent01".into()));
        assert_eq!(
            verify(ok.clone(), "agent01@lab.example").await,
            Ok("agent01".into())
        );
        assert_eq!(
            verify(ok, "agent02@lab.example").await,
            Err(SaslCondition::InvalidAuthzid)
        );
        assert_eq!(
            verify(AuthOutcome::Rejected, "").await,
            Err(SaslCondition::NotAuthorized)
        );
        let locked = AuthOutcome::Locked {
            remaining: Duration::from_secs(300),
        };
        assert_eq!(
            verify(locked, "").await,
            Err(SaslCondition::AccountDisabled)
        );
        assert_eq!(
            verify(AuthOutcome::Unavailable("down".into()), "").await,
            Err(SaslCondition::TemporaryAuthFailure)
        );
    }
}
