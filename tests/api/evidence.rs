//! Evidence for needs (证明材料): upload, list, serve, remove; metadata stripped; bad files refused
//! with stable codes; nothing of it reaches public answers.

use crate::evidence_fixture::*;
use crate::helpers::app::expect_problem;
use crate::needs_fixture::World;
use reqwest::Method;
use serde_json::Value;
use uuid::Uuid;

#[tokio::test]
async fn the_household_uploads_and_its_official_sees_it_without_metadata() {
    let w = World::new().await;
    let need = w.pending_need("轮椅一台").await;
    let hh = w.household.tokens.access.as_str();
    let original = with_exif_gps(&jpeg(2400, 1200));
    assert!(contains(&original, GPS_MARK));
    let r = upload(&w.app, &need, Some(hh), &original, " 诊断证明 ").await;
    assert_eq!(r.status(), 201);
    let item: Value = r.json().await.unwrap();
    assert_eq!(item["label"], "诊断证明");
    assert_eq!(item["content_type"], "image/jpeg");
    assert_eq!(
        (item["width"].as_i64(), item["height"].as_i64()),
        (Some(1600), Some(800))
    );
    assert_eq!(
        (item["thumb_width"].as_i64(), item["thumb_height"].as_i64()),
        (Some(320), Some(160))
    );
    assert_eq!(item["uploaded_by_me"], true);

    // The county official lists and opens it.
    let county = w.county.tokens.access.as_str();
    let list: Value = w
        .app
        .get(&format!("/api/v1/needs/{need}/evidence"), Some(county))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["uploaded_by_me"], false);
    assert_eq!(list["items"][0]["can_delete"], true);
    for (url, side) in [(&item["display_url"], 1600), (&item["thumb_url"], 320)] {
        let r = w.app.get(url.as_str().unwrap(), Some(county)).await;
        assert_eq!(r.status(), 200);
        let h = r.headers();
        assert_eq!(h["content-type"], "image/jpeg");
        assert!(h["cache-control"].to_str().unwrap().starts_with("private"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        let bytes = r.bytes().await.unwrap();
        assert!(!contains(&bytes, GPS_MARK), "the GPS block is gone");
        assert!(!contains(&bytes, b"Exif"), "no EXIF at all");
        let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg).unwrap();
        assert_eq!(img.width(), side);
    }

    // The audit chain holds the hash of the stored bytes, and not the label.
    let display = w
        .app
        .get(item["display_url"].as_str().unwrap(), Some(county))
        .await
        .bytes()
        .await
        .unwrap();
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&display))
    };
    assert_eq!(item["sha256"], sha.as_str());
    let mut conn = w.app.conn().await;
    let events = bangfu::store::audit::for_subject(&mut conn, "need", need.parse().unwrap())
        .await
        .unwrap();
    let added = events
        .iter()
        .find(|e| e.action == "need.evidence_added")
        .expect("an evidence_added event");
    assert_eq!(added.details["sha256"], sha.as_str());
    assert!(!added.details.to_string().contains("诊断"));

    // Removing it by its uploader: gone from the list and the store.
    let del = w
        .app
        .request(
            Method::DELETE,
            &format!(
                "/api/v1/needs/{need}/evidence/{}",
                item["id"].as_str().unwrap()
            ),
            Some(hh),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), 204);
    let r = w
        .app
        .get(item["display_url"].as_str().unwrap(), Some(county))
        .await;
    expect_problem(r, 404, "not_found").await;
    let media = w.app.data_dir().join("media/evidence");
    let left = std::fs::read_dir(&media).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "the bytes are removed");
    let events = bangfu::store::audit::for_subject(&mut conn, "need", need.parse().unwrap())
        .await
        .unwrap();
    assert!(events.iter().any(|e| e.action == "need.evidence_removed"));
}

