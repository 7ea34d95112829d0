//! Storage: every SQL statement of Bangfu lives below this module. Handlers and domain code call these
//! functions; they never build queries themselves.

pub mod audit;
pub mod audit_verify;
pub mod campaign_matches;
pub mod campaigns;
pub mod check_stats;
pub mod checkpoints;
pub mod checks;
pub mod complaints;
pub mod contribution;
pub mod deciders;
pub mod demo;
pub mod digest;
pub mod email_tokens;
pub mod evidence;
pub mod honour;
pub mod household_ids;
pub mod household_monitoring;
pub mod household_work;
pub mod households;
pub mod idempotency;
pub mod index_jobs;
pub mod job_applications;
pub mod job_matches;
pub mod job_postings;
pub mod job_retention_checks;
pub mod job_search;
pub mod jobs;
pub mod jobs_stats;
pub mod mail_queue;
pub mod need_reviews;
pub mod needs;
pub mod offers;
pub mod orders;
pub mod organizations;
pub mod pledges;
pub mod pledges_queries;
pub mod product_images;
pub mod products;
pub mod project_ledger;
pub mod project_search;
pub mod project_spending;
pub mod project_totals;
pub mod projects;
pub mod rectifications;
pub mod refresh_tokens;
pub mod regions;
pub mod revisits;
pub mod sales_stats;
pub mod search_feed;
pub mod search_rows;
pub mod search_tasks;
pub mod stats;
pub mod stats_cache;
pub mod stories;
pub mod story_photos;
pub mod users;
pub mod users_auth;

use diesel::sql_types::{Bool, Text};
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::pooled_connection::deadpool::Pool as DeadPool;
use diesel_async::pooled_connection::AsyncDieselConnectionManager;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub type Conn = AsyncPgConnection;
pub type Pool = DeadPool<AsyncPgConnection>;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

pub fn pool(database_url: &str, size: usize) -> anyhow::Result<Pool> {
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(database_url);
    Ok(Pool::builder(manager)
        .max_size(size)
        .wait_timeout(Some(std::time::Duration::from_secs(10)))
        .create_timeout(Some(std::time::Duration::from_secs(5)))
        .runtime(deadpool::Runtime::Tokio1)
        .build()?)
}

/// Splits `postgres://…/name?opts` into the URL of the `postgres` maintenance database and `name`.
pub fn split_database_url(url: &str) -> anyhow::Result<(String, String)> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let (server, name) = base
        .rsplit_once('/')
        .ok_or_else(|| anyhow::anyhow!("DATABASE_URL has no database name"))?;
    if name.is_empty() || server.ends_with('/') {
        anyhow::bail!("DATABASE_URL has no database name");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        anyhow::bail!("the database name in DATABASE_URL may use letters, digits, _ and - only");
    }
    let maintenance = match query {
        Some(q) => format!("{server}/postgres?{q}"),
        None => format!("{server}/postgres"),
    };
    Ok((maintenance, name.to_owned()))
}

#[derive(diesel::QueryableByName)]
struct Exists {
    #[diesel(sql_type = Bool)]
    exists: bool,
}

/// Creates the database named in `url` when it does not exist. Returns whether it was created.
pub async fn ensure_database(url: &str) -> anyhow::Result<bool> {
    let (maintenance, name) = split_database_url(url)?;
    let mut conn = AsyncPgConnection::establish(&maintenance).await?;
    let found: Exists =
        diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
            .bind::<Text, _>(&name)
            .get_result(&mut conn)
            .await?;
    if found.exists {
        return Ok(false);
    }
    // The name was checked to hold only safe characters; identifiers cannot be bound.
    diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
        .execute(&mut conn)
        .await?;
    Ok(true)
}

/// Applies pending migrations and loads the region data (idempotent). Returns the versions applied.
pub async fn migrate(url: &str) -> anyhow::Result<Vec<String>> {
    let conn = AsyncPgConnection::establish(url).await?;
    let (conn, applied) = tokio::task::spawn_blocking(move || {
        let mut wrapper: AsyncConnectionWrapper<AsyncPgConnection> =
            AsyncConnectionWrapper::from(conn);
        let applied = wrapper
            .run_pending_migrations(MIGRATIONS)
            .map(|v| v.iter().map(ToString::to_string).collect::<Vec<_>>())
            .map_err(|e| anyhow::anyhow!("migration failed: {e}"));
        (wrapper.into_inner(), applied)
    })
    .await?;
    let applied = applied?;
    let mut conn = conn;
    regions::load_bundled(&mut conn).await?;
    Ok(applied)
}

/// Reverts every migration (for the down/up test and `bangfu migrate --revert-all`).
pub async fn revert_all(url: &str) -> anyhow::Result<usize> {
    let conn = AsyncPgConnection::establish(url).await?;
    tokio::task::spawn_blocking(move || {
        let mut wrapper: AsyncConnectionWrapper<AsyncPgConnection> =
            AsyncConnectionWrapper::from(conn);
        wrapper
            .revert_all_migrations(MIGRATIONS)
            .map(|v| v.len())
            .map_err(|e| anyhow::anyhow!("revert failed: {e}"))
    })
    .await?
}

/// Whether the database answers.
pub async fn ping(pool: &Pool) -> bool {
    let Ok(mut conn) = pool.get().await else {
        return false;
    };
    diesel::sql_query("SELECT 1")
        .execute(&mut conn)
        .await
        .is_ok()
}

/// True when a diesel error is a violation of the named unique constraint.
pub fn is_unique_violation(e: &diesel::result::Error, constraint: &str) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    matches!(e, Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info)
        if info.constraint_name() == Some(constraint))
}
