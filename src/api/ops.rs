//! Operations endpoints outside `/api/v1`: liveness, readiness and metrics.

use crate::error::ApiResult;
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
    let body = Readiness {
        status: if db_ok { "ready" } else { "not_ready" },
        database: if db_ok { "ok" } else { "unreachable" },
    };
    if db_ok {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

#[utoipa::path(get, path = "/metrics", tag = "ops", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let status = state.pool.status();
    let mut gauges = vec![
        (
            "bangfu_db_pool_connections",
            "Database pool connections.",
            vec![("state", "open".to_owned())],
            status.size as f64,
        ),
        (
            "bangfu_db_pool_connections",
            "Database pool connections.",
            vec![("state", "idle".to_owned())],
            status.available as f64,
        ),
        (
            "bangfu_db_pool_connections",
            "Database pool connections.",
            vec![("state", "max".to_owned())],
            status.max_size as f64,
        ),
        (
            "bangfu_db_pool_waiting",
            "Requests waiting for a database connection.",
            vec![],
            status.waiting as f64,
        ),
    ];
    if let Ok(mut conn) = state.pool.get().await {
        let counts = jobs::count_by_state(&mut conn).await.unwrap_or_default();
        for s in ["queued", "done", "failed"] {
            let n = counts.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
            gauges.push((
                "bangfu_jobs",
                "Jobs in the job table by state (queued is the queue depth).",
                vec![("state", s.to_owned())],
                n as f64,
            ));
        }
    }
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render(&gauges)))
}
