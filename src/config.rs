//! Typed configuration, read once at start-up from the environment (and an optional file of
//! `KEY=VALUE` lines named by `BANGFU_CONFIG_FILE`; the environment wins). Nothing reads the
//! environment after this; the [`Config`] value is passed to whatever needs it.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub env: Environment,
    pub database_url: Secret,
    pub db_pool_size: usize,
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub jwt_secret: Secret,
    /// Set when the JWT secret was generated at this start (development only): reported as a warning.
    pub jwt_secret_generated: bool,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    pub login_throttle: LoginThrottleConfig,
    pub job_workers: usize,
    /// A pledge waiting for approval expires after this long.
    pub pledge_approval_window: chrono::Duration,
    /// An approved pledge must be delivered within this long (and before the need's deadline).
    pub pledge_delivery_window: chrono::Duration,
    pub meili_url: Option<String>,
    pub meili_master_key: Option<Secret>,
    /// Prefix of the Meilisearch index uids (several Bangfu instances or test runs on one server).
    pub meili_index_prefix: String,
    pub smtp_url: Option<Secret>,
    /// Where people reach Bangfu: links in mail point here.
    pub public_url: String,
    /// The From of every mail.
    pub mail_from: String,
    /// The built web app (`frontend/dist`).
    pub web_dir: std::path::PathBuf,
    pub log_filter: String,
    pub log_format: LogFormat,
    /// Review checks: per-category value ceilings (bundled, or `BANGFU_REVIEW_CEILINGS_FILE`) and words.
    pub review_rules: crate::domain::review::ReviewRules,
    /// Days a township has to answer a rectification (整改) opened by a check finding.
    pub rectification_window: chrono::Duration,
    /// A revisit (回头看) is due this long after a confirmed delivery.
    pub revisit_after: chrono::Duration,
    /// The Ed25519 key that signs audit checkpoints: hex of its 32-byte seed (a setting in
    /// production; in development a key file in the data directory).
    pub audit_signing_key: Option<Secret>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy)]
pub struct LoginThrottleConfig {
    /// Failures per account within the window before login answers 429.
    pub max_failures_per_account: u32,
    /// Failures per client address within the window before login answers 429.
    pub max_failures_per_address: u32,
    pub window: Duration,
}

/// A setting that could not be used: start-up stops with this message, which names the variable.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

fn err(var: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        message: message.into(),
    }
}

pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/bangfu";
const JWT_SECRET_FILE: &str = "jwt_secret";

/// Every setting Bangfu reads, for the README table and `bangfu --help`.
pub const SETTINGS: &[(&str, &str, &str)] = &[
    ("BANGFU_CONFIG_FILE", "(none)", "a file of KEY=VALUE lines read before the environment; the environment wins"),
    ("BANGFU_ENV", "development", "`development` or `production`"),
    ("DATABASE_URL", DEFAULT_DATABASE_URL, "PostgreSQL connection URL; the database is created when missing"),
    ("BANGFU_DB_POOL_SIZE", "16", "database connections in the pool (1–200)"),
    ("BANGFU_BIND", "127.0.0.1:8080", "address and port the server listens on (port 0: any free port)"),
    ("BANGFU_DATA_DIR", "./data", "directory for generated secrets, the embedded search index and mail files"),
    ("BANGFU_JWT_SECRET", "(generated in development)", "HS256 key for access tokens; required in production, at least 32 bytes"),
    ("BANGFU_ACCESS_TOKEN_TTL_SECS", "900", "lifetime of an access token in seconds (60–900)"),
    ("BANGFU_REFRESH_TOKEN_TTL_DAYS", "30", "lifetime of a refresh token in days (1–90)"),
    ("BANGFU_LOGIN_MAX_FAILURES_PER_ACCOUNT", "5", "failed logins of one account within the window before 429"),
    ("BANGFU_LOGIN_MAX_FAILURES_PER_ADDRESS", "20", "failed logins from one client address within the window before 429"),
    ("BANGFU_LOGIN_WINDOW_SECS", "900", "the login throttle window in seconds"),
    ("BANGFU_JOB_WORKERS", "2", "job workers draining the outbox (0 disables them)"),
    ("BANGFU_PLEDGE_APPROVAL_DAYS", "14", "days a pledge may wait for an official's approval before it expires"),
    ("BANGFU_PLEDGE_DELIVERY_DAYS", "30", "days an approved pledge has to be delivered (never past the need's deadline)"),
    ("MEILI_URL", "(none)", "Meilisearch URL; without it the embedded search engine is used"),
    ("MEILI_MASTER_KEY", "(none)", "Meilisearch master key"),
    ("MEILI_INDEX_PREFIX", "(none)", "prefix of the Meilisearch index names (`needs`, `offers`), for several instances on one server"),
    ("SMTP_URL", "(none)", "smtp:// or smtps:// URL with credentials; without it mail is written to files in the data directory"),
    ("BANGFU_WEB_DIR", "frontend/dist", "the built web app, served at /"),
    ("BANGFU_PUBLIC_URL", "http://127.0.0.1:8080", "the address people open Bangfu at; links in mail point here"),
    ("BANGFU_MAIL_FROM", "帮扶 Bangfu <noreply@bangfu.localhost>", "the From address of every mail"),
    ("BANGFU_REVIEW_CEILINGS_FILE", "(bundled)", "JSON file of per-category value ceilings in fen that flag a need for review; see src/domain/review/ceilings.json"),
    ("BANGFU_RECTIFICATION_DAYS", "15", "days a township has to answer a rectification opened by a check finding (1–365)"),
    ("BANGFU_REVISIT_AFTER_DAYS", "90", "days after a confirmed delivery when the household's officials get a revisit (1–3650)"),
    ("BANGFU_AUDIT_SIGNING_KEY", "(generated in development)", "hex of the 32-byte Ed25519 seed that signs audit checkpoints; required in production"),
    ("BANGFU_LOG", "info", "log filter (tracing EnvFilter syntax)"),
    ("BANGFU_LOG_FORMAT", "text", "`text` or `json`"),
];

