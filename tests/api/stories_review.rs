//! Stories, from the review of issue 20: the idempotency record keeps a reference, not the private
//! view; spoken consent is a second official's act; the reviewer states which photos show a face;
//! an official's list of its stories and its total agree.

use crate::evidence_fixture::jpeg;
use crate::helpers::app::expect_problem;
use crate::needs_fixture::World;
use crate::stories_fixture::{
    confirmed_pledge, draft, get, json_of, patch, photo, post, story_body,
};
use reqwest::Method;
use serde_json::json;

#[derive(diesel::QueryableByName)]
struct Stored {
    #[diesel(sql_type = diesel::sql_types::Text)]
    body: String,
}

#[tokio::test]
async fn a_replayed_story_is_rendered_again_and_the_key_keeps_only_its_id() {
    let w = World::new().await;
    let (_, p) = confirmed_pledge(&w).await;
    let key = uuid::Uuid::new_v4().to_string();
    let send = |token: &str| {
        w.app
            .request(Method::POST, "/api/v1/stories", Some(token))
            .header("Idempotency-Key", key.as_str())
            .json(&story_body(&p))
            .send()
    };
    let first = json_of(send(&w.township.tokens.access).await.unwrap(), 201).await;
    let id = first["id"].as_str().unwrap().to_owned();
    assert!(first["private"].is_object(), "{first}");
    // The key's row holds the story's id and nothing of its private view.
    let mut conn = w.app.conn().await;
    let stored: Stored = diesel_async::RunQueryDsl::get_result(
        diesel::sql_query(format!(
            "SELECT convert_from(response_body, 'UTF8') AS body FROM idempotency_keys
             WHERE key = '{key}'"
        )),
        &mut conn,
    )
    .await
    .unwrap();
    assert_eq!(stored.body, json!({ "id": id }).to_string());
    // A replay renders the story afresh, with the caller's rights, and creates nothing.
    let r = send(&w.township.tokens.access).await.unwrap();
    assert_eq!(r.headers()["Idempotent-Replayed"], "true");
    let again = json_of(r, 201).await;
    assert_eq!(again, first);
    let mine = json_of(
        w.app
            .get("/api/v1/me/stories", Some(&w.township.tokens.access))
            .await,
        200,
    )
    .await;
    assert_eq!(mine["total"], 1);
}

#[tokio::test]
async fn the_reviewer_says_which_photos_show_a_face() {
    let w = World::new().await;
    let (_, s) = draft(&w).await;
    let (hh, writer, county) = (
        Some(w.household.tokens.access.as_str()),
        Some(w.township.tokens.access.as_str()),
        Some(w.county.tokens.access.as_str()),
    );
    // The writer says no face; the household allows none.
    let v = json_of(photo(&w, writer, &s, &jpeg(800, 600), "false").await, 201).await;
    let pid = v["photos"][0]["id"].as_str().unwrap().to_owned();
    json_of(
        post(&w, hh, &s, "consent", json!({"faces_allowed": false})).await,
        200,
    )
    .await;
    json_of(post(&w, writer, &s, "submit", json!({})).await, 200).await;
    // The reviewer must say, and only about this story's photos.
    let approve =
        |faces: serde_json::Value| json!({"decision": "approve", "photos_showing_faces": faces});
    let p = expect_problem(
        post(&w, county, &s, "review", json!({"decision": "approve"})).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        vec![("photos_showing_faces".into(), "required".into())]
    );
    let stranger = uuid::Uuid::new_v4().to_string();
    let p = expect_problem(
        post(&w, county, &s, "review", approve(json!([stranger]))).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field_codes()[0].1, "unknown_photo");
    // The reviewer sees a face: without consent to faces it is not published.
    expect_problem(
        post(&w, county, &s, "review", approve(json!([pid]))).await,
        409,
        "faces_not_allowed",
    )
    .await;
    let v = json_of(get(&w, writer, &s).await, 200).await;
    assert_eq!(v["private"]["status"], "in_review");
    // It rejects; the writer edits; the household allows faces: published, the mark kept.
    json_of(
        post(
            &w,
            county,
            &s,
            "review",
            json!({"decision": "reject", "reason": "照片有人脸"}),
        )
        .await,
        200,
    )
    .await;
    json_of(
        patch(&w, writer, &s, json!({"title": "一床新棉被暖了一个冬天"})).await,
        200,
    )
    .await;
    json_of(
        post(&w, hh, &s, "consent", json!({"faces_allowed": true})).await,
        200,
    )
    .await;
    json_of(post(&w, writer, &s, "submit", json!({})).await, 200).await;
    let v = json_of(
        post(&w, county, &s, "review", approve(json!([pid]))).await,
        200,
    )
    .await;
    assert_eq!(v["private"]["status"], "published");
    let public = json_of(get(&w, None, &s).await, 200).await;
    assert_eq!(public["photos"][0]["shows_face"], true, "{public}");
}

#[tokio::test]
async fn an_officials_stories_and_their_total_agree() {
    let w = World::new().await;
    let (_, s) = draft(&w).await;
    let t = Some(w.township.tokens.access.as_str());
    let mine = json_of(w.app.get("/api/v1/me/stories", t).await, 200).await;
    assert_eq!(
        (mine["total"].as_i64(), mine["items"][0]["id"].as_str()),
        (Some(1), Some(s.as_str()))
    );
    // Moved to another county: the draft it wrote is out of its sight, in the page and the total.
    let mut conn = w.app.conn().await;
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query(format!(
            "UPDATE jurisdictions SET region_code = '411221' WHERE official_id = '{}'",
            w.township.id
        )),
        &mut conn,
    )
    .await
    .unwrap();
    let mine = json_of(w.app.get("/api/v1/me/stories", t).await, 200).await;
    assert_eq!(mine["total"], 0, "{mine}");
    assert_eq!(mine["items"], json!([]));
}
