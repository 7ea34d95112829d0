//! The search contract, run against the embedded engine (tantivy + jieba). The same cases will run
//! against Meilisearch when `MEILI_URL` points at a live server.

use bangfu::search::document::NeedDocument;
use bangfu::search::embedded::EmbeddedSearch;
use bangfu::search::query::{NeedQuery, Sort};
use bangfu::search::settings::SearchSettings;

#[allow(clippy::too_many_arguments)]
fn doc(
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

fn query(text: &str) -> NeedQuery {
    NeedQuery {
        text: text.into(),
        categories: vec![],
        urgencies: vec![],
        statuses: vec![],
        region: None,
        has_remaining: None,
        sort: Sort::Relevance,
        offset: 0,
        limit: 20,
    }
}

fn engine() -> (tempfile::TempDir, EmbeddedSearch) {
    let dir = tempfile::tempdir().unwrap();
    let e = EmbeddedSearch::open(dir.path(), SearchSettings::bundled().unwrap()).unwrap();
    e.upsert_blocking(&[
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
    ])
    .unwrap();
    (dir, e)
}

fn ids(e: &EmbeddedSearch, q: &NeedQuery) -> Vec<String> {
    let mut v = e.search_blocking(q).unwrap().ids;
    v.sort();
    v
}

#[test]
fn chinese_segmentation_synonyms_typos_and_prefixes() {
    let (_d, e) = engine();
    assert_eq!(
        ids(&e, &query("轮椅")),
        ["a", "e"],
        "轮椅 finds 电动轮椅, and its synonym wheelchair"
    );
    assert_eq!(ids(&e, &query("助行器")), ["a", "e"], "a synonym of 轮椅");
    assert_eq!(ids(&e, &query("电动轮椅")), ["a"]);
    assert_eq!(
        ids(&e, &query("学费")),
        ["b"],
        "学费 and 学杂费 are synonyms"
    );
    assert_eq!(ids(&e, &query("化肥")), ["c"], "化肥 and 肥料");
    assert_eq!(
        ids(&e, &query("wheelchiar")),
        ["e"],
        "one typo in a long word"
    );
    assert_eq!(
        ids(&e, &query("grandmo")),
        ["e"],
        "the last word as a prefix"
    );
    assert_eq!(
        ids(&e, &query("渑池 棉被")),
        ["d"],
        "place names are searchable"
    );
    assert!(ids(&e, &query("飞机")).is_empty());
    assert_eq!(
        ids(&e, &query("")).len(),
        5,
        "an empty query lists everything"
    );
}

#[test]
fn filters_facets_sorts_and_paging() {
    let (_d, e) = engine();
    let mut q = query("");
    q.region = Some("411224".into());
    assert_eq!(
        ids(&e, &q),
        ["a", "b", "c", "e"],
        "a county prefix finds its villages"
    );
    let r = e.search_blocking(&q).unwrap();
    assert_eq!(
        r.facets.region.get("411224101"),
        Some(&3),
        "{:?}",
        r.facets.region
    );
    assert_eq!(r.facets.region.get("411224100"), Some(&1));
    assert_eq!(r.facets.category.get("care"), Some(&2));
    q.region = Some("411224101200".into());
    assert_eq!(ids(&e, &q), ["a", "e"]);
    q.region = Some("41".into());
    assert_eq!(
        e.search_blocking(&q).unwrap().facets.region.get("4112"),
        Some(&5)
    );
    let mut q = query("");
    q.categories = vec!["care".into(), "education".into()];
    q.urgencies = vec!["critical".into(), "urgent".into()];
    assert_eq!(ids(&e, &q), ["a", "b"]);
    let mut q = query("");
    q.has_remaining = Some(true);
    assert_eq!(e.search_blocking(&q).unwrap().total, 4);
    let ordered = |sort: Sort| {
        let mut q = query("");
        q.sort = sort;
        e.search_blocking(&q).unwrap().ids
    };
    assert_eq!(ordered(Sort::Urgency)[0], "a");
    assert_eq!(ordered(Sort::Deadline), ["b", "d", "a", "e", "c"]);
    assert_eq!(ordered(Sort::Newest), ["e", "d", "c", "b", "a"]);
    assert_eq!(ordered(Sort::Remaining)[0], "c");
    let mut q = query("");
    q.sort = Sort::Deadline;
    q.offset = 2;
    q.limit = 2;
    let page = e.search_blocking(&q).unwrap();
    assert_eq!(
        (page.ids, page.total),
        (vec!["a".to_owned(), "e".to_owned()], 5)
    );
}

#[test]
fn updates_and_deletes_are_searchable_at_once() {
    let (_d, e) = engine();
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
    e.upsert_blocking(&[changed]).unwrap();
    let mut q = query("轮椅");
    q.has_remaining = Some(true);
    assert_eq!(ids(&e, &q), ["e"]);
    e.delete_blocking(&["a".into()]).unwrap();
    assert_eq!(ids(&e, &query("轮椅")), ["e"]);
    assert_eq!(e.all_ids_blocking().unwrap().len(), 4);
}
