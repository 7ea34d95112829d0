//! Idempotency keys (IETF draft "The Idempotency-Key HTTP Header Field"): the first request with a key
//! records a fingerprint of its body; a replay with the same body gets the stored response, one with
//! another body is refused, and one that arrives while the first still runs is told so. The key, the
//! work and the answer share one transaction (see [`claim`]).

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

/// Advisory-lock class of idempotency keys (the audit chain uses its own): the second half of the
/// lock is a hash of (user, key). A transaction holds it from its first statement to its commit.
const LOCK_CLASS: i32 = 0x1DE0;

fn lock_id(user_id: Uuid, key: Uuid) -> i32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in user_id.as_bytes().iter().chain(key.as_bytes()) {
        h = (h ^ u32::from(*b)).wrapping_mul(0x0100_0193);
    }
    i32::from_ne_bytes(h.to_ne_bytes())
}

/// What the work's transaction finds for its key.
pub enum Claim {
    /// Nobody answered this key: do the work in this transaction, then [`answer`] it.
    Fresh,
    Replay {
        status: u16,
        body: Vec<u8>,
    },
    Mismatch,
    /// Another transaction holds the key right now.
    InFlight,
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    locked: bool,
}

/// Claims `key` inside the caller's transaction. The key's row is written by the same transaction
/// as the work and its answer, so a key has a stored answer exactly when its work committed: a
/// request that dies (server killed, connection lost) leaves nothing behind, and a retry with the
/// same key does the work then; one that committed is replayed. Two requests with one key at once:
/// the second finds the lock taken and is told the first is in flight.
pub async fn claim(
    conn: &mut Conn,
    user_id: Uuid,
    key: Uuid,
    fingerprint: &[u8],
) -> QueryResult<Claim> {
    let got: Locked = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1, $2) AS locked")
        .bind::<diesel::sql_types::Integer, _>(LOCK_CLASS)
        .bind::<diesel::sql_types::Integer, _>(lock_id(user_id, key))
        .get_result(conn)
        .await?;
    if !got.locked {
        return Ok(Claim::InFlight);
    }
    let record: Option<IdempotencyRecord> = idempotency_keys::table
        .find((user_id, key))
        .select(IdempotencyRecord::as_select())
        .first(conn)
        .await
        .optional()?;
    let Some(record) = record else {
        diesel::insert_into(idempotency_keys::table)
            .values((
                idempotency_keys::user_id.eq(user_id),
                idempotency_keys::key.eq(key),
                idempotency_keys::request_fingerprint.eq(fingerprint),
            ))
            .execute(conn)
            .await?;
        return Ok(Claim::Fresh);
    };
    if record.request_fingerprint != fingerprint {
        return Ok(Claim::Mismatch);
    }
    Ok(match (record.response_status, record.response_body) {
        (Some(status), body) => Claim::Replay {
            status: status as u16,
            body: body.unwrap_or_default(),
        },
        // A row without an answer was left by the older protocol: its work may or may not have
        // committed, and nothing can tell; it is answered afresh like a new key.
        (None, _) => Claim::Fresh,
    })
}

/// Stores the answer, in the work's transaction.
pub async fn answer(
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

/// Keys are kept for a day.
pub async fn purge_older_than(conn: &mut Conn, before: DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before)))
        .execute(conn)
        .await
}
