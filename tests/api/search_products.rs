//! The products index on each engine (the embedded engine always, Meilisearch when `MEILI_URL` is
//! set): Chinese segmentation, the product synonyms both ways (冬菇 and 香菇, 山核桃 and 核桃),
//! traditional characters, pinyin, facets by category and region one level down, every sort,
//! filters, and removal. The flows that put products in and take them out are in
//! `search_products_api.rs`.

use super::search_fixture::{product_doc, product_engines, query};
use bangfu::search::product_document::ProductDocument;
use bangfu::search::query::{IndexName, SearchQuery, Sort};
use bangfu::search::Engine;
use std::collections::BTreeMap;
use std::time::Duration;

const V1: &str = "411224101200"; // 卢氏县 杜关镇
const V2: &str = "411224102201"; // 卢氏县, another township
const MIANCHI: &str = "411221100200"; // 渑池县

fn products() -> Vec<ProductDocument> {
    vec![
        product_doc(
            "p1",
            ("卢氏香菇", "段木香菇，肉厚味香", "mushrooms"),
            V1,
            (3500, 12, 100),
            1000,
        ),
        product_doc(
            "p2",
            ("冬菇干货礼盒", "深山冬菇，送礼佳品", "mushrooms"),
            V2,
            (8800, 5, 0),
            2000,
        ),
        product_doc(
            "p3",
            ("薄皮核桃", "卢氏山地核桃，皮薄仁满", "nuts"),
            V1,
            (2500, 30, 40),
            3000,
        ),
        product_doc(
            "p4",
            ("野生山核桃", "渑池山区采摘", "nuts"),
            MIANCHI,
            (6000, 8, 10),
            4000,
        ),
        // Written in traditional characters.
        product_doc(
            "p5",
            ("連翹茶", "野生連翹嫩葉製成", "herbs"),
            V2,
            (4200, 20, 15),
            5000,
        ),
        product_doc(
            "p6",
            ("连翘干果", "中药材，晒干", "herbs"),
            V1,
            (3000, 2, 60),
            6000,
        ),
        product_doc(
            "p7",
            ("黑木耳", "椴木黑木耳", "mushrooms"),
            V2,
            (4500, 15, 25),
            7000,
        ),
        product_doc("p8", ("土蜂蜜", "百花蜜", "other"), V1, (5000, 3, 5), 8000),
    ]
}

async fn ids(e: &Engine, q: SearchQuery) -> Vec<String> {
    e.search_products(q).await.unwrap().ids
}

