//! Secrets that sign or key things (access tokens, ID digests, unsubscribe links): a setting, or in
//! development one generated once into the data directory. Each purpose has its own secret, so a
//! leak of one (say the JWT key) forges nothing else.

use super::{err, ConfigError, Environment};
use std::fmt;
use std::path::Path;

/// What one secret is for: its variable and the file it is generated into in development.
pub(super) struct SecretSpec {
    pub var: &'static str,
    pub file: &'static str,
}

pub(super) const JWT: SecretSpec = SecretSpec {
    var: "BANGFU_JWT_SECRET",
    file: "jwt_secret",
};
pub(super) const ID_DIGEST: SecretSpec = SecretSpec {
    var: "BANGFU_ID_DIGEST_KEY",
    file: "id_digest_key",
};
pub(super) const UNSUBSCRIBE: SecretSpec = SecretSpec {
    var: "BANGFU_UNSUBSCRIBE_SECRET",
    file: "unsubscribe_secret",
};

/// The secret and whether it was generated at this start.
pub(super) fn load(
    spec: &SecretSpec,
    value: Option<String>,
    env: Environment,
    data_dir: &Path,
) -> Result<(Secret, bool), ConfigError> {
    match value {
        Some(s) if s.len() >= 32 => Ok((Secret::new(s), false)),
        Some(_) => Err(err(spec.var, "must be at least 32 bytes")),
        None if env == Environment::Production => Err(err(
            spec.var,
            "is required in production (at least 32 bytes)",
        )),
        None => development_secret(spec, data_dir),
    }
}

fn development_secret(spec: &SecretSpec, data_dir: &Path) -> Result<(Secret, bool), ConfigError> {
    let path = data_dir.join(spec.file);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim().to_owned();
        if existing.len() >= 32 {
            return Ok((Secret::new(existing), false));
        }
    }
    let secret = crate::auth::random_token(48);
    write_private(&path, &secret).map_err(|e| {
        err(
            spec.var,
            format!("cannot store a generated secret at {}: {e}", path.display()),
        )
    })?;
    Ok((Secret::new(secret), true))
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
    let mut file = options.open(path)?;
    file.write_all(contents.as_bytes())
}

/// A secret string: usable, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// A 32-byte Ed25519 seed written as 64 hex digits (the checkpoint signer reads it the same way).
pub(super) fn is_hex_seed(s: &str) -> bool {
    let s = s.trim();
    s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit())
}
