//! Typed configuration, read once at start-up from the environment (and an optional file of
//! `KEY=VALUE` lines named by `BANGFU_CONFIG_FILE`; the environment wins). Nothing reads the
//! environment after this; the [`Config`] value is passed to whatever needs it.

mod secrets;
mod settings;
mod text;

use secrets::is_hex_seed;
pub use secrets::Secret;
pub use settings::SETTINGS;
use text::parse_env_file;
pub use text::redact_url;

use crate::auth::client_addr::Cidr;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

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
    /// Registrations from one client address within a window before 429.
    pub register_throttle: RegisterThrottleConfig,
    /// Reverse proxies whose `X-Forwarded-For` names the client; nobody else's is believed.
    pub trusted_proxies: Vec<Cidr>,
    /// Password hashes (argon2, about 19 MiB each) running at once; more wait, then get 503.
    pub argon2_max_concurrent: usize,
    /// How long a password hash may wait for its turn before the request answers 503 `overloaded`.
    pub argon2_queue_wait: Duration,
    /// HMAC key of the ID number digests; kept outside the database so a copy of it reveals nothing.
    pub id_digest_key: Secret,
    /// HMAC key of the unsubscribe links (not the JWT key: one leak must not forge the other).
    pub unsubscribe_secret: Secret,
    pub job_workers: usize,
    /// A pledge waiting for approval expires after this long.
    pub pledge_approval_window: chrono::Duration,
    /// An approved pledge must be delivered within this long (and before the need's deadline).
    pub pledge_delivery_window: chrono::Duration,
    /// A placed order not paid within this long expires and returns its stock.
    pub order_payment_window: chrono::Duration,
    /// A paid order not shipped within this long expires and returns its stock.
    pub order_shipping_window: chrono::Duration,
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

#[derive(Debug, Clone, Copy)]
pub struct RegisterThrottleConfig {
    pub max_per_address: u32,
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

        let (jwt_secret, jwt_secret_generated) =
            secrets::load(&secrets::JWT, get(secrets::JWT.var), env, &data_dir)?;
        let (id_digest_key, _) = secrets::load(
            &secrets::ID_DIGEST,
            get(secrets::ID_DIGEST.var),
            env,
            &data_dir,
        )?;
        let (unsubscribe_secret, _) = secrets::load(
            &secrets::UNSUBSCRIBE,
            get(secrets::UNSUBSCRIBE.var),
            env,
            &data_dir,
        )?;

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

        let days = |var: &'static str, default: u64| -> Result<chrono::Duration, ConfigError> {
            Ok(chrono::Duration::days(number(var, default, 1, 365)? as i64))
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
        // Without SMTP mail goes to files, reset links included: fine on a laptop, a leak on a server.
        if smtp_url.is_none() && env == Environment::Production {
            return Err(err(
                "SMTP_URL",
                "is required in production (mail written to files would hold live links)",
            ));
        }
        let trusted_proxies = match get("BANGFU_TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::parse::<Cidr>)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|m| err("BANGFU_TRUSTED_PROXIES", m))?,
        };
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
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
            if !is_hex_seed(k.expose()) {
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
            register_throttle: RegisterThrottleConfig {
                max_per_address: number("BANGFU_REGISTER_MAX_PER_ADDRESS", 10, 1, 1_000_000)?
                    as u32,
                window: Duration::from_secs(number(
                    "BANGFU_REGISTER_WINDOW_SECS",
                    3600,
                    1,
                    86_400,
                )?),
            },
            trusted_proxies,
            argon2_max_concurrent: number("BANGFU_ARGON2_MAX_CONCURRENT", 4 * cores, 1, 1024)?
                as usize,
            argon2_queue_wait: Duration::from_millis(number(
                "BANGFU_ARGON2_QUEUE_WAIT_MS",
                3000,
                0,
                600_000,
            )?),
            id_digest_key,
            unsubscribe_secret,
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
            order_payment_window: days("BANGFU_ORDER_PAYMENT_DAYS", 7)?,
            order_shipping_window: days("BANGFU_ORDER_SHIPPING_DAYS", 14)?,
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

#[cfg(test)]
mod tests;
