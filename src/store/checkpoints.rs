//! Signed daily checkpoints of the audit chains (`audit_checkpoints`; from version 2 the heads of
//! every chain in `audit_checkpoint_heads`).

use super::audit::AuditChain;
use super::Conn;
use crate::schema::{audit_checkpoint_heads, audit_checkpoints};
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
    /// 1: one chain, (day, last_event_id, head_hash) signed; 2: the heads of every chain signed.
    pub version: i16,
}

/// One chain's head as a version-2 checkpoint signed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub chain: AuditChain,
    pub last_event_id: i64,
    pub head_hash: Vec<u8>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = audit_checkpoints)]
pub struct NewCheckpoint<'a> {
    pub day: NaiveDate,
    pub last_event_id: i64,
    pub head_hash: &'a [u8],
    pub signature: &'a [u8],
    pub public_key: &'a [u8],
    pub version: i16,
}

#[derive(Insertable)]
#[diesel(table_name = audit_checkpoint_heads)]
struct NewHead<'a> {
    checkpoint_id: i64,
    chain: String,
    last_event_id: i64,
    head_hash: &'a [u8],
}

/// Inserts the day's version-2 checkpoint and the heads it signed, in one transaction (none when
/// the day has one).
pub async fn insert_with_heads(
    conn: &mut Conn,
    new: &NewCheckpoint<'_>,
    heads: &[Head],
) -> QueryResult<Option<Checkpoint>> {
    use diesel_async::AsyncConnection;
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let made = insert(conn, new).await?;
        if let Some(c) = &made {
            insert_heads(conn, c.id, heads).await?;
        }
        Ok(made)
    })
    .await
}

async fn insert_heads(conn: &mut Conn, checkpoint_id: i64, heads: &[Head]) -> QueryResult<()> {
    let rows: Vec<NewHead> = heads
        .iter()
        .map(|h| NewHead {
            checkpoint_id,
            chain: h.chain.to_string(),
            last_event_id: h.last_event_id,
            head_hash: &h.head_hash,
        })
        .collect();
    diesel::insert_into(audit_checkpoint_heads::table)
        .values(&rows)
        .execute(conn)
        .await?;
    Ok(())
}

/// The heads a checkpoint signed, in lock order: a version-1 checkpoint's one head is the national
/// chain's (there was no other chain then).
pub async fn heads(conn: &mut Conn, c: &Checkpoint) -> QueryResult<Vec<Head>> {
    if c.version < 2 {
        return Ok(vec![Head {
            chain: AuditChain::National,
            last_event_id: c.last_event_id,
            head_hash: c.head_hash.clone(),
        }]);
    }
    let rows: Vec<(String, i64, Vec<u8>)> = audit_checkpoint_heads::table
        .filter(audit_checkpoint_heads::checkpoint_id.eq(c.id))
        .select((
            audit_checkpoint_heads::chain,
            audit_checkpoint_heads::last_event_id,
            audit_checkpoint_heads::head_hash,
        ))
        .load(conn)
        .await?;
    let mut heads: Vec<Head> = rows
        .into_iter()
        .map(|(chain, last_event_id, head_hash)| Head {
            chain: AuditChain::parse(&chain).unwrap_or(AuditChain::National),
            last_event_id,
            head_hash,
        })
        .collect();
    heads.sort_by(|a, b| a.chain.cmp(&b.chain));
    Ok(heads)
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
