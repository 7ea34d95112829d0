//! The search change feed (`search_feed`) and its followers' cursors (`search_followers`).
//!
//! Every index change is a feed row written in the change's own transaction (by
//! `index_jobs::enqueue_index`, the one place index changes are queued). Each process with the
//! embedded engine keeps its own index and follows the feed from its own cursor (`search/feed.rs`).
//!
//! Why a transaction id and not just `seq`: a bigserial is assigned at insert, but transactions
//! commit in any order, so a follower that reads `seq > cursor` can pass a row whose transaction
//! commits later and never see it. Each row carries the id of the transaction that wrote it
//! (`pg_current_xact_id()`, a 64-bit xid8 that never wraps, as bigint). The cursor is a transaction
//! horizon: `pg_snapshot_xmin(pg_current_snapshot())`, the oldest transaction still running. Every
//! transaction below it has ended (committed or rolled back), so a row with `xid < horizon` that a
//! follower cannot see now will never appear. A follower reads every visible row with
//! `xid >= cursor` and the horizon in one statement (one snapshot), applies them, and then moves its
//! cursor to that horizon; rows of newer transactions that are already visible are applied eagerly
//! (a long transaction elsewhere must not delay search) and read again later: re-indexing a
//! document from its current row is idempotent.

use crate::schema::{search_feed, search_followers, search_rebuild_requests};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

/// The channel a feed write notifies (in its transaction) and followers listen on.
pub const CHANNEL: &str = "bangfu_search_feed";

/// Records that document `doc_id` of index `index_name` changed, in the caller's transaction, and
/// wakes the followers when it commits.
pub async fn record(conn: &mut Conn, index_name: &str, doc_id: Uuid) -> QueryResult<()> {
    diesel::insert_into(search_feed::table)
        .values((
            search_feed::index_name.eq(index_name),
            search_feed::doc_id.eq(doc_id),
        ))
        .execute(conn)
        .await?;
    diesel::sql_query("SELECT pg_notify($1, '')")
        .bind::<Text, _>(CHANNEL)
        .execute(conn)
        .await
        .map(|_| ())
}

/// The prefix of the `application_name` of a follower's listening connection: while that
/// connection is open, the follower's process is alive (see [`rebuild_progress`]).
const LISTENER_NAME: &str = "bangfu search follower ";

/// Subscribes `conn` to the feed's channel, naming it after `follower` so that others can tell the
/// follower is alive (a killed process's connection closes with it).
pub async fn listen(conn: &mut Conn, follower: Uuid) -> QueryResult<()> {
    diesel::sql_query(format!(
        "SET application_name = '{LISTENER_NAME}{follower}'"
    ))
    .execute(conn)
    .await?;
    diesel::sql_query(format!("LISTEN {CHANNEL}"))
        .execute(conn)
        .await
        .map(|_| ())
}

/// A feed row as a follower reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub seq: i64,
    pub xid: i64,
    pub index_name: String,
    pub doc_id: Uuid,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    horizon: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    seq: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    xid: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    index_name: Option<String>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    doc_id: Option<Uuid>,
}

/// The current horizon and every visible row at or above `cursor` (oldest transactions first),
/// read in one snapshot, so each row of a transaction below the horizon is among them.
pub async fn read(conn: &mut Conn, cursor: i64) -> QueryResult<(i64, Vec<Change>)> {
    let rows: Vec<Row> = diesel::sql_query(
        "WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon) \
         SELECT h.horizon, f.seq, f.xid, f.index_name, f.doc_id \
         FROM h LEFT JOIN search_feed f ON f.xid >= $1 ORDER BY f.xid, f.seq",
    )
    .bind::<BigInt, _>(cursor)
    .load(conn)
    .await?;
    let horizon = <[Row]>::first(&rows).map_or(cursor, |r| r.horizon);
    let changes = rows
        .into_iter()
        .filter_map(|r| {
            Some(Change {
                seq: r.seq?,
                xid: r.xid?,
                index_name: r.index_name?,
                doc_id: r.doc_id?,
            })
        })
        .collect();
    Ok((horizon, changes))
}

