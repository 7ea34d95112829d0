//! What every handler can reach: the pool, the configuration, the token keys, the throttles, the
//! password-hash limiter and the metrics. Built once in [`crate::startup`] and shared through
//! `web::Data`.

use crate::auth::password_hash::HashLimiter;
use crate::auth::throttle::{LoginThrottle, RegisterThrottle};
use crate::auth::JwtKeys;
use crate::config::Config;
use crate::domain::id_number::IdDigestKey;
use crate::metrics::Metrics;
use crate::store::stats_cache;
use crate::store::Pool;
use std::sync::Arc;

pub struct AppState {
    pub pool: Pool,
    pub config: Arc<Config>,
    pub jwt: JwtKeys,
    pub throttle: LoginThrottle,
    pub register_throttle: RegisterThrottle,
    /// Every argon2 hash and verification goes through it.
    pub hashing: HashLimiter,
    pub id_digest_key: IdDigestKey,
    pub metrics: Arc<Metrics>,
    pub search: crate::search::Engine,
    /// `GET /stats` answers (JSON) by region code ("" for the whole country).
    pub stats_cache: stats_cache::Cache<Arc<str>>,
    /// Uploaded media (`<data dir>/media`), and the bound on images decoded at once.
    pub media: Arc<dyn crate::media::MediaStore>,
    pub images: crate::media::ImageWorkers,
}

impl AppState {
    pub fn new(
        pool: Pool,
        config: Arc<Config>,
        metrics: Arc<Metrics>,
        search: crate::search::Engine,
    ) -> anyhow::Result<Self> {
        let media_root = config.data_dir.join("media");
        Ok(Self {
            jwt: JwtKeys::new(
                config.jwt_secret.expose().as_bytes(),
                config.access_token_ttl,
            )?,
            throttle: LoginThrottle::new(config.login_throttle),
            register_throttle: RegisterThrottle::new(config.register_throttle),
            hashing: HashLimiter::new(config.argon2_max_concurrent, config.argon2_queue_wait),
            id_digest_key: IdDigestKey::new(config.id_digest_key.expose().as_bytes()),
            pool,
            config,
            metrics,
            search,
            stats_cache: stats_cache::Cache::default(),
            media: Arc::new(crate::media::FsStore::new(media_root)),
            images: crate::media::ImageWorkers::new(
                std::thread::available_parallelism().map_or(1, |n| n.get()),
            ),
        })
    }

    /// The caller's address as the throttles key it (behind a trusted proxy: the real client).
    pub fn client_key(&self, req: &actix_web::HttpRequest) -> Option<std::net::IpAddr> {
        crate::auth::client_addr::client_key(req, &self.config.trusted_proxies)
    }
}
