//! Checking the audit chains against checkpoints, and signing the day's checkpoint.

use super::{sign_v2, CheckpointView};
use crate::store::audit_verify::{self, Start, Verification};
use crate::store::{audit, checkpoints, Conn};
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;

fn starts(heads: &[checkpoints::Head]) -> Vec<Start> {
    heads
        .iter()
        .map(|h| Start {
            chain: h.chain.clone(),
            after: h.last_event_id,
            prev: h.head_hash.clone(),
        })
        .collect()
}

/// Walks every chain: from its start when `full`, otherwise from the last checkpoint's head of that
/// chain (a chain the checkpoint did not know from its start). Returns the checkpoint's last event id
/// (0: none, or a full walk) and each chain's result, in lock order.
pub async fn verify_now(
    conn: &mut Conn,
    full: bool,
) -> diesel::QueryResult<(i64, Vec<Verification>)> {
    let latest = if full {
        None
    } else {
        checkpoints::latest(conn).await?
    };
    let Some(c) = latest else {
        return Ok((0, audit_verify::verify_all(conn).await?));
    };
    let heads = checkpoints::heads(conn, &c).await?;
    let results = audit_verify::verify_all_from(conn, &starts(&heads)).await?;
    Ok((c.last_event_id, results))
}

/// Checks the database's chains against saved checkpoints: every chain must recompute from its start,
/// every checkpoint's signature must hold, and the event each signed head names must still carry the
/// signed hash in its chain. Returns the problems found (none: the chains match).
pub async fn verify_against(
    conn: &mut Conn,
    saved: &[CheckpointView],
) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    for v in audit_verify::verify_all(conn).await? {
        if let Some(id) = v.first_broken {
            problems.push(format!("the chain {} is broken at event {id}", v.chain));
        }
    }
    for c in saved {
        let heads = match c.signed_heads() {
            Some(heads) if c.signature_holds() => heads,
            _ => {
                problems.push(format!(
                    "checkpoint of {}: the signature does not hold",
                    c.day
                ));
                continue;
            }
        };
        for h in heads {
            match audit::hash_of(conn, &h.chain, h.last_event_id).await? {
                None => problems.push(format!(
                    "checkpoint of {}: event {} is missing from the chain {}",
                    c.day, h.last_event_id, h.chain
                )),
                Some(hash) if hash != h.head_hash => problems.push(format!(
                    "checkpoint of {}: event {} no longer has the signed hash (the chain {} was rewritten)",
                    c.day, h.last_event_id, h.chain
                )),
                Some(_) => {}
            }
        }
    }
    Ok(problems)
}

/// Signs today's checkpoint over the heads of every chain, unless there is one: verifies every chain
/// from the last checkpoint first, so a broken chain is never signed. Returns the new checkpoint, if
/// one was made.
pub async fn make(
    conn: &mut Conn,
    key: &SigningKey,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<checkpoints::Checkpoint>> {
    let day = now.date_naive();
    if checkpoints::find_for_day(conn, day).await?.is_some() {
        return Ok(None);
    }
    // The heads first: the check below walks each chain to its end, past them.
    let mut heads = Vec::new();
    for chain in audit_verify::chains(conn).await? {
        if let Some((last_event_id, head_hash)) = audit::head(conn, &chain).await? {
            heads.push(checkpoints::Head {
                chain,
                last_event_id,
                head_hash,
            });
        }
    }
    let Some(newest) = heads.iter().max_by_key(|h| h.last_event_id).cloned() else {
        return Ok(None);
    };
    let (_, results) = verify_now(conn, false).await?;
    if let Some(v) = results.iter().find(|v| v.first_broken.is_some()) {
        anyhow::bail!(
            "the audit chain {} is broken at event {}: no checkpoint signed",
            v.chain,
            v.first_broken.unwrap_or_default()
        );
    }
    let signature = sign_v2(key, day, &heads);
    let public_key = key.verifying_key().to_bytes();
    let new = checkpoints::NewCheckpoint {
        day,
        last_event_id: newest.last_event_id,
        head_hash: &newest.head_hash,
        signature: &signature,
        public_key: &public_key,
        version: 2,
    };
    Ok(checkpoints::insert_with_heads(conn, &new, &heads).await?)
}
