//! Where media bytes live: a trait by key, and a directory under the data directory as its one
//! implementation. Writes are atomic (a temporary file renamed into place).

use futures_util::future::BoxFuture;
use std::io;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// A storage key such as `evidence/3f…/display.jpg`. Only the server makes keys, from a fixed kind,
/// a UUID and a fixed variant name, so a key never contains `..`, a leading `/` or anything a client
/// chose.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MediaKey(String);

impl MediaKey {
    /// `kind` and `variant` are compile-time names (`"evidence"`, `"display.jpg"`).
    pub fn new(kind: &'static str, id: Uuid, variant: &'static str) -> Self {
        Self(format!("{kind}/{id}/{variant}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Every segment is non-empty and made of `[a-z0-9._-]`, and none is `.` or `..`. Keys built by
    /// [`MediaKey::new`] always pass; this is the store's second line of defence.
    fn is_safe(&self) -> bool {
        self.0.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        })
    }
}

/// Media bytes by key. `get` of a missing key is `Ok(None)`; `delete` of a missing key is `Ok(())`.
pub trait MediaStore: Send + Sync {
    fn put<'a>(&'a self, key: &'a MediaKey, bytes: Vec<u8>) -> BoxFuture<'a, io::Result<()>>;
    fn get<'a>(&'a self, key: &'a MediaKey) -> BoxFuture<'a, io::Result<Option<Vec<u8>>>>;
    fn delete<'a>(&'a self, key: &'a MediaKey) -> BoxFuture<'a, io::Result<()>>;
}

/// A directory (`<data dir>/media`), one file per key.
#[derive(Debug, Clone)]
pub struct FsStore {
    root: PathBuf,
}

impl FsStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, key: &MediaKey) -> io::Result<PathBuf> {
        if !key.is_safe() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "unsafe media key",
            ));
        }
        Ok(self.root.join(key.as_str()))
    }
}

impl MediaStore for FsStore {
    fn put<'a>(&'a self, key: &'a MediaKey, bytes: Vec<u8>) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move {
            let path = self.path_of(key)?;
            let dir = path
                .parent()
                .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "key has no parent"))?;
            tokio::fs::create_dir_all(dir).await?;
            let tmp = dir.join(format!(".{}.tmp", Uuid::new_v4()));
            tokio::fs::write(&tmp, &bytes).await?;
            if let Err(e) = tokio::fs::rename(&tmp, &path).await {
                let _ = tokio::fs::remove_file(&tmp).await;
                return Err(e);
            }
            Ok(())
        })
    }

    fn get<'a>(&'a self, key: &'a MediaKey) -> BoxFuture<'a, io::Result<Option<Vec<u8>>>> {
        Box::pin(async move {
            match tokio::fs::read(self.path_of(key)?).await {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            }
        })
    }

    fn delete<'a>(&'a self, key: &'a MediaKey) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move {
            let path = self.path_of(key)?;
            match tokio::fs::remove_file(&path).await {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
            // The key's directory goes when its last variant does.
            if let Some(dir) = path.parent() {
                let _ = tokio::fs::remove_dir(dir).await;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn put_get_delete_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path().join("media"));
        let key = MediaKey::new("evidence", Uuid::new_v4(), "display.jpg");
        assert_eq!(store.get(&key).await.unwrap(), None);
        store.put(&key, b"abc".to_vec()).await.unwrap();
        assert_eq!(store.get(&key).await.unwrap().as_deref(), Some(&b"abc"[..]));
        store.put(&key, b"xyz".to_vec()).await.unwrap();
        assert_eq!(store.get(&key).await.unwrap().as_deref(), Some(&b"xyz"[..]));
        store.delete(&key).await.unwrap();
        store.delete(&key).await.unwrap();
        assert_eq!(store.get(&key).await.unwrap(), None);
    }

    #[tokio::test]
    async fn keys_that_leave_the_root_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path().join("media"));
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "A/b",
            "a/./b",
            "",
        ] {
            let key = MediaKey(bad.to_owned());
            assert!(store.put(&key, vec![1]).await.is_err(), "{bad}");
            assert!(store.get(&key).await.is_err(), "{bad}");
        }
    }
}
