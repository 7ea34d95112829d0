//! Benchmark: pledges per second through the API against the same SQL transaction run by `pgbench`
//! with the same number of clients (aim: a ratio of at least 0.5), and all clients on one need (aim:
//! no errors, p99 under 10× p50). The needs are spread over BENCH_COUNTIES counties, each with its
//! own audit chain; `pgbench` runs the transaction with one lock for all (the chain before it was
//! sharded) and with the county's chain lock (as the server does now).
//!
//! Run: `cargo bench --bench pledge_throughput` (needs PostgreSQL at 127.0.0.1:5432 and `pgbench`;
//! it creates and drops its own database). BENCH_SECONDS (default 10), BENCH_CLIENTS (default 16),
//! BENCH_NEEDS (default 200), BENCH_COUNTIES (default 20).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/throughput.rs"]
mod throughput;

use serde_json::json;
use std::time::Duration;
use throughput::{env_or, exec, ids, pgbench, post_load, sign_up, start, with_database};

/// The transaction the API runs for a pledge, in SQL: the idempotency record, the conditional quantity
/// update, the pledge row, the audit append (advisory lock, last hash, insert) and the stored response.
/// `{LOCK}` and `{CHAIN}` are the chain's lock and name: one for all, or the need's county.
const PGBENCH_SCRIPT: &str = r#"
\set n random(1, :needs)
\set s random(1, :supporters)
SELECT id AS need FROM bench_needs WHERE n = :n \gset
SELECT id AS supporter FROM bench_supporters WHERE n = :s \gset
INSERT INTO idempotency_keys (user_id, key, request_fingerprint) VALUES (':supporter', gen_random_uuid(), '\x00');
BEGIN;
UPDATE needs SET pledged_quantity = pledged_quantity + 1,
    status = CASE WHEN pledged_quantity + 1 = quantity THEN 'fully_pledged' ELSE status END, updated_at = now()
  WHERE id = ':need' AND status = 'open' AND pledged_quantity + 1 <= quantity RETURNING region_code \gset
INSERT INTO pledges (id, need_id, supporter_id, region_code, quantity, message, expires_at, created_at, updated_at)
  VALUES (gen_random_uuid(), ':need', ':supporter', ':region_code', 1, '', now() + interval '14 days', now(), now());
