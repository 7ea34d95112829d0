//! Spending needs an `Idempotency-Key` (a replay gives the first answer) and one project never
//! takes the same receipt image twice.

use crate::helpers::app::expect_problem;
use crate::projects_fixture::{json_of, new_key, receipt_photo, Village};

#[tokio::test]
async fn spending_needs_an_idempotency_key_and_a_new_image() {
    let v = Village::new().await;
    let id = v.open().await;
    v.funded_by_donor(&id, 10_000).await;
    let line = v.lines(&id).await[0].clone();
    let host = v.host.tokens.access.clone();
    let photo = receipt_photo();
    expect_problem(
        v.spend_keyed(Some(&host), &id, &line, 1000, &photo, None)
            .await,
        400,
        "idempotency_key_missing",
    )
    .await;
    let key = new_key();
    let first = json_of(
        v.spend_keyed(Some(&host), &id, &line, 1000, &photo, Some(&key))
            .await,
        201,
    )
    .await;
    // A replay answers the first answer; nothing is recorded twice.
    let again = v
        .spend_keyed(Some(&host), &id, &line, 1000, &photo, Some(&key))
        .await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(json_of(again, 201).await, first);
    // The same key for another spending is refused.
    expect_problem(
        v.spend_keyed(Some(&host), &id, &line, 999, &photo, Some(&key))
            .await,
        422,
        "idempotency_key_reused",
    )
    .await;
    // The same image under a new key: 409, one project never takes an image twice.
    expect_problem(
        v.spend(Some(&host), &id, &line, 1000, &photo).await,
        409,
        "duplicate_receipt",
    )
    .await;
    let p = v.seen(&id).await;
    assert_eq!(
        (
            p["spent_fen"].as_i64(),
            p["ledger"]["spending"].as_array().unwrap().len()
        ),
        (Some(1000), 1)
    );
    // Another project may hold the same image.
    let other = v.open().await;
    v.funded_by_donor(&other, 5000).await;
    let other_line = v.lines(&other).await[0].clone();
    json_of(
        v.spend(Some(&host), &other, &other_line, 1000, &photo)
            .await,
        201,
    )
    .await;
}
