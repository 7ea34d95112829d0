//! Meilisearch asked directly, without Bangfu (for `search_latency`'s ratios when `MEILI_URL` is
//! set): its own NDJSON ingest of the documents Bangfu indexed, and the same search request Bangfu's
//! engine sends (query, filter, facets, sort, page), over one kept-alive HTTP client.

use bangfu::search::meili::MeiliSearch;
use bangfu::search::query::{IndexName, SearchQuery};
use bangfu::search::settings::SearchSettings;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

pub struct Direct {
    http: reqwest::Client,
    url: String,
    key: Option<String>,
    pub prefix: String,
}

/// The settings Bangfu applies (copied to the raw index so that both index the same way).
const SETTING_KEYS: [&str; 9] = [
    "searchableAttributes",
    "filterableAttributes",
    "sortableAttributes",
    "rankingRules",
    "synonyms",
    "stopWords",
    "typoTolerance",
    "faceting",
    "pagination",
];

impl Direct {
    /// `None` without `MEILI_URL`. The index prefix must be the one the benchmark gave Bangfu.
    pub fn from_env(prefix: &str) -> Option<Self> {
        let url = std::env::var("MEILI_URL").ok().filter(|u| !u.is_empty())?;
        Some(Self {
            http: reqwest::Client::new(),
            url: url.trim_end_matches('/').to_owned(),
            key: std::env::var("MEILI_MASTER_KEY")
                .ok()
                .filter(|k| !k.is_empty()),
            prefix: prefix.to_owned(),
        })
    }

    fn req(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let r = self.http.request(method, format!("{}{path}", self.url));
        match &self.key {
            Some(k) => r.bearer_auth(k),
            None => r,
        }
    }

    async fn wait(&self, answer: reqwest::Response) -> anyhow::Result<()> {
        let task: Value = answer.json().await?;
        let uid = task["taskUid"]
            .as_u64()
            .ok_or_else(|| anyhow::anyhow!("no task: {task}"))?;
        loop {
            let t: Value = self
                .req(reqwest::Method::GET, &format!("/tasks/{uid}"))
                .send()
                .await?
                .json()
                .await?;
            match t["status"].as_str() {
                Some("succeeded") => return Ok(()),
                Some("enqueued" | "processing") => {
                    tokio::time::sleep(Duration::from_millis(20)).await
                }
                _ => anyhow::bail!("Meilisearch task {uid}: {t}"),
            }
        }
    }

    /// Documents per second Meilisearch ingests when sent every document of Bangfu's `index` as
    /// one NDJSON payload, into a new index with the same settings.
    pub async fn ndjson_ingest_rate(&self, index: &str) -> anyhow::Result<f64> {
        let live = format!("{}{index}", self.prefix);
        let mut ndjson = Vec::new();
        let mut count = 0usize;
        loop {
            let page: Value = self
                .req(
                    reqwest::Method::GET,
                    &format!("/indexes/{live}/documents?limit=1000&offset={count}"),
                )
                .send()
                .await?
                .json()
                .await?;
            let docs = page["results"].as_array().cloned().unwrap_or_default();
            for d in &docs {
                serde_json::to_writer(&mut ndjson, d)?;
                ndjson.push(b'\n');
            }
            count += docs.len();
            if docs.len() < 1000 {
                break;
            }
        }
        let settings: Value = self
            .req(reqwest::Method::GET, &format!("/indexes/{live}/settings"))
            .send()
            .await?
            .json()
            .await?;
        let copied: serde_json::Map<String, Value> = SETTING_KEYS
            .iter()
            .filter_map(|k| settings.get(*k).map(|v| ((*k).to_owned(), v.clone())))
            .collect();
        let raw = format!("{}raw_{index}", self.prefix);
        let created = self
            .req(reqwest::Method::POST, "/indexes")
            .json(&json!({"uid": raw, "primaryKey": "id"}))
            .send()
            .await?;
        self.wait(created).await?;
        let set = self
            .req(reqwest::Method::PATCH, &format!("/indexes/{raw}/settings"))
            .json(&Value::Object(copied))
            .send()
            .await?;
        self.wait(set).await?;
        let started = Instant::now();
        let sent = self
            .req(reqwest::Method::POST, &format!("/indexes/{raw}/documents"))
            .header("content-type", "application/x-ndjson")
            .body(ndjson)
            .send()
            .await?;
        self.wait(sent).await?;
        Ok(count as f64 / started.elapsed().as_secs_f64())
    }

    /// The search request Bangfu's Meilisearch engine sends for `q`, sent straight to Meilisearch.
    pub async fn search(&self, index: IndexName, q: &SearchQuery) -> anyhow::Result<()> {
        let settings = SearchSettings::bundled().map_err(|e| anyhow::anyhow!(e))?;
        let facets = match index {
            IndexName::Needs => json!(["category", "urgency", "status", "region_codes"]),
            IndexName::Offers => json!(["category", "status", "region_codes", "verified"]),
            IndexName::Products => json!(["category", "region_codes"]),
            IndexName::Jobs => json!(["region_codes", "skills", "housing", "pay_period"]),
        };
        let mut body = json!({
            "q": q.text,
            "page": q.offset / q.limit.max(1) + 1,
            "hitsPerPage": q.limit.max(1),
            "showRankingScore": true,
            "facets": facets,
        });
        let filter = MeiliSearch::filter(index, q);
        if !filter.is_empty() {
            body["filter"] = json!(filter);
        }
        let sorts = &settings.of(index).sorts;
        if let Some(rules) = sorts.get(q.sort.name()).filter(|r| !r.is_empty()) {
            body["sort"] = json!(rules);
        }
        let r = self
            .req(
                reqwest::Method::POST,
                &format!("/indexes/{}{}/search", self.prefix, index.as_str()),
            )
            .json(&body)
            .send()
            .await?;
        anyhow::ensure!(r.status() == 200, "Meilisearch search: {}", r.status());
        let _ = r.bytes().await?;
        Ok(())
    }

    /// Drops the benchmark's indexes.
    pub async fn cleanup(&self) {
        for name in ["needs", "offers", "raw_needs"] {
            let _ = self
                .req(
                    reqwest::Method::DELETE,
                    &format!("/indexes/{}{name}", self.prefix),
                )
                .send()
                .await;
        }
    }
}