impl Config {
    /// Reads the process environment (and `BANGFU_CONFIG_FILE`), creating the data directory and,
    /// in development, a JWT secret in it when none is set.
    pub fn load() -> Result<Self, ConfigError> {
        let mut vars: HashMap<String, String> = HashMap::new();
        if let Ok(file) = std::env::var("BANGFU_CONFIG_FILE") {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| err("BANGFU_CONFIG_FILE", format!("cannot read {file}: {e}")))?;
            vars.extend(parse_env_file(&text).map_err(|m| err("BANGFU_CONFIG_FILE", m))?);
        }
        vars.extend(std::env::vars());
        Self::from_vars(&vars)
    }

    /// Builds the configuration from a map of variables. Pure but for the data directory and the
    /// generated development secret.
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |k: &str| {
            vars.get(k)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let env = match get("BANGFU_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(err(
                    "BANGFU_ENV",
                    format!("`{other}` is neither `development` nor `production`"),
                ))
            }
        };
        let database_url = get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if !(database_url.starts_with("postgres://") || database_url.starts_with("postgresql://")) {
            return Err(err("DATABASE_URL", "must be a postgres:// URL"));
        }
        let bind: SocketAddr = get("BANGFU_BIND")
            .unwrap_or_else(|| "127.0.0.1:8080".to_owned())
            .parse()
            .map_err(|_| {
                err(
                    "BANGFU_BIND",
                    "must be an address and port such as 127.0.0.1:8080",
                )
            })?;
        let data_dir = PathBuf::from(get("BANGFU_DATA_DIR").unwrap_or_else(|| "./data".to_owned()));
        std::fs::create_dir_all(&data_dir).map_err(|e| {
            err(
                "BANGFU_DATA_DIR",
                format!("cannot create {}: {e}", data_dir.display()),
            )
        })?;

        let (jwt_secret, jwt_secret_generated) = match get("BANGFU_JWT_SECRET") {
            Some(s) if s.len() >= 32 => (Secret::new(s), false),
            Some(_) => return Err(err("BANGFU_JWT_SECRET", "must be at least 32 bytes")),
            None if env == Environment::Production => {
                return Err(err(
                    "BANGFU_JWT_SECRET",
                    "is required in production (at least 32 bytes)",
                ))
            }
            None => development_secret(&data_dir)?,
        };

        let number =
            |var: &'static str, default: u64, min: u64, max: u64| -> Result<u64, ConfigError> {
                match get(var) {
                    None => Ok(default),
                    Some(s) => match s.parse::<u64>() {
                        Ok(n) if (min..=max).contains(&n) => Ok(n),
                        _ => Err(err(
                            var,
                            format!("must be a whole number from {min} to {max}"),
                        )),
                    },
                }
            };

        let meili_url = get("MEILI_URL");
        if let Some(u) = &meili_url {
            if !(u.starts_with("http://") || u.starts_with("https://")) {
                return Err(err("MEILI_URL", "must be an http:// or https:// URL"));
            }
        }
        if let Some(p) = get("MEILI_INDEX_PREFIX") {
            if p.len() > 100
                || !p
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Err(err(
                    "MEILI_INDEX_PREFIX",
                    "letters, digits, `_` and `-` only (at most 100)",
                ));
            }
        }
        let public_url = get("BANGFU_PUBLIC_URL")
            .unwrap_or_else(|| "http://127.0.0.1:8080".to_owned())
            .trim_end_matches('/')
            .to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(err(
                "BANGFU_PUBLIC_URL",
                "must be an http:// or https:// URL",
            ));
        }
        let mail_from = get("BANGFU_MAIL_FROM")
            .unwrap_or_else(|| "帮扶 Bangfu <noreply@bangfu.localhost>".to_owned());
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(err(
                "BANGFU_MAIL_FROM",
                "must be a mailbox such as `Bangfu <noreply@example.cn>`",
            ));
        }
        let smtp_url = get("SMTP_URL");
        if let Some(u) = &smtp_url {
            if !(u.starts_with("smtp://") || u.starts_with("smtps://")) {
                return Err(err("SMTP_URL", "must be an smtp:// or smtps:// URL"));
            }
        }
        let log_format = match get("BANGFU_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(_) => return Err(err("BANGFU_LOG_FORMAT", "must be `text` or `json`")),
        };

        let mut review_rules = crate::domain::review::ReviewRules::bundled();
        if let Some(path) = get("BANGFU_REVIEW_CEILINGS_FILE") {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                err(
                    "BANGFU_REVIEW_CEILINGS_FILE",
                    format!("cannot read {path}: {e}"),
                )
            })?;
            review_rules = review_rules
                .with_ceilings(&text)
                .map_err(|m| err("BANGFU_REVIEW_CEILINGS_FILE", m))?;
        }

        let audit_signing_key = get("BANGFU_AUDIT_SIGNING_KEY").map(Secret::new);
        if let Some(k) = &audit_signing_key {
            if crate::checkpoints::parse_seed(k.expose()).is_none() {
                return Err(err(
                    "BANGFU_AUDIT_SIGNING_KEY",
                    "must be 64 hex digits (a 32-byte Ed25519 seed)",
                ));
            }
        }
        Ok(Self {
            rectification_window: chrono::Duration::days(number(
                "BANGFU_RECTIFICATION_DAYS",
                15,
                1,
                365,
            )? as i64),
            revisit_after: chrono::Duration::days(
                number("BANGFU_REVISIT_AFTER_DAYS", 90, 1, 3650)? as i64,
            ),
            audit_signing_key,
            review_rules,
            env,
            database_url: Secret::new(database_url),
            db_pool_size: number("BANGFU_DB_POOL_SIZE", 16, 1, 200)? as usize,
            bind,
            data_dir,
            jwt_secret,
            jwt_secret_generated,
            access_token_ttl: Duration::from_secs(number(
                "BANGFU_ACCESS_TOKEN_TTL_SECS",
                900,
                60,
                900,
            )?),
            refresh_token_ttl: Duration::from_secs(
                86_400 * number("BANGFU_REFRESH_TOKEN_TTL_DAYS", 30, 1, 90)?,
            ),
            login_throttle: LoginThrottleConfig {
                max_failures_per_account: number(
                    "BANGFU_LOGIN_MAX_FAILURES_PER_ACCOUNT",
                    5,
                    1,
                    1000,
                )? as u32,
                max_failures_per_address: number(
                    "BANGFU_LOGIN_MAX_FAILURES_PER_ADDRESS",
                    20,
                    1,
                    100_000,
                )? as u32,
                window: Duration::from_secs(number("BANGFU_LOGIN_WINDOW_SECS", 900, 1, 86_400)?),
            },
            job_workers: number("BANGFU_JOB_WORKERS", 2, 0, 64)? as usize,
            pledge_approval_window: chrono::Duration::days(number(
                "BANGFU_PLEDGE_APPROVAL_DAYS",
                14,
                1,
                365,
            )? as i64),
            pledge_delivery_window: chrono::Duration::days(number(
                "BANGFU_PLEDGE_DELIVERY_DAYS",
                30,
                1,
                365,
            )? as i64),
            meili_url,
            meili_master_key: get("MEILI_MASTER_KEY").map(Secret::new),
            meili_index_prefix: get("MEILI_INDEX_PREFIX").unwrap_or_default(),
            smtp_url: smtp_url.map(Secret::new),
            public_url,
            mail_from,
            web_dir: get("BANGFU_WEB_DIR")
                .map(std::path::PathBuf::from)
                .unwrap_or_else(|| std::path::PathBuf::from("frontend/dist")),
            log_filter: get("BANGFU_LOG").unwrap_or_else(|| "info".to_owned()),
            log_format,
        })
    }

    /// The database URL with any password replaced, for messages.
    pub fn database_url_for_display(&self) -> String {
        redact_url(self.database_url.expose())
    }
}

