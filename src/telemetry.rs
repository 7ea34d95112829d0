//! Logging: `tracing` to standard error, text or JSON. One line per request, with its id, method,
//! matched route, status and latency. The query string, headers and bodies are never logged, so
//! passwords, tokens and ID numbers cannot reach the log through it.

use crate::config::{Config, LogFormat};
use crate::metrics::Metrics;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use std::sync::Arc;
use std::time::Instant;
use tracing::Instrument;
use tracing_subscriber::EnvFilter;

pub fn init(config: &Config) {
    let filter = EnvFilter::try_new(&config.log_filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match config.log_format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Middleware: assigns a request id, times the request, logs one line and records the metrics.
pub async fn request_log(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let start = Instant::now();
    // Accept a caller's id when it is short and plain, so logs of a proxy and Bangfu line up.
    let request_id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let metrics = req
        .app_data::<actix_web::web::Data<Arc<Metrics>>>()
        .map(|m| m.get_ref().clone());
    // One span per request: every event a handler or service logs carries the request id.
    let span = tracing::info_span!("request", request_id = %request_id, method = %method);
    let mut res = next.call(req).instrument(span).await?;
    let elapsed = start.elapsed();
    let status = res.status().as_u16();
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "(unmatched)".to_owned());
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    if let Some(m) = metrics {
        m.observe(&route, &method, status, elapsed);
    }
    let latency_ms = elapsed.as_secs_f64() * 1000.0;
    if status >= 500 {
        tracing::error!(request_id, method, path, route, status, latency_ms, "request");
    } else {
        tracing::info!(request_id, method, path, route, status, latency_ms, "request");
    }
    Ok(res)
}
