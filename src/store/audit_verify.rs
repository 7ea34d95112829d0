//! Verification of the audit chains: each chain is walked on its own, from its start or from a
//! checkpoint's head of that chain, recomputing every hash.

use super::audit::{event_hash, AuditChain, AuditEvent, GENESIS};
use super::Conn;
use crate::schema::audit_events;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// The result of walking one chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub chain: AuditChain,
    pub events: u64,
    /// The first event whose stored hashes do not match, if any.
    pub first_broken: Option<i64>,
    /// The hash of the last valid event (the start's hash when none was checked).
    pub head: Vec<u8>,
    /// The event the walk started after (0: the chain's start).
    pub from: i64,
}

/// Where to start walking a chain: after event `after` (0: the start), whose hash is `prev`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Start {
    pub chain: AuditChain,
    pub after: i64,
    pub prev: Vec<u8>,
}

impl Start {
    pub fn genesis(chain: AuditChain) -> Self {
        Self {
            chain,
            after: 0,
            prev: GENESIS.to_vec(),
        }
    }
}

/// Every chain that has events, in lock order.
pub async fn chains(conn: &mut Conn) -> QueryResult<Vec<AuditChain>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        chain: String,
    }
    // A loose index scan over (chain, id): one probe per chain, not one row per event.
    let rows: Vec<Row> = diesel::sql_query(
        "WITH RECURSIVE c AS ( \
           SELECT min(chain) AS chain FROM audit_events \
           UNION ALL \
           SELECT (SELECT min(chain) FROM audit_events WHERE chain > c.chain) FROM c WHERE c.chain IS NOT NULL) \
         SELECT chain FROM c WHERE chain IS NOT NULL",
    )
    .load(conn)
    .await?;
    let mut list: Vec<AuditChain> = rows
        .iter()
        .map(|r| AuditChain::parse(&r.chain).unwrap_or(AuditChain::National))
        .collect();
    AuditChain::lock_order(&mut list);
    Ok(list)
}

/// Walks every chain from its start.
pub async fn verify_all(conn: &mut Conn) -> QueryResult<Vec<Verification>> {
    verify_all_from(conn, &[]).await
}

/// Walks every chain that has events, each from its start in `starts` (a checkpoint's heads) or from
/// its genesis; a start whose chain has no events left is walked too (and found broken).
pub async fn verify_all_from(conn: &mut Conn, starts: &[Start]) -> QueryResult<Vec<Verification>> {
    let mut list = chains(conn).await?;
    list.extend(starts.iter().map(|s| s.chain.clone()));
    AuditChain::lock_order(&mut list);
    let mut out = Vec::with_capacity(list.len());
    for chain in list {
        let start = starts
            .iter()
            .find(|s| s.chain == chain)
            .cloned()
            .unwrap_or_else(|| Start::genesis(chain));
        out.push(verify_start(conn, start).await?);
    }
    Ok(out)
}

/// Walks one chain from a start. A start after an event (a checkpoint's head) first checks that the
/// event is still in the chain with the same hash, or the chain before it was rewritten.
pub async fn verify_start(conn: &mut Conn, start: Start) -> QueryResult<Verification> {
    if start.after > 0
        && super::audit::hash_of(conn, &start.chain, start.after)
            .await?
            .as_deref()
            != Some(&start.prev[..])
    {
        return Ok(Verification {
            chain: start.chain,
            events: 0,
            first_broken: Some(start.after),
            head: start.prev,
            from: start.after,
        });
    }
    verify_from(conn, start.chain, start.after, start.prev).await
}

/// Recomputes the hashes of the events of `chain` after `after` (an event id, 0 for the start), given
/// the hash of the event `after` itself, in pages.
pub async fn verify_from(
    conn: &mut Conn,
    chain: AuditChain,
    after: i64,
    prev: Vec<u8>,
) -> QueryResult<Verification> {
    let name = chain.to_string();
    let from = after;
    let mut prev = prev;
    let mut after = after;
    let mut events = 0u64;
    loop {
        let page: Vec<AuditEvent> = audit_events::table
            .filter(audit_events::chain.eq(&name))
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
                &e.chain,
                e.occurred_at,
                e.actor_id,
                &e.action,
                &e.subject_type,
                e.subject_id,
                &e.details,
            );
            if e.prev_hash != prev || e.hash != expected {
                return Ok(Verification {
                    chain,
                    events,
                    first_broken: Some(e.id),
                    head: prev,
                    from,
                });
            }
            prev = e.hash.clone();
        }
    }
    Ok(Verification {
        chain,
        events,
        first_broken: None,
        head: prev,
        from,
    })
}
