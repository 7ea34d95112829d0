use crate::helpers::TestApp;
use diesel_async::RunQueryDsl;
use serde_json::{json, Value};

#[derive(diesel::QueryableByName, Debug, PartialEq)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::Text)]
    k: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// A configuration like the server's (the seed takes its windows and review rules from it).
fn config(app: &TestApp, dir: &tempfile::TempDir) -> bangfu::config::Config {
    let vars = std::collections::HashMap::from([
        ("DATABASE_URL".to_owned(), app.db.url.clone()),
        (
            "BANGFU_DATA_DIR".to_owned(),
            dir.path().display().to_string(),
        ),
        (
            "BANGFU_JWT_SECRET".to_owned(),
            crate::helpers::app::JWT_SECRET.to_owned(),
        ),
    ]);
    bangfu::config::Config::from_vars(&vars).unwrap()
}

#[tokio::test]
async fn demo_data_is_realistic_complete_and_seeded_once() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn().await;
    let dir = tempfile::tempdir().unwrap();
    let config = config(&app, &dir);
    let first = bangfu::seed::demo(&mut conn, &config).await.unwrap();
    assert!(first
        .iter()
        .any(|l| l.contains("official.lushi@demo.bangfu.cn")));
    let count = |sql: &'static str| {
        let pool = app.pool.clone();
        async move {
            let mut conn = pool.get().await.unwrap();
            diesel::sql_query(sql)
                .load::<Count>(&mut conn)
                .await
                .unwrap()
        }
    };
    let totals = count("SELECT 'needs' AS k, count(*) AS n FROM needs UNION ALL SELECT 'households', count(*) FROM households").await;
    assert_eq!(
        totals,
        vec![
            Count {
                k: "needs".into(),
                n: 1007
            },
            Count {
                k: "households".into(),
                n: 301
            }
        ]
    );
    // Every receipt of the demo's project spending was published by the county's official.
    let receipts =
        count("SELECT receipt_status AS k, count(*) AS n FROM project_spending GROUP BY 1").await;
    assert!(
        receipts.len() == 1 && receipts[0].k == "published" && receipts[0].n > 0,
        "{receipts:?}"
    );
    let statuses = count("SELECT status AS k, count(*) AS n FROM needs GROUP BY 1").await;
    assert_eq!(statuses.len(), 7, "every status: {statuses:?}");
    let categories = count("SELECT category AS k, count(*) AS n FROM needs GROUP BY 1").await;
    assert_eq!(categories.len(), 9, "every category: {categories:?}");
    // Most households are poor through illness or disability, as in the county's figures.
    let sick = count("SELECT 'sick' AS k, count(*) AS n FROM households WHERE causes && ARRAY['illness','disability']").await;
    assert!(sick[0].n * 100 / 301 >= 60, "{sick:?}");
    // Every demo need lies in a real village of Lushi County.
    let outside = count("SELECT 'outside' AS k, count(*) AS n FROM needs n JOIN regions r ON r.code = n.region_code WHERE r.level <> 'village' OR n.region_code NOT LIKE '411224%'").await;
    assert_eq!(outside[0].n, 0);

    // Every pledged and confirmed quantity is backed by pledges in matching states.
    let unbalanced = count(
        "SELECT 'unbalanced' AS k, count(*) AS n FROM needs n WHERE n.pledged_quantity <> \
           coalesce((SELECT sum(quantity) FROM pledges p WHERE p.need_id = n.id AND p.status IN ('pending_approval','approved','delivered','confirmed')), 0) \
           OR n.confirmed_quantity <> coalesce((SELECT sum(quantity) FROM pledges p WHERE p.need_id = n.id AND p.status = 'confirmed'), 0)",
    )
    .await;
    assert_eq!(unbalanced[0].n, 0);
    let pledges = count("SELECT status AS k, count(*) AS n FROM pledges GROUP BY 1").await;
    assert!(pledges.len() >= 4, "{pledges:?}");

    // Two people in the demo too: two officials at each level in Duguan and the county, and no
    // need reviewed by its poster, no pledge confirmed by its approver.
    let officials = count("SELECT j.region_code AS k, count(*) AS n FROM users u JOIN jurisdictions j ON j.official_id = u.id WHERE j.region_code IN ('411224', '411224101', '411224101200') GROUP BY 1 ORDER BY 1").await;
    assert!(
        officials.iter().all(|c| c.n >= 2) && officials.len() == 3,
        "{officials:?}"
    );
    let one_person = count("SELECT 'same' AS k, (SELECT count(*) FROM need_reviews r JOIN needs n ON n.id = r.need_id WHERE r.official_id = n.posted_by) + (SELECT count(*) FROM pledges WHERE decided_by = confirmed_by) AS n").await;
    assert_eq!(one_person[0].n, 0);

    // The shop: Lushi produce from several villages and the enterprise, certified by an official
    // who neither listed it nor registered its seller, two waiting; walnuts by the kilogram at ¥36.
    let products =
        count("SELECT status AS k, count(*) AS n FROM products GROUP BY 1 ORDER BY 1").await;
    assert_eq!(
        products,
        vec![
            Count {
                k: "listed".into(),
                n: 6
            },
            Count {
                k: "pending_certification".into(),
                n: 2
            }
        ]
    );
    let walnuts = count("SELECT unit || ' ' || price_fen AS k, stock::bigint AS n FROM products WHERE title = '卢氏薄皮核桃'").await;
    assert_eq!(walnuts[0].k, "公斤 3600");
    assert!(walnuts[0].n >= 100, "{walnuts:?}");
    let villages = count("SELECT 'villages' AS k, count(DISTINCT region_code) AS n FROM products WHERE household_id IS NOT NULL").await;
    assert!(villages[0].n >= 3, "{villages:?}");
    let wrong = count("SELECT 'wrong' AS k, count(*) AS n FROM products p LEFT JOIN households h ON h.id = p.household_id WHERE p.status = 'listed' AND (p.certified_by IS NULL OR p.certified_by = p.listed_by OR p.certified_by IS NOT DISTINCT FROM h.created_by)").await;
    assert_eq!(wrong[0].n, 0);
    let pictures = count("SELECT 'no pictures' AS k, count(*) AS n FROM products p WHERE (SELECT count(*) FROM product_images i WHERE i.product_id = p.id) NOT BETWEEN 1 AND 2").await;
    assert_eq!(pictures[0].n, 0);
    let keys = count("SELECT display_key AS k, width::bigint AS n FROM product_images").await;
    for key in &keys {
        let bytes = std::fs::read(dir.path().join("media").join(&key.k)).unwrap();
        let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg).unwrap();
        assert_eq!(i64::from(img.width()), key.n);
    }
    let orders = count("SELECT status AS k, count(*) AS n FROM orders GROUP BY 1 ORDER BY 1").await;
    let states: Vec<&str> = orders.iter().map(|c| c.k.as_str()).collect();
    assert_eq!(
        states,
        ["cancelled", "paid", "placed", "received", "shipped"]
    );
    let official = app
        .login("official.lushi@demo.bangfu.cn", bangfu::seed::DEMO_PASSWORD)
        .await;
    let queue: Value = app
        .get("/api/v1/review/products", Some(&official.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["total"], 2);
    let sales: Value = app
        .get("/api/v1/stats/sales?region=411224", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(sales["totals"]["orders"], 3, "{sales}");
    // Jobs: the enterprise's workshop in 杜关村 and more, households able to work, applications
    // in several states, and a hire whose 30-day check is due for the village's officials.
    let jobs = count("SELECT status AS k, count(*) AS n FROM job_postings GROUP BY 1").await;
    assert_eq!(jobs.iter().map(|c| c.n).sum::<i64>(), 4, "{jobs:?}");
    let applications =
        count("SELECT status AS k, count(*) AS n FROM job_applications GROUP BY 1 ORDER BY 1")
            .await;
    let states: Vec<&str> = applications.iter().map(|c| c.k.as_str()).collect();
    assert_eq!(states, ["applied", "hired", "invited"]);
    let able =
        count("SELECT 'able' AS k, count(*) AS n FROM household_work WHERE able_to_work > 0").await;
    assert!(able[0].n >= 3, "{able:?}");
    let village = app
        .login(
            "official.duguancun@demo.bangfu.cn",
            bangfu::seed::DEMO_PASSWORD,
        )
        .await;
    let due: Value = app
        .get("/api/v1/review/retention-checks", Some(&village.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(due["total"], 1, "{due}");

    // A second run adds nothing.
    let second = bangfu::seed::demo(&mut conn, &config).await.unwrap();
    assert!(second.iter().any(|l| l.contains("already there")));
    assert!(
        second.iter().any(|l| l.contains("already sells")),
        "{second:?}"
    );
    assert!(
        second.iter().any(|l| l.contains("already posts")),
        "{second:?}"
    );
    let again = count("SELECT 'needs' AS k, count(*) AS n FROM needs UNION ALL SELECT 'households', count(*) FROM households").await;
    assert_eq!(again, totals);
    let products_again =
        count("SELECT status AS k, count(*) AS n FROM products GROUP BY 1 ORDER BY 1").await;
    assert_eq!(products_again, products);

    // The newcomer's path: the demo official sees the queue with flags and decides.
    let official = app
        .login("official.lushi@demo.bangfu.cn", bangfu::seed::DEMO_PASSWORD)
        .await;
    let q: Value = app
        .get("/api/v1/review/needs?per_page=100", Some(&official.access))
        .await
        .json()
        .await
        .unwrap();
    assert!(q["total"].as_i64().unwrap() > 100);
    assert!(q["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| !i["flags"].as_array().unwrap().is_empty()));
    let first_id = q["items"][0]["need"]["id"].as_str().unwrap().to_owned();
    let r = app
        .post(
            &format!("/api/v1/needs/{first_id}/review"),
            Some(&official.access),
            &json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        app.get(&format!("/api/v1/needs/{first_id}"), None)
            .await
            .status(),
        200
    );
    // A demo household account works.
    let hh = app
        .login("household001@demo.bangfu.cn", bangfu::seed::DEMO_PASSWORD)
        .await;
    let mine: Value = app
        .get("/api/v1/me/needs", Some(&hh.access))
        .await
        .json()
        .await
        .unwrap();
    assert!(mine["total"].as_i64().unwrap() >= 3);
    let v: Value = app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true);
}

#[tokio::test]
async fn the_readme_household_has_a_need_in_every_state() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn().await;
    let dir = tempfile::tempdir().unwrap();
    let config = config(&app, &dir);
    // A small bulk demo: the README household's needs do not depend on it.
    bangfu::seed::demo_sized(
        &mut conn,
        bangfu::seed::DemoSize {
            households: 6,
            needs: 12,
        },
    )
    .await
    .unwrap();
    let lines = bangfu::seed::demo_household(&mut conn, &config)
        .await
        .unwrap();
    assert!(lines[0].contains("7 needs"), "{lines:?}");
    let hh = app
        .login("household@demo.bangfu.cn", bangfu::seed::DEMO_PASSWORD)
        .await;
    let mine: Value = app
        .get("/api/v1/me/needs?per_page=100", Some(&hh.access))
        .await
        .json()
        .await
        .unwrap();
    let mut states: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["status"].as_str().unwrap())
        .collect();
    states.sort_unstable();
    assert_eq!(
        states,
        [
            "expired",
            "fulfilled",
            "fully_pledged",
            "open",
            "pending_review",
            "rejected",
            "withdrawn"
        ]
    );
    // Pledges in the states that go with them, and one confirmed by code waiting for a rating.
    let pledges: Value = app
        .get("/api/v1/me/pledges?per_page=100", Some(&hh.access))
        .await
        .json()
        .await
        .unwrap();
    let items = pledges["items"].as_array().unwrap();
    let mut pledge_states: Vec<&str> = items
        .iter()
        .map(|p| p["status"].as_str().unwrap())
        .collect();
    pledge_states.sort_unstable();
    pledge_states.dedup();
    assert_eq!(
        pledge_states,
        [
            "approved",
            "cancelled",
            "confirmed",
            "delivered",
            "pending_approval",
            "rejected"
        ]
    );
    let unrated: Vec<&Value> = items
        .iter()
        .filter(|p| p["status"] == "confirmed" && p["rating"].is_null())
        .collect();
    assert_eq!(unrated.len(), 1, "{pledges}");
    // The household rates it in the README's own step (the household's token, not the approver's).
    let id = unrated[0]["id"].as_str().unwrap();
    let r = app
        .post(
            &format!("/api/v1/pledges/{id}/confirm"),
            Some(&hh.access),
            &json!({"rating": 5, "thanks": "谢谢好心人！"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    // The rejected need says why; the chain holds; a second run adds nothing.
    let rejected = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["status"] == "rejected")
        .unwrap();
    assert!(
        !rejected["private"]["rejection_reason"].is_null(),
        "{rejected}"
    );
    let again = bangfu::seed::demo_household(&mut conn, &config)
        .await
        .unwrap();
    assert!(again[0].contains("already there"), "{again:?}");
    let v: Value = app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true);
}
