//! Benchmark: search relevance over the demo data. The queries in `benches/relevance/queries.json`
//! (judged by the rules in `benches/relevance/README.md`) run against the embedded engine and, when
//! `MEILI_URL` is set, Meilisearch; for each engine it prints nDCG@10 and the zero-result rate, in
//! all and per kind of query, and lists the queries that found nothing although something relevant
//! is published, with what the answer would suggest instead (and whether that finds a relevant need).
//!
//! Run: `cargo bench --bench relevance` (needs PostgreSQL at 127.0.0.1:5432; creates and drops its
//! own database). BENCH_NEEDS (default 5000) demo needs; BENCH_VERBOSE=1 prints every query.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bangfu::search::query::{IndexName, SearchQuery};
use bangfu::search::settings::SearchSettings;
use bangfu::search::suggest::suggest;
use bangfu::search::{embedded, meili, Engine};
use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SERVER: &str = "postgres://postgres@127.0.0.1:5432";
const SET: &str = include_str!("relevance/queries.json");
const K: usize = 10;

#[derive(Deserialize)]
struct Set {
    targets: HashMap<String, HashMap<String, u8>>,
    queries: Vec<Query>,
}

#[derive(Deserialize)]
struct Query {
    q: String,
    kind: String,
    target: String,
    /// A region code: the need must lie in it for the target's grade (elsewhere at most 1); with the
    /// target `anything`, every need in it is a 3.
    place: Option<String>,
}

#[derive(diesel::QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    region_code: String,
}

/// The grade of a published need for a query, by the written rules.
fn grade(set: &Set, q: &Query, need: &Row) -> u8 {
    let in_place = q
        .place
        .as_ref()
        .map(|p| need.region_code.starts_with(p.as_str()));
    if q.target == "anything" {
        return if in_place == Some(true) { 3 } else { 0 };
    }
    let g = set.targets[&q.target]
        .get(&need.title)
        .copied()
        .unwrap_or(0);
    match in_place {
        Some(false) => g.min(1),
        _ => g,
    }
}

fn dcg(grades: impl Iterator<Item = u8>) -> f64 {
    grades
        .take(K)
        .enumerate()
        .map(|(i, g)| (2f64.powi(i32::from(g)) - 1.0) / (i as f64 + 2.0).log2())
        .sum()
}

#[derive(Default)]
struct Tally {
    ndcg: f64,
    queries: usize,
    zero: usize,
    /// Empty although a relevant need is published.
    missed: usize,
    /// Empty, with a suggestion (`suggestions` in the answer) that finds a relevant need first.
    rescued: usize,
}

impl Tally {
    fn add(&mut self, ndcg: f64, zero: bool, has_relevant: bool, rescued: bool) {
        self.rescued += usize::from(rescued);
        self.ndcg += ndcg;
        self.queries += 1;
        self.zero += usize::from(zero);
        self.missed += usize::from(zero && has_relevant);
    }
    fn line(&self, name: &str) -> String {
        format!(
            "{name:<14} {:>3} queries  nDCG@10 {:.3}  zero-result {:>5.1}% ({} empty, {} with relevant needs, {} of those with a suggestion that finds one)",
            self.queries,
            self.ndcg / self.queries.max(1) as f64,
            100.0 * self.zero as f64 / self.queries.max(1) as f64,
            self.zero,
            self.missed,
            self.rescued
        )
    }
}

fn main() -> anyhow::Result<()> {
    let needs: usize = std::env::var("BENCH_NEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let name = format!("bangfu_bench_{}", uuid::Uuid::new_v4().simple());
        let url = format!("{SERVER}/{name}");
        bangfu::store::ensure_database(&url).await?;
        let result = run(&url, needs).await;
        let mut conn = AsyncPgConnection::establish(&format!("{SERVER}/postgres")).await?;
        diesel_async::RunQueryDsl::execute(
            diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")),
            &mut conn,
        )
        .await?;
        result
    })
}

