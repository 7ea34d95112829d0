//! The outside security review's findings, tried as an attacker would: through HTTP.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::{need_body, World, HEAD_NAME, VILLAGE};
use serde_json::{json, Value};

#[tokio::test]
async fn phone_and_id_numbers_in_a_need_are_refused_and_names_are_masked_in_public() {
    let w = World::with_workers().await;
    let token = w.household.tokens.access.clone();
    let mut body = need_body("急需轮椅 13812345678", VILLAGE);
    let p = expect_problem(w.post_need(&token, &body).await, 400, "validation_failed").await;
    assert!(p
        .field_codes()
        .contains(&("title".to_owned(), "personal_data".to_owned())));
    body["title"] = json!("急需电动轮椅一台");
    body["description"] = json!("身份证 411224 19850612 0030，电话0398-7654321");
    let p = expect_problem(w.post_need(&token, &body).await, 400, "validation_failed").await;
    assert!(p
        .field_codes()
        .contains(&("description".to_owned(), "personal_data".to_owned())));

    // A name after a cue, or the household's own name, cannot be refused for certain: the reviewer
    // is told, and the public sees it masked.
    body["description"] = json!(format!(
        "联系人：李建国。户主{HEAD_NAME}因病卧床，需要轮椅。"
    ));
    let r = w.post_need(&token, &body).await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let queue: Value = w
        .app
        .get("/api/v1/review/needs", Some(&w.county.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        queue.to_string().contains("personal_data_suspected"),
        "{queue}"
    );
    let r = w
        .review(&w.county.tokens.access, &id, json!({"decision": "approve"}))
        .await;
    assert_eq!(r.status(), 200);
    let public: Value = w
        .app
        .get(&format!("/api/v1/needs/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    let text = public.to_string();
    assert!(
        !text.contains("李建国") && !text.contains(HEAD_NAME),
        "{text}"
    );
    assert!(text.contains("联系人：某某"), "{text}");
    let hits = w
        .eventually_total("/api/v1/needs/search?q=%E8%BD%AE%E6%A4%85", 1)
        .await;
    let hits = hits.to_string();
    assert!(
        !hits.contains("李建国") && !hits.contains(HEAD_NAME),
        "{hits}"
    );
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let w = World::new().await;
    for path in ["/api/v1/needs/search", "/healthz", "/api/v1/nowhere"] {
        let r = w.app.get(path, None).await;
        let h = r.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert!(h.contains_key("referrer-policy"), "{path}");
        assert!(!h.contains_key("strict-transport-security"), "not over TLS");
    }
    // The app (any path outside the API, whether or not the web app is built) gets the app's policy.
    let r = w.app.get("/", None).await;
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("script-src 'self' 'unsafe-inline'"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
}

#[tokio::test]
async fn hsts_is_sent_when_the_platform_is_served_over_tls() {
    let app = crate::helpers::TestApp::builder()
        .var("BANGFU_PUBLIC_URL", "https://bangfu.example")
        .spawn()
        .await;
    let r = app.get("/healthz", None).await;
    assert!(r.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .contains("max-age=31536000"));
}
