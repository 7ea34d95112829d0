//! The audit trail: append-only events, each hashed together with the hash of the one before, so that
//! changing or removing any past event breaks every hash after it. Appending takes a transaction-level
//! advisory lock, so concurrent transactions extend the chain one at a time, in commit order.

use crate::schema::audit_events;
use chrono::{DateTime, SubsecRound, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::Conn;

/// Key of the advisory lock that serialises appends ("audit" in ASCII).
const AUDIT_LOCK_KEY: i64 = 0x0061_7564_6974;
pub const GENESIS: [u8; 32] = [0; 32];

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub struct AuditEvent {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: Uuid,
    pub details: Value,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = audit_events)]
struct NewAuditEvent<'a> {
    occurred_at: DateTime<Utc>,
    actor_id: Option<Uuid>,
    action: &'a str,
    subject_type: &'a str,
    subject_id: Uuid,
    details: &'a Value,
    prev_hash: &'a [u8],
    hash: &'a [u8],
}

/// What happened, by whom, to what. `details` must never hold personal data of households.
pub struct Entry<'a> {
    pub actor_id: Option<Uuid>,
    pub action: &'a str,
    pub subject_type: &'a str,
    pub subject_id: Uuid,
    pub details: Value,
}

/// The hash of an event: SHA-256 over the previous hash and a canonical encoding of the event.
/// serde_json writes object keys sorted, and PostgreSQL's jsonb gives back the same values, so the
/// encoding is the same when the event is read back.
pub fn event_hash(
    prev: &[u8],
    occurred_at: DateTime<Utc>,
    actor_id: Option<Uuid>,
    action: &str,
    subject_type: &str,
    subject_id: Uuid,
    details: &Value,
) -> Vec<u8> {
    let canonical = serde_json::json!({
        "occurred_at": occurred_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "actor_id": actor_id,
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "details": details,
    });
    Sha256::new()
        .chain_update(prev)
        .chain_update(canonical.to_string().as_bytes())
        .finalize()
        .to_vec()
}

/// Appends an event. Call it inside the transaction of the change it records.
pub async fn append(conn: &mut Conn, entry: Entry<'_>) -> QueryResult<AuditEvent> {
    diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
        "pg_advisory_xact_lock({AUDIT_LOCK_KEY}) IS NOT NULL"
    )))
    .execute(conn)
    .await?;
    let prev: Option<Vec<u8>> = audit_events::table
        .order(audit_events::id.desc())
        .select(audit_events::hash)
        .first(conn)
        .await
        .optional()?;
    let prev = prev.unwrap_or_else(|| GENESIS.to_vec());
    // PostgreSQL keeps microseconds; hash exactly what is stored.
    let occurred_at = Utc::now().trunc_subsecs(6);
    let hash = event_hash(
        &prev,
        occurred_at,
        entry.actor_id,
        entry.action,
        entry.subject_type,
        entry.subject_id,
        &entry.details,
    );
    diesel::insert_into(audit_events::table)
        .values(NewAuditEvent {
            occurred_at,
            actor_id: entry.actor_id,
            action: entry.action,
            subject_type: entry.subject_type,
            subject_id: entry.subject_id,
            details: &entry.details,
            prev_hash: &prev,
            hash: &hash,
        })
        .returning(AuditEvent::as_returning())
        .get_result(conn)
        .await
}

pub async fn for_subject(
    conn: &mut Conn,
    subject_type: &str,
    subject_id: Uuid,
) -> QueryResult<Vec<AuditEvent>> {
    audit_events::table
        .filter(audit_events::subject_type.eq(subject_type))
        .filter(audit_events::subject_id.eq(subject_id))
        .order(audit_events::id)
        .select(AuditEvent::as_select())
        .load(conn)
        .await
}

/// The result of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub events: u64,
    /// The first event whose stored hashes do not match, if any.
    pub first_broken: Option<i64>,
    pub head: Vec<u8>,
}

/// Recomputes every hash from the first event on, in pages.
pub async fn verify(conn: &mut Conn) -> QueryResult<Verification> {
    verify_from(conn, 0, GENESIS.to_vec()).await
}

/// Recomputes the hashes of the events after `after` (an event id, 0 for the start), given the hash
/// of the event `after` itself (a checkpoint's head hash): the cheap check from a checkpoint on.
pub async fn verify_from(conn: &mut Conn, after: i64, prev: Vec<u8>) -> QueryResult<Verification> {
    let mut prev = prev;
    let mut after = after;
    let mut events = 0u64;
    loop {
        let page: Vec<AuditEvent> = audit_events::table
            .filter(audit_events::id.gt(after))
            .order(audit_events::id)
            .limit(1000)
            .select(AuditEvent::as_select())
            .load(conn)
            .await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for e in &page {
            events += 1;
            let expected = event_hash(
                &prev,
                e.occurred_at,
                e.actor_id,
                &e.action,
                &e.subject_type,
                e.subject_id,
                &e.details,
            );
            if e.prev_hash != prev || e.hash != expected {
                return Ok(Verification {
                    events,
                    first_broken: Some(e.id),
                    head: prev,
                });
            }
            prev = e.hash.clone();
        }
    }
    Ok(Verification {
        events,
        first_broken: None,
        head: prev,
    })
}

/// The last event's id and hash (the chain's head), if any.
pub async fn head(conn: &mut Conn) -> QueryResult<Option<(i64, Vec<u8>)>> {
    audit_events::table
        .order(audit_events::id.desc())
        .select((audit_events::id, audit_events::hash))
        .first(conn)
        .await
        .optional()
}

/// The stored hash of one event.
pub async fn hash_of(conn: &mut Conn, id: i64) -> QueryResult<Option<Vec<u8>>> {
    audit_events::table
        .find(id)
        .select(audit_events::hash)
        .first(conn)
        .await
        .optional()
}