async fn run(url: &str, needs: usize) -> anyhow::Result<()> {
    let set: Set = serde_json::from_str(SET)?;
    for q in &set.queries {
        anyhow::ensure!(
            q.target == "anything" || set.targets.contains_key(&q.target),
            "{}: unknown target {}",
            q.q,
            q.target
        );
    }
    bangfu::store::migrate(url).await?;
    let pool = bangfu::store::pool(url, 4)?;
    let mut conn = pool.get().await?;
    let started = Instant::now();
    bangfu::seed::demo_sized(
        &mut conn,
        bangfu::seed::DemoSize {
            households: (needs / 30).max(10),
            needs,
        },
    )
    .await?;
    diesel_async::RunQueryDsl::execute(diesel::sql_query("DELETE FROM jobs"), &mut conn).await?;
    let published: Vec<Row> = diesel_async::RunQueryDsl::load(
        diesel::sql_query(
            "SELECT id::text AS id, title, region_code FROM needs \
             WHERE status IN ('open', 'fully_pledged', 'fulfilled')",
        ),
        &mut conn,
    )
    .await?;
    println!(
        "seeded {needs} demo needs ({} published) in {:.1} s; {} queries",
        published.len(),
        started.elapsed().as_secs_f64(),
        set.queries.len()
    );
    let by_id: HashMap<&str, &Row> = published.iter().map(|r| (r.id.as_str(), r)).collect();

    let settings = SearchSettings::bundled().map_err(|e| anyhow::anyhow!(e))?;
    let dir = tempfile::tempdir()?;
    let mut engines: Vec<Engine> = vec![Arc::new(embedded::EmbeddedSearch::open(
        dir.path(),
        settings.clone(),
    )?)];
    match std::env::var("MEILI_URL") {
        Ok(m) => {
            let key = std::env::var("MEILI_MASTER_KEY").ok();
            let prefix = format!("relevance_{}_", uuid::Uuid::new_v4().simple());
            engines.push(Arc::new(
                meili::MeiliSearch::connect(&m, key.as_deref(), settings, &prefix).await?,
            ));
        }
        Err(_) => println!("meilisearch: skipped (MEILI_URL is not set)"),
    }
    let verbose = std::env::var("BENCH_VERBOSE").is_ok_and(|v| v == "1");
    for engine in engines {
        let n = bangfu::search::indexing::reindex(&mut conn, &engine, IndexName::Needs).await?;
        wait_until_indexed(&engine, n).await?;
        let mut all = Tally::default();
        let mut kinds: BTreeMap<&str, Tally> = BTreeMap::new();
        let mut misses: Vec<String> = Vec::new();
        for q in &set.queries {
            let hits = engine
                .search_needs(SearchQuery {
                    text: q.q.clone(),
                    limit: K,
                    ..SearchQuery::default()
                })
                .await?;
            let got: Vec<u8> = hits
                .ids
                .iter()
                .map(|id| by_id.get(id.as_str()).map_or(0, |r| grade(&set, q, r)))
                .collect();
            let mut ideal: Vec<u8> = published.iter().map(|r| grade(&set, q, r)).collect();
            ideal.sort_unstable_by(|a, b| b.cmp(a));
            let has_relevant = ideal.first().is_some_and(|g| *g > 0);
            let best = dcg(ideal.into_iter());
            let ndcg = if best > 0.0 {
                dcg(got.iter().copied()) / best
            } else {
                1.0
            };
            let zero = hits.total == 0;
            let mut rescued = false;
            if zero && has_relevant {
                let query = SearchQuery {
                    text: q.q.clone(),
                    limit: K,
                    ..SearchQuery::default()
                };
                let offered = suggest(engine.as_ref(), IndexName::Needs, &query).await?;
                let mut shown = Vec::new();
                for s in &offered {
                    let top = engine
                        .search_needs(SearchQuery {
                            text: s.q.clone(),
                            limit: 1,
                            ..SearchQuery::default()
                        })
                        .await?;
                    let g = top
                        .ids
                        .first()
                        .and_then(|id| by_id.get(id.as_str()))
                        .map_or(0, |r| grade(&set, q, r));
                    rescued |= g > 0;
                    shown.push(format!("{} ({g})", s.q));
                }
                misses.push(format!("{} → [{}]", q.q, shown.join(", ")));
            }
            if verbose {
                println!(
                    "  {:<10} {:<16} nDCG@10 {ndcg:.3}  hits {:>5}  grades {got:?}",
                    q.kind, q.q, hits.total
                );
            }
            all.add(ndcg, zero, has_relevant, rescued);
            kinds
                .entry(&q.kind)
                .or_default()
                .add(ndcg, zero, has_relevant, rescued);
        }
        println!("== {} ({n} documents)", engine.name());
        println!("{}", all.line("all"));
        for (kind, t) in &kinds {
            println!("{}", t.line(kind));
        }
        if !misses.is_empty() {
            println!("empty although relevant needs are published (→ the suggestions, with the grade of their first hit):");
            for m in &misses {
                println!("  {m}");
            }
        }
    }
    Ok(())
}

/// Meilisearch indexes in the background: wait (bounded) until every document is searchable.
async fn wait_until_indexed(engine: &Engine, n: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    loop {
        let total = engine
            .search_needs(SearchQuery {
                limit: 1,
                ..SearchQuery::default()
            })
            .await?
            .total;
        if total as usize >= n {
            return Ok(());
        }
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(120),
            "{}: {total} of {n} documents searchable after 120 s",
            engine.name()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
