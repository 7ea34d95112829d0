//! What every handler can reach: the pool, the configuration, the token keys, the login throttle,
//! the metrics and the cache of public figures. Built once in [`crate::startup`] and shared through `web::Data`.

use crate::auth::throttle::LoginThrottle;
use crate::auth::JwtKeys;
use crate::config::Config;
use crate::metrics::Metrics;
use crate::store::stats_cache;
use crate::store::Pool;
use std::sync::Arc;

pub struct AppState {
    pub pool: Pool,
    pub config: Arc<Config>,
    pub jwt: JwtKeys,
    pub throttle: LoginThrottle,
    pub metrics: Arc<Metrics>,
    pub search: crate::search::Engine,
    /// `GET /stats` answers (JSON) by region code ("" for the whole country).
    pub stats_cache: stats_cache::Cache<Arc<str>>,
}

impl AppState {
    pub fn new(
        pool: Pool,
        config: Arc<Config>,
        metrics: Arc<Metrics>,
        search: crate::search::Engine,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            jwt: JwtKeys::new(
                config.jwt_secret.expose().as_bytes(),
                config.access_token_ttl,
            )?,
            throttle: LoginThrottle::new(config.login_throttle),
            pool,
            config,
            metrics,
            search,
            stats_cache: stats_cache::Cache::default(),
        })
    }
}
