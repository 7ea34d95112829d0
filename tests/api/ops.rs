use crate::helpers::TestApp;
use serde_json::{json, Value};

#[tokio::test]
async fn health_readiness_and_request_ids() {
    let app = TestApp::spawn().await;
    let r = app.get("/healthz", None).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("x-request-id"));
    let r = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "abc-123");
    let v: Value = app.get("/readyz", None).await.json().await.unwrap();
    assert_eq!(
        v,
        json!({"status": "ready", "database": "ok", "search": "ok"})
    );
}

#[tokio::test]
async fn readyz_says_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    // Drop the database under the running app.
    let name = app.db.name.clone();
    {
        use diesel_async::{AsyncConnection, RunQueryDsl};
        let mut conn = diesel_async::AsyncPgConnection::establish(&format!(
            "{}/postgres",
            crate::helpers::db::server_url()
        ))
        .await
        .unwrap();
        diesel::sql_query(format!("DROP DATABASE {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let r = app.get("/readyz", None).await;
    assert_eq!(r.status(), 503);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["database"], "unreachable");
    assert_eq!(app.get("/healthz", None).await.status(), 200);
    // A request needing the database is a 503 problem, not a hang or a panic.
    let r = app.get("/api/v1/regions/41", None).await;
    assert_eq!(r.status(), 503);
}

#[tokio::test]
async fn metrics_expose_requests_latency_pool_and_jobs() {
    let app = TestApp::spawn().await;
    app.get("/api/v1/regions/41", None).await;
    app.get("/api/v1/regions/41", None).await;
    app.get("/api/v1/regions/4x", None).await;
    let r = app.get("/metrics", None).await;
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = r.text().await.unwrap();
    assert!(text.contains(r#"bangfu_http_requests_total{route="/api/v1/regions/{code}",method="GET",status="200"} 2"#), "{text}");
    assert!(text.contains(
        r#"bangfu_http_requests_total{route="/api/v1/regions/{code}",method="GET",status="400"} 1"#
    ));
    assert!(text.contains(
        r#"bangfu_http_request_duration_seconds_count{route="/api/v1/regions/{code}"} 3"#
    ));
    assert!(text.contains(r#"bangfu_db_pool_connections{state="max"}"#));
    assert!(text.contains(r#"bangfu_jobs{state="queued"}"#));
    for gauge in [
        "bangfu_search_feed_rows ",
        "bangfu_search_feed_followers ",
        "bangfu_search_feed_slowest_lag ",
        "bangfu_db_oldest_transaction_seconds ",
    ] {
        assert!(text.contains(gauge), "{gauge}: {text}");
    }
}

#[tokio::test]
async fn openapi_covers_every_route_and_docs_are_served_locally() {
    let app = TestApp::spawn().await;
    let doc: Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    // Every route of the route table, with its method.
    let routes = [
        ("get", "/healthz"),
        ("get", "/readyz"),
        ("get", "/metrics"),
        ("post", "/api/v1/auth/register"),
        ("post", "/api/v1/auth/login"),
        ("post", "/api/v1/auth/refresh"),
        ("post", "/api/v1/auth/logout"),
        ("get", "/api/v1/me"),
        ("post", "/api/v1/admin/officials"),
        ("get", "/api/v1/regions"),
        ("get", "/api/v1/regions/{code}"),
        ("get", "/api/v1/audit/verify"),
        ("post", "/api/v1/households"),
        ("get", "/api/v1/households/{id}"),
        ("patch", "/api/v1/households/{id}"),
        ("post", "/api/v1/needs"),
        ("get", "/api/v1/needs"),
        ("get", "/api/v1/needs/{id}"),
        ("patch", "/api/v1/needs/{id}"),
        ("post", "/api/v1/needs/{id}/withdraw"),
        ("post", "/api/v1/needs/{id}/evidence"),
        ("get", "/api/v1/needs/{id}/evidence"),
        ("delete", "/api/v1/needs/{id}/evidence/{evidence_id}"),
        ("get", "/api/v1/needs/{id}/evidence/{evidence_id}/image"),
        ("post", "/api/v1/needs/{id}/review"),
        ("get", "/api/v1/review/needs"),
        ("get", "/api/v1/me/needs"),
        ("post", "/api/v1/needs/{id}/pledges"),
        ("get", "/api/v1/needs/{id}/pledges"),
        ("get", "/api/v1/pledges/{id}"),
        ("post", "/api/v1/pledges/{id}/approve"),
        ("post", "/api/v1/pledges/{id}/reject"),
        ("post", "/api/v1/pledges/{id}/deliver"),
        ("post", "/api/v1/pledges/{id}/cancel"),
        ("post", "/api/v1/pledges/{id}/confirm"),
        ("get", "/api/v1/pledges/{id}/events"),
        ("get", "/api/v1/me/pledges"),
        ("get", "/api/v1/review/pledges"),
        ("post", "/api/v1/complaints"),
        ("get", "/api/v1/complaints/{id}"),
        ("post", "/api/v1/complaints/{id}/resolve"),
        ("get", "/api/v1/review/complaints"),
        ("get", "/api/v1/stats"),
        ("get", "/api/v1/needs/search"),
        ("post", "/api/v1/offers"),
        ("get", "/api/v1/offers/{id}"),
        ("patch", "/api/v1/offers/{id}"),
        ("post", "/api/v1/offers/{id}/withdraw"),
        ("get", "/api/v1/me/offers"),
        ("get", "/api/v1/offers/search"),
        ("get", "/api/v1/pledges"),
        ("post", "/api/v1/auth/verify-email"),
        ("post", "/api/v1/auth/verify-email/resend"),
        ("post", "/api/v1/auth/password-reset"),
        ("post", "/api/v1/auth/password-reset/confirm"),
        ("get", "/api/v1/me/notifications"),
        ("patch", "/api/v1/me/notifications"),
        ("get", "/api/v1/admin/jobs"),
        ("post", "/api/v1/admin/jobs/{id}/retry"),
        ("get", "/api/v1/needs/{id}/matches"),
        ("get", "/api/v1/offers/{id}/matches"),
        ("post", "/api/v1/offers/{id}/allocate"),
        ("get", "/api/v1/admin/organizations"),
        ("post", "/api/v1/admin/organizations/{id}/verify"),
        ("get", "/api/v1/audit/checkpoints"),
        ("post", "/api/v1/checks"),
        ("get", "/api/v1/checks"),
        ("get", "/api/v1/checks/{id}"),
        ("get", "/api/v1/checks/{id}/report.csv"),
        ("post", "/api/v1/checks/{id}/items/{item_id}/finding"),
        ("get", "/api/v1/rectifications"),
        ("post", "/api/v1/rectifications/{id}/answer"),
        ("post", "/api/v1/rectifications/{id}/accept"),
        ("post", "/api/v1/rectifications/{id}/reopen"),
        ("get", "/api/v1/review/revisits"),
        ("post", "/api/v1/revisits/{id}"),
        ("get", "/api/v1/officials/{id}/figures"),
        ("get", "/api/v1/stats/checks"),
        ("get", "/api/v1/stats/checks/disclosures"),
        ("post", "/api/v1/products"),
        ("get", "/api/v1/products/search"),
        ("get", "/api/v1/products/{id}"),
        ("patch", "/api/v1/products/{id}"),
        ("post", "/api/v1/products/{id}/delist"),
        ("post", "/api/v1/products/{id}/certify"),
        ("post", "/api/v1/products/{id}/orders"),
        ("get", "/api/v1/orders/{id}"),
        ("post", "/api/v1/orders/{id}/paid"),
        ("post", "/api/v1/orders/{id}/ship"),
        ("post", "/api/v1/orders/{id}/cancel"),
        ("post", "/api/v1/orders/{id}/receive"),
        ("get", "/api/v1/me/orders"),
        ("get", "/api/v1/me/sales"),
        ("post", "/api/v1/products/{id}/images"),
        ("delete", "/api/v1/products/{id}/images/{image_id}"),
        ("get", "/media/{key}"),
        ("get", "/api/v1/me/products"),
        ("get", "/api/v1/review/products"),
        ("get", "/api/v1/stats/sales"),
        ("get", "/api/v1/me/contribution"),
        ("post", "/api/v1/jobs"),
        ("get", "/api/v1/jobs/{id}"),
        ("patch", "/api/v1/jobs/{id}"),
        ("post", "/api/v1/jobs/{id}/close"),
        ("get", "/api/v1/me/jobs"),
        ("post", "/api/v1/jobs/{id}/applications"),
        ("get", "/api/v1/jobs/{id}/applications"),
        ("get", "/api/v1/applications/{id}"),
        ("get", "/api/v1/me/applications"),
        ("get", "/api/v1/review/applications"),
        ("post", "/api/v1/applications/{id}/invite"),
        ("post", "/api/v1/applications/{id}/accept"),
        ("post", "/api/v1/applications/{id}/hire"),
        ("post", "/api/v1/applications/{id}/decline"),
        ("post", "/api/v1/applications/{id}/withdraw"),
        ("get", "/api/v1/jobs/search"),
        ("get", "/api/v1/households/{id}/work"),
        ("patch", "/api/v1/households/{id}/work"),
        ("get", "/api/v1/jobs/{id}/matches"),
        ("get", "/api/v1/review/retention-checks"),
        ("post", "/api/v1/retention-checks/{id}"),
        ("get", "/api/v1/stats/jobs"),
        ("post", "/api/v1/stories"),
        ("get", "/api/v1/stories"),
        ("get", "/api/v1/stories/{id}"),
        ("patch", "/api/v1/stories/{id}"),
        ("get", "/api/v1/needs/{id}/stories"),
        ("get", "/api/v1/me/stories"),
        ("get", "/api/v1/review/stories"),
        ("post", "/api/v1/stories/{id}/photos"),
        ("get", "/api/v1/stories/{id}/photos/{photo_id}/image"),
        ("delete", "/api/v1/stories/{id}/photos/{photo_id}"),
        ("post", "/api/v1/stories/{id}/consent"),
        ("post", "/api/v1/stories/{id}/submit"),
        ("post", "/api/v1/stories/{id}/review"),
        ("get", "/api/v1/honour-roll"),
        ("get", "/api/v1/supporters/{id}"),
        ("get", "/api/v1/me/honour"),
        ("patch", "/api/v1/me/honour"),
        ("post", "/api/v1/campaigns"),
        ("get", "/api/v1/campaigns"),
        ("get", "/api/v1/campaigns/{id}"),
        ("post", "/api/v1/campaigns/{id}/funds"),
        ("get", "/api/v1/campaigns/{id}/progress"),
        ("post", "/api/v1/projects"),
        ("get", "/api/v1/projects/{id}"),
        ("get", "/api/v1/projects/search"),
        ("get", "/api/v1/me/projects"),
        ("post", "/api/v1/projects/{id}/review"),
        ("post", "/api/v1/projects/{id}/pledges"),
        ("post", "/api/v1/projects/{id}/receipts"),
        ("post", "/api/v1/projects/{id}/spending"),
        ("post", "/api/v1/projects/{id}/refunds"),
        ("post", "/api/v1/projects/{id}/close"),
        (
            "post",
            "/api/v1/projects/{id}/spending/{spending_id}/review",
        ),
        (
            "post",
            "/api/v1/projects/{id}/spending/{spending_id}/receipt",
        ),
        (
            "post",
            "/api/v1/projects/{id}/spending/{spending_id}/reversal",
        ),
        ("get", "/api/v1/review/project-receipts"),
    ];
    for (method, path) in routes {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing from OpenAPI"
        );
    }
    let documented: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(
        documented,
        routes.len(),
        "a documented operation is not in this list"
    );
    // Each documented route answers something other than "no such route".
    for (method, path) in routes {
        let path = path
            .replace("{code}", "41")
            .replace("{id}", "00000000-0000-0000-0000-000000000000")
            .replace("{image_id}", "00000000-0000-0000-0000-000000000000")
            .replace(
                "{key}",
                "product/00000000-0000-0000-0000-000000000000/thumb.jpg",
            );
        let r = app
            .request(method.to_uppercase().parse().unwrap(), &path, None)
            .send()
            .await
            .unwrap();
        // A 404 for a missing object is fine; a 404 for a missing route or a 405 is not.
        let status = r.status();
        let body: serde_json::Value = r.json().await.unwrap_or_default();
        let no_route = body["detail"]
            .as_str()
            .unwrap_or("")
            .starts_with("no route");
        assert!(!no_route && status != 405, "{method} {path}: {status}");
    }
    let r = app.get("/api/docs/", None).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("swagger"), "{html}");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the docs page must not load outside assets"
    );
    let r = app.get("/api/docs/swagger-ui-bundle.js", None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(app.get("/api/docs", None).await.status(), 302);
}

#[tokio::test]
async fn graceful_stop_finishes_requests_in_flight() {
    let app = TestApp::spawn().await;
    let donor = app.donor().await;
    // Send the login body in two parts and stop the server between them: the request is in flight.
    let body = json!({"email": donor.email, "password": crate::helpers::app::PASSWORD}).to_string();
    let (first, rest) = body.split_at(10);
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(2);
    tx.send(Ok(first.as_bytes().to_vec())).await.unwrap();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let login = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .header("content-length", body.len())
        .body(reqwest::Body::wrap_stream(stream))
        .send();
    let rest = rest.as_bytes().to_vec();
    // The block hands back the stop task so the test can wait for the server to finish stopping.
    #[allow(clippy::async_yields_async)]
    let stop_then_finish = async {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let handle = app.handle.clone();
        let stopping = tokio::spawn(async move { handle.stop(true).await });
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        tx.send(Ok(rest)).await.unwrap();
        drop(tx);
        stopping
    };
    let (resp, stopping) = tokio::join!(login, stop_then_finish);
    let resp = resp.unwrap();
    assert_eq!(resp.status(), 200);
    stopping.await.unwrap();
    // And then it no longer accepts connections.
    assert!(reqwest::Client::new()
        .get(app.url("/healthz"))
        .send()
        .await
        .is_err());
}

#[tokio::test]
async fn the_web_app_is_served_with_a_fallback_and_long_cached_assets() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dist.path().join("assets")).unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><div id=app></div>",
    )
    .unwrap();
    std::fs::write(dist.path().join("assets/index-3f2a9c.js"), "console.log(1)").unwrap();
    let app = TestApp::builder()
        .var("BANGFU_WEB_DIR", &dist.path().display().to_string())
        .spawn()
        .await;
    for path in ["/", "/needs/0b1c", "/zh/search?q=x"] {
        let r = app.get(path, None).await;
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()["cache-control"], "no-cache", "{path}");
        assert!(r.text().await.unwrap().contains("id=app"), "{path}");
    }
    let r = app.get("/assets/index-3f2a9c.js", None).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let r = app.get("/api/v1/nothing-here", None).await;
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let r = app.get("/assets/../../etc/passwd", None).await;
    assert!(!r.text().await.unwrap().contains("root:"));
}
