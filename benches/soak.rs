//! Benchmark: a soak. Mixed load for SOAK_SECS (default 600) from SOAK_CLIENTS closed-loop clients
//! (default 16): 70% searches (realistic Chinese queries with filters), 20% reads (a need, or the
//! supporter's own pledges), 10% pledges with an Idempotency-Key to needs with quantity to spare.
//! Every minute it prints requests, throughput, p50/p99 per kind and overall, errors and the RSS of
//! each server process; at the end it checks the aims: 0 errors, p99 flat within 2× (first minute
//! against the last), RSS under 150 MiB and not growing (minute 2 against the last).
//!
//! The servers are the built `bangfu serve` binary as child processes (so RSS is the server's own):
//! SOAK_PROCESSES (default 1) of them on one database, each with its own embedded index and 2
//! workers, clients spread round-robin. Data: the demo at SOAK_NEEDS needs (default 10,000) and
//! SOAK_PLEDGE_NEEDS (default 100) open needs of 1,000,000 items each for the pledges. The soak starts
//! once every index job is done (the servers fill their empty indexes at start).
//!
//! Run: `cargo bench --bench soak` (needs PostgreSQL at 127.0.0.1:5432; creates and drops its own
//! database). Access tokens last 15 minutes, so SOAK_SECS is at most 840.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/search_queries.rs"]
mod search_queries;
#[path = "support/serve.rs"]
mod serve;
#[path = "support/soak_load.rs"]
mod soak_load;
#[path = "support/throughput.rs"]
#[allow(dead_code)]
mod throughput;

use soak_load::{Plan, Row, KINDS};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use throughput::{env_or, exec, ids, sign_up_at, with_database};

struct Settings {
    secs: u64,
    row_secs: u64,
    clients: usize,
    processes: usize,
    needs: usize,
    pledge_needs: usize,
}

fn main() -> anyhow::Result<()> {
    let s = Settings {
        secs: env_or("SOAK_SECS", 600).min(840) as u64,
        row_secs: env_or("SOAK_ROW_SECS", 60).max(1) as u64,
        clients: env_or("SOAK_CLIENTS", 16).max(1),
        processes: env_or("SOAK_PROCESSES", 1).max(1),
        needs: env_or("SOAK_NEEDS", 10_000),
        pledge_needs: env_or("SOAK_PLEDGE_NEEDS", 100).max(1),
    };
    with_database(async |url| run(&url, &s).await)
}

fn stage(started: Instant, what: &str) {
    eprintln!("[{:>6.1} s] {what}", started.elapsed().as_secs_f64());
}