/// `scheme://user:password@host/db` → `scheme://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "***".to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => format!("{scheme}://{userinfo}@{host}"),
        },
        None => url.to_owned(),
    }
}

fn development_secret(data_dir: &Path) -> Result<(Secret, bool), ConfigError> {
    let path = data_dir.join(JWT_SECRET_FILE);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim().to_owned();
        if existing.len() >= 32 {
            return Ok((Secret::new(existing), false));
        }
    }
    let secret = crate::auth::random_token(48);
    write_private(&path, &secret).map_err(|e| {
        err(
            "BANGFU_JWT_SECRET",
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

fn parse_env_file(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (k, v) = line
            .split_once('=')
            .ok_or_else(|| format!("line {} is not KEY=VALUE", i + 1))?;
        let v = v.trim().trim_matches('"');
        out.push((k.trim().to_owned(), v.to_owned()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)], dir: &Path) -> HashMap<String, String> {
        let mut m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        m.insert("BANGFU_DATA_DIR".into(), dir.display().to_string());
        m
    }

    #[test]
    fn defaults_and_generated_secret_is_stable() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::from_vars(&vars(&[], dir.path())).unwrap();
        assert_eq!(c.env, Environment::Development);
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url.expose(), DEFAULT_DATABASE_URL);
        assert!(c.jwt_secret_generated);
        let again = Config::from_vars(&vars(&[], dir.path())).unwrap();
        assert!(!again.jwt_secret_generated);
        assert_eq!(again.jwt_secret, c.jwt_secret);
    }

    #[test]
    fn production_requires_a_long_secret() {
        let dir = tempfile::tempdir().unwrap();
        let e = Config::from_vars(&vars(&[("BANGFU_ENV", "production")], dir.path())).unwrap_err();
        assert_eq!(e.var, "BANGFU_JWT_SECRET");
        let e = Config::from_vars(&vars(
            &[("BANGFU_ENV", "production"), ("BANGFU_JWT_SECRET", "short")],
            dir.path(),
        ))
        .unwrap_err();
        assert_eq!(e.var, "BANGFU_JWT_SECRET");
        let ok = Config::from_vars(&vars(
            &[
                ("BANGFU_ENV", "production"),
                ("BANGFU_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            ],
            dir.path(),
        ))
        .unwrap();
        assert!(!ok.jwt_secret_generated);
    }

    #[test]
    fn bad_values_name_their_variable() {
        let dir = tempfile::tempdir().unwrap();
        for (k, v) in [
            ("BANGFU_ENV", "staging"),
            ("BANGFU_BIND", "localhost"),
            ("DATABASE_URL", "mysql://x"),
            ("BANGFU_DB_POOL_SIZE", "0"),
            ("BANGFU_ACCESS_TOKEN_TTL_SECS", "3600"),
            ("MEILI_URL", "ftp://x"),
            ("SMTP_URL", "http://x"),
        ] {
            let e = Config::from_vars(&vars(&[(k, v)], dir.path())).unwrap_err();
            assert_eq!(e.var, k);
            assert!(e.to_string().contains(k));
        }
    }

    #[test]
    fn secrets_do_not_print() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::from_vars(&vars(
            &[
                (
                    "BANGFU_JWT_SECRET",
                    "a-very-long-secret-that-must-never-be-logged",
                ),
                ("DATABASE_URL", "postgres://u:pw@h/db"),
            ],
            dir.path(),
        ))
        .unwrap();
        let printed = format!("{c:?}");
        assert!(!printed.contains("a-very-long-secret"));
        assert!(!printed.contains(":pw@"));
        assert_eq!(c.database_url_for_display(), "postgres://u:***@h/db");
    }

    #[test]
    fn env_file_lines() {
        let parsed = parse_env_file("# c\nA=1\nB = \"two\"\n\n").unwrap();
        assert_eq!(
            parsed,
            vec![("A".into(), "1".into()), ("B".into(), "two".into())]
        );
        assert!(parse_env_file("nonsense").is_err());
    }
}
