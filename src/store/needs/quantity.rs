//! The quantity pledges hold on a need: taken, released and confirmed by conditional UPDATEs.

use super::{changed, find, Need};
use crate::domain::need::NeedStatus;
use crate::store::Conn;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

/// Why a pledge could not take quantity from a need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TakeError {
    NotFound,
    NotOpen(NeedStatus),
    Insufficient { remaining: i32 },
}

/// Takes `quantity` from an open need in one conditional UPDATE: the database, not a check in Rust,
/// guarantees that active pledges never add up to more than the need's quantity, whatever runs at
/// the same time. The need becomes `fully_pledged` when nothing remains. (The status literals in this
/// statement and the two below are [`NeedStatus`] names: one UPDATE must test and set them in SQL.)
async fn take_quantity_row(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Result<Need, TakeError>> {
    use diesel::sql_types::{Integer, Timestamptz, Uuid as SqlUuid};
    let taken: Option<Need> = diesel::sql_query(
        "UPDATE needs SET pledged_quantity = pledged_quantity + $2, \
             status = CASE WHEN pledged_quantity + $2 = quantity THEN 'fully_pledged' ELSE status END, \
             updated_at = $3 \
         WHERE id = $1 AND status = 'open' AND pledged_quantity + $2 <= quantity RETURNING *",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Integer, _>(quantity)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await
    .optional()?;
    if let Some(need) = taken {
        return Ok(Ok(need));
    }
    Ok(Err(match find(conn, id).await? {
        None => TakeError::NotFound,
        Some(n) if n.status != NeedStatus::Open => TakeError::NotOpen(n.status),
        Some(n) => TakeError::Insufficient {
            remaining: n.quantity - n.pledged_quantity,
        },
    }))
}

/// Gives back quantity of a pledge that ended without delivery; a fully pledged need opens again.
async fn release_quantity_row(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Need> {
    use diesel::sql_types::{Integer, Timestamptz, Uuid as SqlUuid};
    diesel::sql_query(
        "UPDATE needs SET pledged_quantity = pledged_quantity - $2, \
             status = CASE WHEN status = 'fully_pledged' THEN 'open' ELSE status END, \
             updated_at = $3 \
         WHERE id = $1 RETURNING *",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Integer, _>(quantity)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await
}

/// Counts a confirmed delivery; the need is `fulfilled` once its whole quantity is confirmed.
async fn confirm_quantity_row(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Need> {
    use diesel::sql_types::{Integer, Timestamptz, Uuid as SqlUuid};
    diesel::sql_query(
        "UPDATE needs SET confirmed_quantity = confirmed_quantity + $2, \
             status = CASE WHEN confirmed_quantity + $2 = quantity THEN 'fulfilled' ELSE status END, \
             updated_at = $3 \
         WHERE id = $1 RETURNING *",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Integer, _>(quantity)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await
}

/// See [`take_quantity_row`].
pub async fn take_quantity(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Result<Need, TakeError>> {
    let taken = take_quantity_row(conn, id, quantity, now).await?;
    if taken.is_ok() {
        changed(conn, id).await?;
    }
    Ok(taken)
}

/// See [`release_quantity_row`].
pub async fn release_quantity(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Need> {
    let need = release_quantity_row(conn, id, quantity, now).await?;
    changed(conn, id).await?;
    Ok(need)
}

/// See [`confirm_quantity_row`].
pub async fn confirm_quantity(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Need> {
    let need = confirm_quantity_row(conn, id, quantity, now).await?;
    changed(conn, id).await?;
    Ok(need)
}
