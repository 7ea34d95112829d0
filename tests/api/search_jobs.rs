//! The jobs index on each engine (the embedded engine always, Meilisearch when `MEILI_URL` is set;
//! skipped with a note otherwise): Chinese segmentation (缝纫工 finds 招聘缝纫工), the skills' Chinese
//! words (厨师 finds a posting that only ticked cooking), traditional characters, pinyin, the
//! employer's name, filters (region prefix, skills, housing, pay period, pay), every sort, facets,
//! and removal. The flows that put postings in and take them out are in `search_jobs_api.rs`.

use super::search_fixture::query;
use super::search_jobs_fixture::{job_doc, job_engines, Job};
use bangfu::search::job_document::JobDocument;
use bangfu::search::query::{IndexName, SearchQuery, Sort};
use bangfu::search::Engine;
use std::collections::BTreeMap;
use std::time::Duration;

const V1: &str = "411224101200"; // 卢氏县 杜关镇
const V2: &str = "411224102201"; // 卢氏县, another township
const MIANCHI: &str = "411221100200"; // 渑池县

fn job<'a>(
    title: &'a str,
    description: &'a str,
    village: &'a str,
    skills: &'a [&'a str],
    housing: bool,
    pay: (u64, u64, &'a str),
) -> Job<'a> {
    Job {
        title,
        description,
        village,
        skills,
        housing,
        pay,
    }
}

/// Six open postings: (valid_until, created_at) make every sort's order distinct.
fn jobs() -> Vec<JobDocument> {
    vec![
        job_doc(
            "j1",
            &job(
                "招聘缝纫工",
                "扶贫车间，在家门口上班",
                V1,
                &["sewing"],
                false,
                (300_000, 450_000, "month"),
            ),
            5000,
            1000,
        ),
        job_doc(
            "j2",
            &job(
                "食堂帮厨",
                "职工食堂，包吃",
                V2,
                &["cooking"],
                true,
                (400_000, 600_000, "month"),
            ),
            3000,
            2000,
        ),
        job_doc(
            "j3",
            &job(
                "建筑小工",
                "工地搬运，日结",
                MIANCHI,
                &["construction"],
                true,
                (15_000, 20_000, "day"),
            ),
            4000,
            3000,
        ),
        // Written in traditional characters.
        job_doc(
            "j4",
            &job(
                "製衣廠車間女工",
                "會用平車優先",
                V2,
                &["sewing"],
                true,
                (350_000, 500_000, "month"),
            ),
            6000,
            4000,
        ),
        job_doc(
            "j5",
            &job(
                "电商直播助理",
                "帮村里卖香菇",
                V1,
                &["ecommerce"],
                false,
                (250_000, 300_000, "month"),
            ),
            2000,
            5000,
        ),
        job_doc(
            "j6",
            &job(
                "保洁员",
                "写字楼日常打扫",
                V1,
                &["cleaning"],
                false,
                (10_000, 12_000, "day"),
            ),
            7000,
            6000,
        ),
    ]
}

async fn ids(e: &Engine, q: SearchQuery) -> Vec<String> {
    e.search_jobs(q).await.unwrap().ids
}

