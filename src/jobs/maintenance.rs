//! Housekeeping: expired refresh tokens, old idempotency keys and finished jobs are deleted hourly.

use super::{JobContext, JobError};
use crate::store::{idempotency, jobs, refresh_tokens, Pool};
use chrono::Utc;
use serde_json::Value;
use std::time::Duration;
use tokio::sync::watch;

pub const PURGE: &str = "maintenance.purge";

pub async fn purge(ctx: JobContext, _payload: Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    let now = Utc::now();
    let retry = |e: diesel::result::Error| JobError::Retry(e.to_string());
    let tokens = refresh_tokens::purge_expired(&mut conn, now)
        .await
        .map_err(retry)?;
    let keys = idempotency::purge_older_than(&mut conn, now - chrono::Duration::hours(24))
        .await
        .map_err(retry)?;
    let done = jobs::purge_done(&mut conn, now - chrono::Duration::days(7))
        .await
        .map_err(retry)?;
    tracing::info!(tokens, keys, done, "maintenance purge");
    Ok(())
}

/// Enqueues the purge every `every` unless one is already waiting.
pub fn schedule(
    pool: Pool,
    every: Duration,
    mut shutdown: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Ok(mut conn) = pool.get().await {
                if let Ok(false) = jobs::is_queued(&mut conn, PURGE).await {
                    if let Err(e) = super::enqueue(&mut conn, PURGE, Value::Null).await {
                        tracing::warn!(error = %e, "could not schedule maintenance");
                    }
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = shutdown.changed() => break,
            }
        }
    })
}
