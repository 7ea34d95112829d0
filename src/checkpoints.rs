//! Signed checkpoints of the audit chain. Each day the server signs (day, last event id, head hash)
//! with its own Ed25519 key. Whoever saved a checkpoint can later prove that the chain up to it was
//! not rewritten, even by someone who recomputed every hash after an edit: the rewritten event's
//! hash no longer equals the signed head.

use crate::config::{Config, Environment};
use crate::store::{audit, checkpoints, Conn};
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

/// The signed text: a version tag, the day, the last event id and the hex head hash, one a line.
pub fn message(day: NaiveDate, last_event_id: i64, head_hash: &[u8]) -> Vec<u8> {
    format!(
        "bangfu-audit-checkpoint-v1\n{day}\n{last_event_id}\n{}\n",
        hex::encode(head_hash)
    )
    .into_bytes()
}

pub fn sign(key: &SigningKey, day: NaiveDate, last_event_id: i64, head_hash: &[u8]) -> Vec<u8> {
    key.sign(&message(day, last_event_id, head_hash))
        .to_bytes()
        .to_vec()
}

pub fn signature_valid(
    public_key: &[u8],
    signature: &[u8],
    day: NaiveDate,
    last_event_id: i64,
    head_hash: &[u8],
) -> bool {
    let Ok(pk) = <[u8; 32]>::try_from(public_key) else {
        return false;
    };
    let (Ok(vk), Ok(sig)) = (
        VerifyingKey::from_bytes(&pk),
        Signature::from_slice(signature),
    ) else {
        return false;
    };
    vk.verify(&message(day, last_event_id, head_hash), &sig)
        .is_ok()
}

/// A published checkpoint, as `GET /audit/checkpoints` lists it (and as a saved file holds it).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CheckpointView {
    pub day: NaiveDate,
    pub last_event_id: i64,
    /// Hex SHA-256 hash of event `last_event_id`.
    pub head_hash: String,
    /// Hex Ed25519 signature over `bangfu-audit-checkpoint-v1\n{day}\n{last_event_id}\n{head_hash}\n`.
    pub signature: String,
    /// Hex Ed25519 public key that signed it.
    pub public_key: String,
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
}

impl From<checkpoints::Checkpoint> for CheckpointView {
    fn from(c: checkpoints::Checkpoint) -> Self {
        Self {
            day: c.day,
            last_event_id: c.last_event_id,
            head_hash: hex::encode(c.head_hash),
            signature: hex::encode(c.signature),
            public_key: hex::encode(c.public_key),
            created_at: Some(c.created_at),
        }
    }
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

/// Checks the database's chain against saved checkpoints: the whole chain must recompute, every
/// checkpoint's signature must hold, and the event each names must still carry the signed hash.
/// Returns the problems found (none: the chain matches).
pub async fn verify_against(
    conn: &mut Conn,
    saved: &[CheckpointView],
) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    let chain = audit::verify(conn).await?;
    if let Some(id) = chain.first_broken {
        problems.push(format!("the chain is broken at event {id}"));
    }
    for c in saved {
        let head = hex::decode(&c.head_hash).unwrap_or_default();
        let valid = signature_valid(
            &hex::decode(&c.public_key).unwrap_or_default(),
            &hex::decode(&c.signature).unwrap_or_default(),
            c.day,
            c.last_event_id,
            &head,
        );
        if !valid {
            problems.push(format!(
                "checkpoint of {}: the signature does not hold",
                c.day
            ));
            continue;
        }
        match audit::hash_of(conn, c.last_event_id).await? {
            None => problems.push(format!(
                "checkpoint of {}: event {} is missing from the database",
                c.day, c.last_event_id
            )),
            Some(h) if h != head => problems.push(format!(
                "checkpoint of {}: event {} no longer has the signed hash (the chain was rewritten)",
                c.day, c.last_event_id
            )),
            Some(_) => {}
        }
    }
    Ok(problems)
}

/// Signs today's checkpoint unless there is one: verifies the chain from the last checkpoint first,
/// so a broken chain is never signed. Returns the new checkpoint, if one was made.
pub async fn make(
    conn: &mut Conn,
    key: &SigningKey,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<checkpoints::Checkpoint>> {
    let day = now.date_naive();
    if checkpoints::find_for_day(conn, day).await?.is_some() {
        return Ok(None);
    }
    let Some((last_id, head)) = audit::head(conn).await? else {
        return Ok(None);
    };
    let (after, prev) = match checkpoints::latest(conn).await? {
        Some(c) => (c.last_event_id, c.head_hash),
        None => (0, audit::GENESIS.to_vec()),
    };
    let v = audit::verify_from(conn, after, prev).await?;
    if let Some(id) = v.first_broken {
        anyhow::bail!("the audit chain is broken at event {id}: no checkpoint signed");
    }
    let signature = sign(key, day, last_id, &head);
    let public_key = key.verifying_key().to_bytes();
    Ok(checkpoints::insert(
        conn,
        &checkpoints::NewCheckpoint {
            day,
            last_event_id: last_id,
            head_hash: &head,
            signature: &signature,
            public_key: &public_key,
        },
    )
    .await?)
}
