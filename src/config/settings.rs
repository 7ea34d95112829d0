//! The table of settings, for the README and `bangfu --help`.

use super::DEFAULT_DATABASE_URL;

/// Every setting Bangfu reads, for the README table and `bangfu --help`.
pub const SETTINGS: &[(&str, &str, &str)] = &[
    ("BANGFU_CONFIG_FILE", "(none)", "a file of KEY=VALUE lines read before the environment; the environment wins"),
    ("BANGFU_ENV", "development", "`development` or `production`"),
    ("DATABASE_URL", DEFAULT_DATABASE_URL, "PostgreSQL connection URL; the database is created when missing"),
    ("BANGFU_DB_POOL_SIZE", "16", "database connections in the pool (1–200)"),
    ("BANGFU_BIND", "127.0.0.1:8080", "address and port the server listens on (port 0: any free port)"),
    ("BANGFU_DATA_DIR", "./data", "directory for generated secrets, the embedded search index and mail files"),
    ("BANGFU_JWT_SECRET", "(generated in development)", "HS256 key for access tokens; required in production, at least 32 bytes"),
    ("BANGFU_ID_DIGEST_KEY", "(generated in development)", "HMAC key of household ID number digests; required in production, at least 32 bytes; never change it once households exist"),
    ("BANGFU_UNSUBSCRIBE_SECRET", "(generated in development)", "HMAC key of one-click unsubscribe links; required in production, at least 32 bytes"),
    ("BANGFU_ACCESS_TOKEN_TTL_SECS", "900", "lifetime of an access token in seconds (60–900)"),
    ("BANGFU_REFRESH_TOKEN_TTL_DAYS", "30", "lifetime of a refresh token in days (1–90)"),
    ("BANGFU_LOGIN_MAX_FAILURES_PER_ACCOUNT", "5", "failed logins of one account within the window before 429"),
    ("BANGFU_LOGIN_MAX_FAILURES_PER_ADDRESS", "20", "failed logins from one client address within the window before 429"),
    ("BANGFU_LOGIN_WINDOW_SECS", "900", "the login throttle window in seconds"),
    ("BANGFU_REGISTER_MAX_PER_ADDRESS", "10", "registrations from one client address within the registration window before 429"),
    ("BANGFU_REGISTER_WINDOW_SECS", "3600", "the registration throttle window in seconds"),
    ("BANGFU_TRUSTED_PROXIES", "(none)", "comma-separated IPs or CIDRs of reverse proxies whose X-Forwarded-For names the client"),
    ("BANGFU_ARGON2_MAX_CONCURRENT", "4 × cores", "password hashes (about 19 MiB each) running at once; beyond it requests wait, then answer 503"),
    ("BANGFU_ARGON2_QUEUE_WAIT_MS", "3000", "how long a password hash waits for its turn before the request answers 503 `overloaded`"),
    ("BANGFU_JOB_WORKERS", "2", "job workers draining the outbox (0 disables them)"),
    ("BANGFU_PLEDGE_APPROVAL_DAYS", "14", "days a pledge may wait for an official's approval before it expires"),
    ("BANGFU_PLEDGE_DELIVERY_DAYS", "30", "days an approved pledge has to be delivered (never past the need's deadline)"),
    ("MEILI_URL", "(none)", "Meilisearch URL; without it the embedded search engine is used"),
    ("MEILI_MASTER_KEY", "(none)", "Meilisearch master key"),
    ("MEILI_INDEX_PREFIX", "(none)", "prefix of the Meilisearch index names (`needs`, `offers`), for several instances on one server"),
    ("SMTP_URL", "(none)", "smtp:// or smtps:// URL with credentials; required in production; without it (development) mail is written to files in the data directory"),
    ("BANGFU_WEB_DIR", "frontend/dist", "the built web app, served at /"),
    ("BANGFU_PUBLIC_URL", "http://127.0.0.1:8080", "the address people open Bangfu at; links in mail point here"),
    ("BANGFU_MAIL_FROM", "帮扶 Bangfu <noreply@bangfu.localhost>", "the From address of every mail"),
    ("BANGFU_REVIEW_CEILINGS_FILE", "(bundled)", "JSON file of per-category value ceilings in fen that flag a need for review; see src/domain/review/ceilings.json"),
    ("BANGFU_LOG", "info", "log filter (tracing EnvFilter syntax)"),
    ("BANGFU_LOG_FORMAT", "text", "`text` or `json`"),
];
