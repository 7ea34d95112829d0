//! Money on the ledger: a supporter pledges, the host records what it received against a pledge,
//! and, once a project failed or was cancelled, what it refunded. Each amount moves the project's
//! total and the pledge's by conditional updates (project first, then pledge), so concurrent
//! requests never push a total past its limit.

use super::{ensure_open, load_as_host, load_visible, record};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::crowdfunding::{self, ProjectPledgeStatus, ProjectStatus};
use crate::domain::Role;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::project_ledger::{
    self as ledger, NewProjectPledge, NewReceipt, NewRefund, ProjectPledge, Receipt, Refund,
};
use crate::store::projects as store;
use crate::store::Conn;
use chrono::{NaiveDate, Utc};
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// A pledge as asked for (amount and message already checked).
#[derive(Debug, Clone)]
pub struct PledgeInput {
    pub amount_fen: i64,
    pub message: String,
    pub anonymous: bool,
}

/// A donor, enterprise or social organization pledges to an open project before its deadline;
/// pledges never add up to more than the target (409 `exceeds_target`, with what is left).
#[tracing::instrument(skip_all, fields(user_id = %auth.id, project_id = %id))]
pub async fn pledge(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    input: &PledgeInput,
) -> ApiResult<ProjectPledge> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let seen = load_visible(conn, actor, id, false).await?;
        if !matches!(
            actor,
            Actor::Supporter {
                role: Role::Donor | Role::Enterprise | Role::SocialOrg,
                ..
            }
        ) {
            return Err(ApiError::forbidden(
                "donors, enterprises and social organizations pledge",
            ));
        }
        if seen.is_host {
            return Err(ApiError::forbidden(
                "the host organization does not pledge to its own project",
            ));
        }
        crate::service::require_verified_email(conn, auth.id).await?;
        ensure_open(&seen.project)?;
        let now = Utc::now();
        if seen.project.deadline <= now {
            return Err(ApiError::new(
                ErrorCode::DeadlinePassed,
                "the project's deadline has passed",
            ));
        }
        // Under the project's lock, so one supporter's parallel pledges are counted together.
        store::find_for_update(conn, id).await?;
        let verified = crate::service::organization_of(conn, auth.id).await?;
        if !matches!(verified, Some((_, true))) {
            let unpaid = ledger::unpaid_of_supporter(conn, id, auth.id).await?;
            let limit = crowdfunding::unpaid_limit_fen(seen.project.target_fen);
            if unpaid + input.amount_fen > limit {
                return Err(ApiError::new(
                    ErrorCode::UnpaidLimit,
                    format!(
                        "you hold {unpaid} fen pledged and not yet received here; until the host \
                         records it, at most {limit} fen may wait"
                    ),
                )
                .with_extra("remaining_fen", (limit - unpaid).max(0)));
            }
        }
        let Some(after) = store::add_pledged(conn, id, input.amount_fen, now).await? else {
            let p = store::find(conn, id)
                .await?
                .ok_or_else(|| ApiError::not_found("project"))?;
            ensure_open(&p)?;
            return Err(ApiError::new(
                ErrorCode::ExceedsTarget,
                format!(
                    "pledges may add up to the target: {} fen are left",
                    p.totals().pledge_room()
                ),
            )
            .with_extra("remaining_fen", p.totals().pledge_room()));
        };
        let row = ledger::insert_pledge(
            conn,
            &NewProjectPledge {
                id: Uuid::new_v4(),
                project_id: id,
                supporter_id: auth.id,
                amount_fen: input.amount_fen,
                message: &input.message,
                anonymous: input.anonymous,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        crate::mail::projects::pledge_received(conn, &after, &row).await?;
        record(
            conn,
            Some(auth.id),
            "project.pledged",
            id,
            json!({ "pledge_id": row.id, "amount_fen": row.amount_fen,
                "pledged_fen": after.pledged_fen }),
        )
        .await?;
        Ok(row)
    })
    .await
}

/// A pledge of the project, or a field error naming `pledge_id`.
async fn pledge_of(conn: &mut Conn, project_id: Uuid, pledge_id: Uuid) -> ApiResult<ProjectPledge> {
    ledger::find_pledge(conn, project_id, pledge_id)
        .await?
        .ok_or_else(|| {
            ApiError::validation(vec![crate::error::FieldError::new(
                "pledge_id",
                "unknown_pledge",
                "no such pledge on this project",
            )])
        })
}

