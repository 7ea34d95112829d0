//! Idempotency keys (IETF draft "The Idempotency-Key HTTP Header Field"): the first request with a key
//! records a fingerprint of its body; a replay with the same body gets the stored response, one with
//! another body is refused, and one that arrives while the first still runs is told so.

use crate::schema::idempotency_keys;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = idempotency_keys)]
pub struct IdempotencyRecord {
    pub user_id: Uuid,
    pub key: Uuid,
    pub request_fingerprint: Vec<u8>,
    pub response_status: Option<i16>,
    pub response_body: Option<Vec<u8>>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// A request still "in flight" after this long died with its server; a retry may take its key over.
pub const STALE_AFTER_SECS: i64 = 120;

pub enum Begin {
    /// First time: go ahead, then call [`complete`] (or [`abandon`]).
    Started,
    Replay {
        status: u16,
        body: Vec<u8>,
    },
    Mismatch,
    InFlight,
}

pub async fn begin(
    conn: &mut Conn,
    user_id: Uuid,
    key: Uuid,
    fingerprint: &[u8],
) -> QueryResult<Begin> {
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::user_id.eq(user_id),
            idempotency_keys::key.eq(key),
            idempotency_keys::request_fingerprint.eq(fingerprint),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    if inserted == 1 {
        return Ok(Begin::Started);
    }
    let record: IdempotencyRecord = idempotency_keys::table
        .find((user_id, key))
        .select(IdempotencyRecord::as_select())
        .first(conn)
        .await?;
    if record.request_fingerprint != fingerprint {
        return Ok(Begin::Mismatch);
    }
    match (record.response_status, record.response_body) {
        (Some(status), body) => Ok(Begin::Replay {
            status: status as u16,
            body: body.unwrap_or_default(),
        }),
        (None, _) => Ok(Begin::InFlight),
    }
}

pub async fn complete(
    conn: &mut Conn,
    user_id: Uuid,
    key: Uuid,
    status: u16,
    body: &[u8],
) -> QueryResult<()> {
    diesel::update(idempotency_keys::table.find((user_id, key)))
        .set((
            idempotency_keys::response_status.eq(status as i16),
            idempotency_keys::response_body.eq(body),
            idempotency_keys::completed_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Forgets a key whose request failed on the server's side, so that the client may retry it.
pub async fn abandon(conn: &mut Conn, user_id: Uuid, key: Uuid) -> QueryResult<()> {
    diesel::delete(idempotency_keys::table.find((user_id, key)))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Keys are kept for a day.
pub async fn purge_older_than(conn: &mut Conn, before: DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before)))
        .execute(conn)
        .await
}
