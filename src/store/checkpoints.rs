//! Signed daily checkpoints of the audit chain (`audit_checkpoints`).

use super::Conn;
use crate::schema::audit_checkpoints;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_checkpoints)]
pub struct Checkpoint {
    pub id: i64,
    pub day: NaiveDate,
    pub last_event_id: i64,
    pub head_hash: Vec<u8>,
    pub signature: Vec<u8>,
    pub public_key: Vec<u8>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = audit_checkpoints)]
pub struct NewCheckpoint<'a> {
    pub day: NaiveDate,
    pub last_event_id: i64,
    pub head_hash: &'a [u8],
    pub signature: &'a [u8],
    pub public_key: &'a [u8],
}

/// Inserts the day's checkpoint; a second one for the same day is ignored (the job may run again).
pub async fn insert(conn: &mut Conn, new: &NewCheckpoint<'_>) -> QueryResult<Option<Checkpoint>> {
    diesel::insert_into(audit_checkpoints::table)
        .values(new)
        .on_conflict(audit_checkpoints::day)
        .do_nothing()
        .returning(Checkpoint::as_returning())
        .get_result(conn)
        .await
        .optional()
}

pub async fn latest(conn: &mut Conn) -> QueryResult<Option<Checkpoint>> {
    audit_checkpoints::table
        .order(audit_checkpoints::last_event_id.desc())
        .select(Checkpoint::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn find_for_day(conn: &mut Conn, day: NaiveDate) -> QueryResult<Option<Checkpoint>> {
    audit_checkpoints::table
        .filter(audit_checkpoints::day.eq(day))
        .select(Checkpoint::as_select())
        .first(conn)
        .await
        .optional()
}

/// Newest first.
pub async fn page(conn: &mut Conn, offset: i64, limit: i64) -> QueryResult<(Vec<Checkpoint>, i64)> {
    let total = audit_checkpoints::table.count().get_result(conn).await?;
    let items = audit_checkpoints::table
        .order(audit_checkpoints::day.desc())
        .offset(offset)
        .limit(limit)
        .select(Checkpoint::as_select())
        .load(conn)
        .await?;
    Ok((items, total))
}
