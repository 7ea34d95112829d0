//! The search contract, run against the embedded engine (tantivy + jieba) and, when `MEILI_URL`
//! points at a live server, against Meilisearch (`search_fixture.rs` says when that part is skipped).

use super::search_fixture::{doc, engines_with, offer_doc, query};
use bangfu::search::document::{NeedDocument, OfferDocument};
use bangfu::search::query::{IndexName, SearchQuery, Sort};
use bangfu::search::Engine;
use std::time::Duration;

fn documents() -> Vec<NeedDocument> {
    vec![
        doc(
            "a",
            "需要一台电动轮椅",
            "父亲偏瘫，出行就医不便",
            "care",
            ("critical", 3),
            "411224101200",
            1,
            2_000,
            100,
        ),
        doc(
            "b",
            "孩子高中学杂费",
            "在县一高读书，学杂费困难",
            "education",
            ("urgent", 2),
            "411224101201",
            3,
            1_000,
            200,
        ),
        doc(
            "c",
            "春耕复合肥料",
            "种玉米需要肥料十袋",
            "production",
            ("normal", 1),
            "411224100001",
            10,
            3_000,
            300,
        ),
        doc(
            "d",
            "冬季棉被",
            "老人过冬没有被子",
            "food_clothing",
            ("urgent", 2),
            "411221100001",
            0,
            1_500,
            400,
        ),
        doc(
            "e",
            "wheelchair for grandmother",
            "she cannot walk",
            "care",
            ("normal", 1),
            "411224101200",
            2,
            2_500,
            500,
        ),
    ]
}

fn offer_documents() -> Vec<OfferDocument> {
    vec![
        offer_doc(
            "o1",
            "爱心书包300个",
            "education",
            Some("411224"),
            true,
            300,
            5_000,
            100,
        ),
        offer_doc(
            "o2",
            "复合肥料捐赠",
            "production",
            Some("411224101"),
            false,
            50,
            3_000,
            200,
        ),
        offer_doc("o3", "轮椅十台", "care", None, true, 10, 4_000, 300),
        offer_doc(
            "o4",
            "冬季棉被",
            "food_clothing",
            Some("411221"),
            false,
            20,
            2_000,
            400,
        ),
        offer_doc(
            "o5",
            "儿童绘本",
            "education",
            Some("411224101200"),
            false,
            5,
            100,
            500,
        ),
    ]
}

async fn offer_ids(e: &Engine, q: &SearchQuery) -> Vec<String> {
    let mut v = e.search_offers(q.clone()).await.unwrap().ids;
    v.sort();
    v
}

/// The engines, loaded with these documents.
async fn engines() -> Vec<(&'static str, Engine, Option<tempfile::TempDir>)> {
    engines_with(documents(), offer_documents()).await
}

async fn ids(e: &Engine, q: &SearchQuery) -> Vec<String> {
    let mut v = e.search_needs(q.clone()).await.unwrap().ids;
    v.sort();
    v
}

#[tokio::test]
async fn chinese_segmentation_synonyms_typos_and_prefixes() {
    for (name, e, _dir) in engines().await {
        assert_eq!(
            ids(&e, &query("轮椅")).await,
            ["a", "e"],
            "{name}: 轮椅 finds 电动轮椅, and its synonym wheelchair"
        );
        assert_eq!(
            ids(&e, &query("助行器")).await,
            ["a", "e"],
            "{name}: a synonym of 轮椅"
        );
        assert_eq!(ids(&e, &query("电动轮椅")).await, ["a"], "{name}");
        assert_eq!(
            ids(&e, &query("学费")).await,
            ["b"],
            "{name}: 学费 and 学杂费 are synonyms"
        );
        assert_eq!(
            ids(&e, &query("化肥")).await,
            ["c"],
            "{name}: 化肥 and 肥料"
        );
        assert_eq!(
            ids(&e, &query("wheelchiar")).await,
            ["e"],
            "{name}: one typo in a long word"
        );
        assert_eq!(
            ids(&e, &query("grandmo")).await,
            ["e"],
            "{name}: the last word as a prefix"
        );
        assert!(ids(&e, &query("飞机")).await.is_empty(), "{name}");
        assert_eq!(
            ids(&e, &query("")).await.len(),
            5,
            "{name}: an empty query lists everything"
        );
    }
}

