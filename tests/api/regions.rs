use crate::helpers::app::expect_problem;
use crate::helpers::TestApp;
use serde_json::Value;

#[tokio::test]
async fn region_with_its_path() {
    let app = TestApp::spawn().await;
    for code in ["411224101200", " 411224101200"] {
        let v: Value = app
            .get(&format!("/api/v1/regions/{code}"), None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["name"], "杜关村村委会");
        assert_eq!(v["level"], "village");
        assert_eq!(v["parent_code"], "411224101");
        assert_eq!(v["full_name"], "河南省 三门峡市 卢氏县 杜关镇 杜关村村委会");
        assert_eq!(v["path"].as_array().unwrap().len(), 5);
    }
    let v: Value = app
        .get("/api/v1/regions/411224000000", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (v["code"].as_str(), v["name"].as_str(), v["level"].as_str()),
        (Some("411224"), Some("卢氏县"), Some("county"))
    );
    assert_eq!(v["full_code"], "411224000000");
    let v: Value = app
        .get("/api/v1/regions/11", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["name"], "北京市");
    assert_eq!(v["parent_code"], Value::Null);
}

#[tokio::test]
async fn children_paginated() {
    let app = TestApp::spawn().await;
    let v: Value = app.get("/api/v1/regions", None).await.json().await.unwrap();
    assert_eq!(v["total"], 31);
    assert_eq!(v["items"].as_array().unwrap().len(), 20);
    let v: Value = app
        .get("/api/v1/regions?parent=411224&per_page=100", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["total"], 20);
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["level"] == "township"));
    let v: Value = app
        .get("/api/v1/regions?parent=411224&page=2&per_page=15", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 5);
    assert_eq!(v["page"], 2);
    let v: Value = app
        .get("/api/v1/regions?parent=4112", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["name"] == "卢氏县"));
    // Every county-level division of China is there.
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let mut conn = app.conn().await;
    let counties: i64 = bangfu::schema::regions::table
        .filter(bangfu::schema::regions::level.eq("county"))
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert!(counties > 2_800, "{counties}");
}

#[tokio::test]
async fn unknown_and_malformed_codes() {
    let app = TestApp::spawn().await;
    expect_problem(
        app.get("/api/v1/regions/419999", None).await,
        404,
        "region_not_found",
    )
    .await;
    expect_problem(
        app.get("/api/v1/regions/41abc", None).await,
        400,
        "invalid_region_code",
    )
    .await;
    expect_problem(
        app.get("/api/v1/regions/4112241", None).await,
        400,
        "invalid_region_code",
    )
    .await;
    expect_problem(
        app.get("/api/v1/regions?parent=419999", None).await,
        404,
        "region_not_found",
    )
    .await;
    expect_problem(
        app.get("/api/v1/regions?parent=x", None).await,
        400,
        "invalid_region_code",
    )
    .await;
    expect_problem(
        app.get("/api/v1/regions?per_page=101", None).await,
        400,
        "validation_failed",
    )
    .await;
    expect_problem(
        app.get("/api/v1/regions?page=0", None).await,
        400,
        "validation_failed",
    )
    .await;
    expect_problem(
        app.get("/api/v1/regions?page=-1", None).await,
        400,
        "bad_query",
    )
    .await;
}

#[tokio::test]
async fn loading_regions_again_changes_nothing() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn().await;
    let before = bangfu::store::regions::load_bundled(&mut conn)
        .await
        .unwrap();
    let again = bangfu::store::regions::load_bundled(&mut conn)
        .await
        .unwrap();
    assert_eq!(before, again);
    let v: Value = app
        .get("/api/v1/regions?parent=411224", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["total"], 20);
}
