//! Who may run which check round over which region, who sees a round, and whose figures one sees:
//! every pairing tried.

use crate::checks::{round_body, start_round};
use crate::helpers::app::{expect_problem, Account};
use crate::needs_fixture::World;
use serde_json::Value;

struct Cast {
    city: Account,
    province: Account,
    other_city_county: Account,
}

async fn cast(w: &World) -> Cast {
    Cast {
        city: w.app.official(&w.admin, "4112").await,
        province: w.app.official(&w.admin, "41").await,
        other_city_county: w.app.official(&w.admin, "410102").await,
    }
}

#[tokio::test]
async fn who_may_run_which_round() {
    let w = World::new().await;
    let c = cast(&w).await;
    let people: [(&str, &Account); 10] = [
        ("county", &w.county),
        ("township", &w.township),
        ("neighbour", &w.neighbour),
        ("city", &c.city),
        ("province", &c.province),
        ("other_city_county", &c.other_city_county),
        ("household", &w.household),
        ("donor", &w.donor),
        ("enterprise", &w.enterprise),
        ("admin", &w.admin),
    ];
    for kind in ["self", "cross", "spot"] {
        for (who, account) in &people {
            let allowed = matches!(
                (kind, *who),
                ("self", "county") | ("cross", "neighbour") | ("spot", "city")
            );
            let r = w
                .app
                .post(
                    "/api/v1/checks",
                    Some(&account.tokens.access),
                    &round_body(kind, "411224", &["needs"], 3),
                )
                .await;
            if allowed {
                assert_eq!(r.status(), 201, "{kind} by {who}");
            } else {
                let p = expect_problem(r, 403, "check_not_allowed").await;
                assert!(
                    !p.body["detail"].as_str().unwrap().is_empty(),
                    "{kind} by {who}"
                );
            }
        }
    }
    // A spot check may cover the whole city; a county check may not.
    let r = w
        .app
        .post(
            "/api/v1/checks",
            Some(&c.city.tokens.access),
            &round_body("spot", "4112", &["deliveries"], 3),
        )
        .await;
    assert_eq!(r.status(), 201);
    let r = w
        .app
        .post(
            "/api/v1/checks",
            Some(&w.neighbour.tokens.access),
            &round_body("cross", "4112", &["needs"], 3),
        )
        .await;
    expect_problem(r, 403, "check_not_allowed").await;
    let r = w
        .app
        .post(
            "/api/v1/checks",
            None,
            &round_body("self", "411224", &["needs"], 3),
        )
        .await;
    expect_problem(r, 401, "unauthenticated").await;
    let mut bad = round_body("self", "411224", &["widgets"], 0);
    bad["kind"] = "audit".into();
    let r = w
        .app
        .post("/api/v1/checks", Some(&w.county.tokens.access), &bad)
        .await;
    let p = expect_problem(r, 400, "validation_failed").await;
    let fields: Vec<_> = p.field_codes().into_iter().map(|(f, _)| f).collect();
    assert!(
        fields.contains(&"kind".into())
            && fields.contains(&"subjects".into())
            && fields.contains(&"sample_size".into())
    );
}

#[tokio::test]
async fn who_sees_a_round_and_whose_figures() {
    let w = World::new().await;
    let c = cast(&w).await;
    w.open_need("需要一台轮椅").await;
    let round = start_round(
        &w,
        &w.neighbour.tokens.access,
        &round_body("cross", "411224", &["needs"], 3),
    )
    .await;
    let id = round["id"].as_str().unwrap();
    let cases: [(&str, &Account, u16); 10] = [
        ("county (covers the region)", &w.county, 200),
        ("township (inside, does not cover)", &w.township, 404),
        ("neighbour (the checker)", &w.neighbour, 200),
        ("city", &c.city, 200),
        ("province", &c.province, 200),
        ("other city's county", &c.other_city_county, 404),
        ("household", &w.household, 404),
        ("donor", &w.donor, 404),
        ("enterprise", &w.enterprise, 404),
        ("admin", &w.admin, 200),
    ];
    for (who, account, status) in &cases {
        let r = w
            .app
            .get(
                &format!("/api/v1/checks/{id}"),
                Some(&account.tokens.access),
            )
            .await;
        assert_eq!(r.status(), *status, "{who}");
        let r = w
            .app
            .get(
                &format!("/api/v1/checks/{id}/report.csv"),
                Some(&account.tokens.access),
            )
            .await;
        assert_eq!(r.status(), *status, "report for {who}");
    }
    // Lists: officials see rounds over their jurisdiction or their own; others are refused.
    for (account, total) in [
        (&w.county, 1),
        (&w.neighbour, 1),
        (&w.township, 0),
        (&c.other_city_county, 0),
        (&w.admin, 1),
    ] {
        let v: Value = w
            .app
            .get("/api/v1/checks", Some(&account.tokens.access))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["total"], total);
    }
    for account in [&w.household, &w.donor] {
        let r = w
            .app
            .get("/api/v1/checks", Some(&account.tokens.access))
            .await;
        expect_problem(r, 403, "forbidden").await;
        let r = w
            .app
            .get("/api/v1/rectifications", Some(&account.tokens.access))
            .await;
        expect_problem(r, 403, "forbidden").await;
        let r = w
            .app
            .get("/api/v1/review/revisits", Some(&account.tokens.access))
            .await;
        expect_problem(r, 403, "forbidden").await;
    }
    // Figures of the township official: itself, officials above it, admins.
    let path = format!("/api/v1/officials/{}/figures", w.township.id);
    for (account, status) in [
        (&w.township, 200),
        (&w.county, 200),
        (&c.city, 200),
        (&w.admin, 200),
        (&w.other_township, 404),
        (&w.neighbour, 404),
        (&w.household, 404),
        (&w.donor, 404),
    ] {
        assert_eq!(
            w.app
                .get(&path, Some(&account.tokens.access))
                .await
                .status(),
            status
        );
    }
    // The county's figures are not the township's to see.
    let r = w
        .app
        .get(
            &format!("/api/v1/officials/{}/figures", w.county.id),
            Some(&w.township.tokens.access),
        )
        .await;
    expect_problem(r, 404, "not_found").await;
    let r = w
        .app
        .get(
            &format!("/api/v1/officials/{}/figures", w.donor.id),
            Some(&w.admin.tokens.access),
        )
        .await;
    expect_problem(r, 404, "not_found").await;
}