#[tokio::test]
async fn what_is_not_an_allowed_image_is_refused_with_a_stable_code() {
    let w = World::new().await;
    let need = w.pending_need("轮椅一台").await;
    let hh = Some(w.household.tokens.access.as_str());
    let app = &w.app;
    // A decompression bomb: 50000×50000 declared in 60 bytes.
    let r = upload(app, &need, hh, &bomb_png(50_000, 50_000), "诊断证明").await;
    expect_problem(r, 400, "image_too_large").await;
    // Named photo.png and sent as image/png, but a GIF, a PDF, text.
    for fake in [
        &b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"[..],
        b"%PDF-1.4 1 0 obj << >> endobj",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    ] {
        let r = upload(app, &need, hh, fake, "诊断证明").await;
        expect_problem(r, 400, "unsupported_image_type").await;
    }
    // A PNG cut in half.
    let half = png(64, 64);
    let r = upload(app, &need, hh, &half[..half.len() / 2], "诊断证明").await;
    expect_problem(r, 400, "invalid_image").await;
    // More than 5 MB, refused while reading.
    let mut big = png(8, 8);
    big.resize(5 * 1024 * 1024 + 1, 0);
    let r = upload(app, &need, hh, &big, "诊断证明").await;
    expect_problem(r, 413, "file_too_large").await;
    // Missing parts, an unexpected part, a label too long, not multipart at all.
    let r = send(
        app,
        &need,
        hh,
        multipart(&[("label", None, "text/plain", "证明".as_bytes())]),
    )
    .await;
    let p = expect_problem(r, 400, "validation_failed").await;
    assert_eq!(
        p.field_codes(),
        vec![("file".to_owned(), "required".to_owned())]
    );
    let r = upload(app, &need, hh, &png(8, 8), "").await;
    let p = expect_problem(r, 400, "validation_failed").await;
    assert_eq!(
        p.field_codes(),
        vec![("label".to_owned(), "length".to_owned())]
    );
    let r = upload(app, &need, hh, &png(8, 8), &"证".repeat(61)).await;
    expect_problem(r, 400, "validation_failed").await;
    let png8 = png(8, 8);
    let body = multipart(&[
        ("label", None, "text/plain", b"x"),
        ("file", Some("a.png"), "image/png", &png8),
        ("other", None, "text/plain", b"y"),
    ]);
    expect_problem(send(app, &need, hh, body).await, 400, "bad_multipart").await;
    let r = app
        .post(
            &format!("/api/v1/needs/{need}/evidence"),
            hh,
            &serde_json::json!({"label": "x"}),
        )
        .await;
    expect_problem(r, 400, "bad_multipart").await;
    // None of it was stored.
    let list: Value = app
        .get(&format!("/api/v1/needs/{need}/evidence"), hh)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn a_need_takes_at_most_twenty_items_and_none_once_withdrawn() {
    let w = World::new().await;
    let need = w.pending_need("轮椅一台").await;
    let hh = Some(w.household.tokens.access.as_str());
    let small = png(4, 4);
    for i in 0..20 {
        let r = upload(&w.app, &need, hh, &small, &format!("第{i}页")).await;
        assert_eq!(r.status(), 201);
    }
    let r = upload(&w.app, &need, hh, &small, "第21页").await;
    expect_problem(r, 409, "too_many_files").await;

    let other = w.pending_need("助听器一副").await;
    let r = w
        .app
        .post(
            &format!("/api/v1/needs/{other}/withdraw"),
            hh,
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = upload(&w.app, &other, hh, &small, "诊断证明").await;
    expect_problem(r, 409, "invalid_transition").await;
}

#[tokio::test]
async fn evidence_never_reaches_public_answers() {
    let w = World::new().await;
    let need = w.open_need("化肥两袋").await;
    let hh = Some(w.household.tokens.access.as_str());
    let r = upload(&w.app, &need, hh, &png(16, 16), "残疾证照片").await;
    assert_eq!(r.status(), 201);
    let id: Uuid = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    for token in [None, Some(w.donor.tokens.access.as_str())] {
        let public = w
            .app
            .get(&format!("/api/v1/needs/{need}"), token)
            .await
            .text()
            .await
            .unwrap();
        assert!(!public.contains("残疾证") && !public.contains(&id.to_string()));
    }
    // A random id under a need the caller may see: 404, like an item of another need.
    let other = w.pending_need("轮椅一台").await;
    let r = w
        .app
        .get(
            &format!("/api/v1/needs/{other}/evidence/{id}/image?size=thumb"),
            hh,
        )
        .await;
    expect_problem(r, 404, "not_found").await;
    let r = w
        .app
        .get(
            &format!("/api/v1/needs/{need}/evidence/{id}/image?size=huge"),
            hh,
        )
        .await;
    assert_eq!(r.status(), 400);
}
