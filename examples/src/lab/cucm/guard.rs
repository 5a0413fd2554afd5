//! The sans-IO half of the credential check: a cache of accepted credentials and Finesse's
//! lockout rule (5 consecutive wrong passwords lock the account for 5 minutes). No clock,
//! no I/O: every call takes `now`.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::time::{Duration, Instant};

use crate::lab::AuthOutcome;

/// Cache and lockout settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Consecutive wrong passwords that lock an account. Default 5 (Finesse). 0 disables
    /// the lockout.
    pub max_failures: u32,
    /// How long a lock holds. Default 5 minutes (Finesse).
    pub lock_duration: Duration,
    /// How long accepted credentials are answered from the cache. Default 5 minutes;
    /// zero disables the cache.
    pub cache_ttl: Duration,
    /// Most users tracked in each of the cache and the failure table (bounded memory under
    /// a password-spraying client). Default 10 000; beyond it the oldest entry is dropped.
    pub max_entries: usize,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            lock_duration: Duration::from_secs(5 * 60),
            cache_ttl: Duration::from_secs(5 * 60),
            max_entries: 10_000,
        }
    }
}

/// What to do with a login attempt before asking the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Precheck {
    /// The account is locked: answer [`AuthOutcome::Locked`] without asking.
    Locked {
        /// How long the lock still holds.
        remaining: Duration,
    },
    /// These exact credentials were accepted less than `cache_ttl` ago.
    Cached {
        /// The user id as the directory spells it.
        user: String,
    },
    /// Ask the directory, then report its answer with [`LoginGuard::record`].
    Ask,
}

#[derive(Debug, Clone)]
struct Failures {
    count: u32,
    last: Instant,
    locked_until: Option<Instant>,
}

#[derive(Debug, Clone)]
struct Accepted {
    password_hash: u64,
    user: String,
    until: Instant,
}

/// Cache of accepted credentials plus per-user lockout, keyed on the user id
/// (case-insensitive, as CUCM user ids are).
///
/// Passwords are never stored: the cache keeps a SipHash of the password keyed with a
/// random per-process key, and compares hashes.
///
/// Use: [`precheck`](Self::precheck); on [`Precheck::Ask`] ask the directory and pass its
/// answer to [`record`](Self::record), which returns the outcome to give the caller.
#[derive(Debug)]
pub struct LoginGuard {
    policy: LockoutPolicy,
    hasher: RandomState,
    failures: HashMap<String, Failures>,
    cache: HashMap<String, Accepted>,
}

