//! Correcting a mistaken spending: never by editing or deleting its row, but by a reversal row
//! (the host, with a reason) that carries the negative amount and points at the row it reverses.
//! The project's spent total and the line's are reduced by conditional updates backed by the
//! tables' CHECKs; a row is reversed at most once, and a reversal is never reversed (409).

use super::{ensure_open, load_as_host, record};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::project_spending::{self as store, NewSpending, Spending};
use crate::store::Conn;
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// The host reverses a spending of its open project, with a reason (already checked).
#[tracing::instrument(skip_all, fields(user_id = %auth.id, project_id = %id))]
pub async fn reverse_spending(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    spending_id: Uuid,
    reason: &str,
) -> ApiResult<Spending> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let project = load_as_host(conn, actor, id, true).await?;
        ensure_open(&project)?;
        let original = store::find_for_update(conn, id, spending_id)
            .await?
            .ok_or_else(|| ApiError::not_found("spending"))?;
        if original.reverses_id.is_some() {
            return Err(ApiError::new(
                ErrorCode::NotReversible,
                "this row is a reversal: record the spending again instead",
            ));
        }
        if let Some(r) = store::reversal_of(conn, spending_id).await? {
            return Err(ApiError::new(
                ErrorCode::AlreadyReversed,
                "this spending was reversed already",
            )
            .with_extra("reversal_id", r.id.to_string()));
        }
        let amount = original.amount_fen;
        let now = Utc::now();
        let after = store::take_back_spent(conn, id, amount, now)
            .await?
            .ok_or_else(|| ApiError::internal("project spent total below a spending"))?;
        let line = store::take_back_line_spent(conn, id, original.budget_line_id, amount)
            .await?
            .ok_or_else(|| ApiError::internal("budget line spent total below a spending"))?;
        let row = store::insert(
            conn,
            &NewSpending {
                id: Uuid::new_v4(),
                project_id: id,
                budget_line_id: original.budget_line_id,
                amount_fen: -amount,
                description: &original.description,
                spent_on: now.date_naive(),
                image_id: None,
                display_key: None,
                thumb_key: None,
                sha256: None,
                recorded_by: auth.id,
                created_at: now,
                reverses_id: Some(spending_id),
                reversal_reason: Some(reason),
                receipt_status: None,
            },
        )
        .await?;
        record(
            conn,
            Some(auth.id),
            "project.spending_reversed",
            id,
            json!({ "spending_id": row.id, "reverses_id": spending_id,
                "budget_line_id": original.budget_line_id, "amount_fen": -amount,
                "line_spent_fen": line.spent_fen, "spent_fen": after.spent_fen }),
        )
        .await?;
        Ok(row)
    })
    .await
}
