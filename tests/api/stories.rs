//! Stories of help: draft → household consent → second official's review → public; the spoken
//! consent path; no consent, no review; face photos need consent to faces; personal data refused;
//! photos without metadata, public only once published; a story about a hire.

use crate::evidence_fixture::{contains, jpeg, with_exif_gps, GPS_MARK};
use crate::helpers::app::expect_problem;
use crate::needs_fixture::{World, HEAD_NAME};
use crate::stories_fixture::{audit_count, draft, get, json_of, patch, photo, post};
use serde_json::{json, Value};

#[tokio::test]
async fn a_story_goes_public_after_consent_and_a_second_officials_review() {
    let w = World::new().await;
    let (need, s) = draft(&w).await;
    let (hh, writer, county) = (
        Some(w.household.tokens.access.as_str()),
        Some(w.township.tokens.access.as_str()),
        Some(w.county.tokens.access.as_str()),
    );
    // Not public yet: 404 for the public, listed nowhere public.
    expect_problem(get(&w, None, &s).await, 404, "not_found").await;
    let public: Value = w
        .app
        .get("/api/v1/stories?region=411224", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["total"], 0, "{public}");
    // The household sees the draft among its stories, with its status.
    let mine = json_of(w.app.get("/api/v1/me/stories", hh).await, 200).await;
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["items"][0]["id"], s.as_str());
    assert_eq!(mine["items"][0]["private"]["status"], "draft");
    // No consent, no review.
    expect_problem(
        post(&w, writer, &s, "submit", json!({})).await,
        409,
        "consent_required",
    )
    .await;
    let v = json_of(
        post(&w, hh, &s, "consent", json!({"faces_allowed": false})).await,
        200,
    )
    .await;
    assert_eq!(v["private"]["consent_spoken"], false);
    assert!(v["private"]["consent_at"].is_string());
    assert_eq!(audit_count(&w, "story.consented", &s).await, 1);
    let v = json_of(post(&w, writer, &s, "submit", json!({})).await, 200).await;
    assert_eq!(v["private"]["status"], "in_review");
    // The writer does not review its own story, nor see it in its queue; the county does.
    expect_problem(
        post(
            &w,
            writer,
            &s,
            "review",
            json!({"decision": "approve", "photos_showing_faces": []}),
        )
        .await,
        403,
        "second_official_required",
    )
    .await;
    let q = json_of(w.app.get("/api/v1/review/stories", writer).await, 200).await;
    assert_eq!(q["total"], 0, "{q}");
    let q = json_of(w.app.get("/api/v1/review/stories", county).await, 200).await;
    assert_eq!(q["total"], 1);
    assert_eq!(q["items"][0]["id"], s.as_str());
    // Still not public while in review.
    expect_problem(get(&w, None, &s).await, 404, "not_found").await;
    let v = json_of(
        post(
            &w,
            county,
            &s,
            "review",
            json!({"decision": "approve", "photos_showing_faces": []}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(v["private"]["status"], "published");
    assert_eq!(audit_count(&w, "story.published", &s).await, 1);
    // Public now: the village and its parents, a label, no private part, no household id.
    let v = json_of(get(&w, None, &s).await, 200).await;
    assert!(v.get("private").is_none(), "{v}");
    assert_eq!(v["region"]["code"], "411224101200");
    assert_eq!(v["region"]["path"].as_array().unwrap().len(), 5);
    assert!(v["household_label"]
        .as_str()
        .unwrap()
        .starts_with("某户 · "));
    assert!(!v.to_string().contains(&w.household_id), "{v}");
    assert!(!v.to_string().contains(HEAD_NAME));
    // On the region's page and on the need's page; not on a neighbouring county's.
    let list = json_of(w.app.get("/api/v1/stories?region=411224", None).await, 200).await;
    assert_eq!(
        (list["total"].as_i64(), list["items"][0]["id"].as_str()),
        (Some(1), Some(s.as_str()))
    );
    let list = json_of(w.app.get("/api/v1/stories?region=411221", None).await, 200).await;
    assert_eq!(list["total"], 0);
    let list = json_of(
        w.app
            .get(&format!("/api/v1/needs/{need}/stories"), None)
            .await,
        200,
    )
    .await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["title"], "一床棉被暖了一个冬天");
    // Published: no more edits, no more review.
    expect_problem(
        patch(&w, writer, &s, json!({"title": "改个标题"})).await,
        409,
        "invalid_transition",
    )
    .await;
    expect_problem(
        post(
            &w,
            county,
            &s,
            "review",
            json!({"decision": "approve", "photos_showing_faces": []}),
        )
        .await,
        409,
        "invalid_transition",
    )
    .await;
}

#[tokio::test]
async fn an_official_records_spoken_consent_and_an_edit_withdraws_consent() {
    let w = World::new().await;
    let (_, s) = draft(&w).await;
    let (hh, writer, county) = (
        Some(w.household.tokens.access.as_str()),
        Some(w.township.tokens.access.as_str()),
        Some(w.county.tokens.access.as_str()),
    );
    // Officials record spoken consent and must say so; households consent themselves.
    let p = expect_problem(
        post(&w, county, &s, "consent", json!({})).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        vec![("recorded_spoken".into(), "required".into())]
    );
    let p = expect_problem(
        post(&w, hh, &s, "consent", json!({"recorded_spoken": true})).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field_codes()[0].0, "recorded_spoken");
    // The writer's word is not the household's: another official records spoken consent.
    expect_problem(
        post(&w, writer, &s, "consent", json!({"recorded_spoken": true})).await,
        403,
        "second_official_required",
    )
    .await;
    assert_eq!(audit_count(&w, "story.consented", &s).await, 0);
    let v = json_of(
        post(
            &w,
            county,
            &s,
            "consent",
            json!({"recorded_spoken": true, "note": "入户当面念给老人听，老人同意"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(v["private"]["consent_spoken"], true);
    assert_eq!(v["private"]["consent_by"], w.county.id.to_string());
    assert_eq!(audit_count(&w, "story.consented", &s).await, 1);
    // An edit withdraws the consent: it was given to the story as it stood.
    let v = json_of(
        patch(
            &w,
            writer,
            &s,
            json!({"body": "入冬前，好心人送来了新棉被，一家人很感激。"}),
        )
        .await,
        200,
    )
    .await;
    assert!(v["private"]["consent_at"].is_null(), "{v}");
    expect_problem(
        post(&w, writer, &s, "submit", json!({})).await,
        409,
        "consent_required",
    )
    .await;
    json_of(
        post(&w, county, &s, "consent", json!({"recorded_spoken": true})).await,
        200,
    )
    .await;
    json_of(post(&w, writer, &s, "submit", json!({})).await, 200).await;
    // A rejection goes back to the writer, who edits (a draft again) and asks again.
    let p = expect_problem(
        post(&w, county, &s, "review", json!({"decision": "reject"})).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field_codes(), vec![("reason".into(), "required".into())]);
    let v = json_of(
        post(
            &w,
            county,
            &s,
            "review",
            json!({"decision": "reject", "reason": "请补充送达时间"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(v["private"]["status"], "rejected");
    assert_eq!(v["private"]["rejection_reason"], "请补充送达时间");
    let v = json_of(
        patch(&w, writer, &s, json!({"title": "十一月的一床新棉被"})).await,
        200,
    )
    .await;
    assert_eq!(v["private"]["status"], "draft");
    assert!(v["private"]["rejection_reason"].is_null());
}

#[tokio::test]
async fn a_face_needs_consent_to_faces_and_photos_are_public_only_once_published() {
    let w = World::new().await;
    let (_, s) = draft(&w).await;
    let (hh, writer, county) = (
        Some(w.household.tokens.access.as_str()),
        Some(w.township.tokens.access.as_str()),
        Some(w.county.tokens.access.as_str()),
    );
    let original = with_exif_gps(&jpeg(2000, 1000));
    assert!(contains(&original, GPS_MARK));
    let v = json_of(photo(&w, writer, &s, &original, "true").await, 201).await;
    let face = v["photos"][0].clone();
    assert_eq!(
        (face["shows_face"].as_bool(), face["width"].as_i64()),
        (Some(true), Some(1600))
    );
    let v = json_of(photo(&w, writer, &s, &jpeg(800, 600), "false").await, 201).await;
    assert_eq!(v["photos"].as_array().unwrap().len(), 2);
    // `shows_face` must be said; only the writer adds photos.
    let p = expect_problem(
        photo(&w, writer, &s, &jpeg(10, 10), "maybe").await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field_codes()[0].0, "shows_face");
    expect_problem(
        photo(&w, county, &s, &jpeg(10, 10), "false").await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        photo(&w, hh, &s, &jpeg(10, 10), "false").await,
        403,
        "forbidden",
    )
    .await;
    // Consent without faces: a face photo cannot go to review.
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
    // The household sees the photos it is asked about, privately; the public does not.
    let url = face["url"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with("/media/story/") && url.ends_with("/display.jpg"),
        "{url}"
    );
    let private = format!(
        "/api/v1/stories/{s}/photos/{}/image",
        face["id"].as_str().unwrap()
    );
    assert_eq!(w.app.get(&private, hh).await.status(), 200);
    assert_eq!(
        w.app
            .get(&private, Some(&w.donor.tokens.access))
            .await
            .status(),
        404
    );
    assert_eq!(w.app.get(&url, None).await.status(), 404);
    // With faces allowed it goes through; before publication the bytes stay private.
    json_of(
        post(&w, hh, &s, "consent", json!({"faces_allowed": true})).await,
        200,
    )
    .await;
    json_of(post(&w, writer, &s, "submit", json!({})).await, 200).await;
    assert_eq!(w.app.get(&url, None).await.status(), 404);
    json_of(
        post(
            &w,
            county,
            &s,
            "review",
            json!({"decision": "approve", "photos_showing_faces": []}),
        )
        .await,
        200,
    )
    .await;
    let r = w.app.get(&url, None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    let bytes = r.bytes().await.unwrap();
    assert!(!contains(&bytes, GPS_MARK), "metadata survived");
    assert!(!contains(&bytes, b"Exif"), "EXIF survived");
    let v = json_of(get(&w, None, &s).await, 200).await;
    assert_eq!(v["photos"].as_array().unwrap().len(), 2);
    // Other shapes of key are not served.
    let id = face["id"].as_str().unwrap();
    assert_eq!(
        w.app
            .get(&format!("/media/story/{id}/original.jpg"), None)
            .await
            .status(),
        404
    );
    assert_eq!(
        w.app
            .get(
                &format!("/media/story/{}/display.jpg", id.to_uppercase()),
                None
            )
            .await
            .status(),
        404
    );
}
