//! Building and running the server. The application binds its own listener (port 0 gives a free port,
//! which the tests use), so `main` stays tiny and tests start the real thing.

use crate::api::extract::{json_config, path_config, query_config};
use crate::api::openapi::ApiDoc;
use crate::api::{self};
use crate::config::Config;
use crate::jobs::Registry;
use crate::metrics::Metrics;
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
        crate::workers::prepare(&config, &pool, Some(&engine)).await?;
        options.jobs = crate::workers::register(&config, Some(&engine), options.jobs)?;
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
    /// current job and stop. With the embedded engine the process follows the search change feed
    /// for its own index meanwhile, job workers or not.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let (stop, stopped) = watch::channel(false);
        let follower = (!crate::workers::index_jobs_write(&self.config)).then(|| {
            crate::search::feed::spawn(
                self.pool.clone(),
                self.engine.clone(),
                crate::search::feed::index_dir(&self.config.data_dir),
                stopped.clone(),
            )
        });
        let schedule = crate::workers::Schedule {
            maintenance_every: self.options.maintenance_every,
            expiry_every: self.options.expiry_every,
        };
        let tasks = crate::workers::spawn(
            &self.pool,
            self.options.jobs,
            self.config.job_workers,
            Some(&self.engine),
            schedule,
            stopped,
        );
        let result = self.server.await;
        let _ = stop.send(true);
        for t in tasks.into_iter().chain(follower) {
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