#[tokio::test]
async fn filters_facets_sorts_and_paging() {
    for (name, e, _dir) in engines().await {
        let mut q = query("");
        q.region = Some("411224".into());
        assert_eq!(
            ids(&e, &q).await,
            ["a", "b", "c", "e"],
            "{name}: a county prefix finds its villages"
        );
        let r = e.search_needs(q.clone()).await.unwrap();
        assert_eq!(
            r.facets.region.get("411224101"),
            Some(&3),
            "{name}: {:?}",
            r.facets.region
        );
        assert_eq!(r.facets.region.get("411224100"), Some(&1), "{name}");
        assert_eq!(r.facets.region.len(), 2, "{name}: only the level below");
        assert_eq!(r.facets.category.get("care"), Some(&2), "{name}");
        q.region = Some("411224101200".into());
        assert_eq!(ids(&e, &q).await, ["a", "e"], "{name}");
        q.region = Some("41".into());
        assert_eq!(
            e.search_needs(q.clone())
                .await
                .unwrap()
                .facets
                .region
                .get("4112"),
            Some(&5),
            "{name}"
        );
        let mut q = query("");
        q.categories = vec!["care".into(), "education".into()];
        q.urgencies = vec!["critical".into(), "urgent".into()];
        assert_eq!(ids(&e, &q).await, ["a", "b"], "{name}");
        let mut q = query("");
        q.has_remaining = Some(true);
        assert_eq!(e.search_needs(q).await.unwrap().total, 4, "{name}");
        for (sort, expected) in [
            (Sort::Deadline, vec!["b", "d", "a", "e", "c"]),
            (Sort::Newest, vec!["e", "d", "c", "b", "a"]),
        ] {
            let mut q = query("");
            q.sort = sort;
            assert_eq!(
                e.search_needs(q).await.unwrap().ids,
                expected,
                "{name}: {sort:?}"
            );
        }
        let mut q = query("");
        q.sort = Sort::Urgency;
        assert_eq!(e.search_needs(q).await.unwrap().ids[0], "a", "{name}");
        let mut q = query("");
        q.sort = Sort::Remaining;
        assert_eq!(e.search_needs(q).await.unwrap().ids[0], "c", "{name}");
        let mut q = query("");
        q.sort = Sort::Deadline;
        q.offset = 2;
        q.limit = 2;
        let page = e.search_needs(q).await.unwrap();
        assert_eq!(
            (page.ids, page.total),
            (vec!["a".to_owned(), "e".to_owned()], 5),
            "{name}"
        );
    }
}

#[tokio::test]
async fn updates_and_deletes_replace_what_was_there() {
    for (name, e, _dir) in engines().await {
        let mut changed = doc(
            "a",
            "需要一台电动轮椅",
            "已经有人认领",
            "care",
            ("critical", 3),
            "411224101200",
            0,
            2_000,
            100,
        );
        changed.status = "fully_pledged".into();
        e.upsert_needs(vec![changed]).await.unwrap();
        e.delete(IndexName::Needs, vec!["c".into()]).await.unwrap();
        let mut q = query("轮椅");
        q.has_remaining = Some(true);
        for _ in 0..100 {
            if ids(&e, &q).await == ["e"]
                && e.versions(IndexName::Needs)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|(id, _)| id)
                    .collect::<Vec<_>>()
                    .len()
                    == 4
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(ids(&e, &q).await, ["e"], "{name}");
        let mut all = e
            .versions(IndexName::Needs)
            .await
            .unwrap()
            .into_iter()
            .map(|(id, _)| id)
            .collect::<Vec<_>>();
        all.sort();
        assert_eq!(all, ["a", "b", "d", "e"], "{name}");
    }
}

#[tokio::test]
async fn offers_by_words_service_area_verification_and_validity() {
    for (name, e, _dir) in engines().await {
        assert_eq!(
            offer_ids(&e, &query("书包")).await,
            ["o1"],
            "{name}: segmentation"
        );
        assert_eq!(
            offer_ids(&e, &query("化肥")).await,
            ["o2"],
            "{name}: 化肥 and 肥料"
        );
        assert_eq!(
            offer_ids(&e, &query("助行器")).await,
            ["o3"],
            "{name}: a synonym of 轮椅"
        );
        assert_eq!(
            offer_ids(&e, &query("卢氏县爱心")).await,
            ["o1"],
            "{name}: the supporter's name"
        );
        let mut q = query("");
        q.region = Some("411224101200".into());
        assert_eq!(
            offer_ids(&e, &q).await,
            ["o1", "o2", "o3", "o5"],
            "{name}: a village is served by its own, its township's, its county's and nationwide offers"
        );
        q.valid_after = Some(1_000);
        assert_eq!(
            offer_ids(&e, &q).await,
            ["o1", "o2", "o3"],
            "{name}: a lapsed offer is never found"
        );
        let mut q = query("");
        q.region = Some("411224".into());
        let r = e.search_offers(q.clone()).await.unwrap();
        assert_eq!(r.total, 4, "{name}");
        assert_eq!(
            r.facets.region.into_iter().collect::<Vec<_>>(),
            [("411224101".to_owned(), 2)],
            "{name}: the township level below the county"
        );
        q.region = Some("411221".into());
        assert_eq!(offer_ids(&e, &q).await, ["o3", "o4"], "{name}");
        let mut q = query("");
        q.verified = Some(true);
        assert_eq!(offer_ids(&e, &q).await, ["o1", "o3"], "{name}");
        let all = e.search_offers(query("")).await.unwrap();
        assert_eq!(all.facets.verified.get("true"), Some(&2), "{name}");
        assert_eq!(all.facets.verified.get("false"), Some(&3), "{name}");
        assert_eq!(all.facets.category.get("education"), Some(&2), "{name}");
        let mut q = query("");
        q.categories = vec!["education".into()];
        assert_eq!(offer_ids(&e, &q).await, ["o1", "o5"], "{name}");
        for (sort, expected) in [
            (Sort::ValidUntil, vec!["o5", "o4", "o2", "o3", "o1"]),
            (Sort::Newest, vec!["o5", "o4", "o3", "o2", "o1"]),
            (Sort::Remaining, vec!["o1", "o2", "o4", "o3", "o5"]),
        ] {
            let mut q = query("");
            q.sort = sort;
            assert_eq!(
                e.search_offers(q).await.unwrap().ids,
                expected,
                "{name}: {sort:?}"
            );
        }
    }
}