#[derive(QueryableByName)]
struct Horizon {
    #[diesel(sql_type = BigInt)]
    horizon: i64,
}

/// The oldest transaction still running: every feed row below it is final.
pub async fn horizon(conn: &mut Conn) -> QueryResult<i64> {
    let h: Horizon = diesel::sql_query(
        "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon",
    )
    .get_result(conn)
    .await?;
    Ok(h.horizon)
}

/// A follower's saved position, if it is still registered (pruning forgets followers not seen for
/// a while; such a follower rebuilds).
pub async fn position(conn: &mut Conn, follower: Uuid) -> QueryResult<Option<i64>> {
    Ok(saved(conn, follower).await?.map(|s| s.position))
}

/// What a follower has saved: its cursor and the last rebuild request it answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable)]
pub struct Saved {
    pub position: i64,
    pub rebuilt_through: i64,
}

pub async fn saved(conn: &mut Conn, follower: Uuid) -> QueryResult<Option<Saved>> {
    search_followers::table
        .find(follower)
        .select((
            search_followers::position,
            search_followers::rebuilt_through,
        ))
        .get_result(conn)
        .await
        .optional()
}

/// Registers `follower` at `position` (or moves it back there): called before a rebuild, so the
/// feed keeps every change the rebuild may miss. A follower new here starts as having answered
/// every rebuild request so far (it is about to build from PostgreSQL anyway); one that was here
/// keeps what it answered until its rebuild is done ([`mark_rebuilt`]).
pub async fn register(conn: &mut Conn, follower: Uuid, position: i64) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO search_followers (id, position, rebuilt_through) \
         VALUES ($1, $2, (SELECT COALESCE(max(id), 0) FROM search_rebuild_requests)) \
         ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, seen_at = now()",
    )
    .bind::<SqlUuid, _>(follower)
    .bind::<BigInt, _>(position)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Saves a follower's cursor (never backwards) and marks it seen. False when its row is gone
/// (pruned while it was away): the follower must rebuild.
pub async fn advance(conn: &mut Conn, follower: Uuid, position: i64) -> QueryResult<bool> {
    use diesel_async::AsyncConnection;
    let n = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            // A cursor lost in a crash of PostgreSQL only means applying rows again (idempotent):
            // no need to wait for the disk.
            diesel::sql_query("SET LOCAL synchronous_commit = off")
                .execute(conn)
                .await?;
            diesel::sql_query(
                "UPDATE search_followers SET position = GREATEST(position, $2), seen_at = now() \
                 WHERE id = $1",
            )
            .bind::<SqlUuid, _>(follower)
            .bind::<BigInt, _>(position)
            .execute(conn)
            .await
        })
        .await?;
    Ok(n == 1)
}

/// Asks every follower to rebuild its index from PostgreSQL (`bangfu reindex` beside running
/// servers), in the caller's transaction, and wakes them when it commits. Returns the request's id.
pub async fn request_rebuild(conn: &mut Conn) -> QueryResult<i64> {
    let id = diesel::insert_into(search_rebuild_requests::table)
        .default_values()
        .returning(search_rebuild_requests::id)
        .get_result(conn)
        .await?;
    diesel::sql_query("SELECT pg_notify($1, '')")
        .bind::<Text, _>(CHANNEL)
        .execute(conn)
        .await?;
    Ok(id)
}

/// The newest rebuild request (0 when there was none).
pub async fn latest_rebuild_request(conn: &mut Conn) -> QueryResult<i64> {
    let latest: Option<i64> = search_rebuild_requests::table
        .select(diesel::dsl::max(search_rebuild_requests::id))
        .get_result(conn)
        .await?;
    Ok(latest.unwrap_or(0))
}

