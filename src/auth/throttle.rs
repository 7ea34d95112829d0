//! Throttles: attempts counted per key (account, client address) within a sliding window. An attempt
//! is counted *before* the work it guards (argon2), in the same step as the check under one lock, so
//! parallel attempts cannot all pass the check before any of them is counted. Past the limit the
//! caller answers 429 with `Retry-After` without hashing anything. State lives in memory (one process).

use crate::config::{LoginThrottleConfig, RegisterThrottleConfig};
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
}

/// Sliding windows of attempt times, one per key.
struct Windows {
    window: Duration,
    attempts: Mutex<HashMap<Key, VecDeque<Instant>>>,
}

impl Windows {
    fn new(window: Duration) -> Self {
        Self {
            window,
            attempts: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one attempt under every key, or under none when any key is at its limit (then
    /// `Err(seconds until the earliest slot frees)`).
    fn take(&self, keys: &[(Key, u32)], now: Instant) -> Result<(), u64> {
        let mut map = self.attempts.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            // Bound memory under a spray of distinct keys: drop whatever has aged out.
            let window = self.window;
            map.retain(|_, q| {
                prune(q, now, window);
                !q.is_empty()
            });
        }
        let mut wait = 0u64;
        for (key, limit) in keys {
            if let Some(q) = map.get_mut(key) {
                prune(q, now, self.window);
                if q.len() >= *limit as usize {
                    let oldest = q.front().copied().unwrap_or(now);
                    let until = (oldest + self.window).saturating_duration_since(now);
                    wait = wait.max(until.as_secs().max(1));
                }
            }
        }
        if wait > 0 {
            return Err(wait);
        }
        for (key, _) in keys {
            map.entry(key.clone()).or_default().push_back(now);
        }
        Ok(())
    }

    /// Takes back the attempt counted at `at` under `key`.
    fn give_back(&self, key: &Key, at: Instant) {
        let mut map = self.attempts.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(q) = map.get_mut(key) {
            if let Some(i) = q.iter().rposition(|t| *t == at) {
                q.remove(i);
            }
        }
    }

    fn clear(&self, key: &Key) {
        let mut map = self.attempts.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(key);
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

/// Login attempts, per account and per client address (the real client behind a trusted proxy,
/// IPv6 by /64): the account limit stops guessing one password from many addresses, the address
/// limit stops one client spraying many accounts, and neither blocks other clients of a shared proxy.
pub struct LoginThrottle {
    config: LoginThrottleConfig,
    windows: Windows,
}

/// One counted login attempt; hand it back with [`LoginThrottle::succeeded`] when the password was right.
#[must_use]
pub struct Reservation {
    account: String,
    address: Option<IpAddr>,
    at: Instant,
}

impl LoginThrottle {
    pub fn new(config: LoginThrottleConfig) -> Self {
        Self {
            config,
            windows: Windows::new(config.window),
        }
    }

    /// Counts the attempt, or `Err(seconds)` when the account or the address is at its limit.
    pub fn reserve(
        &self,
        account: &str,
        address: Option<IpAddr>,
        now: Instant,
    ) -> Result<Reservation, u64> {
        let mut keys = vec![(
            Key::Account(account.to_owned()),
            self.config.max_failures_per_account,
        )];
        if let Some(ip) = address {
            keys.push((Key::Address(ip), self.config.max_failures_per_address));
        }
        self.windows.take(&keys, now)?;
        Ok(Reservation {
            account: account.to_owned(),
            address,
            at: now,
        })
    }

    /// A successful login clears the account's failures and does not count against the address.
    pub fn succeeded(&self, r: Reservation) {
        self.windows.clear(&Key::Account(r.account));
        if let Some(ip) = r.address {
            self.windows.give_back(&Key::Address(ip), r.at);
        }
    }
}

/// Registrations per client address.
pub struct RegisterThrottle {
    config: RegisterThrottleConfig,
    windows: Windows,
}

impl RegisterThrottle {
    pub fn new(config: RegisterThrottleConfig) -> Self {
        Self {
            config,
            windows: Windows::new(config.window),
        }
    }

    /// Counts the attempt, or `Err(seconds)`. Without an address there is nothing to key on.
    pub fn reserve(&self, address: Option<IpAddr>, now: Instant) -> Result<(), u64> {
        match address {
            Some(ip) => self
                .windows
                .take(&[(Key::Address(ip), self.config.max_per_address)], now),
            None => Ok(()),
        }
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
            let _ = t.reserve("a@x.cn", Some(ip), start).unwrap();
        }
        let wait = t.reserve("a@x.cn", Some(ip), start).err().unwrap();
        assert!((1..=60).contains(&wait));
        assert!(
            t.reserve("b@x.cn", Some(ip), start).is_ok(),
            "another account from the same address"
        );
        assert!(
            t.reserve("a@x.cn", Some(ip), start + Duration::from_secs(61))
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
            let _ = t.reserve(&format!("u{i}@x.cn"), Some(ip), now).unwrap();
        }
        assert!(t.reserve("fresh@x.cn", Some(ip), now).is_err());
        assert!(t
            .reserve("fresh@x.cn", Some("10.0.0.8".parse().unwrap()), now)
            .is_ok());
    }

    #[test]
    fn success_clears_account_and_is_not_counted_for_the_address() {
        let t = throttle();
        let ip: IpAddr = "10.0.0.9".parse().unwrap();
        let now = Instant::now();
        for _ in 0..2 {
            let _ = t.reserve("a@x.cn", Some(ip), now).unwrap();
        }
        let ok = t.reserve("a@x.cn", Some(ip), now).unwrap();
        t.succeeded(ok);
        assert!(t.reserve("a@x.cn", None, now).is_ok());
        for _ in 0..20 {
            let r = t.reserve("b@x.cn", Some(ip), now).unwrap();
            t.succeeded(r);
        }
    }

    #[test]
    fn a_refused_attempt_counts_nowhere() {
        let t = throttle();
        let ip: IpAddr = "10.0.0.10".parse().unwrap();
        let now = Instant::now();
        for _ in 0..3 {
            let _ = t.reserve("a@x.cn", Some(ip), now).unwrap();
        }
        assert!(t.reserve("a@x.cn", Some(ip), now).is_err());
        // Two more free slots remain for the address: the refused one was not counted there.
        assert!(t.reserve("b@x.cn", Some(ip), now).is_ok());
        assert!(t.reserve("c@x.cn", Some(ip), now).is_ok());
        assert!(t.reserve("d@x.cn", Some(ip), now).is_err());
    }
}