async fn hits(e: &Engine, text: &str) -> Vec<String> {
    ids(e, query(text)).await
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn sorting(text: &str, sort: Sort) -> SearchQuery {
    SearchQuery {
        sort,
        ..query(text)
    }
}

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

#[tokio::test]
async fn synonyms_work_both_ways() {
    for (name, e, _dir) in product_engines(products()).await {
        let found = hits(&e, "冬菇").await;
        assert_eq!(
            sorted(found.clone()),
            ["p1", "p2"],
            "{name}: 冬菇 finds 香菇"
        );
        assert_eq!(found[0], "p2", "{name}: the word itself before its synonym");
        let found = hits(&e, "香菇").await;
        assert_eq!(
            sorted(found.clone()),
            ["p1", "p2"],
            "{name}: 香菇 finds 冬菇"
        );
        assert_eq!(found[0], "p1", "{name}");
        assert_eq!(
            sorted(hits(&e, "山核桃").await),
            ["p3", "p4"],
            "{name}: 山核桃 finds 核桃"
        );
        assert_eq!(
            sorted(hits(&e, "核桃").await),
            ["p3", "p4"],
            "{name}: 核桃 finds 山核桃"
        );
        assert_eq!(
            hits(&e, "木耳").await,
            ["p7"],
            "{name}: segmented: 黑木耳 holds 木耳"
        );
        assert_eq!(
            hits(&e, "卢氏 香菇").await[0],
            "p1",
            "{name}: both words first"
        );
    }
}

#[tokio::test]
async fn traditional_characters_and_pinyin() {
    for (name, e, _dir) in product_engines(products()).await {
        assert_eq!(
            sorted(hits(&e, "连翘").await),
            ["p5", "p6"],
            "{name}: 连翘 finds 連翹"
        );
        assert_eq!(
            sorted(hits(&e, "連翹").await),
            ["p5", "p6"],
            "{name}: 連翹 finds 连翘"
        );
        assert_eq!(hits(&e, "xianggu").await, ["p1"], "{name}: pinyin");
        assert_eq!(hits(&e, "xg").await, ["p1"], "{name}: initials");
        assert!(hits(&e, "蘑菇汤").await.is_empty(), "{name}");
    }
}

#[tokio::test]
async fn facets_by_category_and_region_one_level_down() {
    for (name, e, _dir) in product_engines(products()).await {
        let all = e.search_products(query("")).await.unwrap();
        assert_eq!(all.total, 8, "{name}");
        assert_eq!(
            all.facets.category,
            counts(&[("herbs", 2), ("mushrooms", 3), ("nuts", 2), ("other", 1)]),
            "{name}"
        );
        assert_eq!(all.facets.region, counts(&[("41", 8)]), "{name}: provinces");
        let region = |r: &str| SearchQuery {
            region: Some(r.to_owned()),
            ..query("")
        };
        let city = e.search_products(region("4112")).await.unwrap();
        assert_eq!(
            city.facets.region,
            counts(&[("411221", 1), ("411224", 7)]),
            "{name}"
        );
        let lushi = e.search_products(region("411224")).await.unwrap();
        assert_eq!(
            lushi.facets.region,
            counts(&[("411224101", 4), ("411224102", 3)]),
            "{name}"
        );
        let mushrooms = e.search_products(query("香菇")).await.unwrap();
        assert_eq!(
            mushrooms.facets.category,
            counts(&[("mushrooms", 2)]),
            "{name}"
        );
    }
}

#[tokio::test]
async fn every_sort_orders_as_asked() {
    for (name, e, _dir) in product_engines(products()).await {
        let order = |s: &str| -> Vec<String> { s.split(' ').map(str::to_owned).collect() };
        assert_eq!(
            ids(&e, sorting("", Sort::PriceAsc)).await,
            order("p3 p6 p1 p5 p7 p8 p4 p2"),
            "{name}"
        );
        assert_eq!(
            ids(&e, sorting("", Sort::PriceDesc)).await,
            order("p2 p4 p8 p7 p5 p1 p6 p3"),
            "{name}"
        );
        assert_eq!(
            ids(&e, sorting("", Sort::Newest)).await,
            order("p8 p7 p6 p5 p4 p3 p2 p1"),
            "{name}"
        );
        assert_eq!(
            ids(&e, sorting("", Sort::HouseholdsHelped)).await,
            order("p3 p5 p7 p1 p4 p2 p8 p6"),
            "{name}"
        );
        // With words, the sort decides among equally good matches (香菇 and its synonym 冬菇,
        // both in the title).
        assert_eq!(
            ids(&e, sorting("香菇", Sort::PriceDesc)).await,
            ["p2", "p1"],
            "{name}"
        );
        assert_eq!(
            ids(&e, sorting("香菇", Sort::PriceAsc)).await,
            ["p1", "p2"],
            "{name}"
        );
        let page = SearchQuery {
            offset: 2,
            limit: 3,
            ..sorting("", Sort::PriceAsc)
        };
        assert_eq!(ids(&e, page).await, order("p1 p5 p7"), "{name}: paging");
    }
}

#[tokio::test]
async fn filters_and_removal() {
    for (name, e, _dir) in product_engines(products()).await {
        let nuts = SearchQuery {
            categories: vec!["nuts".into()],
            ..query("")
        };
        assert_eq!(sorted(ids(&e, nuts).await), ["p3", "p4"], "{name}");
        let mianchi = SearchQuery {
            region: Some("411221".into()),
            ..query("")
        };
        assert_eq!(ids(&e, mianchi).await, ["p4"], "{name}");
        let in_stock = SearchQuery {
            has_remaining: Some(true),
            ..query("香菇")
        };
        assert_eq!(ids(&e, in_stock).await, ["p1"], "{name}: p2 is sold out");
        // A product delisted leaves the index; a stock edit replaces its document.
        e.delete(IndexName::Products, vec!["p8".into()])
            .await
            .unwrap();
        let mut p1 = products().remove(0);
        p1.stock = 0;
        p1.in_stock = false;
        e.upsert_products(vec![p1]).await.unwrap();
        let mut left = 0;
        for _ in 0..100 {
            let q = SearchQuery {
                has_remaining: Some(true),
                ..query("")
            };
            left = e.search_products(q).await.unwrap().total;
            if left == 5 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(left, 5, "{name}: p8 gone, p1 and p2 sold out");
        assert_eq!(
            e.search_products(query("")).await.unwrap().total,
            7,
            "{name}"
        );
        assert!(hits(&e, "蜂蜜").await.is_empty(), "{name}");
    }
}
