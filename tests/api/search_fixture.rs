//! Search documents and engines for the search contract (`search_engine.rs`,
//! `search_contract.rs`): the embedded engine always, Meilisearch when `MEILI_URL` is set.

use bangfu::search::document::{NeedDocument, OfferDocument};
use bangfu::search::embedded::EmbeddedSearch;
use bangfu::search::meili::MeiliSearch;
use bangfu::search::product_document::ProductDocument;
use bangfu::search::query::SearchQuery;
use bangfu::search::settings::SearchSettings;
use bangfu::search::Engine;
use std::sync::Arc;
use std::time::Duration;

#[allow(clippy::too_many_arguments)]
pub(crate) fn doc(
    id: &str,
    title: &str,
    description: &str,
    category: &str,
    urgency: (&str, u64),
    village: &str,
    remaining: u64,
    deadline: i64,
    published: i64,
) -> NeedDocument {
    let codes = vec![
        village[..2].to_owned(),
        village[..4].to_owned(),
        village[..6].to_owned(),
        village[..9].to_owned(),
        village.to_owned(),
    ];
    NeedDocument {
        id: id.into(),
        title: title.into(),
        description: description.into(),
        category: category.into(),
        urgency: urgency.0.into(),
        urgency_rank: urgency.1,
        status: if remaining > 0 {
            "open".into()
        } else {
            "fully_pledged".into()
        },
        quantity: 10,
        unit: "件".into(),
        remaining_quantity: remaining,
        has_remaining: remaining > 0,
        deadline,
        published_at: published,
        region_codes: codes,
        province_name: "河南省".into(),
        city_name: "三门峡市".into(),
        county_name: if village.starts_with("411224") {
            "卢氏县".into()
        } else {
            "渑池县".into()
        },
        township_name: String::new(),
        village_name: String::new(),
        version: 1,
    }
}

pub(crate) fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        ..SearchQuery::default()
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn offer_doc(
    id: &str,
    title: &str,
    category: &str,
    area: Option<&str>,
    verified: bool,
    remaining: u64,
    valid_until: i64,
    published: i64,
) -> OfferDocument {
    OfferDocument {
        id: id.into(),
        title: title.into(),
        description: "可以送货上门".into(),
        category: category.into(),
        status: "active".into(),
        quantity: remaining,
        unit: "件".into(),
        remaining_quantity: remaining,
        has_remaining: remaining > 0,
        valid_until,
        published_at: published,
        region_codes: area
            .map(bangfu::search::query::ancestry_of)
            .unwrap_or_default(),
        area_code: area.unwrap_or("CN").into(),
        province_name: String::new(),
        city_name: String::new(),
        county_name: String::new(),
        township_name: String::new(),
        village_name: String::new(),
        supporter: match (verified, id) {
            (true, "o1") => "卢氏县爱心企业".into(),
            (true, _) => "中华慈善总会".into(),
            _ => "张**".into(),
        },
        verified,
        version: 1,
    }
}

/// Offers over Lushi at every level, the whole country, and the next county.
/// Each engine to run the contract against, loaded with the documents: the embedded engine always;
/// Meilisearch when `MEILI_URL` points at a live server (says so when skipped).
pub(crate) async fn engines_with(
    needs: Vec<NeedDocument>,
    offers: Vec<OfferDocument>,
) -> Vec<(&'static str, Engine, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let embedded: Engine =
        Arc::new(EmbeddedSearch::open(dir.path(), SearchSettings::bundled().unwrap()).unwrap());
    let mut out = vec![("embedded", embedded, Some(dir))];
    match std::env::var("MEILI_URL") {
        Ok(url) if !url.is_empty() => {
            let key = std::env::var("MEILI_MASTER_KEY").ok();
            let prefix = format!("test_{}_", uuid::Uuid::new_v4().simple());
            let meili = MeiliSearch::connect(&url, key.as_deref(), SearchSettings::bundled().unwrap(), &prefix)
                .await
                .expect("MEILI_URL is set but Meilisearch does not answer");
            out.push(("meilisearch", Arc::new(meili), None));
        }
        _ => eprintln!("search contract: Meilisearch part SKIPPED (MEILI_URL is not set); embedded engine only"),
    }
    let (n, o) = (needs.len() as u64, offers.len() as u64);
    for (_, e, _) in &out {
        e.upsert_needs(needs.clone()).await.unwrap();
        e.upsert_offers(offers.clone()).await.unwrap();
        // Meilisearch applies writes as tasks: wait until they are visible.
        for _ in 0..100 {
            if e.search_needs(query("")).await.unwrap().total == n
                && e.search_offers(query("")).await.unwrap().total == o
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    out
}

/// A listed product's document in a village, for the products contract (`search_products.rs`).
pub(crate) fn product_doc(
    id: &str,
    (title, description, category): (&str, &str, &str),
    village: &str,
    (price_fen, households_helped, stock): (u64, u64, u64),
    listed_at: i64,
) -> ProductDocument {
    ProductDocument {
        id: id.into(),
        title: title.into(),
        description: description.into(),
        category: category.into(),
        unit: "斤".into(),
        price_fen,
        households_helped,
        stock,
        in_stock: stock > 0,
        listed_at,
        region_codes: bangfu::search::query::ancestry_of(village),
        province_name: "河南省".into(),
        city_name: "三门峡市".into(),
        county_name: String::new(),
        township_name: String::new(),
        village_name: String::new(),
        version: 1,
    }
}

/// The engines of [`engines_with`], holding these products (and no needs or offers).
pub(crate) async fn product_engines(
    products: Vec<ProductDocument>,
) -> Vec<(&'static str, Engine, Option<tempfile::TempDir>)> {
    let out = engines_with(vec![], vec![]).await;
    let n = products.len() as u64;
    for (_, e, _) in &out {
        e.upsert_products(products.clone()).await.unwrap();
        for _ in 0..100 {
            if e.search_products(query("")).await.unwrap().total == n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    out
}
