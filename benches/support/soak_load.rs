//! The soak's load: closed-loop clients each choosing, request by request, a search (70%), a read of a
//! need or of the supporter's own pledges (20%) or a pledge with a fresh Idempotency-Key (10%), spread
//! round-robin over the server processes; and the window of results the reporter takes each minute.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Kind {
    Search,
    Read,
    Pledge,
}

pub const KINDS: [Kind; 3] = [Kind::Search, Kind::Read, Kind::Pledge];

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Search => "search",
            Kind::Read => "read",
            Kind::Pledge => "pledge",
        }
    }
}

/// What the clients work on.
pub struct Plan {
    /// One base URL per server process.
    pub bases: Vec<String>,
    /// One access token (a verified supporter) per client.
    pub tokens: Vec<String>,
    /// API query strings of `GET /needs/search`.
    pub queries: Vec<String>,
    /// Public needs to read.
    pub need_ids: Vec<String>,
    /// Needs with quantity to spare, to pledge to.
    pub pledge_need_ids: Vec<String>,
    /// Percent of searches, and of searches and reads together; the rest are pledges.
    pub mix: (usize, usize),
}

/// Results since the last report.
#[derive(Default)]
pub struct Window {
    /// Latencies of answered requests (2xx, and the pledges' expected 409s).
    pub latencies: BTreeMap<Kind, Vec<Duration>>,
    /// Pledges answered 409 (the need no longer had the quantity, or was no longer open), by code.
    pub conflicts: BTreeMap<String, usize>,
    /// Other non-2xx answers and transport errors.
    pub errors: usize,
    /// The first few errors, for the report.
    pub error_samples: Vec<String>,
}

impl Window {
    fn error(&mut self, what: String) {
        self.errors += 1;
        if self.error_samples.len() < 5 {
            self.error_samples.push(what);
        }
    }
}

pub type Shared = Arc<Mutex<Window>>;

/// A small deterministic generator per client (no shared state, same sequence each run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Starts one client per token; they run until `stop` turns true.
pub fn spawn_clients(
    plan: Arc<Plan>,
    window: Shared,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<Vec<tokio::task::JoinHandle<()>>> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(plan.tokens.len())
        .timeout(Duration::from_secs(30))
        .build()?;
    Ok((0..plan.tokens.len())
        .map(|i| {
            let (client, plan, window, stop) =
                (client.clone(), plan.clone(), window.clone(), stop.clone());
            tokio::spawn(async move {
                let mut rng = Lcg(i as u64 + 1);
                let base = &plan.bases[i % plan.bases.len()];
                let token = &plan.tokens[i];
                while !stop.load(Ordering::Relaxed) {
                    let roll = rng.below(100);
                    let (kind, request) = if roll < plan.mix.0 {
                        let q = &plan.queries[rng.below(plan.queries.len())];
                        let req = client.get(format!("{base}/api/v1/needs/search?{q}"));
                        (Kind::Search, req)
                    } else if roll < plan.mix.1 {
                        let url = if roll < (plan.mix.0 + plan.mix.1) / 2 {
                            let id = &plan.need_ids[rng.below(plan.need_ids.len())];
                            format!("{base}/api/v1/needs/{id}")
                        } else {
                            format!("{base}/api/v1/me/pledges")
                        };
                        (Kind::Read, client.get(url).bearer_auth(token))
                    } else {
                        let id = &plan.pledge_need_ids[rng.below(plan.pledge_need_ids.len())];
                        let req = client
                            .post(format!("{base}/api/v1/needs/{id}/pledges"))
                            .bearer_auth(token)
                            .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
                            .json(&serde_json::json!({"quantity": 1}));
                        (Kind::Pledge, req)
                    };
                    let started = Instant::now();
                    let answer = match request.send().await {
                        Ok(r) => {
                            let status = r.status().as_u16();
                            let body = r.bytes().await;
                            body.map(|b| (status, b))
                        }
                        Err(e) => Err(e),
                    };
                    let took = started.elapsed();
                    let mut w = window.lock().expect("window");
                    match answer {
                        Ok((status, _)) if (200..300).contains(&status) => {
                            w.latencies.entry(kind).or_default().push(took);
                        }
                        Ok((409, body)) if kind == Kind::Pledge => {
                            let code = serde_json::from_slice::<serde_json::Value>(&body)
                                .ok()
                                .and_then(|v| v["code"].as_str().map(str::to_owned))
                                .unwrap_or_else(|| "409".to_owned());
                            *w.conflicts.entry(code).or_default() += 1;
                            w.latencies.entry(kind).or_default().push(took);
                        }
                        Ok((status, body)) => w.error(format!(
                            "{} {status} {}",
                            kind.name(),
                            String::from_utf8_lossy(&body)
                                .chars()
                                .take(200)
                                .collect::<String>()
                        )),
                        Err(e) => w.error(format!("{} transport: {e}", kind.name())),
                    }
                }
            })
        })
        .collect())
}

/// The `p`th percentile of sorted latencies, in ms.
pub fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

/// One report row: a window's figures.
pub struct Row {
    pub minute: usize,
    pub requests: usize,
    pub per_second: f64,
    /// (count, p50, p99) per kind, in the order of [`KINDS`].
    pub kinds: Vec<(usize, f64, f64)>,
    pub p50: f64,
    pub p99: f64,
    pub errors: usize,
    pub conflicts: usize,
    pub rss_mib: Vec<f64>,
}

impl Row {
    pub fn take(window: &Shared, minute: usize, secs: f64, rss_mib: Vec<f64>) -> (Row, Window) {
        let w = std::mem::take(&mut *window.lock().expect("window"));
        let mut all: Vec<Duration> = Vec::new();
        let kinds = KINDS
            .iter()
            .map(|k| {
                let mut v = w.latencies.get(k).cloned().unwrap_or_default();
                v.sort();
                all.extend(&v);
                (v.len(), pct(&v, 0.5), pct(&v, 0.99))
            })
            .collect();
        all.sort();
        let requests = all.len() + w.errors;
        let row = Row {
            minute,
            requests,
            per_second: requests as f64 / secs,
            kinds,
            p50: pct(&all, 0.5),
            p99: pct(&all, 0.99),
            errors: w.errors,
            conflicts: w.conflicts.values().sum(),
            rss_mib,
        };
        (row, w)
    }

    pub fn header() -> String {
        let mut h = format!("{:>3} {:>8} {:>7}", "min", "requests", "req/s");
        for k in KINDS {
            h.push_str(&format!(
                " | {:>13} {:>14}",
                format!("{} n", k.name()),
                "p50/p99 ms"
            ));
        }
        h.push_str(" |    all p50/p99 ms | errors 409s | RSS MiB");
        h
    }

    pub fn line(&self) -> String {
        let mut s = format!(
            "{:>3} {:>8} {:>7.0}",
            self.minute, self.requests, self.per_second
        );
        for (n, p50, p99) in &self.kinds {
            s.push_str(&format!(" | {n:>13} {p50:>6.1}/{p99:<7.1}"));
        }
        s.push_str(&format!(
            " | {:>9.1}/{:<7.1} | {:>6} {:>4} | {}",
            self.p50,
            self.p99,
            self.errors,
            self.conflicts,
            self.rss_mib
                .iter()
                .map(|r| format!("{r:.0}"))
                .collect::<Vec<_>>()
                .join(" ")
        ));
        s
    }
}
