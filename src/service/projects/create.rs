//! Proposing a project (an official of its village) and reviewing it (a county official other than
//! the proposer, under the rule of two people).

use super::{load_visible, record, transition_error, Seen};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::crowdfunding::fields::ProjectContent;
use crate::domain::crowdfunding::project::{self, ProjectAction};
use crate::domain::two_people::Decision;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::store::projects::{self as store, NewBudgetLine, NewProject, Project, ProjectChange};
use crate::store::{organizations, regions, Conn};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// The host must be a verified social organization (422-style field error otherwise, the same
/// answer for a missing one, so ids cannot be probed for more).
async fn check_host(conn: &mut Conn, id: Uuid) -> ApiResult<()> {
    let eligible = organizations::find(conn, id)
        .await?
        .is_some_and(|o| o.kind == "social_org" && o.verified_at.is_some());
    if eligible {
        return Ok(());
    }
    Err(ApiError::validation(vec![FieldError::new(
        "host_organization_id",
        "host_not_eligible",
        "the host must be a verified social organization",
    )]))
}

/// An official whose jurisdiction covers the village proposes a project: `pending_review`.
#[tracing::instrument(skip_all, fields(user_id = %auth.id))]
pub async fn create(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    content: &ProjectContent,
) -> ApiResult<Project> {
    if !matches!(actor, Actor::Official { .. }) {
        return Err(ApiError::forbidden(
            "a village's officials propose projects",
        ));
    }
    if !actor.is_official_for(&content.region_code) {
        return Err(ApiError::forbidden(
            "the village is outside your jurisdiction",
        ));
    }
    if regions::find(conn, &content.region_code).await?.is_none() {
        return Err(ApiError::validation(vec![FieldError::new(
            "region_code",
            "unknown_region",
            "no such region",
        )]));
    }
    check_host(conn, content.host_organization_id).await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let now = Utc::now();
        let id = Uuid::new_v4();
        let lines: Vec<NewBudgetLine> = content
            .budget
            .iter()
            .enumerate()
            .map(|(i, (item, amount))| NewBudgetLine {
                id: Uuid::new_v4(),
                project_id: id,
                position: i32::try_from(i).unwrap_or(i32::MAX),
                item,
                amount_fen: *amount,
            })
            .collect();
        let p = store::insert(
            conn,
            &NewProject {
                id,
                title: &content.title,
                description: &content.description,
                region_code: content.region_code.as_str(),
                proposed_by: auth.id,
                host_organization_id: content.host_organization_id,
                target_fen: content.target_fen,
                deadline: content.deadline,
                created_at: now,
                updated_at: now,
            },
            &lines,
        )
        .await?;
        let line_ids: Vec<Uuid> = lines.iter().map(|l| l.id).collect();
        let amounts: Vec<i64> = lines.iter().map(|l| l.amount_fen).collect();
        record(
            conn,
            Some(auth.id),
            "project.proposed",
            p.id,
            json!({ "region_code": p.region_code, "host_organization_id": p.host_organization_id,
                "target_fen": p.target_fen, "deadline": p.deadline,
                "budget_line_ids": line_ids, "budget_amounts_fen": amounts }),
        )
        .await?;
        Ok(p)
    })
    .await
}

/// A review's decision.
#[derive(Debug, Clone, Copy)]
pub enum Review<'a> {
    Approve,
    /// A rejection carries its reason.
    Reject {
        reason: &'a str,
    },
}

/// A county official (or above, covering the village) other than the proposer approves or rejects
/// a project waiting for review. An approval needs the deadline still ahead.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, project_id = %id))]
pub async fn review(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    decision: Review<'_>,
) -> ApiResult<Project> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let seen: Seen = load_visible(conn, actor, id, true).await?;
        let before = &seen.project;
        let (action, reason) = match decision {
            Review::Approve => (ProjectAction::Approve, None),
            Review::Reject { reason } => (ProjectAction::Reject, Some(reason)),
        };
        let to = project::next_for_any(before.status, action, &seen.parties(actor))
            .map_err(|e| transition_error(e, before))?;
        let rule = Decision::ReviewProject {
            proposed_by: before.proposed_by,
        };
        if let Some(why) = rule.refusal(auth.id) {
            return Err(ApiError::new(ErrorCode::SecondOfficialRequired, why));
        }
        let now = Utc::now();
        if action == ProjectAction::Approve && before.deadline <= now {
            return Err(ApiError::new(
                ErrorCode::DeadlinePassed,
                "the project's deadline has passed: it can only be rejected",
            ));
        }
        // The host may have lost its verification since the proposal: checked again at approval.
        if action == ProjectAction::Approve {
            check_host(conn, before.host_organization_id).await?;
        }
        let change = ProjectChange {
            status: Some(to),
            reviewed_by: Some(Some(auth.id)),
            reviewed_at: Some(Some(now)),
            approved_at: Some((action == ProjectAction::Approve).then_some(now)),
            rejection_reason: Some(reason),
            updated_at: Some(now),
            ..ProjectChange::default()
        };
        let after = store::change(conn, id, before.status, &change)
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidTransition,
                    "the project changed meanwhile",
                )
            })?;
        record(
            conn,
            Some(auth.id),
            action.event_kind(),
            id,
            json!({ "from": before.status, "to": after.status }),
        )
        .await?;
        Ok(after)
    })
    .await
}