SELECT pg_advisory_xact_lock({LOCK});
SELECT coalesce((SELECT hash FROM audit_events WHERE chain = {CHAIN} ORDER BY id DESC LIMIT 1), '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) AS prev \gset
INSERT INTO audit_events (occurred_at, actor_id, action, subject_type, subject_id, details, prev_hash, hash, chain)
  VALUES (now(), ':supporter', 'pledge.pending_approval', 'pledge', gen_random_uuid(), '{}', ':prev', sha256(':prev'::bytea || convert_to({CHAIN}, 'UTF8')), {CHAIN});
COMMIT;
UPDATE idempotency_keys SET response_status = 201, response_body = '\x00', completed_at = now()
  WHERE user_id = ':supporter' AND completed_at IS NULL;
"#;

/// One lock for every append: the audit chain before it was sharded.
fn one_chain_script() -> String {
    PGBENCH_SCRIPT
        .replace("{LOCK}", "418581342580")
        .replace("{CHAIN}", "'national'")
}

/// The county's chain lock (class "audc", county code), as `store::audit` takes it.
fn county_chain_script() -> String {
    PGBENCH_SCRIPT
        .replace("{LOCK}", "1635083363, substr(':region_code', 1, 6)::int")
        .replace("{CHAIN}", "substr(':region_code', 1, 6)")
}

fn main() -> anyhow::Result<()> {
    let seconds = env_or("BENCH_SECONDS", 10) as u64;
    let clients = env_or("BENCH_CLIENTS", 16);
    let need_count = env_or("BENCH_NEEDS", 200);
    let counties = env_or("BENCH_COUNTIES", 20);
    with_database(async |url| run(&url, seconds, clients, need_count, counties).await)
}

async fn run(
    url: &str,
    seconds: u64,
    clients: usize,
    need_count: usize,
    counties: usize,
) -> anyhow::Result<()> {
    let server = start(url).await?;
    // Supporters sign up through the API; needs are made open directly in SQL (setup, not measured).
    let tokens = sign_up(&server, "donor", clients).await?;
    let mut conn = server.pool.get().await?;
    // A village in each of `counties` counties of Henan (the seeded table has villages in a few
    // counties only: the others get a bench township and village), a household in each, and the needs
    // spread over them in turn.
    exec(
        &mut conn,
        &format!(
            "CREATE TABLE bench_counties AS SELECT row_number() OVER (ORDER BY code) - 1 AS k, code \
             FROM (SELECT code FROM regions WHERE level = 'county' AND code LIKE '41%' ORDER BY code LIMIT {counties}) c"
        ),
    )
    .await?;
    exec(&mut conn, "INSERT INTO regions (code, name, level, parent_code) SELECT code || '990', '压测镇', 'township', code FROM bench_counties ON CONFLICT DO NOTHING").await?;
    exec(&mut conn, "INSERT INTO regions (code, name, level, parent_code) SELECT code || '990001', '压测村', 'village', code || '990' FROM bench_counties ON CONFLICT DO NOTHING").await?;
    exec(&mut conn, "INSERT INTO households (id, head_name, region_code) SELECT gen_random_uuid(), '压测户', code || '990001' FROM bench_counties").await?;
    exec(
        &mut conn,
        &format!(
            "INSERT INTO needs (id, household_id, region_code, posted_by, title, category, urgency, quantity, unit, estimated_value_fen, deadline, status, published_at) \
             SELECT gen_random_uuid(), h.id, h.region_code, (SELECT id FROM users LIMIT 1), '压测需求 ' || g, 'other', 'normal', 1000000, '件', 0, now() + interval '300 days', 'open', now() \
             FROM generate_series(1, {need_count}) g \
             JOIN bench_counties b ON b.k = g % (SELECT count(*) FROM bench_counties) \
             JOIN households h ON h.region_code = b.code || '990001'"
        ),
    )
    .await?;
    exec(
        &mut conn,
        "CREATE TABLE bench_needs AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM needs",
    )
    .await?;
    exec(&mut conn, "CREATE TABLE bench_supporters AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM users WHERE role = 'donor'").await?;
    let paths: Vec<String> = ids(
        &mut conn,
        "SELECT id::text AS id FROM bench_needs ORDER BY n",
    )
    .await?
    .into_iter()
    .map(|id| format!("/api/v1/needs/{id}/pledges"))
    .collect();
    drop(conn);

    println!(
        "cores: {}, clients: {clients}, needs: {need_count} in {counties} counties, {seconds} s per run",
        std::thread::available_parallelism()?.get()
    );
    let duration = Duration::from_secs(seconds);
    let body = json!({"quantity": 1});
    post_load(
        &server.base,
        &tokens,
        &paths,
        body.clone(),
        Duration::from_secs(1),
    )
    .await;
    let many = post_load(&server.base, &tokens, &paths, body.clone(), duration).await;
    println!("{}", many.line("API, many needs"));
    let params = [("needs", need_count), ("supporters", clients)];
    let one_chain = pgbench(url, clients, seconds, &params, &one_chain_script())?;
    println!("pgbench, one chain lock: {one_chain:.0} tx/s");
    let per_county = pgbench(url, clients, seconds, &params, &county_chain_script())?;
    println!("pgbench, a chain lock per county: {per_county:.0} tx/s");
    println!(
        "ratio API / SQL (a chain per county): {:.2}",
        many.tps() / per_county
    );
    let one = post_load(&server.base, &tokens, &paths[..1], body, duration).await;
    println!("{}", one.line("API, one need"));
    server.handle.stop(true).await;
    Ok(())
}