impl LoginGuard {
    /// An empty guard.
    pub fn new(policy: LockoutPolicy) -> Self {
        Self {
            policy,
            hasher: RandomState::new(),
            failures: HashMap::new(),
            cache: HashMap::new(),
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> &LockoutPolicy {
        &self.policy
    }

    fn key(user: &str) -> String {
        user.to_lowercase()
    }

    fn hash(&self, password: &str) -> u64 {
        self.hasher.hash_one(password)
    }

    /// Decides whether an attempt is locked out, answered from the cache, or must be asked.
    pub fn precheck(&mut self, now: Instant, user: &str, password: &str) -> Precheck {
        let key = Self::key(user);
        if let Some(f) = self.failures.get(&key) {
            match f.locked_until {
                Some(until) if now < until => {
                    return Precheck::Locked {
                        remaining: until - now,
                    }
                }
                Some(_) => {
                    // The lock ran out: the streak starts again.
                    self.failures.remove(&key);
                }
                None => {}
            }
        }
        let hash = self.hash(password);
        match self.cache.get(&key) {
            Some(a) if now < a.until && a.password_hash == hash => {
                let user = a.user.clone();
                self.failures.remove(&key);
                Precheck::Cached { user }
            }
            Some(a) if now >= a.until => {
                self.cache.remove(&key);
                Precheck::Ask
            }
            _ => Precheck::Ask,
        }
    }

    /// Records the directory's answer to an attempt [`precheck`](Self::precheck) said to
    /// ask about, and returns the outcome for the caller. A rejection counts towards the
    /// lock (the attempt that reaches the limit is still [`AuthOutcome::Rejected`]; the
    /// lock holds from then on) and drops any cached acceptance of the user; an acceptance
    /// resets the count and is cached; [`AuthOutcome::Unavailable`] changes nothing.
    pub fn record(
        &mut self,
        now: Instant,
        user: &str,
        password: &str,
        answer: AuthOutcome,
    ) -> AuthOutcome {
        let key = Self::key(user);
        match &answer {
            AuthOutcome::Accepted { user: canonical } => {
                self.failures.remove(&key);
                if !self.policy.cache_ttl.is_zero() {
                    let entry = Accepted {
                        password_hash: self.hash(password),
                        user: canonical.clone(),
                        until: now + self.policy.cache_ttl,
                    };
                    make_room(&mut self.cache, &key, self.policy.max_entries, |a| {
                        (a.until <= now, a.until)
                    });
                    self.cache.insert(key, entry);
                }
            }
            AuthOutcome::Rejected => {
                self.cache.remove(&key);
                if self.policy.max_failures > 0 {
                    make_room(&mut self.failures, &key, self.policy.max_entries, |f| {
                        (f.locked_until.is_some_and(|u| u <= now), f.last)
                    });
                    let f = self.failures.entry(key).or_insert(Failures {
                        count: 0,
                        last: now,
                        locked_until: None,
                    });
                    f.count = f.count.saturating_add(1);
                    f.last = now;
                    if f.count >= self.policy.max_failures && f.locked_until.is_none() {
                        f.locked_until = Some(now + self.policy.lock_duration);
                        tracing::warn!(
                            failures = f.count,
                            lock = ?self.policy.lock_duration,
                            "account locked after consecutive wrong passwords"
                        );
                    }
                }
            }
            AuthOutcome::Locked { .. } | AuthOutcome::Unavailable(_) => {}
        }
        answer
    }

    /// Consecutive wrong passwords recorded for `user` (0 when none or after a lock ran out).
    pub fn failures(&self, now: Instant, user: &str) -> u32 {
        match self.failures.get(&Self::key(user)) {
            Some(f) if f.locked_until.is_some_and(|u| u <= now) => 0,
            Some(f) => f.count,
            None => 0,
        }
    }
}

/// Before inserting `key` into a full map, drops expired entries, then the oldest one.
/// `rank` gives (expired, age key) for an entry.
fn make_room<V, O: Ord>(
    map: &mut HashMap<String, V>,
    key: &str,
    max: usize,
    rank: impl Fn(&V) -> (bool, O),
) {
    if map.contains_key(key) || map.len() < max.max(1) {
        return;
    }
    map.retain(|_, v| !rank(v).0);
    while map.len() >= max.max(1) {
        let oldest = map
            .iter()
            .min_by(|a, b| rank(a.1).1.cmp(&rank(b.1).1))
            .map(|(k, _)| k.clone());
        match oldest {
            Some(k) => {
                map.remove(&k);
            }
            None => break,
        }
    }
}

#[cfg(test)]
// Tests start from a real instant and move it by hand.
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    fn accepted(user: &str) -> AuthOutcome {
        AuthOutcome::Accepted { user: user.into() }
    }

    fn fail(g: &mut LoginGuard, now: Instant, user: &str) {
        assert_eq!(g.precheck(now, user, "wrong"), Precheck::Ask);
        assert_eq!(
            g.record(now, user, "wrong", AuthOutcome::Rejected),
            AuthOutcome::Rejected
        );
    }

    #[test]
    fn five_wrong_passwords_lock_even_the_right_one_out() {
        let mut g = LoginGuard::new(LockoutPolicy::default());
        let t0 = Instant::now();
        for i in 0..5 {
            fail(&mut g, t0 + Duration::from_secs(i), "agent01");
        }
        let t = t0 + Duration::from_secs(10);
        assert_eq!(
            g.precheck(t, "agent01", "pw1001"),
            Precheck::Locked {
                remaining: 5 * MIN - Duration::from_secs(6)
            }
        );
        // Case does not get around it; other users are not affected.
        assert!(matches!(
            g.precheck(t, "AGENT01", "pw1001"),
            Precheck::Locked { .. }
        ));
        assert_eq!(g.precheck(t, "agent02", "pw1002"), Precheck::Ask);
    }

    #[test]
    fn four_wrong_passwords_do_not_lock() {
        let mut g = LoginGuard::new(LockoutPolicy::default());
        let t0 = Instant::now();
        for _ in 0..4 {
            fail(&mut g, t0, "agent01");
        }
        assert_eq!(g.failures(t0, "agent01"), 4);
        assert_eq!(g.precheck(t0, "agent01", "pw1001"), Precheck::Ask);
    }

    #[test]
    fn the_lock_ends_after_five_minutes_with_a_fresh_count() {
        let mut g = LoginGuard::new(LockoutPolicy::default());
        let t0 = Instant::now();
        for _ in 0..5 {
            fail(&mut g, t0, "agent01");
        }
        let almost = t0 + 5 * MIN - Duration::from_millis(1);
        assert_eq!(
            g.precheck(almost, "agent01", "pw1001"),
            Precheck::Locked {
                remaining: Duration::from_millis(1)
            }
        );
        let after = t0 + 5 * MIN;
        assert_eq!(g.failures(after, "agent01"), 0);
        assert_eq!(g.precheck(after, "agent01", "pw1001"), Precheck::Ask);
        // One more wrong password after the lock is the first of a new streak.
        fail(&mut g, after, "agent01");
        assert_eq!(g.failures(after, "agent01"), 1);
        assert_eq!(g.precheck(after, "agent01", "pw1001"), Precheck::Ask);
    }

    #[test]
    fn a_success_resets_the_count() {
        let mut g = LoginGuard::new(LockoutPolicy::default());
        let t0 = Instant::now();
        for _ in 0..4 {
            fail(&mut g, t0, "agent01");
        }
        assert_eq!(g.precheck(t0, "agent01", "pw1001"), Precheck::Ask);
        g.record(t0, "agent01", "pw1001", accepted("agent01"));
        assert_eq!(g.failures(t0, "agent01"), 0);
        for _ in 0..4 {
            fail(&mut g, t0, "agent01");
        }
        assert_eq!(g.precheck(t0, "agent01", "x"), Precheck::Ask);
    }

    #[test]
    fn accepted_credentials_are_cached_until_the_ttl() {
        let mut g = LoginGuard::new(LockoutPolicy::default());
        let t0 = Instant::now();
        assert_eq!(g.precheck(t0, "Agent01", "pw1001"), Precheck::Ask);
        assert_eq!(
            g.record(t0, "Agent01", "pw1001", accepted("agent01")),
            accepted("agent01")
        );
        let t1 = t0 + 4 * MIN;
        assert_eq!(
            g.precheck(t1, "agent01", "pw1001"),
            Precheck::Cached {
                user: "agent01".into()
            }
        );
        // Another password is never answered from the cache.
        assert_eq!(g.precheck(t1, "agent01", "pw1002"), Precheck::Ask);
        // Expired: ask again.
        assert_eq!(g.precheck(t0 + 5 * MIN, "agent01", "pw1001"), Precheck::Ask);
        assert_eq!(g.precheck(t1, "agent01", "pw1001"), Precheck::Ask);
    }

    #[test]
    fn a_lock_beats_the_cache() {
        let mut g = LoginGuard::new(LockoutPolicy::default());
        let t0 = Instant::now();
        g.record(t0, "agent01", "pw1001", accepted("agent01"));
        for _ in 0..5 {
            fail(&mut g, t0, "agent01");
        }
        assert!(matches!(
            g.precheck(t0, "agent01", "pw1001"),
            Precheck::Locked { .. }
        ));
    }

    #[test]
    fn unavailable_counts_for_nothing_and_zero_settings_disable() {
        let mut g = LoginGuard::new(LockoutPolicy {
            max_failures: 0,
            cache_ttl: Duration::ZERO,
            ..LockoutPolicy::default()
        });
        let t0 = Instant::now();
        let down = AuthOutcome::Unavailable("down".into());
        assert_eq!(g.record(t0, "a", "p", down.clone()), down);
        for _ in 0..10 {
            fail(&mut g, t0, "a");
        }
        assert_eq!(g.precheck(t0, "a", "p"), Precheck::Ask);
        g.record(t0, "a", "p", accepted("a"));
        assert_eq!(g.precheck(t0, "a", "p"), Precheck::Ask);
    }

    #[test]
    fn tables_stay_bounded() {
        let mut g = LoginGuard::new(LockoutPolicy {
            max_entries: 3,
            ..LockoutPolicy::default()
        });
        let t0 = Instant::now();
        for i in 0..10u64 {
            let now = t0 + Duration::from_secs(i);
            let user = format!("u{i}");
            fail(&mut g, now, &user);
            g.record(now, &format!("ok{i}"), "p", accepted("x"));
        }
        assert!(g.failures.len() <= 3 && g.cache.len() <= 3);
        // The newest entries survive.
        assert_eq!(g.failures(t0, "u9"), 1);
        assert_eq!(g.failures(t0, "u0"), 0);
    }
}
