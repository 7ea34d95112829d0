//! Rating and thanks after a delivery confirmed on the spot with the receipt code: who may (a
//! matrix), only once, on the audit chain; and the pledge's events as a page like every other list.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::World;
use crate::pledges::{act, id_of, open_need_of, pledge};
use serde_json::{json, Value};

/// A pledge of the donor's, approved by the county official and delivered with the household's
/// receipt code: confirmed, without a rating.
async fn confirmed_by_code(w: &World, need: &str) -> String {
    let p = id_of(pledge(w, &w.donor.tokens.access, need, 1).await).await;
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
    assert!(delivered["rating"].is_null());
    p
}

#[tokio::test]
async fn who_rates_a_pledge_confirmed_by_code() {
    let w = World::new().await;
    let n = open_need_of(&w, 1000).await;
    // The township official did not approve (the county did): it may rate for the household; the
    // county official approved, so it may not (two people); supporters and admins never rate.
    let callers: Vec<(&str, Option<String>, u16, Option<&str>)> = vec![
        (
            "supporter",
            Some(w.donor.tokens.access.clone()),
            403,
            Some("forbidden"),
        ),
        (
            "another supporter",
            Some(w.enterprise.tokens.access.clone()),
            404,
            Some("not_found"),
        ),
        (
            "household",
            Some(w.household.tokens.access.clone()),
            200,
            None,
        ),
        (
            "another household",
            Some(w.other_household.tokens.access.clone()),
            404,
            Some("not_found"),
        ),
        (
            "official in scope",
            Some(w.township.tokens.access.clone()),
            200,
            None,
        ),
        (
            "the approving official",
            Some(w.county.tokens.access.clone()),
            403,
            Some("second_official_required"),
        ),
        (
            "official out of scope",
            Some(w.neighbour.tokens.access.clone()),
            404,
            Some("not_found"),
        ),
        (
            "admin",
            Some(w.admin.tokens.access.clone()),
            403,
            Some("forbidden"),
        ),
        ("anonymous", None, 401, Some("unauthenticated")),
    ];
    let mut failures = Vec::new();
    for (who, token, status, code) in &callers {
        let p = confirmed_by_code(&w, &n).await;
        let body = json!({"rating": 4, "thanks": "谢谢好心人"});
        let r = act(&w, token.as_deref(), &p, "confirm", body).await;
        let got = r.status().as_u16();
        let v: Value = r.json().await.unwrap();
        let got_code = v["code"].as_str();
        if got != *status || got_code != *code {
            failures.push(format!(
                "{who}: got {got} {got_code:?}, expected {status} {code:?}"
            ));
        }
        let seen: Value = w
            .app
            .get(
                &format!("/api/v1/pledges/{p}"),
                Some(&w.household.tokens.access),
            )
            .await
            .json()
            .await
            .unwrap();
        let rated = *status == 200;
        if seen["rating"].is_null() == rated || (rated && seen["thanks"] != "谢谢好心人") {
            failures.push(format!("{who}: the pledge afterwards: {seen}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn a_rating_is_given_once_and_recorded_on_the_chain() {
    let w = World::new().await;
    let n = open_need_of(&w, 10).await;
    let hh = Some(w.household.tokens.access.as_str());
    let p = confirmed_by_code(&w, &n).await;

    // Confirming again without a rating is what it always was: not possible, it is confirmed.
    expect_problem(
        act(&w, hh, &p, "confirm", json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    // Thanks alone: the rating is what is missing.
    let e = expect_problem(
        act(&w, hh, &p, "confirm", json!({"thanks": "谢谢"})).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(e.body["errors"][0]["field"], "rating", "{}", e.body);
    expect_problem(
        act(&w, hh, &p, "confirm", json!({"rating": 6})).await,
        400,
        "validation_failed",
    )
    .await;

    let r = act(
        &w,
        hh,
        &p,
        "confirm",
        json!({"rating": 5, "thanks": "谢谢好心人！"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let rated: Value = r.json().await.unwrap();
    assert_eq!(
        (&rated["status"], &rated["rating"], &rated["thanks"]),
        (&json!("confirmed"), &json!(5), &json!("谢谢好心人！"))
    );
    // Once: neither the household nor an official may rate it again, and nothing changes.
    for token in [hh, Some(w.township.tokens.access.as_str())] {
        let e = expect_problem(
            act(
                &w,
                token,
                &p,
                "confirm",
                json!({"rating": 1, "thanks": "改"}),
            )
            .await,
            409,
            "invalid_transition",
        )
        .await;
        assert_eq!(e.body["pledge_status"], "confirmed");
    }
    // The public summary carries the thanks; the need's confirmed quantity counted once.
    let public: Value = w
        .app
        .get(&format!("/api/v1/needs/{n}/pledges"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["items"][0]["thanks"], "谢谢好心人！");
    assert_eq!(public["items"][0]["rating"], 5);
    let need: Value = w
        .app
        .get(&format!("/api/v1/needs/{n}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(need["confirmed_quantity"], 1);

    // The trail: the rating is an event of its own, with its hash, and the chain holds.
    let events: Value = w
        .app
        .get(&format!("/api/v1/pledges/{p}/events"), hh)
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = events["items"]
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
            "pledge.confirmed",
            "pledge.rated"
        ]
    );
    let last = &events["items"][4];
    assert_eq!(last["details"]["rating"], 5);
    assert_eq!(last["details"]["rated_by"], "household");
    assert_eq!(last["hash"].as_str().unwrap().len(), 64);
    let v: Value = w
        .app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true, "{v}");

    // A pledge the household confirmed with a rating is rated already.
    let q = id_of(pledge(&w, &w.donor.tokens.access, &n, 1).await).await;
    act(&w, Some(&w.county.tokens.access), &q, "approve", json!({})).await;
    act(
        &w,
        Some(&w.donor.tokens.access),
        &q,
        "deliver",
        json!({"note": "送到"}),
    )
    .await;
    assert_eq!(
        act(&w, hh, &q, "confirm", json!({"rating": 4}))
            .await
            .status(),
        200
    );
    expect_problem(
        act(&w, hh, &q, "confirm", json!({"rating": 5})).await,
        409,
        "invalid_transition",
    )
    .await;
    // A pledge not yet delivered cannot be rated.
    let early = id_of(pledge(&w, &w.donor.tokens.access, &n, 1).await).await;
    expect_problem(
        act(&w, hh, &early, "confirm", json!({"rating": 5})).await,
        409,
        "invalid_transition",
    )
    .await;
}

#[tokio::test]
async fn a_pledges_events_are_a_page() {
    let w = World::new().await;
    let n = open_need_of(&w, 10).await;
    let p = confirmed_by_code(&w, &n).await;
    let hh = Some(w.household.tokens.access.as_str());
    let page: Value = w
        .app
        .get(&format!("/api/v1/pledges/{p}/events?page=2&per_page=3"), hh)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (&page["total"], &page["page"], &page["per_page"]),
        (&json!(4), &json!(2), &json!(3))
    );
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["action"], "pledge.confirmed");
    let beyond: Value = w
        .app
        .get(&format!("/api/v1/pledges/{p}/events?page=9"), hh)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (beyond["items"].as_array().unwrap().len(), &beyond["total"]),
        (0, &json!(4))
    );
    for bad in ["per_page=0", "per_page=101", "page=0"] {
        expect_problem(
            w.app
                .get(&format!("/api/v1/pledges/{p}/events?{bad}"), hh)
                .await,
            400,
            "validation_failed",
        )
        .await;
    }
}
