//! Helpers for the stories tests: a confirmed pledge in the needs world, and requests on stories.

use crate::evidence_fixture::{multipart, BOUNDARY};
use crate::needs_fixture::World;
use crate::pledges::{act, id_of, open_need_of, pledge};
use reqwest::{Method, Response};
use serde_json::{json, Value};

/// A need of the household (10 units, 800 yuan) and a pledge of one unit by the donor, approved by
/// the county official and confirmed on the spot with the receipt code: (need, pledge).
pub async fn confirmed_pledge(w: &World) -> (String, String) {
    let need = open_need_of(w, 10).await;
    let p = id_of(pledge(w, &w.donor.tokens.access, &need, 1).await).await;
    let approved: Value = act(w, Some(&w.county.tokens.access), &p, "approve", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let code = approved["receipt_code"].as_str().unwrap().to_owned();
    let r = act(
        w,
        Some(&w.donor.tokens.access),
        &p,
        "deliver",
        json!({"note": "当面交付", "receipt_code": code}),
    )
    .await;
    let delivered: Value = r.json().await.unwrap();
    assert_eq!(delivered["status"], "confirmed", "{delivered}");
    (need, p)
}

pub fn story_body(pledge: &str) -> Value {
    json!({"subject_type": "pledge", "subject_id": pledge, "title": "一床棉被暖了一个冬天",
        "body": "入冬前，爱心人士送来了新棉被，老人说今年冬天不怕冷了。"})
}

pub async fn create(w: &World, token: Option<&str>, body: &Value) -> Response {
    w.app.post("/api/v1/stories", token, body).await
}

/// A draft written by the township official about a confirmed pledge: (need, story).
pub async fn draft(w: &World) -> (String, String) {
    let (need, p) = confirmed_pledge(w).await;
    let r = create(w, Some(&w.township.tokens.access), &story_body(&p)).await;
    let v = json_of(r, 201).await;
    (need, v["id"].as_str().unwrap().to_owned())
}

pub async fn post(
    w: &World,
    token: Option<&str>,
    story: &str,
    action: &str,
    body: Value,
) -> Response {
    w.app
        .post(&format!("/api/v1/stories/{story}/{action}"), token, &body)
        .await
}

pub async fn get(w: &World, token: Option<&str>, story: &str) -> Response {
    w.app.get(&format!("/api/v1/stories/{story}"), token).await
}

pub async fn patch(w: &World, token: Option<&str>, story: &str, body: Value) -> Response {
    w.app
        .request(Method::PATCH, &format!("/api/v1/stories/{story}"), token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

pub async fn photo(
    w: &World,
    token: Option<&str>,
    story: &str,
    file: &[u8],
    face: &str,
) -> Response {
    let body = multipart(&[
        ("file", Some("photo.jpg"), "image/jpeg", file),
        ("shows_face", None, "text/plain", face.as_bytes()),
    ]);
    w.app
        .request(
            Method::POST,
            &format!("/api/v1/stories/{story}/photos"),
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

/// Consented by the household (faces as given), submitted by the writer: in review.
pub async fn in_review(w: &World, story: &str, faces: bool) {
    let h = Some(w.household.tokens.access.as_str());
    json_of(
        post(w, h, story, "consent", json!({"faces_allowed": faces})).await,
        200,
    )
    .await;
    let t = Some(w.township.tokens.access.as_str());
    let v = json_of(post(w, t, story, "submit", json!({})).await, 200).await;
    assert_eq!(v["private"]["status"], "in_review", "{v}");
}

pub async fn json_of(r: Response, status: u16) -> Value {
    let s = r.status();
    let text = r.text().await.unwrap();
    assert_eq!(s, status, "{text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// How many audit events of `action` name this subject.
pub async fn audit_count(w: &World, action: &str, subject: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = w.app.conn().await;
    let r: N = diesel_async::RunQueryDsl::get_result(
        diesel::sql_query(format!(
            "SELECT count(*) AS n FROM audit_events WHERE action = '{action}' AND subject_id = '{subject}'"
        )),
        &mut conn,
    )
    .await
    .unwrap();
    r.n
}
