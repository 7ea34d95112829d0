//! Who can work (`GET`/`PATCH /households/{id}/work`): every violation in one answer, and the
//! authorization matrix — the household itself and officials covering its village; anyone else
//! gets the same 404 as for a household that does not exist.

use crate::helpers::app::expect_problem;
use crate::jobs_fixture::Board;
use serde_json::json;
use uuid::Uuid;

fn path(id: Uuid) -> String {
    format!("/api/v1/households/{id}/work")
}

#[tokio::test]
async fn a_patch_reports_every_violation_at_once() {
    let b = Board::new().await;
    let me = Some(b.household.tokens.access.as_str());
    let r = b
        .patch(
            me,
            &path(b.household_id),
            &json!({"able_to_work": 21, "skills": ["sewing", "sewing", "juggling"], "willing_to_travel": "moon"}),
        )
        .await;
    let p = expect_problem(r, 400, "validation_failed").await;
    let fields: Vec<(String, String)> = p.field_codes();
    let want = [
        ("able_to_work", "out_of_range"),
        ("skills", "duplicate_skill"),
        ("skills", "invalid_skill"),
        ("willing_to_travel", "invalid_travel"),
    ];
    for (f, c) in want {
        assert!(
            fields.contains(&(f.to_owned(), c.to_owned())),
            "{f} {c} in {fields:?}"
        );
    }
    let nine = json!([
        "farming",
        "livestock",
        "construction",
        "manufacturing",
        "sewing",
        "handicraft",
        "cooking",
        "cleaning",
        "care"
    ]);
    let r = b
        .patch(
            me,
            &path(b.household_id),
            &json!({"able_to_work": 2, "skills": nine, "willing_to_travel": "county"}),
        )
        .await;
    let p = expect_problem(r, 400, "validation_failed").await;
    assert_eq!(
        p.field_codes(),
        [("skills".to_owned(), "too_many_skills".to_owned())]
    );
    let r = b
        .patch(
            me,
            &path(b.household_id),
            &json!({"able_to_work": 2, "willing_to_travel": "county", "name": "x"}),
        )
        .await;
    expect_problem(r, 400, "unknown_field").await;
    // Nothing was recorded by the refused requests.
    let v = Board::json(b.get(me, &path(b.household_id)).await, 200).await;
    assert_eq!(v["able_to_work"], 0);
    assert!(v["updated_at"].is_null() && v["willing_to_travel"].is_null());
}

#[tokio::test]
async fn the_household_records_its_work_and_the_audit_chain_has_ids_only() {
    let b = Board::new().await;
    let me = Some(b.household.tokens.access.as_str());
    let body = json!({"able_to_work": 2, "skills": ["sewing", "cooking"], "willing_to_travel": "province"});
    let v = Board::json(b.patch(me, &path(b.household_id), &body).await, 200).await;
    assert_eq!(v["able_to_work"], 2);
    assert_eq!(v["skills"], json!(["sewing", "cooking"]));
    assert_eq!(v["willing_to_travel"], "province");
    let v = Board::json(b.get(me, &path(b.household_id)).await, 200).await;
    assert_eq!(v["household_id"], b.household_id.to_string());
    assert_eq!(v["skills"], json!(["sewing", "cooking"]));
    // The village is copied from the household for matching.
    let n = b
        .count(&format!(
            "SELECT count(*) AS n FROM household_work WHERE household_id = '{}' AND region_code = '411224101200'",
            b.household_id
        ))
        .await;
    assert_eq!(n, 1);
    // An official changes it; the row is replaced, not duplicated.
    let body = json!({"able_to_work": 3, "skills": [], "willing_to_travel": "anywhere"});
    let v = Board::json(
        b.patch(
            Some(&b.township.tokens.access),
            &path(b.household_id),
            &body,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(v["able_to_work"], 3);
    assert_eq!(
        b.audit_count("household_work.recorded", b.household_id)
            .await,
        2
    );
    let n = b
        .count(&format!(
            "SELECT count(*) AS n FROM audit_events WHERE action = 'household_work.recorded'
             AND subject_id = '{}' AND details = '{{}}'::jsonb",
            b.household_id
        ))
        .await;
    assert_eq!(n, 2, "the event carries the ids only, no skills or figures");
}

#[tokio::test]
async fn only_the_household_and_its_officials_see_or_change_its_work() {
    let b = Board::new().await;
    let other = b.app.household(crate::jobs_fixture::OTHER_TOWNSHIP).await;
    let body = json!({"able_to_work": 1, "skills": ["farming"], "willing_to_travel": "county"});
    let missing = Uuid::new_v4();
    // (caller, may see and change)
    let matrix = [
        (
            "household itself",
            Some(b.household.tokens.access.clone()),
            true,
        ),
        (
            "county official",
            Some(b.county.tokens.access.clone()),
            true,
        ),
        (
            "township official",
            Some(b.township.tokens.access.clone()),
            true,
        ),
        (
            "neighbouring county's official",
            Some(b.neighbour.tokens.access.clone()),
            false,
        ),
        (
            "another household",
            Some(other.tokens.access.clone()),
            false,
        ),
        (
            "enterprise",
            Some(b.enterprise.tokens.access.clone()),
            false,
        ),
        ("donor", Some(b.donor.tokens.access.clone()), false),
        ("admin", Some(b.admin.tokens.access.clone()), false),
    ];
    for (who, token, allowed) in &matrix {
        let t = token.as_deref();
        let get = b.get(t, &path(b.household_id)).await;
        let patch = b.patch(t, &path(b.household_id), &body).await;
        if *allowed {
            assert_eq!(get.status(), 200, "{who} GET");
            assert_eq!(patch.status(), 200, "{who} PATCH");
        } else {
            // The same answer as for a household that does not exist.
            let hidden = expect_problem(get, 404, "not_found").await;
            let absent = expect_problem(b.get(t, &path(missing)).await, 404, "not_found").await;
            assert_eq!(hidden.body, absent.body, "{who}: GET tells nothing");
            let hidden = expect_problem(patch, 404, "not_found").await;
            let absent =
                expect_problem(b.patch(t, &path(missing), &body).await, 404, "not_found").await;
            assert_eq!(hidden.body, absent.body, "{who}: PATCH tells nothing");
        }
    }
    expect_problem(
        b.get(None, &path(b.household_id)).await,
        401,
        "unauthenticated",
    )
    .await;
    expect_problem(
        b.patch(None, &path(b.household_id), &body).await,
        401,
        "unauthenticated",
    )
    .await;
    assert_eq!(
        b.audit_count("household_work.recorded", b.household_id)
            .await,
        3
    );
}
