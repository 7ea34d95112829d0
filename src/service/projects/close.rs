//! A project ends: completed by its host (the target received and all of it spent), failed (the
//! deadline passed short of the target: by the deadline job or the host), or cancelled (by the
//! host or the village's officials, with a reason). Pledges with nothing received lapse with it.
//! Cancelling a project that received money takes two people: the first (the host or an official)
//! records a request, an official of the county who did not ask confirms it
//! ([`Decision::ConfirmCancel`]): one party alone never ends a project holding supporters' money.
//! A failed or cancelled project then takes refunds until settled. A job also lapses pledges with
//! nothing received [`PLEDGE_LAPSE_DAYS`] after they were made, through [`lapse_due`].

use super::{load_visible, record, transition_error};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::crowdfunding::money::close_refusal;
use crate::domain::crowdfunding::project::{self, ProjectAction, ProjectParty};
use crate::domain::crowdfunding::{
    cancel_needs_second_official, CloseOutcome, ProjectStatus, PLEDGE_LAPSE_DAYS,
};
use crate::domain::two_people::Decision;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::project_ledger as ledger;
use crate::store::projects::{self as store, Project, ProjectChange};
use crate::store::Conn;
use chrono::{DateTime, Duration, Utc};
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// How the caller closes a project (texts already checked: a report to complete, a reason to
/// cancel).
#[derive(Debug, Clone)]
pub struct CloseRequest {
    pub outcome: CloseOutcome,
    pub report: Option<String>,
    pub reason: Option<String>,
}

fn action_of(outcome: CloseOutcome) -> ProjectAction {
    match outcome {
        CloseOutcome::Completed => ProjectAction::Complete,
        CloseOutcome::Failed => ProjectAction::Fail,
        CloseOutcome::Cancelled => ProjectAction::Cancel,
    }
}

/// Lapses one pledge with nothing received (its project's row already locked) and gives its
/// amount back; `true` when it lapsed.
async fn lapse_locked(
    conn: &mut Conn,
    pledge_id: Uuid,
    project_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<Option<(Uuid, i64)>> {
    let Some(p) = ledger::lapse(conn, pledge_id, now).await? else {
        return Ok(None);
    };
    store::release_pledged(conn, project_id, p.amount_fen, now)
        .await?
        .ok_or_else(|| ApiError::internal("project pledged total below a pledge"))?;
    Ok(Some((p.id, p.amount_fen)))
}

/// Ends a project the caller has locked: lapses its unreceived pledges, changes its status (and
/// settles it when nothing is left to refund), then records every move.
async fn end(
    conn: &mut Conn,
    actor_id: Option<Uuid>,
    before: &Project,
    to: ProjectStatus,
    action: ProjectAction,
    req: &CloseRequest,
    now: DateTime<Utc>,
) -> ApiResult<Project> {
    let mut lapsed = Vec::new();
    for p in ledger::unreceived_of(conn, before.id).await? {
        if let Some(l) = lapse_locked(conn, p.id, before.id, now).await? {
            lapsed.push(l);
        }
    }
    let settled = to == ProjectStatus::Completed || before.totals().settled();
    let change = ProjectChange {
        status: Some(to),
        closed_by: Some(actor_id),
        closed_at: Some(Some(now)),
        close_reason: Some(req.reason.as_deref()),
        report: Some(req.report.as_deref()),
        settled_at: Some(settled.then_some(now)),
        updated_at: Some(now),
        ..ProjectChange::default()
    };
    let after = store::change(conn, before.id, before.status, &change)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidTransition,
                "the project changed meanwhile",
            )
        })?;
    record(
        conn,
        actor_id,
        action.event_kind(),
        before.id,
        json!({ "from": before.status, "to": after.status, "pledged_fen": after.pledged_fen,
            "received_fen": after.received_fen, "spent_fen": after.spent_fen,
            "refunded_fen": after.refunded_fen, "lapsed_pledges": lapsed.len(),
            "settled": after.settled_at.is_some() }),
    )
    .await?;
    for (pledge_id, amount) in lapsed {
        record(
            conn,
            actor_id,
            "project.pledge_lapsed",
            before.id,
            json!({ "pledge_id": pledge_id, "amount_fen": amount, "why": "project_closed" }),
        )
        .await?;
    }
    Ok(after)
}

/// What a close did.
pub enum Closed {
    /// The project ended.
    Ended(Project),
    /// The host or an official asked to cancel a project that received money: an official of
    /// the county who did not ask confirms.
    CancelRequested(Project),
}

/// Records a request to cancel, by the host or an official (the project's row locked).
async fn request_cancel(
    conn: &mut Conn,
    official: Uuid,
    before: &Project,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<Project> {
    let change = ProjectChange {
        cancel_requested_by: Some(Some(official)),
        cancel_requested_at: Some(Some(now)),
        cancel_request_reason: Some(reason),
        updated_at: Some(now),
        ..ProjectChange::default()
    };
    let after = store::change(conn, before.id, before.status, &change)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidTransition,
                "the project changed meanwhile",
            )
        })?;
    record(
        conn,
        Some(official),
        "project.cancel_requested",
        before.id,
        json!({ "status": before.status, "received_fen": before.received_fen }),
    )
    .await?;
    Ok(after)
}

