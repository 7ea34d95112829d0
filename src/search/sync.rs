//! Writing rows' current state to an engine: documents for public rows, deletions for the rest.
//! Index jobs and rebuilds both come through [`sync`] (see `indexing.rs`).

use super::document::{need_document, offer_document};
use super::job_document::job_document;
use super::product_document::product_document;
use super::query::IndexName;
use super::Engine;
use crate::store::needs::Need;
use crate::store::offers::Offer;
use crate::store::products::Product;
use crate::store::users::{supporters, Supporter};
use crate::store::{job_search, regions, search_rows, Conn};
use chrono::Utc;
use std::collections::HashSet;
use uuid::Uuid;

/// What [`sync`] wrote, and the engine tasks (with the ids each carried) still to be checked.
#[derive(Debug, Default)]
pub struct Synced {
    pub upserted: usize,
    pub deleted: usize,
    pub tasks: Vec<(u32, Vec<String>)>,
}

/// Writes the current state of `ids` to the engine: documents for public rows, deletions for the rest.
pub async fn sync(
    conn: &mut Conn,
    engine: &Engine,
    index: IndexName,
    ids: &[Uuid],
) -> Result<Synced, String> {
    let e = |e: diesel::result::Error| e.to_string();
    let mut found = HashSet::new();
    let mut gone: Vec<String> = Vec::new();
    let mut tasks = Vec::new();
    let upserted = match index {
        IndexName::Needs => {
            let rows: Vec<Need> = search_rows::needs_by_ids(conn, ids).await.map_err(e)?;
            let region_map =
                regions::ancestry_map(conn, rows.iter().map(|n| n.region_code.as_str()))
                    .await
                    .map_err(e)?;
            let mut docs = Vec::new();
            for n in &rows {
                found.insert(n.id);
                match need_document(n, &region_map) {
                    Some(d) => docs.push(d),
                    None => gone.push(n.id.to_string()),
                }
            }
            let count = docs.len();
            if !docs.is_empty() {
                let carried = docs.iter().map(|d| d.id.clone()).collect();
                if let Some(uid) = engine.upsert_needs(docs).await.map_err(|e| e.to_string())? {
                    tasks.push((uid, carried));
                }
            }
            count
        }
        IndexName::Offers => {
            let rows: Vec<Offer> = search_rows::offers_by_ids(conn, ids).await.map_err(e)?;
            let owners: Vec<Uuid> = rows.iter().map(|o| o.owner_id).collect();
            let who = supporters(conn, &owners).await.map_err(e)?;
            let region_map = regions::ancestry_map(
                conn,
                rows.iter().filter_map(|o| o.service_area_code.as_deref()),
            )
            .await
            .map_err(e)?;
            let now = Utc::now();
            let unknown = Supporter {
                name: String::new(),
                verified: false,
            };
            let mut docs = Vec::new();
            for o in &rows {
                found.insert(o.id);
                let supporter = who.get(&o.owner_id).unwrap_or(&unknown);
                match offer_document(o, supporter, &region_map, now) {
                    Some(d) => docs.push(d),
                    None => gone.push(o.id.to_string()),
                }
            }
            let count = docs.len();
            if !docs.is_empty() {
                let carried = docs.iter().map(|d| d.id.clone()).collect();
                if let Some(uid) = engine
                    .upsert_offers(docs)
                    .await
                    .map_err(|e| e.to_string())?
                {
                    tasks.push((uid, carried));
                }
            }
            count
        }
        IndexName::Products => {
            let rows: Vec<Product> = search_rows::products_by_ids(conn, ids).await.map_err(e)?;
            let region_map =
                regions::ancestry_map(conn, rows.iter().map(|p| p.region_code.as_str()))
                    .await
                    .map_err(e)?;
            let mut docs = Vec::new();
            for p in &rows {
                found.insert(p.id);
                match product_document(p, &region_map) {
                    Some(d) => docs.push(d),
                    None => gone.push(p.id.to_string()),
                }
            }
            let count = docs.len();
            if !docs.is_empty() {
                let carried = docs.iter().map(|d| d.id.clone()).collect();
                if let Some(uid) = engine
                    .upsert_products(docs)
                    .await
                    .map_err(|e| e.to_string())?
                {
                    tasks.push((uid, carried));
                }
            }
            count
        }
        IndexName::Jobs => {
            let rows = job_search::by_ids(conn, ids).await.map_err(e)?;
            let region_map =
                regions::ancestry_map(conn, rows.iter().map(|p| p.region_code.as_str()))
                    .await
                    .map_err(e)?;
            let now = Utc::now();
            let mut docs = Vec::new();
            for p in &rows {
                found.insert(p.id);
                match job_document(p, &region_map, now) {
                    Some(d) => docs.push(d),
                    None => gone.push(p.id.to_string()),
                }
            }
            let count = docs.len();
            if !docs.is_empty() {
                let carried = docs.iter().map(|d| d.id.clone()).collect();
                if let Some(uid) = engine.upsert_jobs(docs).await.map_err(|e| e.to_string())? {
                    tasks.push((uid, carried));
                }
            }
            count
        }
    };
    gone.extend(
        ids.iter()
            .filter(|id| !found.contains(id))
            .map(Uuid::to_string),
    );
    let deleted = gone.len();
    if !gone.is_empty() {
        if let Some(uid) = engine
            .delete(index, gone.clone())
            .await
            .map_err(|e| e.to_string())?
        {
            tasks.push((uid, gone));
        }
    }
    Ok(Synced {
        upserted,
        deleted,
        tasks,
    })
}
