//! A small in-process cache of the public figures, and the bound on what computing them may cost.
//! Public figures are read by anyone and each computation scans a region's needs, pledges and
//! complaints, so: answers live for [`TTL`] per region; at most [`CAPACITY`] regions are kept (the
//! expired first, then the oldest, make room); and at most [`COMPUTING`] computations run at once,
//! whatever the number of requests — the others wait for a turn and then usually find the answer
//! cached.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, SemaphorePermit};

/// How long a region's figures are served from the cache.
pub const TTL: Duration = Duration::from_secs(60);
/// How many regions' figures are kept at most.
pub const CAPACITY: usize = 512;
/// How many figure computations may run at once.
pub const COMPUTING: usize = 2;
/// How long a request waits for its turn to compute before it is told to come back.
pub const WAIT: Duration = Duration::from_secs(10);

pub struct Cache<V> {
    entries: Mutex<HashMap<String, (Instant, V)>>,
    ttl: Duration,
    capacity: usize,
    permits: Semaphore,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// Counters for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub entries: usize,
    pub hits: u64,
    pub misses: u64,
}

impl<V: Clone> Default for Cache<V> {
    fn default() -> Self {
        Self::new(TTL, CAPACITY, COMPUTING)
    }
}

impl<V: Clone> Cache<V> {
    pub fn new(ttl: Duration, capacity: usize, computing: usize) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            ttl,
            capacity: capacity.max(1),
            permits: Semaphore::new(computing.max(1)),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, V)>> {
        // A panic while holding the lock leaves a usable map: entries are whole values.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The fresh value of `key`, counting a hit or a miss.
    pub fn get(&self, key: &str) -> Option<V> {
        let found = self
            .lock()
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone());
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// The fresh value of `key` without counting (a second look after waiting for a turn).
    pub fn peek(&self, key: &str) -> Option<V> {
        self.lock()
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    /// Keeps `value` for `key`, making room when full: expired entries go first, then the oldest.
    pub fn insert(&self, key: String, value: V) {
        let mut map = self.lock();
        if !map.contains_key(&key) && map.len() >= self.capacity {
            let ttl = self.ttl;
            map.retain(|_, (at, _)| at.elapsed() < ttl);
            if map.len() >= self.capacity {
                let oldest = map
                    .iter()
                    .min_by_key(|(_, (at, _))| *at)
                    .map(|(k, _)| k.clone());
                if let Some(k) = oldest {
                    map.remove(&k);
                }
            }
        }
        map.insert(key, (Instant::now(), value));
    }

    /// A turn to compute, or `None` after waiting [`WAIT`].
    pub async fn turn(&self) -> Option<SemaphorePermit<'_>> {
        tokio::time::timeout(WAIT, self.permits.acquire())
            .await
            .ok()?
            .ok()
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            entries: self.lock().len(),
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_value_is_served_and_counted() {
        let c: Cache<u32> = Cache::default();
        assert_eq!(c.get("41"), None);
        c.insert("41".into(), 7);
        assert_eq!(c.get("41"), Some(7));
        assert_eq!(
            c.stats(),
            CacheStats {
                entries: 1,
                hits: 1,
                misses: 1
            }
        );
    }

    #[test]
    fn values_expire() {
        let c: Cache<u32> = Cache::new(Duration::from_millis(20), 4, 1);
        c.insert("41".into(), 7);
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(c.get("41"), None);
        assert_eq!(c.peek("41"), None);
    }

    #[test]
    fn the_cache_is_bounded_and_drops_the_oldest() {
        let c: Cache<usize> = Cache::new(Duration::from_secs(60), 3, 1);
        for i in 0..10 {
            c.insert(format!("k{i}"), i);
            assert!(c.stats().entries <= 3);
        }
        assert_eq!(c.stats().entries, 3);
        assert_eq!(c.peek("k9"), Some(9));
        assert_eq!(c.peek("k0"), None);
        // Replacing a kept key needs no room.
        c.insert("k9".into(), 99);
        assert_eq!(c.peek("k8"), Some(8));
        assert_eq!(c.peek("k9"), Some(99));
    }

    #[test]
    fn expired_entries_make_room_first() {
        let c: Cache<usize> = Cache::new(Duration::from_millis(20), 2, 1);
        c.insert("a".into(), 1);
        std::thread::sleep(Duration::from_millis(30));
        c.insert("b".into(), 2);
        c.insert("c".into(), 3);
        assert_eq!(c.stats().entries, 2);
        assert_eq!(c.peek("b"), Some(2));
    }

    #[tokio::test]
    async fn turns_are_bounded() {
        let c: Cache<u32> = Cache::new(Duration::from_secs(60), 2, 1);
        let first = c.turn().await;
        assert!(first.is_some());
        assert!(c.permits.try_acquire().is_err());
        drop(first);
        assert!(c.turn().await.is_some());
    }
}
