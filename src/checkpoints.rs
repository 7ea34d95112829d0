//! Signed checkpoints of the audit chains. Each day the server signs the day and the head (last event
//! id, head hash) of every chain with its own Ed25519 key (version 2; version 1, from before the chains
//! were sharded, signed the one chain's head). Whoever saved a checkpoint can later prove that no chain
//! up to it was rewritten, even by someone who recomputed every hash after an edit: the rewritten
//! event's hash no longer equals the signed head. Checking and making them is in `checkpoints/check.rs`.

mod check;
pub use check::{make, verify_against, verify_now};

use crate::config::{Config, Environment};
use crate::store::audit::AuditChain;
use crate::store::{checkpoints, Conn};
use chrono::{DateTime, NaiveDate, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use std::path::Path;
use utoipa::ToSchema;

const KEY_FILE: &str = "audit_signing_key";

/// 64 hex digits → a 32-byte Ed25519 seed.
pub fn parse_seed(hex_seed: &str) -> Option<[u8; 32]> {
    hex::decode(hex_seed.trim()).ok()?.try_into().ok()
}

/// The signing key: `BANGFU_AUDIT_SIGNING_KEY`, required in production; in development a key
/// generated once into the data directory.
pub fn load_key(config: &Config) -> anyhow::Result<SigningKey> {
    if let Some(seed) = &config.audit_signing_key {
        let seed = parse_seed(seed.expose())
            .ok_or_else(|| anyhow::anyhow!("BANGFU_AUDIT_SIGNING_KEY must be 64 hex digits"))?;
        return Ok(SigningKey::from_bytes(&seed));
    }
    if config.env == Environment::Production {
        anyhow::bail!(
            "configuration: BANGFU_AUDIT_SIGNING_KEY: is required in production (64 hex digits)"
        );
    }
    key_in_data_dir(&config.data_dir)
}

fn key_in_data_dir(dir: &Path) -> anyhow::Result<SigningKey> {
    let path = dir.join(KEY_FILE);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        if let Some(seed) = parse_seed(&existing) {
            return Ok(SigningKey::from_bytes(&seed));
        }
    }
    let seed: [u8; 32] = rand::random();
    write_private(&path, &hex::encode(seed)).map_err(|e| {
        anyhow::anyhow!(
            "cannot store the audit signing key at {}: {e}",
            path.display()
        )
    })?;
    tracing::warn!(path = %path.display(), "BANGFU_AUDIT_SIGNING_KEY is not set: generated an audit signing key in the data directory (development only)");
    Ok(SigningKey::from_bytes(&seed))
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents.as_bytes())
}

/// The signed text of a version-1 checkpoint (one chain): a version tag, the day, the last event id
/// and the hex head hash, one a line.
pub fn message(day: NaiveDate, last_event_id: i64, head_hash: &[u8]) -> Vec<u8> {
    format!(
        "bangfu-audit-checkpoint-v1\n{day}\n{last_event_id}\n{}\n",
        hex::encode(head_hash)
    )
    .into_bytes()
}

/// The signed text of a version-2 checkpoint (every chain): a version tag, the day, then one line per
/// chain in lock order (counties by code, national last): chain, last event id, hex head hash.
pub fn message_v2(day: NaiveDate, heads: &[checkpoints::Head]) -> Vec<u8> {
    let mut text = format!("bangfu-audit-checkpoint-v2\n{day}\n");
    for h in heads {
        text.push_str(&format!(
            "{} {} {}\n",
            h.chain,
            h.last_event_id,
            hex::encode(&h.head_hash)
        ));
    }
    text.into_bytes()
}

pub fn sign(key: &SigningKey, day: NaiveDate, last_event_id: i64, head_hash: &[u8]) -> Vec<u8> {
    key.sign(&message(day, last_event_id, head_hash))
        .to_bytes()
        .to_vec()
}

pub fn sign_v2(key: &SigningKey, day: NaiveDate, heads: &[checkpoints::Head]) -> Vec<u8> {
    key.sign(&message_v2(day, heads)).to_bytes().to_vec()
}

fn message_valid(public_key: &[u8], signature: &[u8], message: &[u8]) -> bool {
    let Ok(pk) = <[u8; 32]>::try_from(public_key) else {
        return false;
    };
    let (Ok(vk), Ok(sig)) = (
        VerifyingKey::from_bytes(&pk),
        Signature::from_slice(signature),
    ) else {
        return false;
    };
    vk.verify(message, &sig).is_ok()
}

/// Whether a version-1 checkpoint's signature holds.
pub fn signature_valid(
    public_key: &[u8],
    signature: &[u8],
    day: NaiveDate,
    last_event_id: i64,
    head_hash: &[u8],
) -> bool {
    message_valid(
        public_key,
        signature,
        &message(day, last_event_id, head_hash),
    )
}

/// One chain's head in a published checkpoint.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CheckpointHead {
    /// `national`, or a county's 6-digit code.
    pub chain: String,
    pub last_event_id: i64,
    /// Hex SHA-256 hash of event `last_event_id`.
    pub head_hash: String,
}

fn one() -> i16 {
    1
}

