use crate::helpers::app::expect_problem;
use crate::needs_fixture::{need_body, World, HEAD_NAME, ID_NUMBER, PHONE, VILLAGE};
use reqwest::Response;
use serde_json::{json, Value};

/// An approved need with `quantity`, open for pledges.
pub async fn open_need_of(w: &World, quantity: i64) -> String {
    let mut b = need_body("冬季棉被", VILLAGE);
    b["quantity"] = json!(quantity);
    b["unit"] = json!("床");
    b["category"] = json!("food_clothing");
    let r = w.post_need(&w.household.tokens.access, &b).await;
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        w.review(&w.county.tokens.access, &id, json!({"decision": "approve"}))
            .await
            .status(),
        200
    );
    id
}

pub async fn pledge(w: &World, token: &str, need: &str, quantity: i64) -> Response {
    w.app
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/needs/{need}/pledges"),
            Some(token),
        )
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .json(&json!({"quantity": quantity, "message": "一点心意"}))
        .send()
        .await
        .unwrap()
}

pub async fn act(
    w: &World,
    token: Option<&str>,
    pledge: &str,
    action: &str,
    body: Value,
) -> Response {
    w.app
        .post(&format!("/api/v1/pledges/{pledge}/{action}"), token, &body)
        .await
}

pub async fn need(w: &World, id: &str) -> Value {
    w.app
        .get(
            &format!("/api/v1/needs/{id}"),
            Some(&w.county.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap()
}

pub async fn id_of(r: Response) -> String {
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn from_pledge_to_confirmed_receipt() {
    let w = World::new().await;
    let n = open_need_of(&w, 3).await;
    let r = pledge(&w, &w.donor.tokens.access, &n, 1).await;
    assert_eq!(r.status(), 201);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["status"], "pending_approval");
    assert!(p.get("receipt_code").is_none());
    let pid = p["id"].as_str().unwrap().to_owned();
    let nv = need(&w, &n).await;
    assert_eq!(
        (
            nv["pledged_quantity"].as_i64(),
            nv["remaining_quantity"].as_i64()
        ),
        (Some(1), Some(2))
    );
    // The official sees it waiting, and approves.
    let q: Value = w
        .app
        .get("/api/v1/review/pledges", Some(&w.township.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(q["items"][0]["id"], pid.as_str());
    let r = act(
        &w,
        Some(&w.township.tokens.access),
        &pid,
        "approve",
        json!({}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let approved: Value = r.json().await.unwrap();
    let code = approved["receipt_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 6);
    // The household sees the code; the supporter does not.
    let hh: Value = w
        .app
        .get(
            &format!("/api/v1/pledges/{pid}"),
            Some(&w.household.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(hh["receipt_code"], code.as_str());
    let mine: Value = w
        .app
        .get("/api/v1/me/pledges", Some(&w.household.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"][0]["receipt_code"], code.as_str());
    let donor_view = w
        .app
        .get(
            &format!("/api/v1/pledges/{pid}"),
            Some(&w.donor.tokens.access),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(!donor_view.contains(&code));
    // Delivery, then the household confirms with thanks.
    let r = act(
        &w,
        Some(&w.donor.tokens.access),
        &pid,
        "deliver",
        json!({"note": "已送到家中", "tracking_ref": "SF1234567890"}),
    )
    .await;
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "delivered");
    let r = act(
        &w,
        Some(&w.household.tokens.access),
        &pid,
        "confirm",
        json!({"rating": 5, "thanks": "谢谢好心人，棉被很暖和！"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "confirmed");
    let nv = need(&w, &n).await;
    assert_eq!(
        (nv["confirmed_quantity"].as_i64(), nv["status"].as_str()),
        (Some(1), Some("open"))
    );
    // The thanks are on the need's public page, with no personal data.
    let public = w
        .app
        .get(&format!("/api/v1/needs/{n}/pledges"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(public.contains("谢谢好心人"));
    assert!(public.contains("陈**"), "the donor is masked: {public}");
    for s in [
        HEAD_NAME,
        ID_NUMBER,
        PHONE,
        code.as_str(),
        w.donor.email.as_str(),
    ] {
        assert!(!public.contains(s), "{s} in {public}");
    }
    // The trail, with hashes, and a valid chain.
    let events: Value = w
        .app
        .get(
            &format!("/api/v1/pledges/{pid}/events"),
            Some(&w.donor.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(events["total"], 4, "{events}");
    assert_eq!(
        (events["page"].as_u64(), events["per_page"].as_u64()),
        (Some(1), Some(20))
    );
    let events = &events["items"];
    let actions: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "pledge.pending_approval",
            "pledge.approved",
            "pledge.delivered",
            "pledge.confirmed"
        ]
    );
    assert_eq!(events[1]["details"]["role"], "official");
    assert_eq!(events[1]["details"]["from"], "pending_approval");
    assert_eq!(events[0]["hash"].as_str().unwrap().len(), 64);
    let trail = events.to_string();
    assert!(!trail.contains(HEAD_NAME) && !trail.contains(&code));
    let v: Value = w
        .app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true);
}

#[tokio::test]
async fn quantities_move_the_need_through_its_states() {
    let w = World::new().await;
    let n = open_need_of(&w, 2).await;
    let p = id_of(pledge(&w, &w.enterprise.tokens.access, &n, 2).await).await;
    assert_eq!(need(&w, &n).await["status"], "fully_pledged");
    // Pledging on a fully pledged need: not open.
    let r = pledge(&w, &w.donor.tokens.access, &n, 1).await;
    expect_problem(r, 409, "need_not_open").await;
    // Cancelling gives the quantity back.
    assert_eq!(
        act(
            &w,
            Some(&w.enterprise.tokens.access),
            &p,
            "cancel",
            json!({"reason": "库存不足"})
        )
        .await
        .status(),
        200
    );
    let nv = need(&w, &n).await;
    assert_eq!(
        (nv["status"].as_str(), nv["remaining_quantity"].as_i64()),
        (Some("open"), Some(2))
    );
    // More than remains: 409 with what remains.
    let p = expect_problem(
        pledge(&w, &w.donor.tokens.access, &n, 3).await,
        409,
        "insufficient_remaining",
    )
    .await;
    assert_eq!(p.body["remaining_quantity"], 2);
    // The whole quantity, approved and delivered with the household's code: fulfilled.
    let p = id_of(pledge(&w, &w.enterprise.tokens.access, &n, 2).await).await;
    let code: Value = act(&w, Some(&w.county.tokens.access), &p, "approve", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let code = code["receipt_code"].as_str().unwrap().to_owned();
    let r = act(
        &w,
        Some(&w.enterprise.tokens.access),
        &p,
        "deliver",
        json!({"note": "当面交付", "receipt_code": code}),
    )
    .await;
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "confirmed");
    let nv = need(&w, &n).await;
    assert_eq!(
        (nv["status"].as_str(), nv["confirmed_quantity"].as_i64()),
        (Some("fulfilled"), Some(2))
    );
    // A rejected pledge gives its quantity back too.
    let n2 = open_need_of(&w, 5).await;
    let p = id_of(pledge(&w, &w.donor.tokens.access, &n2, 5).await).await;
    expect_problem(
        act(&w, Some(&w.county.tokens.access), &p, "reject", json!({})).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        act(
            &w,
            Some(&w.county.tokens.access),
            &p,
            "reject",
            json!({"reason": "与其他捐赠重复"})
        )
        .await
        .status(),
        200
    );
    assert_eq!(need(&w, &n2).await["remaining_quantity"], 5);
}

#[tokio::test]
async fn who_may_pledge() {
    let w = World::new().await;
    let n = open_need_of(&w, 3).await;
    expect_problem(
        pledge(&w, &w.household.tokens.access, &n, 1).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        pledge(&w, &w.other_household.tokens.access, &n, 1).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        pledge(&w, &w.county.tokens.access, &n, 1).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        pledge(&w, &w.admin.tokens.access, &n, 1).await,
        403,
        "forbidden",
    )
    .await;
    let r = w
        .app
        .post(
            &format!("/api/v1/needs/{n}/pledges"),
            None,
            &json!({"quantity": 1}),
        )
        .await;
    expect_problem(r, 401, "unauthenticated").await;
    // The key is required.
    let r = w
        .app
        .post(
            &format!("/api/v1/needs/{n}/pledges"),
            Some(&w.donor.tokens.access),
            &json!({"quantity": 1}),
        )
        .await;
    expect_problem(r, 400, "idempotency_key_missing").await;
    let p = expect_problem(
        pledge(&w, &w.donor.tokens.access, &n, 0).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field_codes()[0].0, "quantity");
    // An unpublished need does not exist for supporters.
    let pending = w.pending_need("化肥两袋").await;
    expect_problem(
        pledge(&w, &w.donor.tokens.access, &pending, 1).await,
        404,
        "not_found",
    )
    .await;
}
