//! Receipt images of spending are reviewed before they are public: pending until an official of
//! the county (not the proposer) publishes or withholds them; until then only the host's users and
//! the project's officials get the image, privately.

use crate::evidence_fixture::{multipart, BOUNDARY};
use crate::helpers::app::expect_problem;
use crate::projects_fixture::{json_of, receipt_photo, Village};
use reqwest::{Method, Response};
use serde_json::{json, Value};

impl Village {
    /// A spending of 1,000 fen on an open, funded project: (project, spending row).
    pub async fn spent(&self) -> (String, Value) {
        let id = self.open().await;
        self.funded_by_donor(&id, 10_000).await;
        let lines = self.lines(&id).await;
        let host = self.host.tokens.access.clone();
        let s = json_of(
            self.spend(Some(&host), &id, &lines[0], 1000, &receipt_photo())
                .await,
            201,
        )
        .await;
        (id, s)
    }

    pub async fn review_receipt(&self, token: &str, id: &str, s: &Value, body: Value) -> Response {
        let sid = s["id"].as_str().unwrap();
        self.app
            .post(
                &format!("/api/v1/projects/{id}/spending/{sid}/review"),
                Some(token),
                &body,
            )
            .await
    }

    pub async fn replace_receipt(&self, token: &str, id: &str, s: &Value, file: &[u8]) -> Response {
        let sid = s["id"].as_str().unwrap();
        self.app
            .request(
                Method::POST,
                &format!("/api/v1/projects/{id}/spending/{sid}/receipt"),
                Some(token),
            )
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(multipart(&[(
                "file",
                Some("receipt.jpg"),
                "image/jpeg",
                file,
            )]))
            .send()
            .await
            .unwrap()
    }
}

