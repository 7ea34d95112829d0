//! A project ends: completed by its host (the target received and all of it spent), failed (the
//! deadline passed short of the target: by the deadline job or the host), or cancelled (by the
//! host or the village's officials, with a reason). Pledges with nothing received lapse with it.
//! A failed or cancelled project then takes refunds until settled. A job also lapses pledges with
//! nothing received [`PLEDGE_LAPSE_DAYS`] after they were made, through [`lapse_due`].

use super::{load_visible, record, transition_error};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::crowdfunding::money::close_refusal;
use crate::domain::crowdfunding::project::{self, ProjectAction, ProjectParty};
use crate::domain::crowdfunding::{CloseOutcome, ProjectStatus, PLEDGE_LAPSE_DAYS};
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

/// `POST /projects/{id}/close`: the host completes or fails a project, the host or the village's
/// officials cancel it.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, project_id = %id))]
pub async fn close(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    req: &CloseRequest,
) -> ApiResult<Project> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let seen = load_visible(conn, actor, id, true).await?;
        let before = &seen.project;
        let action = action_of(req.outcome);
        let to = project::next_for_any(before.status, action, &seen.parties(actor))
            .map_err(|e| transition_error(e, before))?;
        let now = Utc::now();
        if let Some(why) = close_refusal(req.outcome, &before.totals(), before.deadline, now) {
            return Err(ApiError::new(ErrorCode::CloseNotAllowed, why));
        }
        end(conn, Some(auth.id), before, to, action, req, now).await
    })
    .await
}

/// Fails up to `limit` open projects past their deadline short of their target, one transaction
/// each; returns how many failed.
#[tracing::instrument(skip_all)]
pub async fn fail_due(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> ApiResult<usize> {
    let mut failed = 0;
    while (failed as i64) < limit {
        let done = conn
            .transaction::<_, ApiError, _>(async |conn| {
                let Some(p) = store::due_to_fail(conn, now, 1).await?.pop() else {
                    return Ok(false);
                };
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
            .await?;
        if !done {
            break;
        }
        failed += 1;
    }
    Ok(failed)
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
