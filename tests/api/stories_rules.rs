//! What a story may say and be about: no phone or ID number, not the household's name; only help
//! that arrived (a confirmed pledge or a hire), in the writer's jurisdiction.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::{World, HEAD_NAME, ID_NUMBER, PHONE};
use crate::stories_fixture::{
    confirmed_pledge, create, draft, get, json_of, patch, photo, post, story_body,
};
use serde_json::json;

#[tokio::test]
async fn a_story_refuses_numbers_and_the_households_name() {
    let w = World::new().await;
    let (_, p) = confirmed_pledge(&w).await;
    let t = Some(w.township.tokens.access.as_str());
    let mut b = story_body(&p);
    b["title"] = json!(format!("联系电话{PHONE}"));
    b["body"] = json!(format!("{HEAD_NAME}一家收到了棉被，证件号{ID_NUMBER}。"));
    let prob = expect_problem(create(&w, t, &b).await, 400, "validation_failed").await;
    let mut fields = prob.field_codes();
    fields.sort();
    assert_eq!(
        fields,
        vec![
            ("body".into(), "personal_data".into()),
            ("title".into(), "personal_data".into())
        ]
    );
    let mut b = story_body(&p);
    b["body"] = json!(format!("{HEAD_NAME}老人收到了新棉被，很高兴。"));
    let prob = expect_problem(create(&w, t, &b).await, 400, "validation_failed").await;
    assert_eq!(
        prob.field_codes(),
        vec![("body".into(), "personal_data".into())]
    );
    // Nothing was stored.
    let mine = json_of(w.app.get("/api/v1/me/stories", t).await, 200).await;
    assert_eq!(mine["total"], 0);
    // An edit is checked the same way.
    let (_, s) = draft(&w).await;
    let prob = expect_problem(
        patch(&w, t, &s, json!({"body": format!("请拨打{PHONE}联系家人")})).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        prob.field_codes(),
        vec![("body".into(), "personal_data".into())]
    );
}

#[tokio::test]
async fn a_story_is_about_help_that_arrived() {
    let w = World::new().await;
    let need = crate::pledges::open_need_of(&w, 5).await;
    let pending =
        crate::pledges::id_of(crate::pledges::pledge(&w, &w.donor.tokens.access, &need, 1).await)
            .await;
    let t = Some(w.township.tokens.access.as_str());
    expect_problem(
        create(&w, t, &story_body(&pending)).await,
        409,
        "invalid_transition",
    )
    .await;
    // An unknown subject, and one out of the official's jurisdiction, are unknown to it.
    let (_, p) = confirmed_pledge(&w).await;
    let p_unknown = expect_problem(
        create(&w, t, &story_body(&uuid::Uuid::new_v4().to_string())).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(p_unknown.field_codes()[0].1, "unknown_subject");
    let out = Some(w.neighbour.tokens.access.as_str());
    let p_out = expect_problem(
        create(&w, out, &story_body(&p)).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(p_out.field_codes()[0].1, "unknown_subject");
    let mut b = story_body(&p);
    b["subject_type"] = json!("project");
    let p_kind = expect_problem(create(&w, t, &b).await, 400, "validation_failed").await;
    assert_eq!(p_kind.field_codes()[0].0, "subject_type");
}

#[tokio::test]
async fn the_writer_removes_a_face_the_household_would_not_show() {
    let w = World::new().await;
    let (_, s) = draft(&w).await;
    let (hh, writer) = (
        Some(w.household.tokens.access.as_str()),
        Some(w.township.tokens.access.as_str()),
    );
    let jpeg = crate::evidence_fixture::jpeg(400, 300);
    let v = json_of(photo(&w, writer, &s, &jpeg, "true").await, 201).await;
    let face = v["photos"][0]["id"].as_str().unwrap().to_owned();
    json_of(
        post(&w, hh, &s, "consent", json!({"faces_allowed": false})).await,
        200,
    )
    .await;
    expect_problem(
        post(&w, writer, &s, "submit", json!({})).await,
        409,
        "faces_not_allowed",
    )
    .await;
    let path = format!("/api/v1/stories/{s}/photos/{face}");
    for (token, status) in [
        (hh, 403),
        (Some(w.county.tokens.access.as_str()), 403),
        (Some(w.donor.tokens.access.as_str()), 404),
        (None, 401),
    ] {
        let r = w
            .app
            .request(reqwest::Method::DELETE, &path, token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), status);
    }
    let r = w
        .app
        .request(reqwest::Method::DELETE, &path, writer)
        .send()
        .await
        .unwrap();
    let v = json_of(r, 200).await;
    assert_eq!(v["photos"].as_array().unwrap().len(), 0);
    // The consent stands: removing a photo shows nothing the household did not agree to.
    assert!(v["private"]["consent_at"].is_string(), "{v}");
    let v = json_of(post(&w, writer, &s, "submit", json!({})).await, 200).await;
    assert_eq!(v["private"]["status"], "in_review");
    // In review: no more removals.
    let r = w
        .app
        .request(reqwest::Method::DELETE, &path, writer)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
}

#[tokio::test]
async fn a_consent_covers_only_the_version_seen_and_the_given_name_is_refused() {
    let w = World::new().await;
    let (_, s) = draft(&w).await;
    let (hh, writer) = (
        Some(w.household.tokens.access.as_str()),
        Some(w.township.tokens.access.as_str()),
    );
    let seen = json_of(get(&w, hh, &s).await, 200).await;
    let seen_at = seen["private"]["updated_at"].clone();
    // The writer adds a photo with a face after the household read the draft.
    let jpeg = crate::evidence_fixture::jpeg(400, 300);
    json_of(photo(&w, writer, &s, &jpeg, "true").await, 201).await;
    let body = json!({"faces_allowed": true, "seen_updated_at": seen_at});
    expect_problem(
        post(&w, hh, &s, "consent", body).await,
        409,
        "story_changed",
    )
    .await;
    let now = json_of(get(&w, hh, &s).await, 200).await;
    assert!(now["private"]["consent_at"].is_null(), "{now}");
    let body = json!({"faces_allowed": true, "seen_updated_at": now["private"]["updated_at"]});
    let v = json_of(post(&w, hh, &s, "consent", body).await, 200).await;
    assert_eq!(v["private"]["faces_allowed"], true);

    // 秀兰 alone names 王秀兰's household in a village as surely as the full name.
    let edit = json!({"body": "秀兰奶奶收到了两条棉被，今年冬天不冷了。"});
    let prob = expect_problem(patch(&w, writer, &s, edit).await, 400, "validation_failed").await;
    assert_eq!(
        prob.field_codes(),
        vec![("body".into(), "personal_data".into())]
    );
}
