//! Login throttling: failed logins are counted per account and per client address within a sliding
//! window; past the limit, login answers 429 with `Retry-After` before any password is hashed, so an
//! attacker cannot make the server spend argon2 time either. State lives in memory (one process).

use crate::config::LoginThrottleConfig;
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
}

pub struct LoginThrottle {
    config: LoginThrottleConfig,
    failures: Mutex<HashMap<Key, VecDeque<Instant>>>,
}

impl LoginThrottle {
    pub fn new(config: LoginThrottleConfig) -> Self {
        Self {
            config,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(seconds)` when either the account or the address is over its limit.
    pub fn check(&self, account: &str, address: Option<IpAddr>, now: Instant) -> Result<(), u64> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let mut wait = 0u64;
        let mut consider = |key: Key, limit: u32| {
            if let Some(q) = map.get_mut(&key) {
                prune(q, now, self.config.window);
                if q.len() >= limit as usize {
                    if let Some(oldest) = q.front() {
                        let until = (*oldest + self.config.window).saturating_duration_since(now);
                        wait = wait.max(until.as_secs().max(1));
                    }
                }
            }
        };
        consider(
            Key::Account(account.to_owned()),
            self.config.max_failures_per_account,
        );
        if let Some(ip) = address {
            consider(Key::Address(ip), self.config.max_failures_per_address);
        }
        if wait > 0 {
            Err(wait)
        } else {
            Ok(())
        }
    }

    pub fn record_failure(&self, account: &str, address: Option<IpAddr>, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            // Bound memory under a spray of distinct accounts: drop whatever has aged out.
            let window = self.config.window;
            map.retain(|_, q| {
                prune(q, now, window);
                !q.is_empty()
            });
        }
        map.entry(Key::Account(account.to_owned()))
            .or_default()
            .push_back(now);
        if let Some(ip) = address {
            map.entry(Key::Address(ip)).or_default().push_back(now);
        }
    }

    /// A successful login clears the account's failures (not the address's).
    pub fn record_success(&self, account: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&Key::Account(account.to_owned()));
    }
}

fn prune(q: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while q
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= window)
    {
        q.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle() -> LoginThrottle {
        LoginThrottle::new(LoginThrottleConfig {
            max_failures_per_account: 3,
            max_failures_per_address: 5,
            window: Duration::from_secs(60),
        })
    }

    #[test]
    fn limits_per_account_then_releases() {
        let t = throttle();
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let start = Instant::now();
        for _ in 0..3 {
            assert!(t.check("a@x.cn", Some(ip), start).is_ok());
            t.record_failure("a@x.cn", Some(ip), start);
        }
        let wait = t.check("a@x.cn", Some(ip), start).unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(
            t.check("b@x.cn", Some(ip), start).is_ok(),
            "another account from the same address"
        );
        assert!(
            t.check("a@x.cn", Some(ip), start + Duration::from_secs(61))
                .is_ok(),
            "window passed"
        );
    }

    #[test]
    fn limits_per_address_across_accounts() {
        let t = throttle();
        let ip: IpAddr = "10.0.0.7".parse().unwrap();
        let now = Instant::now();
        for i in 0..5 {
            t.record_failure(&format!("u{i}@x.cn"), Some(ip), now);
        }
        assert!(t.check("fresh@x.cn", Some(ip), now).is_err());
        assert!(t
            .check("fresh@x.cn", Some("10.0.0.8".parse().unwrap()), now)
            .is_ok());
    }

    #[test]
    fn success_clears_account() {
        let t = throttle();
        let now = Instant::now();
        for _ in 0..3 {
            t.record_failure("a@x.cn", None, now);
        }
        t.record_success("a@x.cn");
        assert!(t.check("a@x.cn", None, now).is_ok());
    }
}
