//! Benchmark: orders per second through the API (`POST /products/{id}/orders`) against the same SQL
//! transaction run by `pgbench` with the same number of clients (aim: a ratio of at least 0.5), and
//! all clients on one product (no errors; p99 against p50).
//!
//! Run: `cargo bench --bench orders_throughput` (needs PostgreSQL at 127.0.0.1:5432 and `pgbench`;
//! it creates and drops its own database). BENCH_SECONDS (default 10), BENCH_CLIENTS (default 16),
//! BENCH_PRODUCTS (default 200).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/throughput.rs"]
mod throughput;

use serde_json::json;
use std::time::Duration;
use throughput::{env_or, exec, ids, pgbench, post_load, sign_up, start, with_database};

/// The transaction the API runs for an order, in SQL: the product and buyer reads before it, then
/// in one transaction the idempotency claim, the conditional stock update, the order row, the audit
/// append (advisory lock, last hash, insert), the product's index job, the seller's mail job (each
/// with its wake-up) and the stored answer.
const PGBENCH_SCRIPT: &str = r#"
\set p random(1, :products)
\set b random(1, :buyers)
SELECT id AS product FROM bench_products WHERE n = :p \gset
SELECT id AS buyer FROM bench_buyers WHERE n = :b \gset
SELECT status, seller_id FROM products WHERE id = ':product';
SELECT email_verified_at FROM users WHERE id = ':buyer';
BEGIN;
INSERT INTO idempotency_keys (user_id, key, request_fingerprint) VALUES (':buyer', gen_random_uuid(), '\x00');
SAVEPOINT work;
UPDATE products SET stock = stock - 1, updated_at = now()
  WHERE id = ':product' AND status = 'listed' AND stock >= 1 RETURNING seller_id, region_code, price_fen \gset
INSERT INTO jobs (kind, payload, max_attempts) VALUES ('search.index_products', '{"id": ":product"}', 1000);
SELECT pg_notify('bangfu_jobs', 'search.index_products');
INSERT INTO orders (id, product_id, buyer_id, seller_id, region_code, quantity, unit_price_fen, total_fen, note,
    delivery_name, delivery_phone, delivery_address, expires_at, created_at, updated_at)
  VALUES (gen_random_uuid(), ':product', ':buyer', ':seller_id', ':region_code', 1, :price_fen, :price_fen, '',
    '陈女士', '13800138000', '河南省三门峡市卢氏县城关镇', now() + interval '7 days', now(), now());
SELECT pg_advisory_xact_lock(1635083363, 2147483647);
SELECT coalesce((SELECT hash FROM audit_events WHERE chain = 'national' ORDER BY id DESC LIMIT 1), '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) AS prev \gset
INSERT INTO audit_events (occurred_at, actor_id, action, subject_type, subject_id, details, prev_hash, hash, chain)
  VALUES (now(), ':buyer', 'order.placed', 'order', gen_random_uuid(), '{}', ':prev', sha256(':prev'::bytea || 'x'), 'national');
SELECT title, unit FROM products WHERE id = ':product';
INSERT INTO jobs (kind, payload) VALUES ('mail.send', '{"kind": "order_placed"}');
SELECT pg_notify('bangfu_jobs', 'mail.send');
RELEASE SAVEPOINT work;
UPDATE idempotency_keys SET response_status = 201, response_body = '\x00', completed_at = now()
  WHERE user_id = ':buyer' AND completed_at IS NULL;
COMMIT;
"#;

fn main() -> anyhow::Result<()> {
    let seconds = env_or("BENCH_SECONDS", 10) as u64;
    let clients = env_or("BENCH_CLIENTS", 16);
    let product_count = env_or("BENCH_PRODUCTS", 200);
    with_database(async |url| run(&url, seconds, clients, product_count).await)
}

async fn run(url: &str, seconds: u64, clients: usize, product_count: usize) -> anyhow::Result<()> {
    let server = start(url).await?;
    // Buyers sign up through the API; the seller and its listed products are made in SQL (setup,
    // not measured).
    let tokens = sign_up(&server, "donor", clients).await?;
    let mut conn = server.pool.get().await?;
    exec(&mut conn, "CREATE TABLE bench_buyers AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM users WHERE role = 'donor'").await?;
    exec(&mut conn, "INSERT INTO households (id, head_name, region_code) VALUES ('00000000-0000-0000-0000-000000000001', '压测户', '411224101200')").await?;
    exec(
        &mut conn,
        "INSERT INTO users (id, email, password_hash, display_name, role, household_id, email_verified_at) \
         VALUES ('00000000-0000-0000-0000-000000000002', 'bench-seller@example.cn', '$argon2id$bench', '压测卖家', 'household', \
                 '00000000-0000-0000-0000-000000000001', now())",
    )
    .await?;
    exec(
        &mut conn,
        &format!(
            "INSERT INTO products (id, seller_id, household_id, listed_by, county_code, region_code, title, category, unit, \
                price_fen, stock, households_helped, status, certified_by, certified_at) \
             SELECT gen_random_uuid(), '00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000001', \
                '00000000-0000-0000-0000-000000000002', '411224', '411224101200', '压测核桃 ' || g, 'nuts', '公斤', \
                3600, 100000000, 1, 'listed', '00000000-0000-0000-0000-000000000002', now() \
             FROM generate_series(1, {product_count}) g"
        ),
    )
    .await?;
    exec(
        &mut conn,
        "CREATE TABLE bench_products AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM products",
    )
    .await?;
    let paths: Vec<String> = ids(
        &mut conn,
        "SELECT id::text AS id FROM bench_products ORDER BY n",
    )
    .await?
    .into_iter()
    .map(|id| format!("/api/v1/products/{id}/orders"))
    .collect();
    drop(conn);

    println!(
        "cores: {}, clients: {clients}, products: {product_count}, {seconds} s per run",
        std::thread::available_parallelism()?.get()
    );
    let duration = Duration::from_secs(seconds);
    let body = json!({
        "quantity": 1,
        "delivery": {"name": "陈女士", "phone": "13800138000", "address": "河南省三门峡市卢氏县城关镇"},
        "note": ""
    });
    post_load(
        &server.base,
        &tokens,
        &paths,
        body.clone(),
        Duration::from_secs(1),
    )
    .await;
    let many = post_load(&server.base, &tokens, &paths, body.clone(), duration).await;
    println!("{}", many.line("API, many products"));
    let sql_tps = pgbench(
        url,
        clients,
        seconds,
        &[("products", product_count), ("buyers", clients)],
        PGBENCH_SCRIPT,
    )?;
    println!("ratio API / SQL: {:.2}", many.tps() / sql_tps);
    let one = post_load(&server.base, &tokens, &paths[..1], body, duration).await;
    println!("{}", one.line("API, one product"));
    server.handle.stop(true).await;
    Ok(())
}
