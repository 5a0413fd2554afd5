//! [`AxlCredentialCheck`]: the lab's [`CredentialCheck`], asking CUCM over AXL.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axl_soap::client::{AxlClient, ClientError};
use axl_soap::{DoAuthenticateUserReq, GetUserReq, ReturnedTags};

use super::guard::{LockoutPolicy, LoginGuard, Precheck};
use crate::lab::{AuthOutcome, CheckFuture, CredentialCheck};

/// Time allowed for one AXL exchange before the directory counts as unavailable.
const AXL_TIMEOUT: Duration = Duration::from_secs(10);

/// Authenticates agents as UCCX does: AXL `doAuthenticateUser` against CUCM over HTTPS,
/// with a cache of accepted credentials and Finesse's lockout (see [`LockoutPolicy`]).
///
/// `userAuthenticated` false and AXL fault 5007 (unknown user) are rejections; anything
/// else going wrong (connection refused, TLS, timeout, 401 for the application user,
/// other faults) is [`AuthOutcome::Unavailable`], which neither locks nor caches. After an
/// acceptance the user id is read back with `getUser`, so [`AuthOutcome::Accepted`]
/// carries the directory's spelling.
#[derive(Debug)]
pub struct AxlCredentialCheck {
    client: Result<AxlClient, String>,
    guard: Mutex<LoginGuard>,
}

impl AxlCredentialCheck {
    /// Checks against the AXL endpoint `axl_url` (e.g. `https://127.0.0.1:8443/axl/`),
    /// authenticating to it as `app_user` / `app_password`, over `tls` (e.g.
    /// [`DevCert::client_config`](crate::lab::DevCert::client_config)).
    ///
    /// A URL the client refuses is not an error here: every check then answers
    /// [`AuthOutcome::Unavailable`] naming it.
    pub fn new(
        axl_url: String,
        app_user: String,
        app_password: String,
        tls: Arc<rustls::ClientConfig>,
        policy: LockoutPolicy,
    ) -> Self {
        let client = AxlClient::builder(axl_url, app_user, app_password)
            .tls(tls)
            .timeout(AXL_TIMEOUT)
            .retries(1, Duration::from_secs(2))
            .build()
            .map_err(|e| e.to_string());
        if let Err(e) = &client {
            tracing::error!(error = %e, "AXL credential check cannot reach CUCM");
        }
        Self {
            client,
            guard: Mutex::new(LoginGuard::new(policy)),
        }
    }

    fn guard(&self) -> std::sync::MutexGuard<'_, LoginGuard> {
        self.guard
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    async fn ask(&self, user: &str, password: &str) -> AuthOutcome {
        let client = match &self.client {
            Ok(c) => c,
            Err(e) => return AuthOutcome::Unavailable(e.clone()),
        };
        let request = DoAuthenticateUserReq {
            userid: user.to_owned(),
            password: Some(password.to_owned()),
            pin: None,
        };
        match client.call(request).await {
            Ok(res) if res.user_authenticated => AuthOutcome::Accepted {
                user: canonical_userid(client, user).await,
            },
            Ok(_) => AuthOutcome::Rejected,
            Err(e) if e.axl_code() == Some(5007) => AuthOutcome::Rejected,
            Err(e) => {
                tracing::warn!(error = %e, "AXL doAuthenticateUser failed");
                AuthOutcome::Unavailable(unavailable_reason(&e))
            }
        }
    }
}

/// The user id as CUCM spells it (`getUser`), or `user` when that cannot be read.
async fn canonical_userid(client: &AxlClient, user: &str) -> String {
    let request = GetUserReq {
        userid: Some(user.to_owned()),
        returned_tags: Some(ReturnedTags::of(["userid"])),
        ..Default::default()
    };
    match client.call(request).await {
        Ok(res) => res.user.userid.unwrap_or_else(|| user.to_owned()),
        Err(e) => {
            tracing::debug!(error = %e, "getUser after doAuthenticateUser failed");
            user.to_owned()
        }
    }
}

fn unavailable_reason(e: &ClientError) -> String {
    match e {
        ClientError::Unauthorized => {
            "AXL refused the application user's credentials (401)".to_owned()
        }
        other => format!("AXL: {other}"),
    }
}

impl CredentialCheck for AxlCredentialCheck {
    fn check<'a>(&'a self, user: &'a str, password: &'a str) -> CheckFuture<'a> {
        Box::pin(async move {
            if user.is_empty() || password.is_empty() {
                return AuthOutcome::Rejected;
            }
            let pre = self.guard().precheck(now(), user, password);
            match pre {
                Precheck::Locked { remaining } => AuthOutcome::Locked { remaining },
                Precheck::Cached { user } => AuthOutcome::Accepted { user },
                Precheck::Ask => {
                    let answer = self.ask(user, password).await;
                    self.guard().record(now(), user, password, answer)
                }
            }
        })
    }
}

/// The one place the credential check reads the clock.
#[allow(clippy::disallowed_methods)]
fn now() -> Instant {
    Instant::now()
}
