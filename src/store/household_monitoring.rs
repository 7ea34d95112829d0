//! Marking a household as monitored (监测户) after a revisit found it at risk of falling back into
//! poverty. Kept apart from `households.rs`, which owns the profile itself.

use super::Conn;
use crate::schema::households;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

/// Sets `monitoring_status` to `monitored`; returns the status before (`None`: no such household).
pub async fn mark_monitored(
    conn: &mut Conn,
    household_id: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<Option<String>> {
    let before: Option<String> = households::table
        .find(household_id)
        .select(households::monitoring_status)
        .for_update()
        .first(conn)
        .await
        .optional()?;
    if before.is_some() {
        diesel::update(households::table.find(household_id))
            .set((
                households::monitoring_status.eq("monitored"),
                households::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
    }
    Ok(before)
}
