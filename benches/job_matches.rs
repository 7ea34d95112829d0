//! Benchmark: `GET /jobs/{id}/matches` through HTTP, p50 and p95, at 100,000 households with work
//! profiles and 10,000 job postings (issue 19's aim: p95 < 100 ms). Households, work profiles, jobs
//! and some hires are inserted in bulk by SQL; the employer asks for the first page of random jobs.
//!
//! Run: `cargo bench --bench job_matches` (needs PostgreSQL at 127.0.0.1:5432; creates and drops its
//! own database). BENCH_HOUSEHOLDS (default 100000), BENCH_JOBS (default 10000), BENCH_ROUNDS
//! (default 300). A quick check: `BENCH_HOUSEHOLDS=2000 BENCH_JOBS=200 BENCH_ROUNDS=50`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/throughput.rs"]
#[allow(dead_code)]
mod throughput;

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use throughput::{env_or, exec, ids, start, with_database};

/// Households in the bundled villages (all of Sanmenxia), each with a work profile: 0–4 members
/// able to work, two skills of the sixteen, a third each willing to stay in the county, the
/// province, or go anywhere.
const HOUSEHOLDS_SQL: &str = "
WITH v AS (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE length(code) = 12),
ins AS (
    INSERT INTO households (id, head_name, region_code)
    SELECT gen_random_uuid(), '户' || g, v.codes[1 + g % cardinality(v.codes)]
    FROM generate_series(1, $1) g CROSS JOIN v
    RETURNING id, region_code)
INSERT INTO household_work (household_id, region_code, able_to_work, skills, willing_to_travel, updated_by)
SELECT ins.id, ins.region_code, (n % 5)::smallint,
       ARRAY[s.names[1 + n % 16], s.names[1 + (n + 1 + (n / 16) % 15) % 16]],
       (ARRAY['county', 'province', 'anywhere'])[1 + (n / 7) % 3], $2::uuid
FROM (SELECT id, region_code, row_number() OVER () AS n FROM ins) ins
CROSS JOIN (SELECT ARRAY['farming', 'livestock', 'construction', 'manufacturing', 'sewing',
    'handicraft', 'cooking', 'cleaning', 'care', 'driving', 'logistics', 'electrician', 'welding',
    'ecommerce', 'retail', 'security'] AS names) s";

/// Jobs of the one employer: half village workshops, the rest in a county, a city or the province,
/// asking none, one or two skills.
const JOBS_SQL: &str = "
WITH v AS (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE length(code) = 12),
s AS (SELECT ARRAY['farming', 'livestock', 'construction', 'manufacturing', 'sewing', 'handicraft',
    'cooking', 'cleaning', 'care', 'driving', 'logistics', 'electrician', 'welding', 'ecommerce',
    'retail', 'security'] AS names)
INSERT INTO job_postings (id, employer_id, organization_id, title, region_code, positions,
    pay_min_fen, pay_max_fen, pay_period, skills, valid_until)
SELECT gen_random_uuid(), u.id, u.organization_id, '岗位 ' || g,
       CASE g % 10 WHEN 0 THEN '41' WHEN 1 THEN '4112'
            WHEN 2 THEN left(v.codes[1 + g % cardinality(v.codes)], 6)
            WHEN 3 THEN left(v.codes[1 + g % cardinality(v.codes)], 6)
            WHEN 4 THEN left(v.codes[1 + g % cardinality(v.codes)], 6)
            ELSE v.codes[1 + (g * 7) % cardinality(v.codes)] END,
       1000, 200000, 400000, 'month',
       CASE g % 3 WHEN 0 THEN ARRAY[]::text[] WHEN 1 THEN ARRAY[s.names[1 + g % 16]]
            ELSE ARRAY[s.names[1 + g % 16], s.names[1 + (g + 5) % 16]] END,
       now() + interval '60 days'
FROM generate_series(1, $1) g CROSS JOIN v CROSS JOIN s
JOIN users u ON u.id = $2::uuid";

/// One hire in every 20 households able to work, into a random job.
const HIRES_SQL: &str = "
INSERT INTO job_applications (id, job_id, household_id, region_code, applied_by, age_band, status,
    hired_at, start_date, pay_fen)
SELECT gen_random_uuid(), j.id, w.household_id, w.region_code, $1::uuid, '25_34', 'hired', now(),
       current_date, 300000
