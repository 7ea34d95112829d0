//! The audit trail: append-only events in chains (one per county, one national: see
//! `domain::audit_chain`), each hashed together with the hash of the one before it in its chain, so
//! that changing or removing any past event breaks every hash after it. Appending takes the chain's
//! transaction-level advisory lock, so concurrent transactions extend a chain one at a time, in commit
//! order, while other chains go on. Verification is in `audit_verify.rs`.

use crate::schema::audit_events;
use chrono::{DateTime, SubsecRound, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::Conn;

pub use crate::domain::audit_chain::AuditChain;

/// First key of the two-key advisory locks of the chains ("audc" in ASCII); the second is
/// `AuditChain::lock_id`. The two-key form never meets the one-key locks used elsewhere.
const CHAIN_LOCK_CLASS: i32 = 0x6175_6463;
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
    pub chain: String,
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
    chain: &'a str,
}

/// What happened, by whom, to what, in which chain (the region of what it concerns). `details` must
/// never hold personal data of households.
pub struct Entry<'a> {
    pub chain: AuditChain,
    pub actor_id: Option<Uuid>,
    pub action: &'a str,
    pub subject_type: &'a str,
    pub subject_id: Uuid,
    pub details: Value,
}

/// The hash of an event: SHA-256 over the previous hash and a canonical encoding of the event.
/// serde_json writes object keys sorted, and PostgreSQL's jsonb gives back the same values, so the
/// encoding is the same when the event is read back. The encoding names the chain only when it is not
/// the national one: events from before the chains were sharded (all national, hashed without a
/// chain) verify unchanged, and a county event moved to another chain no longer matches.
#[allow(clippy::too_many_arguments)] // the event's fields, one by one, as the hash covers them
pub fn event_hash(
    prev: &[u8],
    chain: &str,
    occurred_at: DateTime<Utc>,
    actor_id: Option<Uuid>,
    action: &str,
    subject_type: &str,
    subject_id: Uuid,
    details: &Value,
) -> Vec<u8> {
    let mut canonical = serde_json::json!({
        "occurred_at": occurred_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "actor_id": actor_id,
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "details": details,
    });
    if chain != crate::domain::audit_chain::NATIONAL {
        if let Some(o) = canonical.as_object_mut() {
            o.insert("chain".into(), Value::from(chain));
        }
    }
    Sha256::new()
        .chain_update(prev)
        .chain_update(canonical.to_string().as_bytes())
        .finalize()
        .to_vec()
}

async fn lock_chain(conn: &mut Conn, chain: &AuditChain) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock($1, $2)")
        .bind::<diesel::sql_types::Integer, _>(CHAIN_LOCK_CLASS)
        .bind::<diesel::sql_types::Integer, _>(chain.lock_id())
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes the locks of several chains up front, in lock order (counties by code, national last). A
/// transaction that appends to more than one chain calls it before its first append, so that two
/// such transactions never wait for each other crosswise; its appends then take the locks again,
/// which costs nothing (advisory locks are re-entrant). A single chain needs no call.
pub async fn lock_chains(conn: &mut Conn, chains: &mut Vec<AuditChain>) -> QueryResult<()> {
    AuditChain::lock_order(chains);
    for c in chains.iter() {
        lock_chain(conn, c).await?;
    }
    Ok(())
}

/// Appends an event to its chain. Call it inside the transaction of the change it records, after the
/// transaction's row locks; with events in several chains, after `lock_chains`.
pub async fn append(conn: &mut Conn, entry: Entry<'_>) -> QueryResult<AuditEvent> {
    lock_chain(conn, &entry.chain).await?;
    let chain = entry.chain.to_string();
    let prev: Option<Vec<u8>> = audit_events::table
        .filter(audit_events::chain.eq(&chain))
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
        &chain,
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
            chain: &chain,
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

/// The last event's id and hash in `chain` (the chain's head), if any.
pub async fn head(conn: &mut Conn, chain: &AuditChain) -> QueryResult<Option<(i64, Vec<u8>)>> {
    audit_events::table
        .filter(audit_events::chain.eq(chain.to_string()))
        .order(audit_events::id.desc())
        .select((audit_events::id, audit_events::hash))
        .first(conn)
        .await
        .optional()
}

/// The stored hash of one event, if it is in `chain`.
pub async fn hash_of(conn: &mut Conn, chain: &AuditChain, id: i64) -> QueryResult<Option<Vec<u8>>> {
    audit_events::table
        .find(id)
        .filter(audit_events::chain.eq(chain.to_string()))
        .select(audit_events::hash)
        .first(conn)
        .await
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_events_hash_as_before_the_split_and_county_events_name_their_chain() {
        let at = Utc::now().trunc_subsecs(6);
        let id = Uuid::nil();
        let details = serde_json::json!({"k": 1});
        // The encoding before the chains were sharded.
        let old = serde_json::json!({
            "occurred_at": at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            "actor_id": None::<Uuid>, "action": "a", "subject_type": "t", "subject_id": id,
            "details": details,
        });
        let before = Sha256::new()
            .chain_update(GENESIS)
            .chain_update(old.to_string().as_bytes())
            .finalize()
            .to_vec();
        let national = event_hash(&GENESIS, "national", at, None, "a", "t", id, &details);
        assert_eq!(national, before);
        let county = event_hash(&GENESIS, "411224", at, None, "a", "t", id, &details);
        assert_ne!(county, national);
        assert_ne!(
            county,
            event_hash(&GENESIS, "411221", at, None, "a", "t", id, &details)
        );
    }
}