fn image_url(s: &Value) -> String {
    s["image_url"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn only_a_county_official_other_than_the_proposer_reviews_a_receipt() {
    let v = Village::new().await;
    // household, donor, other org, host, village official, other village official, county
    // official, proposer (an official of the village)
    let callers = [
        (&v.household, 403),
        (&v.donor, 403),
        (&v.other_org, 403),
        (&v.host, 403),
        (&v.village2, 403),
        (&v.other_village, 403),
        (&v.county, 200),
        (&v.proposer, 403),
    ];
    for (who, want) in callers {
        let (id, s) = v.spent().await;
        let r = v
            .review_receipt(&who.tokens.access, &id, &s, json!({"decision": "publish"}))
            .await;
        assert_eq!(r.status().as_u16(), want, "{}", r.text().await.unwrap());
    }
    let (id, s) = v.spent().await;
    let sid = s["id"].as_str().unwrap();
    let r = v
        .app
        .post(
            &format!("/api/v1/projects/{id}/spending/{sid}/review"),
            None,
            &json!({"decision": "publish"}),
        )
        .await;
    assert_eq!(r.status(), 401);
    // The neighbouring county sees the open project (it is public) but is no official of its
    // county.
    let r = v
        .review_receipt(
            &v.neighbour.tokens.access,
            &id,
            &s,
            json!({"decision": "publish"}),
        )
        .await;
    assert_eq!(r.status(), 403);

    // A county official who proposed the project does not review its receipts (two people).
    let mut body = v.proposal();
    body["title"] = json!("县里提出的项目");
    let own = json_of(v.propose(&v.county.tokens.access, &body).await, 201).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    json_of(
        v.review(
            &v.county2.tokens.access,
            &own,
            json!({"decision": "approve"}),
        )
        .await,
        200,
    )
    .await;
    v.funded_by_donor(&own, 5000).await;
    let line = v.lines(&own).await[0].clone();
    let s = json_of(
        v.spend(
            Some(&v.host.tokens.access),
            &own,
            &line,
            500,
            &receipt_photo(),
        )
        .await,
        201,
    )
    .await;
    let r = v
        .review_receipt(
            &v.county.tokens.access,
            &own,
            &s,
            json!({"decision": "publish"}),
        )
        .await;
    expect_problem(r, 403, "second_official_required").await;
    // Its queue does not offer it; the other county official's does.
    let queue = |token: String| {
        let v = &v;
        async move {
            json_of(
                v.app
                    .get("/api/v1/review/project-receipts", Some(&token))
                    .await,
                200,
            )
            .await
        }
    };
    let mine: Vec<Value> = queue(v.county.tokens.access.clone())
        .await
        .as_array()
        .unwrap()
        .clone();
    assert!(mine.iter().all(|x| x["project_id"] != own.as_str()));
    assert!(mine.iter().any(|x| x["project_id"] == id.as_str()));
    let theirs = queue(v.county2.tokens.access.clone()).await;
    assert!(theirs
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["spending"]["id"] == s["id"] && x["spending"]["image_url"].is_string()));
    // A village official reviews nothing; a supporter has no queue; the neighbour sees none of it.
    assert_eq!(queue(v.proposer.tokens.access.clone()).await, json!([]));
    assert_eq!(queue(v.neighbour.tokens.access.clone()).await, json!([]));
    let r = v
        .app
        .get(
            "/api/v1/review/project-receipts",
            Some(&v.donor.tokens.access),
        )
        .await;
    expect_problem(r, 403, "forbidden").await;
    json_of(
        v.review_receipt(
            &v.county2.tokens.access,
            &own,
            &s,
            json!({"decision": "publish"}),
        )
        .await,
        200,
    )
    .await;
}

#[tokio::test]
async fn a_pending_or_withheld_image_reaches_only_the_host_and_the_projects_officials() {
    let v = Village::new().await;
    let (id, s) = v.spent().await;
    let url = image_url(&s);
    assert_eq!(s["receipt_status"], "pending");
    // anonymous, household, donor, other org, host, village official, other village official,
    // county official, proposer, neighbouring county
    let matrix = |v: &Village| {
        [
            (None, 404),
            (Some(v.household.tokens.access.clone()), 404),
            (Some(v.donor.tokens.access.clone()), 404),
            (Some(v.other_org.tokens.access.clone()), 404),
            (Some(v.host.tokens.access.clone()), 200),
            (Some(v.village2.tokens.access.clone()), 200),
            (Some(v.other_village.tokens.access.clone()), 404),
            (Some(v.county.tokens.access.clone()), 200),
            (Some(v.proposer.tokens.access.clone()), 200),
            (Some(v.neighbour.tokens.access.clone()), 404),
        ]
    };
    let missing = format!(
        "/media/project-receipt/{}/display.jpg",
        uuid::Uuid::new_v4()
    );
    let gone = v.app.get(&missing, None).await;
    assert_eq!(gone.status(), 404);
    let gone_body = gone.text().await.unwrap();
    for (token, want) in matrix(&v) {
        let r = v.app.get(&url, token.as_deref()).await;
        assert_eq!(r.status().as_u16(), want, "{token:?}");
        if want == 200 {
            assert_eq!(r.headers()["cache-control"], "private, no-store");
        } else {
            // The same 404 as a missing key.
            let body = r.text().await.unwrap();
            assert_eq!(
                body.replace(&url, "").len(),
                gone_body.replace(&missing, "").len()
            );
        }
    }
    // The public page shows the row, not the image; the host's page shows it pending.
    let public = json_of(v.page(None, &id).await, 200).await;
    let row = &public["ledger"]["spending"][0];
    assert_eq!(
        (row["amount_fen"].as_i64(), row["image_url"].is_null()),
        (Some(1000), true)
    );
    assert!(row["thumb_url"].is_null() && row["image_sha256"].is_null());
    assert_eq!(
        v.seen(&id).await["ledger"]["spending"][0]["image_url"],
        url.as_str()
    );

    // Withheld with a reason: still private; the host reads why, the public does not.
    let r = v
        .review_receipt(
            &v.county.tokens.access,
            &id,
            &s,
            json!({"decision": "withhold"}),
        )
        .await;
    assert_eq!(
        expect_problem(r, 400, "validation_failed")
            .await
            .field_codes()[0]
            .0,
        "reason"
    );
    json_of(
        v.review_receipt(
            &v.county.tokens.access,
            &id,
            &s,
            json!({"decision": "withhold", "reason": "收据上有收款人手机号"}),
        )
        .await,
        200,
    )
    .await;
    for (token, want) in matrix(&v) {
        let r = v.app.get(&url, token.as_deref()).await;
        assert_eq!(r.status().as_u16(), want, "{token:?}");
    }
    let hosted = v.seen(&id).await;
    assert_eq!(
        hosted["ledger"]["spending"][0]["receipt_status"],
        "withheld"
    );
    assert_eq!(
        hosted["ledger"]["spending"][0]["withheld_reason"],
        "收据上有收款人手机号"
    );
    let public = json_of(v.page(None, &id).await, 200).await;
    assert!(public["ledger"]["spending"][0]["withheld_reason"].is_null());
    assert!(!public.to_string().contains("手机号"));
    // A decided receipt is not decided again.
    expect_problem(
        v.review_receipt(
            &v.county2.tokens.access,
            &id,
            &s,
            json!({"decision": "publish"}),
        )
        .await,
        409,
        "receipt_not_pending",
    )
    .await;

    // The host replaces it with a redacted image: pending again, the withheld bytes gone.
    let host = v.host.tokens.access.clone();
    let r = v
        .replace_receipt(&v.donor.tokens.access, &id, &s, &receipt_photo())
        .await;
    assert_eq!(r.status(), 403);
    let new = json_of(
        v.replace_receipt(&host, &id, &s, &receipt_photo()).await,
        200,
    )
    .await;
    assert_eq!(new["receipt_status"], "pending");
    assert!(new["withheld_reason"].is_null());
    let new_url = image_url(&new);
    assert_ne!(new_url, url);
    assert_eq!(v.app.get(&url, Some(&host)).await.status(), 404);
    assert_eq!(v.app.get(&new_url, Some(&host)).await.status(), 200);
    // Only a withheld image is replaced.
    expect_problem(
        v.replace_receipt(&host, &id, &s, &receipt_photo()).await,
        409,
        "receipt_not_withheld",
    )
    .await;

    // Published: everyone, cached for a year; the public page links it.
    json_of(
        v.review_receipt(
            &v.county2.tokens.access,
            &id,
            &s,
            json!({"decision": "publish"}),
        )
        .await,
        200,
    )
    .await;
    for (token, _) in matrix(&v) {
        let r = v.app.get(&new_url, token.as_deref()).await;
        assert_eq!(r.status(), 200, "{token:?}");
        assert_eq!(
            r.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
    }
    let public = json_of(v.page(None, &id).await, 200).await;
    assert_eq!(
        public["ledger"]["spending"][0]["image_url"],
        new_url.as_str()
    );
    // Each step is on the audit chain.
    for (action, n) in [
        ("project.spent", 1),
        ("project.receipt_withheld", 1),
        ("project.receipt_replaced", 1),
        ("project.receipt_published", 1),
    ] {
        let got = v
            .count(&format!(
                "SELECT count(*) AS n FROM audit_events WHERE subject_id = '{id}' AND action = '{action}'"
            ))
            .await;
        assert_eq!(got, n, "{action}");
    }
}