FROM (SELECT household_id, region_code, row_number() OVER () AS n FROM household_work
      WHERE able_to_work > 0) w
JOIN (SELECT id, row_number() OVER () AS n FROM job_postings) j
  ON j.n = 1 + w.n % (SELECT count(*) FROM job_postings)
WHERE w.n % 20 = 0";

fn pct(mut v: Vec<Duration>, p: f64) -> f64 {
    v.sort();
    if v.is_empty() {
        return 0.0;
    }
    v[((v.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

fn main() -> anyhow::Result<()> {
    let households = env_or("BENCH_HOUSEHOLDS", 100_000);
    let jobs = env_or("BENCH_JOBS", 10_000);
    let rounds = env_or("BENCH_ROUNDS", 300);
    with_database(async |url| run(&url, households, jobs, rounds).await)
}

async fn run(url: &str, households: usize, jobs: usize, rounds: usize) -> anyhow::Result<()> {
    let server = start(url).await?;
    let client = reqwest::Client::new();
    let base = &server.base;
    // The employer signs up through the API (its organization with it) and signs in.
    let (email, password) = ("bench-employer@example.cn", "bench-password-2026");
    let r = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(
            &json!({"email": email, "password": password, "display_name": "压测企业",
            "role": "enterprise",
            "organization": {"name": "卢氏县压测有限公司", "credit_code": "91411224MA45BF0Q7T"}}),
        )
        .send()
        .await?;
    anyhow::ensure!(r.status() == 201, "register: {}", r.status());
    let t: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await?
        .json()
        .await?;
    let token = t["access_token"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("no token: {t}"))?
        .to_owned();

    let started = Instant::now();
    let job_ids = {
        let mut conn = server.pool.get().await?;
        let employer = ids(
            &mut conn,
            &format!("SELECT id::text AS id FROM users WHERE email = '{email}'"),
        )
        .await?
        .pop()
        .ok_or_else(|| anyhow::anyhow!("no employer"))?;
        diesel_async::RunQueryDsl::execute(
            diesel::sql_query(HOUSEHOLDS_SQL)
                .bind::<diesel::sql_types::Integer, _>(i32::try_from(households)?)
                .bind::<diesel::sql_types::Text, _>(&employer),
            &mut conn,
        )
        .await?;
        diesel_async::RunQueryDsl::execute(
            diesel::sql_query(JOBS_SQL)
                .bind::<diesel::sql_types::Integer, _>(i32::try_from(jobs)?)
                .bind::<diesel::sql_types::Text, _>(&employer),
            &mut conn,
        )
        .await?;
        diesel_async::RunQueryDsl::execute(
            diesel::sql_query(HIRES_SQL).bind::<diesel::sql_types::Text, _>(&employer),
            &mut conn,
        )
        .await?;
        exec(&mut conn, "ANALYZE").await?;
        ids(
            &mut conn,
            "SELECT id::text AS id FROM job_postings ORDER BY id",
        )
        .await?
    };
    println!(
        "seeded {households} households with work profiles and {} jobs in {:.1} s",
        job_ids.len(),
        started.elapsed().as_secs_f64()
    );
    anyhow::ensure!(!job_ids.is_empty(), "no jobs");

    let mut latencies = Vec::with_capacity(rounds);
    let mut matched = 0u64;
    for i in 0..rounds {
        let job = &job_ids[(i * 7919) % job_ids.len()];
        let t = Instant::now();
        let r = client
            .get(format!("{base}/api/v1/jobs/{job}/matches?per_page=20"))
            .bearer_auth(&token)
            .send()
            .await?;
        anyhow::ensure!(r.status() == 200, "{job}: {}", r.status());
        let v: Value = r.json().await?;
        latencies.push(t.elapsed());
        matched += v["total"].as_u64().unwrap_or(0);
    }
    println!(
        "GET /jobs/{{id}}/matches ({households} households, {} jobs, {rounds} requests): \
         p50 {:.2} ms, p95 {:.2} ms (aim p95 < 100 ms); {:.0} households in reach per job on average",
        job_ids.len(),
        pct(latencies.clone(), 0.5),
        pct(latencies, 0.95),
        matched as f64 / rounds.max(1) as f64
    );
    server.handle.stop(true).await;
    Ok(())
}