/// The host records money received against a pledge of an open project: never more than the
/// pledge (409 `exceeds_pledge`), nor against a lapsed pledge.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, project_id = %id))]
pub async fn receipt(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    pledge_id: Uuid,
    amount_fen: i64,
    received_on: NaiveDate,
) -> ApiResult<Receipt> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let project = load_as_host(conn, actor, id, true).await?;
        ensure_open(&project)?;
        let p = pledge_of(conn, id, pledge_id).await?;
        let now = Utc::now();
        let exceeds = |p: &ProjectPledge| {
            ApiError::new(
                ErrorCode::ExceedsPledge,
                if p.status == ProjectPledgeStatus::Lapsed {
                    "the pledge lapsed: nothing more is recorded against it".to_owned()
                } else {
                    format!(
                        "the pledge has {} fen left to receive",
                        p.amount_fen - p.received_fen
                    )
                },
            )
            .with_extra("remaining_fen", p.amount_fen - p.received_fen)
        };
        if p.status == ProjectPledgeStatus::Lapsed || p.received_fen + amount_fen > p.amount_fen {
            return Err(exceeds(&p));
        }
        let after = store::add_received(conn, id, amount_fen, now)
            .await?
            .ok_or_else(|| exceeds(&p))?;
        let pledge = ledger::add_pledge_received(conn, id, pledge_id, amount_fen, now)
            .await?
            .ok_or_else(|| exceeds(&p))?;
        let row = ledger::insert_receipt(
            conn,
            &NewReceipt {
                id: Uuid::new_v4(),
                project_id: id,
                pledge_id,
                amount_fen,
                received_on,
                recorded_by: auth.id,
                created_at: now,
            },
        )
        .await?;
        record(
            conn,
            Some(auth.id),
            "project.received",
            id,
            json!({ "receipt_id": row.id, "pledge_id": pledge_id, "amount_fen": amount_fen,
                "pledge_received_fen": pledge.received_fen, "received_fen": after.received_fen }),
        )
        .await?;
        Ok(row)
    })
    .await
}

/// The host records a refund against a pledge of a failed or cancelled project: never more than
/// was received from the pledge, nor than the balance; the refund that brings the balance to zero
/// settles the project (`project.settled`).
#[tracing::instrument(skip_all, fields(user_id = %auth.id, project_id = %id))]
pub async fn refund(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    pledge_id: Uuid,
    amount_fen: i64,
    refunded_on: NaiveDate,
) -> ApiResult<Refund> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let project = load_as_host(conn, actor, id, true).await?;
        if !ProjectStatus::REFUNDING.contains(&project.status) {
            return Err(ApiError::new(
                ErrorCode::NotRefunding,
                format!(
                    "refunds are recorded once a project failed or was cancelled; it is {}",
                    project.status
                ),
            )
            .with_extra("project_status", project.status.as_str()));
        }
        let p = pledge_of(conn, id, pledge_id).await?;
        let balance = project.totals().balance();
        let left = (p.received_fen - p.refunded_fen).min(balance);
        let exceeds = || {
            ApiError::new(
                ErrorCode::ExceedsPledge,
                format!("at most {left} fen can be refunded against this pledge"),
            )
            .with_extra("remaining_fen", left)
        };
        if amount_fen > left {
            return Err(exceeds());
        }
        let now = Utc::now();
        let after = store::add_refunded(conn, id, amount_fen, now)
            .await?
            .ok_or_else(exceeds)?;
        let pledge = ledger::add_pledge_refunded(conn, id, pledge_id, amount_fen, now)
            .await?
            .ok_or_else(exceeds)?;
        let row = ledger::insert_refund(
            conn,
            &NewRefund {
                id: Uuid::new_v4(),
                project_id: id,
                pledge_id,
                amount_fen,
                refunded_on,
                recorded_by: auth.id,
                created_at: now,
            },
        )
        .await?;
        record(
            conn,
            Some(auth.id),
            "project.refunded",
            id,
            json!({ "refund_id": row.id, "pledge_id": pledge_id, "amount_fen": amount_fen,
                "pledge_refunded_fen": pledge.refunded_fen, "refunded_fen": after.refunded_fen }),
        )
        .await?;
        if after.settled_at.is_some() {
            record(
                conn,
                Some(auth.id),
                "project.settled",
                id,
                json!({ "status": after.status, "received_fen": after.received_fen,
                    "spent_fen": after.spent_fen, "refunded_fen": after.refunded_fen }),
            )
            .await?;
        }
        Ok(row)
    })
    .await
}