async fn hits(e: &Engine, text: &str) -> Vec<String> {
    ids(e, query(text)).await
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn order(s: &str) -> Vec<String> {
    s.split(' ').map(str::to_owned).collect()
}

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

#[tokio::test]
async fn chinese_words_skills_traditional_and_pinyin() {
    for (name, e, _dir) in job_engines(jobs()).await {
        let found = hits(&e, "缝纫工").await;
        assert_eq!(
            sorted(found.clone()),
            ["j1", "j4"],
            "{name}: 缝纫工 finds 招聘缝纫工 and a sewing job"
        );
        assert_eq!(found[0], "j1", "{name}: a match in the title first");
        assert_eq!(
            hits(&e, "缝纫").await[0],
            "j1",
            "{name}: segmented: 缝纫工 holds 缝纫"
        );
        assert_eq!(
            sorted(hits(&e, "縫紉").await),
            ["j1", "j4"],
            "{name}: traditional 縫紉"
        );
        assert_eq!(
            hits(&e, "车间").await.len(),
            2,
            "{name}: 車間 is found by 车间"
        );
        assert_eq!(
            hits(&e, "厨师").await,
            ["j2"],
            "{name}: the skill's words: cooking is 厨师"
        );
        assert_eq!(hits(&e, "烹饪").await, ["j2"], "{name}");
        assert_eq!(hits(&e, "帮厨").await, ["j2"], "{name}: title");
        assert_eq!(hits(&e, "baojie").await, ["j6"], "{name}: pinyin");
        assert_eq!(hits(&e, "bjy").await, ["j6"], "{name}: initials");
        assert_eq!(
            hits(&e, "服饰").await.len(),
            5,
            "{name}: the employer's name"
        );
        assert!(hits(&e, "司机").await.is_empty(), "{name}");
        assert_eq!(hits(&e, "直播").await, ["j5"], "{name}");
    }
}

#[tokio::test]
async fn filters_by_region_prefix_skills_housing_and_pay() {
    for (name, e, _dir) in job_engines(jobs()).await {
        let q = |f: fn(&mut SearchQuery)| {
            let mut q = query("");
            f(&mut q);
            q
        };
        let lushi = q(|q| q.region = Some("411224".into()));
        assert_eq!(
            sorted(ids(&e, lushi).await),
            ["j1", "j2", "j4", "j5", "j6"],
            "{name}"
        );
        let village = q(|q| q.region = Some(V1.into()));
        assert_eq!(sorted(ids(&e, village).await), ["j1", "j5", "j6"], "{name}");
        let mianchi = q(|q| q.region = Some("411221".into()));
        assert_eq!(ids(&e, mianchi).await, ["j3"], "{name}");
        let skills = q(|q| q.skills = vec!["sewing".into(), "cooking".into()]);
        assert_eq!(
            sorted(ids(&e, skills).await),
            ["j1", "j2", "j4"],
            "{name}: any of them"
        );
        let housing = q(|q| q.housing = Some(true));
        assert_eq!(sorted(ids(&e, housing).await), ["j2", "j3", "j4"], "{name}");
        let without = q(|q| q.housing = Some(false));
        assert_eq!(sorted(ids(&e, without).await), ["j1", "j5", "j6"], "{name}");
        let pay = q(|q| q.pay_min_fen = Some(450_000));
        assert_eq!(
            sorted(ids(&e, pay).await),
            ["j1", "j2", "j4"],
            "{name}: pay_max_fen ≥ 4500 yuan"
        );
        let daily = q(|q| q.pay_periods = vec!["day".into()]);
        assert_eq!(sorted(ids(&e, daily).await), ["j3", "j6"], "{name}");
        let open = q(|q| q.valid_after = Some(4500));
        assert_eq!(
            sorted(ids(&e, open).await),
            ["j1", "j4", "j6"],
            "{name}: lapsed ones never found"
        );
        let both = SearchQuery {
            region: Some("411224".into()),
            housing: Some(true),
            ..query("缝纫")
        };
        assert_eq!(ids(&e, both).await, ["j4"], "{name}");
    }
}

#[tokio::test]
async fn every_sort_orders_as_asked() {
    for (name, e, _dir) in job_engines(jobs()).await {
        let sorting = |text: &str, sort| SearchQuery {
            sort,
            ..query(text)
        };
        assert_eq!(
            ids(&e, sorting("", Sort::PayDesc)).await,
            order("j2 j4 j1 j5 j3 j6"),
            "{name}"
        );
        assert_eq!(
            ids(&e, sorting("", Sort::Newest)).await,
            order("j6 j5 j4 j3 j2 j1"),
            "{name}"
        );
        assert_eq!(
            ids(&e, sorting("", Sort::ClosingSoon)).await,
            order("j5 j2 j3 j1 j4 j6"),
            "{name}"
        );
        assert_eq!(
            ids(&e, sorting("縫紉", Sort::PayDesc)).await.len(),
            2,
            "{name}"
        );
        let page = SearchQuery {
            offset: 2,
            limit: 2,
            ..sorting("", Sort::PayDesc)
        };
        assert_eq!(ids(&e, page).await, order("j1 j5"), "{name}: paging");
        for s in ["pay_desc", "newest", "closing_soon", "relevance"] {
            assert!(Sort::parse(IndexName::Jobs, s).is_some(), "{s}");
        }
        assert!(Sort::parse(IndexName::Jobs, "price_asc").is_none());
    }
}

#[tokio::test]
async fn facets_by_region_skills_housing_and_pay_period() {
    for (name, e, _dir) in job_engines(jobs()).await {
        let all = e.search_jobs(query("")).await.unwrap();
        assert_eq!(all.total, 6, "{name}");
        assert_eq!(all.facets.region, counts(&[("41", 6)]), "{name}: provinces");
        assert_eq!(
            all.facets.skills,
            counts(&[
                ("cleaning", 1),
                ("construction", 1),
                ("cooking", 1),
                ("ecommerce", 1),
                ("sewing", 2)
            ]),
            "{name}"
        );
        assert_eq!(
            all.facets.housing,
            counts(&[("false", 3), ("true", 3)]),
            "{name}"
        );
        assert_eq!(
            all.facets.pay_period,
            counts(&[("day", 2), ("month", 4)]),
            "{name}"
        );
        let lushi = SearchQuery {
            region: Some("411224".into()),
            ..query("")
        };
        let lushi = e.search_jobs(lushi).await.unwrap();
        assert_eq!(
            lushi.facets.region,
            counts(&[("411224101", 3), ("411224102", 2)]),
            "{name}: townships of Lushi"
        );
        let sewing = e.search_jobs(query("缝纫")).await.unwrap();
        assert_eq!(sewing.facets.skills, counts(&[("sewing", 2)]), "{name}");
    }
}

#[tokio::test]
async fn a_posting_removed_is_gone_and_an_edit_replaces_it() {
    for (name, e, _dir) in job_engines(jobs()).await {
        e.delete(IndexName::Jobs, vec!["j1".into()]).await.unwrap();
        let mut j6 = jobs().remove(5);
        j6.title = "物业保洁员".into();
        j6.housing = true;
        e.upsert_jobs(vec![j6]).await.unwrap();
        let mut seen = (0, vec![]);
        for _ in 0..100 {
            let housing = SearchQuery {
                housing: Some(true),
                ..query("")
            };
            seen = (
                e.search_jobs(query("")).await.unwrap().total,
                ids(&e, housing).await,
            );
            if seen.0 == 5 && seen.1.len() == 4 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(seen.0, 5, "{name}: j1 gone");
        assert_eq!(
            sorted(seen.1),
            ["j2", "j3", "j4", "j6"],
            "{name}: j6 replaced"
        );
        assert_eq!(hits(&e, "缝纫工").await, ["j4"], "{name}");
        assert_eq!(hits(&e, "物业").await, ["j6"], "{name}");
    }
}