/// `POST /projects/{id}/close`: the host completes or fails a project, the host or the village's
/// officials cancel it. Once money was received, a cancellation is a request until an official of
/// the county who did not ask confirms it (with the first one's reason).
#[tracing::instrument(skip_all, fields(user_id = %auth.id, project_id = %id))]
pub async fn close(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    req: &CloseRequest,
) -> ApiResult<Closed> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let seen = load_visible(conn, actor, id, true).await?;
        let before = &seen.project;
        let action = action_of(req.outcome);
        let parties = seen.parties(actor);
        let to = project::next_for_any(before.status, action, &parties)
            .map_err(|e| transition_error(e, before))?;
        let now = Utc::now();
        if let Some(why) = close_refusal(req.outcome, &before.totals(), before.deadline, now) {
            return Err(ApiError::new(ErrorCode::CloseNotAllowed, why));
        }
        if action == ProjectAction::Cancel && cancel_needs_second_official(before.received_fen) {
            let Some(requested_by) = before.cancel_requested_by else {
                let after = request_cancel(conn, auth.id, before, req.reason.as_deref(), now);
                return Ok(Closed::CancelRequested(after.await?));
            };
            if let Some(why) = (Decision::ConfirmCancel { requested_by }).refusal(auth.id) {
                return Err(ApiError::new(ErrorCode::SecondOfficialRequired, why));
            }
            if !parties.contains(&ProjectParty::Reviewer) {
                return Err(ApiError::forbidden(
                    "an official of the county confirms the cancellation",
                ));
            }
            let confirmed = CloseRequest {
                reason: before.cancel_request_reason.clone().or(req.reason.clone()),
                ..req.clone()
            };
            let after = end(conn, Some(auth.id), before, to, action, &confirmed, now).await?;
            record(
                conn,
                Some(auth.id),
                "project.cancel_confirmed",
                id,
                json!({ "requested_by": requested_by, "received_fen": before.received_fen }),
            )
            .await?;
            return Ok(Closed::Ended(after));
        }
        end(conn, Some(auth.id), before, to, action, req, now)
            .await
            .map(Closed::Ended)
    })
    .await
}

/// Fails up to `limit` open projects past their deadline short of their target, one transaction
/// each, skipping those in `skipped`. A project whose closing errs is logged, counted and added to
/// `skipped`, and the others go on; the next run tries it again.
#[tracing::instrument(skip_all)]
pub async fn fail_due(
    conn: &mut Conn,
    now: DateTime<Utc>,
    limit: i64,
    skipped: &mut Vec<Uuid>,
) -> ApiResult<FailRun> {
    let mut run = FailRun::default();
    while ((run.failed + run.errors) as i64) < limit {
        let mut current = None;
        let outcome = conn
            .transaction::<_, ApiError, _>(async |conn| {
                let Some(p) = store::due_to_fail(conn, now, 1, skipped).await?.pop() else {
                    return Ok(false);
                };
                current = Some(p.id);
                let to = project::next(p.status, ProjectAction::Fail, ProjectParty::System)
                    .map_err(|e| transition_error(e, &p))?;
                let req = CloseRequest {
                    outcome: CloseOutcome::Failed,
                    report: None,
                    reason: Some("deadline_passed".to_owned()),
                };
                end(conn, None, &p, to, ProjectAction::Fail, &req, now).await?;
                Ok(true)
            })
            .await;
        match (outcome, current) {
            (Ok(true), _) => run.failed += 1,
            (Ok(false), _) => break,
            (Err(e), Some(project_id)) => {
                tracing::error!(error = %e, %project_id, "a due project could not be failed");
                skipped.push(project_id);
                run.errors += 1;
            }
            // Not even the next due project could be read: nothing else would go better.
            (Err(e), None) => return Err(e),
        }
    }
    Ok(run)
}

/// What one call of [`fail_due`] did.
#[derive(Debug, Default, Clone, Copy)]
pub struct FailRun {
    /// Projects failed.
    pub failed: usize,
    /// Projects whose closing erred (skipped for the rest of the run).
    pub errors: usize,
}

/// Lapses up to `limit` pledges with nothing received [`PLEDGE_LAPSE_DAYS`] after they were
/// made, one transaction each (the project's row, then the pledge); returns how many lapsed.
#[tracing::instrument(skip_all)]
pub async fn lapse_due(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> ApiResult<usize> {
    let cutoff = now - Duration::days(PLEDGE_LAPSE_DAYS);
    let due = ledger::due_to_lapse(conn, cutoff, limit).await?;
    let mut lapsed = 0;
    for (pledge_id, project_id) in due {
        let done = conn
            .transaction::<_, ApiError, _>(async |conn| {
                if store::find_for_update(conn, project_id).await?.is_none() {
                    return Ok(false);
                }
                let Some((id, amount)) = lapse_locked(conn, pledge_id, project_id, now).await?
                else {
                    return Ok(false);
                };
                record(
                    conn,
                    None,
                    "project.pledge_lapsed",
                    project_id,
                    json!({ "pledge_id": id, "amount_fen": amount, "why": "not_received" }),
                )
                .await?;
                Ok(true)
            })
            .await?;
        if done {
            lapsed += 1;
        }
    }
    Ok(lapsed)
}
