//! `GET /api/v1/jobs/search` over HTTP, anonymous, with the job workers draining the
//! `search.index_jobs` jobs: open postings are found with their public facts, filled, closed and
//! lapsed ones are not, facets carry region names, and every bad parameter is one 400.

use crate::helpers::app::expect_problem;
use crate::helpers::TestApp;
use crate::search_jobs_fixture::{employer, end, post, Job};
use bangfu::search::query::IndexName;
use serde_json::{json, Value};
use std::time::Duration;

const VILLAGE: &str = "411224101200"; // 卢氏县 杜关镇
const MIANCHI: &str = "411221100200"; // 渑池县

async fn app() -> TestApp {
    TestApp::builder()
        .var("BANGFU_JOB_WORKERS", "2")
        .spawn()
        .await
}

async fn search(app: &TestApp, query: &str) -> Value {
    let r = app.get(&format!("/api/v1/jobs/search?{query}"), None).await;
    assert_eq!(r.status(), 200, "jobs/search?{query}");
    r.json().await.unwrap()
}

/// Searches until the answer has `total` hits (bounded): the workers index in their own time.
async fn eventually(app: &TestApp, query: &str, total: u64) -> Value {
    let mut last = Value::Null;
    for _ in 0..100 {
        last = search(app, query).await;
        if last["total"] == total {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("jobs/search?{query} never reached {total}: {last}");
}

fn ids(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect()
}

const WORKSHOP: Job = Job {
    title: "扶贫车间招聘缝纫工",
    description: "在村里的车间上班，计件工资，联系13912345678",
    village: VILLAGE,
    skills: &["sewing"],
    housing: false,
    pay: (300_000, 450_000, "month"),
};
const KITCHEN: Job = Job {
    title: "食堂帮厨",
    description: "职工食堂，包吃住",
    village: "411224102200",
    skills: &["cooking", "cleaning"],
    housing: true,
    pay: (400_000, 600_000, "month"),
};
const SITE: Job = Job {
    title: "建筑小工",
    description: "工地搬运，日结",
    village: MIANCHI,
    skills: &["construction"],
    housing: true,
    pay: (15_000, 20_000, "day"),
};

#[tokio::test]
async fn open_postings_only_following_every_change() {
    let app = app().await;
    let mut conn = app.conn().await;
    let lushi = employer(&mut conn, "卢氏县绿源服饰有限公司", "914112240000000001").await;
    let mianchi = employer(&mut conn, "渑池县建工集团", "914112210000000002").await;
    let workshop = post(&mut conn, lushi, &WORKSHOP, 30).await;
    let kitchen = post(&mut conn, lushi, &KITCHEN, 10).await;
    let site = post(&mut conn, mianchi, &SITE, 20).await;
    // Open but past its closing date: never in the index.
    post(
        &mut conn,
        lushi,
        &Job {
            title: "过期的缝纫工岗位",
            ..WORKSHOP
        },
        -1,
    )
    .await;

    let v = eventually(&app, "", 3).await;
    let v2 = search(&app, "q=缝纫工").await;
    assert_eq!(
        ids(&v2),
        [workshop.to_string()],
        "缝纫工 finds 招聘缝纫工: {v2}"
    );
    let hit = &v2["hits"][0];
    assert_eq!(hit["title"], "扶贫车间招聘缝纫工");
    assert_eq!(hit["organization"], "卢氏县绿源服饰有限公司");
    assert_eq!(hit["region_code"], VILLAGE);
    assert!(hit["place"].as_str().unwrap().contains("卢氏县"), "{hit}");
    assert_eq!(
        (
            hit["positions_left"].as_i64(),
            hit["pay_min_fen"].as_i64(),
            hit["pay_max_fen"].as_i64()
        ),
        (Some(3), Some(300_000), Some(450_000))
    );
    assert_eq!(
        (hit["pay_period"].as_str(), hit["housing"].as_bool()),
        (Some("month"), Some(false))
    );
    assert_eq!(hit["skills"], json!(["sewing"]));
    assert!(hit["valid_until"].is_string() && hit["created_at"].is_string());
    let text = v.to_string();
    for private in [lushi.0, lushi.1, mianchi.1] {
        assert!(
            !text.contains(&private.to_string()),
            "no account or organization id: {text}"
        );
    }
    assert!(!v2.to_string().contains("13912345678"), "numbers masked");
    assert_eq!(search(&app, "q=縫紉").await["total"], 1, "traditional");
    assert_eq!(search(&app, "q=feng").await["total"], 1, "pinyin");
    assert_eq!(
        ids(&search(&app, "q=厨师").await),
        [kitchen.to_string()],
        "skill words"
    );
    // A Lushi household finds the jobs of Lushi's villages.
    let v = search(&app, "region=411224").await;
    assert_eq!(v["total"], 2);
    assert!(!ids(&v).contains(&site.to_string()));

    // Filled and closed postings leave the index; the index ends equal to PostgreSQL.
    end(&mut conn, kitchen, "filled").await;
    eventually(&app, "", 2).await;
    assert_eq!(search(&app, "q=厨师").await["total"], 0);
    end(&mut conn, site, "closed").await;
    let v = eventually(&app, "", 1).await;
    assert_eq!(ids(&v), [workshop.to_string()]);
    let mut clean = false;
    for _ in 0..100 {
        let d = bangfu::search::indexing::check(&mut conn, &app.search, IndexName::Jobs)
            .await
            .unwrap();
        if d.is_empty() {
            clean = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(clean, "bangfu search check finds no drift in jobs");
    // A rebuild keeps exactly the open posting.
    let n = bangfu::search::indexing::reindex(&mut conn, &app.search, IndexName::Jobs)
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(search(&app, "").await["total"], 1);
}

#[tokio::test]
async fn facets_sorts_and_filters_over_http() {
    let app = app().await;
    let mut conn = app.conn().await;
    let lushi = employer(&mut conn, "卢氏县绿源服饰有限公司", "914112240000000003").await;
    let workshop = post(&mut conn, lushi, &WORKSHOP, 30).await;
    let kitchen = post(&mut conn, lushi, &KITCHEN, 10).await;
    let site = post(&mut conn, lushi, &SITE, 20).await;
    let v = eventually(&app, "", 3).await;
    assert_eq!(
        v["facets"]["region"],
        json!([{"code": "41", "name": "河南省", "count": 3}])
    );
    assert_eq!(
        v["facets"]["skills"],
        json!({"cleaning": 1, "construction": 1, "cooking": 1, "sewing": 1})
    );
    assert_eq!(v["facets"]["housing"], json!({"false": 1, "true": 2}));
    assert_eq!(v["facets"]["pay_period"], json!({"day": 1, "month": 2}));
    assert_eq!(
        (v["page"].as_u64(), v["per_page"].as_u64()),
        (Some(1), Some(20))
    );
    assert_eq!(v["suggestions"], json!([]));
    let v = search(&app, "region=411224").await;
    let townships: Vec<(&str, u64)> = v["facets"]["region"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["code"].as_str().unwrap(), r["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(townships, [("411224101", 1), ("411224102", 1)]);
    assert!(
        v["facets"]["region"][0]["name"]
            .as_str()
            .unwrap()
            .contains('镇'),
        "{v}"
    );

    let (w, k, s) = (workshop.to_string(), kitchen.to_string(), site.to_string());
    assert_eq!(
        ids(&search(&app, "sort=pay_desc").await),
        [k.clone(), w.clone(), s.clone()]
    );
    assert_eq!(
        ids(&search(&app, "sort=newest").await),
        [s.clone(), k.clone(), w.clone()]
    );
    assert_eq!(
        ids(&search(&app, "sort=closing_soon").await),
        [k.clone(), s.clone(), w.clone()]
    );
    assert_eq!(
        ids(&search(&app, "skills=sewing,construction&sort=pay_desc").await),
        [w.clone(), s.clone()]
    );
    assert_eq!(ids(&search(&app, "housing=false").await), [w.as_str()]);
    assert_eq!(ids(&search(&app, "pay_period=day").await), [s.as_str()]);
    assert_eq!(
        ids(&search(&app, "pay_min_fen=450000&sort=pay_desc").await),
        [k.clone(), w.clone()]
    );
    let v = search(&app, "sort=pay_desc&per_page=1&page=2").await;
    assert_eq!((v["total"].as_u64(), ids(&v)), (Some(3), vec![w.clone()]));
    // Nothing found: suggestions with the same filters.
    let v = search(&app, "q=缝纫 拖拉机司机").await;
    assert_eq!(v["total"], 1, "the last word is dropped: {v}");
    let v = search(&app, "q=拖拉机 缝纫").await;
    assert_eq!(v["total"], 0);
    assert!(!v["suggestions"].as_array().unwrap().is_empty(), "{v}");
}

#[tokio::test]
async fn bad_job_queries_are_one_problem() {
    let app = TestApp::spawn().await;
    let p = expect_problem(
        app.get(
            "/api/v1/jobs/search?region=4112245&skills=juggling&housing=maybe&pay_period=week\
             &pay_min_fen=abc&sort=cheapest&page=x&per_page=500",
            None,
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    let fields: Vec<String> = p.field_codes().into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        [
            "region",
            "skills",
            "housing",
            "pay_period",
            "pay_min_fen",
            "sort",
            "page",
            "per_page"
        ],
        "every bad parameter at once"
    );
    for (q, field) in [
        ("region=41x", "region"),
        ("skills=sewing,,farming,x", "skills"),
        ("housing=1", "housing"),
        ("pay_min_fen=0", "pay_min_fen"),
        ("pay_min_fen=100000001", "pay_min_fen"),
        ("pay_min_fen=-5", "pay_min_fen"),
        ("sort=price_asc", "sort"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=101&per_page=100", "page"),
        ("per_page=0", "per_page"),
    ] {
        let p = expect_problem(
            app.get(&format!("/api/v1/jobs/search?{q}"), None).await,
            400,
            "validation_failed",
        )
        .await;
        assert_eq!(p.field_codes()[0].0, field, "{q}");
    }
    let r = app
        .get("/api/v1/jobs/search?q=&skills=&housing=&pay_period=&pay_min_fen=&sort=&page=&per_page=&region=", None)
        .await;
    assert_eq!(r.status(), 200, "empty values are no filter");
    // Described in the OpenAPI document.
    let doc: Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let op = &doc["paths"]["/api/v1/jobs/search"]["get"];
    assert!(
        op["responses"]["400"].is_object() && op["responses"]["503"].is_object(),
        "{op}"
    );
}

#[tokio::test]
async fn check_finds_jobs_drift_and_reindex_repairs_it() {
    use bangfu::schema::job_postings as jp;
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let app = app().await;
    let mut conn = app.conn().await;
    let lushi = employer(&mut conn, "卢氏县绿源服饰有限公司", "914112240000000004").await;
    let workshop = post(&mut conn, lushi, &WORKSHOP, 30).await;
    let kitchen = post(&mut conn, lushi, &KITCHEN, 10).await;
    eventually(&app, "", 2).await;
    // Changes that bypassed the outbox: an edit (stale) and a close (extra).
    let now = chrono::Utc::now();
    diesel::update(jp::table.find(workshop))
        .set((jp::title.eq("扶贫车间招聘熨烫工"), jp::updated_at.eq(now)))
        .execute(&mut conn)
        .await
        .unwrap();
    diesel::update(jp::table.find(kitchen))
        .set((jp::status.eq("closed"), jp::closed_at.eq(Some(now))))
        .execute(&mut conn)
        .await
        .unwrap();
    let drift = bangfu::search::indexing::check(&mut conn, &app.search, IndexName::Jobs)
        .await
        .unwrap();
    assert_eq!(drift.stale, [workshop.to_string()]);
    assert_eq!(drift.extra, [kitchen.to_string()]);
    assert!(drift.missing.is_empty());
    let n = bangfu::search::indexing::reindex(&mut conn, &app.search, IndexName::Jobs)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let drift = bangfu::search::indexing::check(&mut conn, &app.search, IndexName::Jobs)
        .await
        .unwrap();
    assert!(drift.is_empty(), "{drift:?}");
    let v = search(&app, "q=熨烫工").await;
    assert_eq!(ids(&v), [workshop.to_string()]);
}