/// Records that `follower` rebuilt its index after request `through` was made.
pub async fn mark_rebuilt(conn: &mut Conn, follower: Uuid, through: i64) -> QueryResult<()> {
    diesel::sql_query(
        "UPDATE search_followers SET rebuilt_through = GREATEST(rebuilt_through, $2) WHERE id = $1",
    )
    .bind::<SqlUuid, _>(follower)
    .bind::<BigInt, _>(through)
    .execute(conn)
    .await
    .map(|_| ())
}

/// How far a rebuild request has got among the followers alive now (their listening connection is
/// open in this database).
#[derive(Debug, Clone, Copy, PartialEq, Eq, QueryableByName)]
pub struct RebuildProgress {
    #[diesel(sql_type = BigInt)]
    pub rebuilt: i64,
    #[diesel(sql_type = BigInt)]
    pub alive: i64,
}

pub async fn rebuild_progress(conn: &mut Conn, request: i64) -> QueryResult<RebuildProgress> {
    diesel::sql_query(format!(
        "SELECT count(*) FILTER (WHERE f.rebuilt_through >= $1) AS rebuilt, count(*) AS alive \
         FROM search_followers f WHERE EXISTS (SELECT 1 FROM pg_stat_activity a \
         WHERE a.datname = current_database() \
         AND a.application_name = '{LISTENER_NAME}' || f.id::text)"
    ))
    .bind::<BigInt, _>(request)
    .get_result(conn)
    .await
}

/// What a prune removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub followers: usize,
    pub rows: usize,
}

/// Forgets followers not seen since `dead_before`, then deletes the feed rows every remaining
/// follower has passed (below the lowest position; with no follower, below the current horizon:
/// a follower that registers later records its position before it rebuilds, so it needs nothing
/// older). One statement, one snapshot: a follower registered before it began holds it back.
pub async fn prune(conn: &mut Conn, dead_before: DateTime<Utc>) -> QueryResult<Pruned> {
    let followers =
        diesel::delete(search_followers::table.filter(search_followers::seen_at.lt(dead_before)))
            .execute(conn)
            .await?;
    let rows = diesel::sql_query(
        "DELETE FROM search_feed WHERE xid < COALESCE((SELECT min(position) FROM search_followers), \
         pg_snapshot_xmin(pg_current_snapshot())::text::bigint)",
    )
    .execute(conn)
    .await?;
    Ok(Pruned { followers, rows })
}

/// How the feed is doing, for `/metrics`: its length, its followers, how far the slowest lags
/// behind the horizon, and the age of the oldest transaction in the cluster (which holds the
/// horizon, and so every follower's cursor and the pruning, back).
#[derive(Debug, Clone, Copy, PartialEq, QueryableByName)]
pub struct Health {
    #[diesel(sql_type = BigInt)]
    pub rows: i64,
    #[diesel(sql_type = BigInt)]
    pub followers: i64,
    #[diesel(sql_type = BigInt)]
    pub slowest_lag: i64,
    #[diesel(sql_type = diesel::sql_types::Double)]
    pub oldest_transaction_secs: f64,
}

pub async fn health(conn: &mut Conn) -> QueryResult<Health> {
    diesel::sql_query(
        "WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon) \
         SELECT (SELECT count(*) FROM search_feed) AS rows, \
                (SELECT count(*) FROM search_followers) AS followers, \
                GREATEST(h.horizon - COALESCE((SELECT min(position) FROM search_followers), \
                    h.horizon), 0) AS slowest_lag, \
                COALESCE((SELECT EXTRACT(EPOCH FROM now() - min(xact_start))::float8 \
                    FROM pg_stat_activity WHERE backend_xid IS NOT NULL \
                    OR backend_xmin IS NOT NULL), 0) AS oldest_transaction_secs \
         FROM h",
    )
    .get_result(conn)
    .await
}

/// Rows in the feed (tests and metrics).
pub async fn len(conn: &mut Conn) -> QueryResult<i64> {
    search_feed::table.count().get_result(conn).await
}
