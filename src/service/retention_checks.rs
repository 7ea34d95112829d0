//! The checks 30 and 180 days after a hire: an official of the household's village answers each
//! once, from its due date on; a job tells the officials when checks fall due, once per check.

use crate::domain::access::Actor;
use crate::domain::employment::retention;
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::job_retention_checks::{self, RetentionCheck};
use crate::store::{audit, Conn};
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// Records an official's answer: 404 unless the caller is an official covering the household's
/// village, 409 `not_due` before the due time, 409 `invalid_transition` once answered (the update
/// is conditional, so of two officials answering at once one wins). The audit event carries ids
/// and the answer, never the note.
pub async fn answer(
    conn: &mut Conn,
    actor: &Actor,
    id: Uuid,
    still_employed: bool,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<RetentionCheck> {
    let Actor::Official { user_id, .. } = actor else {
        return Err(ApiError::not_found("retention check"));
    };
    let user_id = *user_id;
    let check = job_retention_checks::find(conn, id)
        .await?
        .filter(|c| actor.is_official_for(&RegionCode::from_trusted(c.region_code.clone())))
        .ok_or_else(|| ApiError::not_found("retention check"))?;
    if check.answered_at.is_some() {
        return Err(answered());
    }
    if !retention::is_due(check.due_at, now) {
        return Err(ApiError::new(
            ErrorCode::NotDue,
            format!("this check falls due at {}", check.due_at.to_rfc3339()),
        )
        .with_extra("due_at", check.due_at.to_rfc3339()));
    }
    conn.transaction::<_, ApiError, _>(async |conn| {
        let c = job_retention_checks::answer(conn, check.id, still_employed, note, user_id, now)
            .await?
            .ok_or_else(answered)?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::of_code(&c.region_code),
                actor_id: Some(user_id),
                action: "job_retention.answered",
                subject_type: "job_retention_check",
                subject_id: c.id,
                details: json!({
                    "application_id": c.application_id,
                    "days_after_hire": c.days_after_hire,
                    "still_employed": still_employed,
                }),
            },
        )
        .await?;
        Ok(c)
    })
    .await
}

fn answered() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidTransition,
        "this check was answered already",
    )
}

/// Marks the checks due at `now` as told and queues the officials' mail, in one transaction, so a
/// check is told of once. Returns how many checks fell due.
pub async fn remind_due(conn: &mut Conn, now: DateTime<Utc>) -> diesel::QueryResult<usize> {
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let villages = job_retention_checks::mark_due_notified(conn, now).await?;
        if !villages.is_empty() {
            crate::mail::retention::checks_due(conn, &villages).await?;
        }
        Ok(villages.len())
    })
    .await
}
