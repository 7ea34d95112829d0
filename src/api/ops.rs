//! Operations endpoints outside `/api/v1`: liveness, readiness and metrics.

use crate::error::ApiResult;
use crate::metrics::Gauge;
use crate::state::AppState;
use crate::store::{self, jobs};
use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    /// `ready` or `not_ready`.
    pub status: &'static str,
    /// `ok` or `unreachable`, per dependency.
    pub database: &'static str,
    pub search: &'static str,
}

#[utoipa::path(get, path = "/healthz", tag = "ops", responses((status = 200, description = "The process is up", body = Health)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

#[utoipa::path(
    get, path = "/readyz", tag = "ops",
    responses(
        (status = 200, description = "Every dependency answers", body = Readiness),
        (status = 503, description = "A dependency does not answer", body = Readiness),
    )
)]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let db_ok = store::ping(&state.pool).await;
    let search_ok = state.search.ping().await;
    let word = |ok: bool| if ok { "ok" } else { "unreachable" };
    let body = Readiness {
        status: if db_ok && search_ok {
            "ready"
        } else {
            "not_ready"
        },
        database: word(db_ok),
        search: word(search_ok),
    };
    if db_ok && search_ok {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

#[utoipa::path(get, path = "/metrics", tag = "ops", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let status = state.pool.status();
    let pool_gauge = |state: &str, value: usize| Gauge {
        name: "bangfu_db_pool_connections",
        help: "Database pool connections: open, idle and the maximum.",
        labels: vec![("state", state.to_owned())],
        value: value as f64,
    };
    let mut gauges = vec![
        pool_gauge("open", status.size),
        pool_gauge("idle", status.available),
        pool_gauge("max", status.max_size),
        Gauge {
            name: "bangfu_db_pool_waiting",
            help: "Requests waiting for a database connection.",
            labels: vec![],
            value: status.waiting as f64,
        },
    ];
    let cache = state.stats_cache.stats();
    for (result, n) in [("hit", cache.hits), ("miss", cache.misses)] {
        gauges.push(Gauge {
            name: "bangfu_stats_cache_lookups",
            help: "Lookups of public figures in their cache since start, by result.",
            labels: vec![("result", result.to_owned())],
            value: n as f64,
        });
    }
    gauges.push(Gauge {
        name: "bangfu_stats_cache_entries",
        help: "Regions whose public figures are cached.",
        labels: vec![],
        value: cache.entries as f64,
    });
    if let Ok(mut conn) = state.pool.get().await {
        let counts = jobs::count_by_state(&mut conn).await.unwrap_or_default();
        for &s in crate::domain::job::JobState::ALL {
            let n = counts.iter().find(|(k, _)| *k == s).map_or(0, |(_, n)| *n);
            gauges.push(Gauge {
                name: "bangfu_jobs",
                help: "Jobs in the job table by state (queued is the queue depth).",
                labels: vec![("state", s.as_str().to_owned())],
                value: n as f64,
            });
        }
        if let Ok(feed) = crate::store::search_feed::health(&mut conn).await {
            gauges.extend(feed_gauges(&feed));
        }
    }
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render(&gauges)))
}

/// The search change feed's gauges: a feed that grows, or a slowest follower whose lag grows while
/// the oldest transaction ages, means a long transaction somewhere in the cluster holds it back.
fn feed_gauges(feed: &crate::store::search_feed::Health) -> [Gauge<'static>; 4] {
    let gauge = |name, help, value: f64| Gauge {
        name,
        help,
        labels: vec![],
        value,
    };
    [
        gauge(
            "bangfu_search_feed_rows",
            "Rows in the search change feed (pruned once every follower passed them).",
            feed.rows as f64,
        ),
        gauge(
            "bangfu_search_feed_followers",
            "Embedded indexes (one per serving process) following the search change feed.",
            feed.followers as f64,
        ),
        gauge(
            "bangfu_search_feed_slowest_lag",
            "Transactions between the feed's horizon and the slowest follower's cursor.",
            feed.slowest_lag as f64,
        ),
        gauge(
            "bangfu_db_oldest_transaction_seconds",
            "Age of the oldest open transaction in the cluster (it holds the feed's horizon).",
            feed.oldest_transaction_secs,
        ),
    ]
}
