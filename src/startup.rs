//! Building and running the server. The application binds its own listener (port 0 gives a free port,
//! which the tests use), so `main` stays tiny and tests start the real thing.

use crate::api::extract::{json_config, path_config, query_config};
use crate::api::openapi::ApiDoc;
use crate::api::{self};
use crate::config::Config;
use crate::jobs::{self, Registry, Runner};
use crate::metrics::Metrics;
use crate::search::indexing;
use crate::search::query::IndexName;
use crate::state::AppState;
use crate::store::Pool;
use crate::telemetry::request_log;
use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpResponse, HttpServer};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

pub struct Options {
    /// Stop gracefully on SIGINT/SIGTERM (the binary); tests stop the server themselves.
    pub handle_signals: bool,
    pub jobs: Registry,
    /// How often the maintenance purge is enqueued.
    pub maintenance_every: Duration,
    /// How often needs past their deadline are looked for.
    pub expiry_every: Duration,
    /// HTTP worker threads; `None`: one per core.
    pub http_workers: Option<usize>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            handle_signals: true,
            jobs: Registry::standard(),
            maintenance_every: Duration::from_secs(3600),
            expiry_every: Duration::from_secs(60),
            http_workers: None,
        }
    }
}

pub struct Application {
    port: u16,
    engine: crate::search::Engine,
    server: Server,
    pool: Pool,
    config: Arc<Config>,
    options: Options,
}

impl Application {
    pub async fn build(config: Config, pool: Pool, mut options: Options) -> anyhow::Result<Self> {
        let engine = crate::search::open(&config).await?;
        {
            let mut conn = pool.get().await?;
            // ID digests written before they were keyed are re-keyed once (the key is not in SQL).
            let key = crate::domain::id_number::IdDigestKey::new(
                config.id_digest_key.expose().as_bytes(),
            );
            let rekeyed = crate::store::household_ids::rekey_unkeyed(&mut conn, &key).await?;
            if rekeyed > 0 {
                tracing::info!(rows = rekeyed, "household ID digests re-keyed");
            }
            for index in IndexName::ALL {
                if let Some(n) = indexing::refill_if_empty(&mut conn, &engine, index).await? {
                    tracing::info!(
                        rows = n,
                        index = index.as_str(),
                        engine = engine.name(),
                        "a search index was empty: queued every row for indexing"
                    );
                }
            }
        }
        options.jobs = jobs::accountability::register(options.jobs, &config)?;
        for index in IndexName::ALL {
            let indexer = engine.clone();
            options.jobs = options
                .jobs
                .register_batch(indexing::job_kind(index), move |ctx, payloads| {
                    indexing::index_batch(indexer.clone(), index, ctx, payloads)
                });
        }
        options.jobs = jobs::search::register(options.jobs, engine.clone());
        let mailer = Arc::new(crate::mail::Mailer::from_config(&config)?);
        tracing::info!(mail = %mailer.describe(), "mail");
        {
            let config = Arc::new(config.clone());
            options.jobs = options
                .jobs
                .register(crate::mail::SEND, move |ctx, payload| {
                    crate::mail::deliver(mailer.clone(), config.clone(), ctx, payload)
                });
        }
        let listener = TcpListener::bind(config.bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {} (BANGFU_BIND): {e}", config.bind))?;
        let port = listener.local_addr()?.port();
        let config = Arc::new(config);
        let metrics = Arc::new(Metrics::default());
        let state = web::Data::new(AppState::new(
            pool.clone(),
            config.clone(),
            metrics.clone(),
            engine.clone(),
        )?);
        let metrics = web::Data::new(metrics);
        let openapi = ApiDoc::openapi();
        let web_app = web::Data::new(crate::web::WebApp::new(&config.web_dir));
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(metrics.clone())
                .app_data(json_config())
                .app_data(query_config())
                .app_data(path_config())
                .wrap(from_fn(crate::security_headers::security_headers))
                .wrap(from_fn(request_log))
                .configure(api::configure)
                .service(
                    SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", openapi.clone()),
                )
                .route(
                    "/api/docs",
                    web::get().to(|| async { redirect("/api/docs/") }),
                )
                .app_data(web_app.clone())
                .default_service(web::to(crate::web::serve))
        })
        .listen(listener)?
        .shutdown_timeout(30);
        if let Some(n) = options.http_workers {
            server = server.workers(n);
        }
        if !options.handle_signals {
            server = server.disable_signals();
        }
        Ok(Self {
            port,
            engine,
            server: server.run(),
            pool,
            config,
            options,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The search engine this server writes and reads.
    pub fn search_engine(&self) -> crate::search::Engine {
        self.engine.clone()
    }

    pub fn server_handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until the server stops (a signal, or its handle), then lets job workers finish their
    /// current job and stop.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let (stop, stopped) = watch::channel(false);
        let runner = Runner::new(self.pool.clone(), self.options.jobs);
        let mut tasks = runner.spawn(self.config.job_workers, stopped.clone());
        if self.config.job_workers > 0 {
            for (kind, every) in [
                (jobs::maintenance::PURGE, self.options.maintenance_every),
                (jobs::needs::EXPIRE, self.options.expiry_every),
                (jobs::offers::EXPIRE, self.options.expiry_every),
                (jobs::mail::REMINDERS, self.options.maintenance_every),
                (jobs::mail::DIGEST, self.options.maintenance_every),
                (jobs::pledges::EXPIRE, self.options.expiry_every),
                (jobs::pledges::ESCALATE, self.options.maintenance_every),
            ]
            .into_iter()
            .chain(jobs::accountability::schedules(
                self.options.maintenance_every,
            ))
            .chain(jobs::orders::schedules(
                self.options.expiry_every,
                self.options.maintenance_every,
            ))
            .chain([(jobs::job_postings::EXPIRE, self.options.expiry_every)])
            .chain(jobs::retention::schedules(self.options.maintenance_every))
            .chain(jobs::projects::schedules(self.options.expiry_every))
            // Engine tasks are checked after each batch; this catches any left behind.
            .chain(
                (self.engine.name() != "embedded")
                    .then_some((jobs::search::TASKS, self.options.expiry_every)),
            ) {
                tasks.push(jobs::schedule(
                    self.pool.clone(),
                    kind,
                    every,
                    stopped.clone(),
                ));
            }
        }
        let result = self.server.await;
        let _ = stop.send(true);
        for t in tasks {
            let _ = t.await;
        }
        tracing::info!("stopped");
        result
    }
}

fn redirect(to: &str) -> HttpResponse {
    HttpResponse::Found()
        .insert_header(("Location", to))
        .finish()
}
