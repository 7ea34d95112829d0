//! Periodic work of accountability: revisits (回头看) falling due after confirmed deliveries, overdue
//! rectifications (整改) escalating one level every 7 days, and the daily signed checkpoint of the
//! audit chain. The jobs need settings and the signing key, so they are registered with
//! [`register`] from the configuration.

use super::{JobContext, JobError, Registry};
use crate::config::Config;
use crate::store::{audit, rectifications, revisits, Conn};
use chrono::{DateTime, Duration, Utc};
use diesel_async::AsyncConnection;
use ed25519_dalek::SigningKey;
use serde_json::{json, Value};
use std::sync::Arc;

pub const REVISITS: &str = "revisits.create";
pub const ESCALATE: &str = "rectifications.escalate";
pub const CHECKPOINT: &str = "audit.checkpoint";
pub const ESCALATE_AFTER_DAYS: i64 = 7;

/// Adds the three kinds, with the settings and the key they need.
pub fn register(registry: Registry, config: &Config) -> anyhow::Result<Registry> {
    let key = Arc::new(crate::checkpoints::load_key(config)?);
    let after = config.revisit_after;
    Ok(registry
        .register(REVISITS, move |ctx, _payload: Value| {
            run_revisits(ctx, after)
        })
        .register(ESCALATE, |ctx, _payload: Value| run_escalate(ctx))
        .register(CHECKPOINT, move |ctx, _payload: Value| {
            run_checkpoint(ctx, key.clone())
        }))
}

/// What the scheduler enqueues, and how often (each job is idempotent within its period).
pub fn schedules(every: std::time::Duration) -> [(&'static str, std::time::Duration); 3] {
    [(REVISITS, every), (ESCALATE, every), (CHECKPOINT, every)]
}

fn retry(e: impl std::fmt::Display) -> JobError {
    JobError::Retry(e.to_string())
}

async fn run_revisits(ctx: JobContext, after: Duration) -> Result<(), JobError> {
    let mut conn = ctx.pool.get().await.map_err(retry)?;
    create_revisits(&mut conn, after, ctx.clock.now())
        .await
        .map_err(retry)?;
    Ok(())
}

/// Creates the revisits due at `now`, each on the audit chain. Returns how many.
pub async fn create_revisits(
    conn: &mut Conn,
    after: Duration,
    now: DateTime<Utc>,
) -> diesel::QueryResult<usize> {
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let made = revisits::create_due(conn, after, now).await?;
        for r in &made {
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::National,
                    actor_id: None,
                    action: "revisit.due",
                    subject_type: "revisit",
                    subject_id: r.id,
                    details: json!({ "pledge_id": r.pledge_id, "region_code": r.region_code }),
                },
            )
            .await?;
        }
        Ok(made.len())
    })
    .await
}

async fn run_escalate(ctx: JobContext) -> Result<(), JobError> {
    let mut conn = ctx.pool.get().await.map_err(retry)?;
    escalate_rectifications(&mut conn, ctx.clock.now())
        .await
        .map_err(retry)?;
    Ok(())
}

/// Escalates rectifications a week overdue (or a week since their last escalation). Officials hear
/// of them through their digest ([`rectifications::overdue_count_for`]).
pub async fn escalate_rectifications(
    conn: &mut Conn,
    now: DateTime<Utc>,
) -> diesel::QueryResult<usize> {
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let raised = rectifications::escalate_due(conn, now - Duration::days(ESCALATE_AFTER_DAYS), now).await?;
        for r in &raised {
            audit::append(conn, audit::Entry {
                chain: audit::AuditChain::National,
                actor_id: None,
                action: "rectification.escalated",
                subject_type: "rectification",
                subject_id: r.id,
                details: json!({ "escalation_level": r.escalation_level, "township_code": r.township_code }),
            })
            .await?;
        }
        Ok(raised.len())
    })
    .await
}

async fn run_checkpoint(ctx: JobContext, key: Arc<SigningKey>) -> Result<(), JobError> {
    let mut conn = ctx.pool.get().await.map_err(retry)?;
    match crate::checkpoints::make(&mut conn, &key, ctx.clock.now()).await {
        Ok(Some(c)) => {
            tracing::info!(day = %c.day, last_event_id = c.last_event_id, "signed the audit checkpoint");
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(e) => {
            tracing::error!(error = %e, "no audit checkpoint signed");
            Err(JobError::Retry(e.to_string()))
        }
    }
}