async fn run(url: &str, s: &Settings) -> anyhow::Result<()> {
    let t0 = Instant::now();
    let pool = bangfu::store::pool(url, 4)?;
    {
        let mut conn = pool.get().await?;
        bangfu::seed::demo_sized(
            &mut conn,
            bangfu::seed::DemoSize {
                households: (s.needs / 30).max(10),
                needs: s.needs,
            },
        )
        .await?;
        stage(t0, &format!("seeded the demo at {} needs", s.needs));
        // Needs to pledge to: open, far from their deadline, with room for every pledge of the run.
        exec(
            &mut conn,
            &format!(
                "INSERT INTO needs (id, household_id, region_code, posted_by, title, category, urgency, quantity, unit, estimated_value_fen, deadline, status, published_at) \
                 SELECT gen_random_uuid(), h.id, h.region_code, (SELECT id FROM users WHERE role = 'official' ORDER BY id LIMIT 1), \
                 '冬季棉被 第' || g || '批', 'other', 'normal', 1000000, '件', 0, now() + interval '300 days', 'open', now() \
                 FROM generate_series(1, {}) g, (SELECT id, region_code FROM households ORDER BY id LIMIT 1) h",
                s.pledge_needs
            ),
        )
        .await?;
    }

    let logs = tempfile::tempdir()?;
    let pool_size = (48 / s.processes).clamp(4, 16).to_string();
    let mut servers = Vec::new();
    for _ in 0..s.processes {
        servers.push(serve::spawn(
            url,
            logs.path(),
            &[("BANGFU_DB_POOL_SIZE", pool_size.clone())],
        )?);
    }
    let http = reqwest::Client::new();
    for p in &mut servers {
        p.ready(&http, Duration::from_secs(300)).await?;
    }
    stage(t0, &format!("{} server process(es) ready", servers.len()));
    let drained = Instant::now();
    loop {
        let left = serve::index_backlog(&mut *pool.get().await?).await?;
        if left == 0 {
            break;
        }
        anyhow::ensure!(
            drained.elapsed() < Duration::from_secs(1800),
            "{left} index jobs still queued after 30 minutes"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    stage(
        t0,
        &format!(
            "index backlog drained in {:.1} s",
            drained.elapsed().as_secs_f64()
        ),
    );

    let tokens = sign_up_at(&servers[0].base, &pool, "donor", s.clients).await?;
    let (need_ids, pledge_need_ids) = {
        let mut conn = pool.get().await?;
        let read = ids(
            &mut conn,
            "SELECT id::text AS id FROM needs WHERE status IN ('open', 'fully_pledged', 'fulfilled') \
             AND deadline > now() + interval '1 day' ORDER BY id LIMIT 2000",
        )
        .await?;
        let pledge = ids(
            &mut conn,
            "SELECT id::text AS id FROM needs WHERE quantity = 1000000 ORDER BY id",
        )
        .await?;
        (read, pledge)
    };
    anyhow::ensure!(!need_ids.is_empty(), "no public needs to read");
    stage(t0, "clients signed up; soak starts");
    let plan = Arc::new(Plan {
        bases: servers.iter().map(|p| p.base.clone()).collect(),
        tokens,
        queries: search_queries::queries()
            .into_iter()
            .map(|(q, _)| q.to_owned())
            .collect(),
        need_ids,
        pledge_need_ids,
        mix: (70, 90),
    });
    println!(
        "soak: {} s, {} clients, {} process(es), {} demo needs + {} to pledge to, cores: {}",
        s.secs,
        s.clients,
        s.processes,
        s.needs,
        s.pledge_needs,
        std::thread::available_parallelism()?.get()
    );
    println!("{}", Row::header());

    let window = Arc::new(Mutex::new(soak_load::Window::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let tasks = soak_load::spawn_clients(plan, window.clone(), stop.clone())?;
    let started = Instant::now();
    let end = started + Duration::from_secs(s.secs);
    let (mut rows, mut samples) = (Vec::new(), Vec::new());
    let mut last = started;
    while last < end {
        let next = (last + Duration::from_secs(s.row_secs)).min(end);
        tokio::time::sleep_until(next.into()).await;
        let rss = servers.iter().map(|p| p.rss_mib()).collect();
        let (row, w) = Row::take(
            &window,
            rows.len() + 1,
            (Instant::now() - last).as_secs_f64(),
            rss,
        );
        println!("{}", row.line());
        let parts: Vec<String> = servers
            .iter()
            .map(|p| {
                let (anon, file) = p.rss_parts_mib();
                format!("{anon:.0} / {file:.0}")
            })
            .collect();
        println!("     RSS anon / file MiB: {}", parts.join(", "));
        samples.extend(w.error_samples);
        rows.push(row);
        last = Instant::now();
    }
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await?;
    }
    // Requests that were under way at the end are not counted.
    summary(&rows, &servers, &samples);
    Ok(())
}

fn summary(rows: &[Row], servers: &[serve::Process], samples: &[String]) {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return;
    };
    let requests: usize = rows.iter().map(|r| r.requests).sum();
    let errors: usize = rows.iter().map(|r| r.errors).sum();
    let conflicts: usize = rows.iter().map(|r| r.conflicts).sum();
    let minutes = rows.len();
    println!("summary over {minutes} row(s): {requests} requests, {errors} errors, {conflicts} pledges answered 409");
    for e in samples {
        println!("  error: {e}");
    }
    println!("  0 errors: {}", if errors == 0 { "yes" } else { "NO" });
    let ratio = last.p99 / first.p99.max(0.001);
    println!(
        "  p99 all kinds, first → last row: {:.1} → {:.1} ms (×{ratio:.2}); flat within 2×: {}",
        first.p99,
        last.p99,
        if (0.5..=2.0).contains(&ratio) {
            "yes"
        } else {
            "NO"
        }
    );
    for (i, k) in KINDS.iter().enumerate() {
        let (a, b) = (first.kinds[i].2, last.kinds[i].2);
        println!(
            "    {:<7} p99 {a:.1} → {b:.1} ms (×{:.2})",
            k.name(),
            b / a.max(0.001)
        );
    }
    let base = rows.get(1).unwrap_or(first);
    for (i, p) in servers.iter().enumerate() {
        let (from, to) = (base.rss_mib[i], last.rss_mib[i]);
        println!(
            "  process {}: RSS row {} → last {from:.0} → {to:.0} MiB (peak {:.0} MiB); under 150 MiB: {}; not growing (≤ +10%): {}; log lines with a panic or ERROR: {}",
            i + 1,
            base.minute,
            p.peak_mib(),
            if rows.iter().all(|r| r.rss_mib[i] < 150.0) { "yes" } else { "NO" },
            if to <= from * 1.1 { "yes" } else { "NO" },
            p.log_problems().len()
        );
        for line in p.log_problems().iter().take(3) {
            println!("    log: {line}");
        }
    }
}
