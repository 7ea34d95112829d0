//! An official approves or rejects a pending pledge; its supporter cancels one not yet delivered.
//! Rejection and cancellation give the quantity back to the need (and the offer).

use super::{check, load_visible, release, transition};
use crate::auth::AuthUser;
use crate::config::Config;
use crate::domain::access::Actor;
use crate::domain::pledge::PledgeAction;
use crate::error::{ApiError, ApiResult};
use crate::store::pledges::{Pledge, PledgeChange};
use crate::store::Conn;
use chrono::Utc;
use diesel_async::AsyncConnection;
use rand::Rng;
use serde_json::json;
use uuid::Uuid;

/// Approves a pledge: the household gets a six-digit receipt code, and the supporter has until the
/// need's deadline (at most the delivery window) to deliver.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, pledge_id = %id))]
pub async fn approve(
    conn: &mut Conn,
    config: &Config,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
) -> ApiResult<Pledge> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let (pledge, need, party) = load_visible(conn, actor, id, true).await?;
        let to = check(&pledge, PledgeAction::Approve, party)?;
        let now = Utc::now();
        let code = format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000));
        let change = PledgeChange {
            receipt_code: Some(&code),
            decided_by: Some(auth.id),
            decided_at: Some(now),
            expires_at: Some(need.deadline.min(now + config.pledge_delivery_window)),
            updated_at: Some(now),
            ..PledgeChange::default()
        };
        transition(conn, Some(auth), &pledge, to, change, None, json!({})).await
    })
    .await
}

/// Rejects a pending pledge with a reason; its quantity goes back.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, pledge_id = %id))]
pub async fn reject(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    reason: &str,
) -> ApiResult<Pledge> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let (pledge, need, party) = load_visible(conn, actor, id, true).await?;
        let to = check(&pledge, PledgeAction::Reject, party)?;
        let now = Utc::now();
        let change = PledgeChange {
            rejection_reason: Some(reason),
            decided_by: Some(auth.id),
            decided_at: Some(now),
            closed_at: Some(now),
            updated_at: Some(now),
            ..PledgeChange::default()
        };
        let updated = transition(
            conn,
            Some(auth),
            &pledge,
            to,
            change,
            Some(reason),
            json!({}),
        )
        .await?;
        release(conn, Some(auth), &pledge, &need, now).await?;
        Ok(updated)
    })
    .await
}

/// The supporter withdraws a pledge before delivery; its quantity goes back.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, pledge_id = %id))]
pub async fn cancel(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    reason: Option<&str>,
) -> ApiResult<Pledge> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let (pledge, need, party) = load_visible(conn, actor, id, true).await?;
        let to = check(&pledge, PledgeAction::Cancel, party)?;
        let now = Utc::now();
        let change = PledgeChange {
            closed_at: Some(now),
            updated_at: Some(now),
            ..PledgeChange::default()
        };
        let updated = transition(conn, Some(auth), &pledge, to, change, reason, json!({})).await?;
        release(conn, Some(auth), &pledge, &need, now).await?;
        Ok(updated)
    })
    .await
}
