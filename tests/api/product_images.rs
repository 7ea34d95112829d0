//! Product images: the seller uploads up to six, each re-encoded without metadata and served
//! publicly under /media/ with long caching; everyone else is refused (404 or 403); bad files are
//! refused with stable codes; removal stops serving the bytes.

use crate::evidence_fixture::{contains, jpeg, multipart, png, with_exif_gps, BOUNDARY, GPS_MARK};
use crate::helpers::app::expect_problem;
use crate::products_fixture::{id_of, json_of, walnuts, Market};
use reqwest::{Method, Response};
use serde_json::{json, Value};

pub async fn upload(m: &Market, product: &str, token: Option<&str>, file: &[u8]) -> Response {
    let body = multipart(&[("file", Some("photo.jpg"), "image/jpeg", file)]);
    m.app
        .request(
            Method::POST,
            &format!("/api/v1/products/{product}/images"),
            token,
        )
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn delete(m: &Market, product: &str, image: &str, token: Option<&str>) -> Response {
    m.app
        .request(
            Method::DELETE,
            &format!("/api/v1/products/{product}/images/{image}"),
            token,
        )
        .send()
        .await
        .unwrap()
}

/// The county certifies a product again after its pictures changed.
async fn relist(m: &Market, id: &str) {
    let r = m
        .certify(&m.county.tokens.access, id, json!({"decision": "approve"}))
        .await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn the_seller_adds_images_served_publicly_without_metadata() {
    let m = Market::new().await;
    let id = m.listed(20).await;
    let seller = m.household.tokens.access.as_str();
    let original = with_exif_gps(&jpeg(2400, 1200));
    assert!(contains(&original, GPS_MARK));
    let image = json_of(upload(&m, &id, Some(seller), &original).await, 201).await;
    assert_eq!(
        (image["width"].as_i64(), image["height"].as_i64()),
        (Some(1600), Some(800))
    );
    let url = image["url"].as_str().unwrap().to_owned();
    let thumb = image["thumbnail_url"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with("/media/product/") && url.ends_with("/display.jpg"),
        "{url}"
    );
    // Public: no token, long-cached, a JPEG without EXIF or the GPS block.
    for (u, side) in [(&url, 1600), (&thumb, 320)] {
        let r = m.app.get(u, None).await;
        assert_eq!(r.status(), 200, "{u}");
        assert_eq!(r.headers()["content-type"], "image/jpeg");
        assert_eq!(
            r.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let bytes = r.bytes().await.unwrap();
        assert!(!contains(&bytes, GPS_MARK) && !contains(&bytes, b"Exif"));
        let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg).unwrap();
        assert_eq!(img.width(), side);
    }
    // A new picture is certified like new text: the listed product went back to the county.
    let v = json_of(m.product(Some(seller), &id).await, 200).await;
    assert_eq!(v["status"], "pending_certification");
    assert_eq!(m.product(None, &id).await.status(), 404);
    relist(&m, &id).await;
    // Certified again, the product's view lists it, for everyone.
    let v = json_of(m.product(None, &id).await, 200).await;
    assert_eq!(v["images"].as_array().unwrap().len(), 1);
    assert_eq!(v["images"][0]["url"], url.as_str());
    assert_eq!(v["images"][0]["thumbnail_url"], thumb.as_str());
    // On the audit chain with the stored bytes' hash.
    let mut conn = m.app.conn().await;
    let events = bangfu::store::audit::for_subject(&mut conn, "product", id.parse().unwrap())
        .await
        .unwrap();
    assert!(events.iter().any(|e| e.action == "product.image_added"
        && e.details["image_id"] == image["id"]
        && e.details["sha256"].as_str().map(str::len) == Some(64)));
    assert!(events.iter().any(|e| e.action == "product.edited"
        && e.details["changed"] == serde_json::json!(["images"])
        && e.details["to"] == "pending_certification"));
    // The first image of each product, for search hits.
    let first = bangfu::store::product_images::first_of(&mut conn, &[id.parse().unwrap()])
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    drop(conn);

    // Removed: gone from the view and no longer served.
    let image_id = image["id"].as_str().unwrap();
    assert_eq!(delete(&m, &id, image_id, Some(seller)).await.status(), 204);
    assert_eq!(m.app.get(&url, None).await.status(), 404);
    assert_eq!(m.app.get(&thumb, None).await.status(), 404);
    // Removing a picture sends the product back too.
    assert_eq!(m.product(None, &id).await.status(), 404);
    let v = json_of(m.product(Some(seller), &id).await, 200).await;
    assert_eq!(v["status"], "pending_certification");
    assert_eq!(v["images"].as_array().unwrap().len(), 0);
    expect_problem(
        delete(&m, &id, image_id, Some(seller)).await,
        404,
        "not_found",
    )
    .await;
    let mut conn = m.app.conn().await;
    let events = bangfu::store::audit::for_subject(&mut conn, "product", id.parse().unwrap())
        .await
        .unwrap();
    assert!(events.iter().any(|e| e.action == "product.image_removed"));
}

#[tokio::test]
async fn only_the_seller_changes_images_and_others_learn_nothing_of_hidden_products() {
    let m = Market::new().await;
    let listed = m.listed(20).await;
    // A product waiting for certification is hidden from the public.
    let pending = id_of(m.create(&m.household.tokens.access, &walnuts()).await).await;
    let file = png(64, 48);
    let seller = m.household.tokens.access.as_str();
    let a = json_of(upload(&m, &listed, Some(seller), &file).await, 201).await;
    let b = json_of(upload(&m, &pending, Some(seller), &file).await, 201).await;
    let (a, b) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    // The new picture sent the listed product back; the county certifies it again.
    relist(&m, &listed).await;
    // (who, listed product: expected status, pending product: expected status)
    let matrix: [(&str, Option<&str>, u16, u16); 6] = [
        ("anonymous", None, 401, 401),
        ("donor", Some(&m.donor.tokens.access), 403, 404),
        ("enterprise", Some(&m.enterprise.tokens.access), 403, 404),
        (
            "neighbour county",
            Some(&m.neighbour.tokens.access),
            403,
            404,
        ),
        // Officials of the county see every product of it, but do not change its images.
        ("county official", Some(&m.county.tokens.access), 403, 403),
        ("admin", Some(&m.admin.tokens.access), 403, 403),
    ];
    for (who, token, on_listed, on_pending) in matrix {
        for (product, image, status) in [(&listed, a, on_listed), (&pending, b, on_pending)] {
            let r = upload(&m, product, token, &file).await;
            assert_eq!(r.status(), status, "{who} uploads to {product}");
            let r = delete(&m, product, image, token).await;
            assert_eq!(r.status(), status, "{who} deletes from {product}");
        }
    }
    // An image of another product is not found through this one.
    expect_problem(delete(&m, &listed, b, Some(seller)).await, 404, "not_found").await;
    // Nothing changed.
    for p in [&listed, &pending] {
        let v = json_of(m.product(Some(seller), p).await, 200).await;
        assert_eq!(v["images"].as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn the_seventh_image_and_bad_files_are_refused() {
    let m = Market::new().await;
    let id = m.listed(20).await;
    let seller = m.household.tokens.access.as_str();
    // Bad files: not an image, a broken image, more than 5 MB, not a multipart form.
    let p = expect_problem(
        upload(&m, &id, Some(seller), b"%PDF-1.4 not an image").await,
        400,
        "unsupported_image_type",
    )
    .await;
    assert!(p.body["detail"].is_string());
    // A PNG cut in half.
    let half = png(64, 64);
    expect_problem(
        upload(&m, &id, Some(seller), &half[..half.len() / 2]).await,
        400,
        "invalid_image",
    )
    .await;
    let good = jpeg(200, 100);
    let mut big = jpeg(64, 64);
    big.resize(6 * 1024 * 1024, 0);
    expect_problem(
        upload(&m, &id, Some(seller), &big).await,
        413,
        "file_too_large",
    )
    .await;
    let r = m
        .app
        .request(
            Method::POST,
            &format!("/api/v1/products/{id}/images"),
            Some(seller),
        )
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    expect_problem(r, 400, "bad_multipart").await;
    // Six are accepted, the seventh is not.
    for _ in 0..6 {
        assert_eq!(upload(&m, &id, Some(seller), &good).await.status(), 201);
    }
    let p = expect_problem(
        upload(&m, &id, Some(seller), &good).await,
        409,
        "too_many_images",
    )
    .await;
    assert_eq!(p.body["max"], 6);
    let v = json_of(m.product(Some(seller), &id).await, 200).await;
    let images = v["images"].as_array().unwrap();
    assert_eq!(images.len(), 6);
    // Removing one makes room again.
    let first = images[0]["id"].as_str().unwrap();
    assert_eq!(delete(&m, &id, first, Some(seller)).await.status(), 204);
    assert_eq!(upload(&m, &id, Some(seller), &good).await.status(), 201);
}

#[tokio::test]
async fn media_serves_product_images_only() {
    let m = Market::new().await;
    for path in [
        "/media/product/00000000-0000-0000-0000-000000000000/display.jpg",
        "/media/product/nonsense/display.jpg",
        "/media/product/../../etc/passwd",
        "/media/evidence/00000000-0000-0000-0000-000000000000/display.jpg",
        "/media/x",
    ] {
        let r = m.app.get(path, None).await;
        assert_eq!(r.status(), 404, "{path}");
    }
    // Evidence stays private: its key is not served under /media/.
    let dir = m.app.data_dir();
    let evidence = dir.join("media/evidence/00000000-0000-0000-0000-000000000001");
    std::fs::create_dir_all(&evidence).unwrap();
    std::fs::write(evidence.join("display.jpg"), jpeg(10, 10)).unwrap();
    let r = m
        .app
        .get(
            "/media/evidence/00000000-0000-0000-0000-000000000001/display.jpg",
            None,
        )
        .await;
    assert_eq!(r.status(), 404);
    let _: Value = r.json().await.unwrap();
}

#[tokio::test]
async fn parallel_uploads_never_exceed_six_images() {
    let m = Market::new().await;
    let id = m.listed(20).await;
    let seller = m.household.tokens.access.as_str();
    let file = png(80, 60);
    let statuses =
        futures_util::future::join_all((0..9).map(|_| upload(&m, &id, Some(seller), &file)))
            .await
            .into_iter()
            .map(|r| r.status().as_u16())
            .collect::<Vec<_>>();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        6,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "{statuses:?}"
    );
    let v = json_of(m.product(Some(seller), &id).await, 200).await;
    assert_eq!(v["images"].as_array().unwrap().len(), 6);
    // The refused uploads left no bytes behind: six images, two files each.
    let stored = std::fs::read_dir(m.app.data_dir().join("media/product"))
        .unwrap()
        .count();
    assert_eq!(stored, 6);
}