/// A published checkpoint, as `GET /audit/checkpoints` lists it (and as a saved file holds it).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CheckpointView {
    pub day: NaiveDate,
    /// Version 1: the one chain's last event; version 2: the newest of the heads.
    pub last_event_id: i64,
    /// Hex SHA-256 hash of event `last_event_id`.
    pub head_hash: String,
    /// Hex Ed25519 signature. Version 1 signs
    /// `bangfu-audit-checkpoint-v1\n{day}\n{last_event_id}\n{head_hash}\n`; version 2 signs
    /// `bangfu-audit-checkpoint-v2\n{day}\n` and a line `{chain} {last_event_id} {head_hash}\n` per
    /// item of `heads`, in their order.
    pub signature: String,
    /// Hex Ed25519 public key that signed it.
    pub public_key: String,
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
    /// 1: one chain; 2: the heads of every chain (counties by code, then national).
    #[serde(default = "one")]
    pub version: i16,
    /// Version 2: the head of every chain it signed.
    #[serde(default)]
    pub heads: Vec<CheckpointHead>,
}

impl CheckpointView {
    pub fn new(c: checkpoints::Checkpoint, heads: &[checkpoints::Head]) -> Self {
        Self {
            day: c.day,
            last_event_id: c.last_event_id,
            head_hash: hex::encode(c.head_hash),
            signature: hex::encode(c.signature),
            public_key: hex::encode(c.public_key),
            created_at: Some(c.created_at),
            version: c.version,
            heads: if c.version >= 2 {
                heads
                    .iter()
                    .map(|h| CheckpointHead {
                        chain: h.chain.to_string(),
                        last_event_id: h.last_event_id,
                        head_hash: hex::encode(&h.head_hash),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// The heads it signed (a version-1 checkpoint: the national chain's), or `None` when one does
    /// not parse.
    pub fn signed_heads(&self) -> Option<Vec<checkpoints::Head>> {
        if self.version < 2 {
            return Some(vec![checkpoints::Head {
                chain: AuditChain::National,
                last_event_id: self.last_event_id,
                head_hash: hex::decode(&self.head_hash).ok()?,
            }]);
        }
        self.heads
            .iter()
            .map(|h| {
                Some(checkpoints::Head {
                    chain: AuditChain::parse(&h.chain)?,
                    last_event_id: h.last_event_id,
                    head_hash: hex::decode(&h.head_hash).ok()?,
                })
            })
            .collect()
    }

    /// Whether the signature holds over what the checkpoint says.
    pub fn signature_holds(&self) -> bool {
        let (Ok(pk), Ok(sig)) = (hex::decode(&self.public_key), hex::decode(&self.signature))
        else {
            return false;
        };
        if self.version < 2 {
            let Ok(head) = hex::decode(&self.head_hash) else {
                return false;
            };
            return signature_valid(&pk, &sig, self.day, self.last_event_id, &head);
        }
        match self.signed_heads() {
            Some(heads) => message_valid(&pk, &sig, &message_v2(self.day, &heads)),
            None => false,
        }
    }
}

/// A page of checkpoints, newest first, with the heads each signed, and the total.
pub async fn page_views(
    conn: &mut Conn,
    offset: i64,
    limit: i64,
) -> diesel::QueryResult<(Vec<CheckpointView>, i64)> {
    let (items, total) = checkpoints::page(conn, offset, limit).await?;
    let mut views = Vec::with_capacity(items.len());
    for c in items {
        let heads = checkpoints::heads(conn, &c).await?;
        views.push(CheckpointView::new(c, &heads));
    }
    Ok((views, total))
}

/// Reads a saved answer of `GET /audit/checkpoints` (the page object), or a bare list of checkpoints.
pub fn parse_saved(text: &str) -> anyhow::Result<Vec<CheckpointView>> {
    let value: serde_json::Value = serde_json::from_str(text)?;
    let list = match value {
        serde_json::Value::Object(mut o) => o
            .remove("items")
            .ok_or_else(|| anyhow::anyhow!("the file has no `items` list of checkpoints"))?,
        other => other,
    };
    Ok(serde_json::from_value(list)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(key: &SigningKey, version: i16, heads: &[checkpoints::Head]) -> CheckpointView {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let newest = heads.iter().max_by_key(|h| h.last_event_id).unwrap();
        let signature = if version == 1 {
            sign(key, day, newest.last_event_id, &newest.head_hash)
        } else {
            sign_v2(key, day, heads)
        };
        let c = checkpoints::Checkpoint {
            id: 1,
            day,
            last_event_id: newest.last_event_id,
            head_hash: newest.head_hash.clone(),
            signature,
            public_key: key.verifying_key().to_bytes().to_vec(),
            created_at: Utc::now(),
            version,
        };
        CheckpointView::new(c, heads)
    }

    #[test]
    fn both_versions_verify_and_a_changed_head_does_not() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let national = checkpoints::Head {
            chain: AuditChain::National,
            last_event_id: 9,
            head_hash: vec![1; 32],
        };
        let v1 = view(&key, 1, std::slice::from_ref(&national));
        assert!(v1.heads.is_empty());
        assert!(v1.signature_holds());
        assert_eq!(v1.signed_heads(), Some(vec![national.clone()]));

        let county = checkpoints::Head {
            chain: AuditChain::County(411224),
            last_event_id: 12,
            head_hash: vec![2; 32],
        };
        let mut v2 = view(&key, 2, &[county, national]);
        assert_eq!(v2.heads.len(), 2);
        assert!(v2.signature_holds());
        // Survives the file round trip.
        let saved = serde_json::to_string(&vec![v2.clone()]).unwrap();
        assert!(parse_saved(&saved).unwrap()[0].signature_holds());
        v2.heads[0].head_hash = hex::encode([3; 32]);
        assert!(!v2.signature_holds());
        // A version-1 file (no version, no heads) still reads as version 1.
        let mut old = serde_json::to_value(&v1).unwrap();
        let o = old.as_object_mut().unwrap();
        o.remove("version");
        o.remove("heads");
        let old: CheckpointView = serde_json::from_value(old).unwrap();
        assert!(old.signature_holds());
    }
}
