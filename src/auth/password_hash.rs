//! argon2id with OWASP's recommended parameters (m = 19456 KiB, t = 2, p = 1). Hashing is CPU-bound
//! (tens of milliseconds), so callers run it on the blocking pool, never on an async worker.

use crate::error::{ApiError, ErrorCode};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

fn argon2() -> Argon2<'static> {
    // The parameters are constants known to be valid; `Params::DEFAULT` is the same OWASP set.
    let params = Params::new(19_456, 2, 1, None).unwrap_or(Params::DEFAULT);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(argon2()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?
        .to_string())
}

/// Checks a password against a stored hash. A malformed stored hash counts as a mismatch.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the account does not exist, so that a login for an unknown email
/// takes as long as one for a known email and does not reveal which addresses are registered.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash(&super::random_token(24)).unwrap_or_default())
}

/// Runs [`hash`] on the blocking pool, unbounded: for the command line. The server goes through
/// [`HashLimiter`].
pub async fn hash_blocking(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash(&password)).await?
}

/// glibc raises its mmap threshold to the size of the first large block freed, so from the second
/// hash on each 19 MiB argon2 buffer comes from a per-thread arena and stays resident after the hash:
/// measured, RSS grew 19 MiB with every sequential login until every blocking thread held one
/// (benches/argon2_memory.rs: 2.9 GiB under 200 registrations). A fixed threshold keeps blocks of
/// 1 MiB and more on mmap, so each buffer goes back to the system when its hash ends.
fn return_large_allocations() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // SAFETY: mallopt only sets an allocator parameter; any value is valid for M_MMAP_THRESHOLD
            // up to 32 MiB, and a failure (0) leaves the default in place.
            let ok = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20) };
            if ok == 0 {
                tracing::warn!(
                    "mallopt(M_MMAP_THRESHOLD) failed: argon2 buffers may stay resident"
                );
            }
        });
    }
}

/// Bounds how many hashes run at once: each takes about 19 MiB, so unbounded parallel registrations
/// or logins could exhaust memory. A hash waits up to `wait` for its turn, then the request answers
/// 503 `overloaded` with `Retry-After`. The permit travels into the blocking task, so a cancelled
/// request cannot release it while its hash still runs.
pub struct HashLimiter {
    permits: std::sync::Arc<tokio::sync::Semaphore>,
    wait: std::time::Duration,
}

impl HashLimiter {
    pub fn new(max_concurrent: usize, wait: std::time::Duration) -> Self {
        return_large_allocations();
        Self {
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(max_concurrent.max(1))),
            wait,
        }
    }

    async fn permit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        let overloaded = || {
            ApiError::new(
                ErrorCode::Overloaded,
                "too many sign-ins and registrations at once; try again in a moment",
            )
            .with_retry_after(2)
        };
        match tokio::time::timeout(self.wait, self.permits.clone().acquire_owned()).await {
            Ok(Ok(p)) => Ok(p),
            _ => Err(overloaded()),
        }
    }

    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        let permit = self.permit().await?;
        tokio::task::spawn_blocking(move || {
            let h = hash(&password);
            drop(permit);
            h
        })
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
    }

    pub async fn verify(&self, password: String, stored: String) -> Result<bool, ApiError> {
        let permit = self.permit().await?;
        tokio::task::spawn_blocking(move || {
            let ok = verify(&password, &stored);
            drop(permit);
            ok
        })
        .await
        .map_err(ApiError::internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_limiter_refuses_beyond_its_wait() {
        let l = HashLimiter::new(1, std::time::Duration::from_millis(0));
        let held = l.permit().await.unwrap();
        let e = l.hash("x".repeat(12)).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Overloaded);
        assert_eq!(e.retry_after, Some(2));
        drop(held);
        assert!(l.hash("x".repeat(12)).await.is_ok());
    }

    #[test]
    fn hashes_with_owasp_parameters() {
        let h = hash("卢氏县核桃丰收了2019").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("卢氏县核桃丰收了2019", &h));
        assert!(!verify("卢氏县核桃丰收了2018", &h));
        assert!(!verify("anything", "not a hash"));
    }
}
