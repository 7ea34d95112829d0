//! The embedded engine's indexes seen from another process: `bangfu search check` beside a running
//! `bangfu serve`. tantivy lets any number of readers open an index while one process holds its
//! writer lock, so reading needs no lock and never disturbs the server; writing does, which is why
//! `bangfu reindex` asks the running server to rebuild (a `search.reindex` job) when the lock is busy.

use super::query::IndexName;
use super::SearchError;
use std::path::Path;
use tantivy::collector::DocSetCollector;
use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK};
use tantivy::query::AllQuery;
use tantivy::schema::Value;
use tantivy::{Index, ReloadPolicy, TantivyDocument};

fn err(e: impl std::fmt::Display) -> SearchError {
    SearchError::Engine(e.to_string())
}

/// Whether another process (a running server) holds the writer lock of the indexes under `dir`.
pub fn writer_busy(dir: &Path) -> bool {
    IndexName::ALL.iter().any(|index| {
        let path = dir.join(index.as_str());
        if !path.join("meta.json").exists() {
            return false;
        }
        match MmapDirectory::open(&path) {
            // Dropping the guard releases the lock at once.
            Ok(d) => d.acquire_lock(&INDEX_WRITER_LOCK).is_err(),
            Err(_) => false,
        }
    })
}

/// Every document's id and version in the index `index` under `dir`, read without the writer lock.
/// An index that does not exist yet is empty.
pub fn versions(dir: &Path, index: IndexName) -> Result<Vec<(String, i64)>, SearchError> {
    let path = dir.join(index.as_str());
    if !path.join("meta.json").exists() {
        return Ok(Vec::new());
    }
    let idx = Index::open_in_dir(&path).map_err(err)?;
    let schema = idx.schema();
    let id = schema.get_field("id").map_err(err)?;
    let version = schema.get_field("version").map_err(err)?;
    let reader = idx
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(err)?;
    let searcher = reader.searcher();
    let docs = searcher.search(&AllQuery, &DocSetCollector).map_err(err)?;
    let mut out = Vec::with_capacity(docs.len());
    for address in docs {
        let doc: TantivyDocument = searcher.doc(address).map_err(err)?;
        let Some(key) = doc
            .get_first(id)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
        else {
            continue;
        };
        let v = doc.get_first(version).and_then(|v| v.as_i64()).unwrap_or(0);
        out.push((key, v));
    }
    Ok(out)
}
