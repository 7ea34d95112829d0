//! Orders under pressure and over time: 100 clients racing for the last 10 units, expiry after the
//! payment and shipping windows (settings) giving the stock back, erasure of the delivery details
//! 90 days after an order ends, and the mail of every move through a real SMTP server.

use crate::helpers::smtp::SmtpServer;
use crate::helpers::TestApp;
use crate::orders::audit_of;
use crate::products_fixture::{id_of, json_of, Market, DELIVERY_ADDRESS, DELIVERY_PHONE};
use bangfu::clock::ManualClock;
use bangfu::jobs::{Registry, Runner};
use chrono::{Duration, Utc};
use serde_json::json;
use std::sync::Arc;

#[tokio::test]
async fn a_hundred_clients_racing_for_the_last_ten_units_never_oversell() {
    let m = Market::new().await;
    let product = m.listed(10).await;
    let buyers = [&m.donor, &m.donor2, &m.enterprise];
    let tasks: Vec<_> = (0..100)
        .map(|i| {
            let token = buyers[i % buyers.len()].tokens.access.clone();
            let url = m.app.url(&format!("/api/v1/products/{product}/orders"));
            tokio::spawn(async move {
                // Each its own client: a hundred separate connections.
                reqwest::Client::new()
                    .post(url)
                    .bearer_auth(token)
                    .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
                    .json(&crate::products_fixture::order_body(1))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let placed = statuses.iter().filter(|s| **s == 201).count();
    let refused = statuses.iter().filter(|s| **s == 409).count();
    assert_eq!((placed, refused), (10, 90), "{statuses:?}");
    assert_eq!(m.stock(&product).await, 0);
    let sales = json_of(
        m.app
            .get(
                "/api/v1/me/sales?per_page=100",
                Some(&m.household.tokens.access),
            )
            .await,
        200,
    )
    .await;
    let units: i64 = sales["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["quantity"].as_i64().unwrap())
        .sum();
    assert_eq!((sales["total"].as_i64(), units), (Some(10), 10));
}

async fn run(m: &Market, kind: &str, clock: &ManualClock) {
    let mut conn = m.app.conn().await;
    bangfu::jobs::enqueue(&mut conn, kind, json!({}))
        .await
        .unwrap();
    let runner =
        Runner::new(m.app.pool.clone(), Registry::standard()).clock(Arc::new(clock.clone()));
    while runner.run_once_of(kind).await.unwrap() {}
}

#[tokio::test]
async fn unpaid_and_unshipped_orders_expire_by_the_settings_and_give_their_stock_back() {
    let app = TestApp::builder()
        .var("BANGFU_ORDER_PAYMENT_DAYS", "2")
        .var("BANGFU_ORDER_SHIPPING_DAYS", "5")
        .spawn()
        .await;
    let m = Market::with_app(app).await;
    let product = m.listed(20).await;
    let seller = &m.household.tokens.access;
    let unpaid = json_of(m.order(&m.donor.tokens.access, &product, 3).await, 201).await;
    let expires: chrono::DateTime<Utc> = unpaid["expires_at"].as_str().unwrap().parse().unwrap();
    assert!(
        (expires - (Utc::now() + Duration::days(2)))
            .num_minutes()
            .abs()
            < 5,
        "{expires}"
    );
    let unshipped = id_of(m.order(&m.donor2.tokens.access, &product, 4).await).await;
    let paid = json_of(m.act(seller, &unshipped, "paid", json!({})).await, 200).await;
    let expires: chrono::DateTime<Utc> = paid["expires_at"].as_str().unwrap().parse().unwrap();
    assert!(
        (expires - (Utc::now() + Duration::days(5)))
            .num_minutes()
            .abs()
            < 5,
        "{expires}"
    );
    let shipped = id_of(m.order(&m.donor2.tokens.access, &product, 5).await).await;
    m.act(seller, &shipped, "paid", json!({})).await;
    m.act(seller, &shipped, "ship", json!({})).await;
    assert_eq!(m.stock(&product).await, 8);
    let clock = ManualClock::new(Utc::now() + Duration::days(1));
    run(&m, bangfu::jobs::orders::EXPIRE, &clock).await;
    assert_eq!(m.stock(&product).await, 8, "nothing is due after one day");
    clock.advance(Duration::days(2));
    run(&m, bangfu::jobs::orders::EXPIRE, &clock).await;
    assert_eq!(
        m.stock(&product).await,
        11,
        "the unpaid order expired after 2 days"
    );
    clock.advance(Duration::days(3));
    run(&m, bangfu::jobs::orders::EXPIRE, &clock).await;
    assert_eq!(
        m.stock(&product).await,
        15,
        "the unshipped order expired 5 days after payment"
    );
    let status = |id: String| {
        let m = &m;
        async move {
            json_of(
                m.app
                    .get(&format!("/api/v1/orders/{id}"), Some(seller))
                    .await,
                200,
            )
            .await["status"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    assert_eq!(
        status(unpaid["id"].as_str().unwrap().to_owned()).await,
        "expired"
    );
    assert_eq!(status(unshipped.clone()).await, "expired");
    assert_eq!(
        status(shipped).await,
        "shipped",
        "shipped orders never expire"
    );
    let events = audit_of(&m, &unshipped).await;
    assert!(
        events.last().unwrap().starts_with("order.expired"),
        "{events:?}"
    );
    // The buyer can no longer pay an expired order.
    crate::helpers::app::expect_problem(
        m.act(seller, &unshipped, "ship", json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
}

#[tokio::test]
async fn delivery_details_are_erased_ninety_days_after_the_order_ends() {
    let m = Market::new().await;
    let product = m.listed(20).await;
    let (buyer, seller) = (&m.donor.tokens.access, &m.household.tokens.access);
    let ended = id_of(m.order(buyer, &product, 1).await).await;
    m.act(buyer, &ended, "cancel", json!({})).await;
    let open = id_of(m.order(buyer, &product, 1).await).await;
    m.act(seller, &open, "paid", json!({})).await;
    m.act(seller, &open, "ship", json!({})).await;
    let clock = ManualClock::new(Utc::now() + Duration::days(89));
    run(&m, bangfu::jobs::orders::ERASE, &clock).await;
    let v = json_of(
        m.app
            .get(&format!("/api/v1/orders/{ended}"), Some(buyer))
            .await,
        200,
    )
    .await;
    assert_eq!(v["delivery"]["phone"], DELIVERY_PHONE, "kept for 90 days");
    clock.advance(Duration::days(2));
    run(&m, bangfu::jobs::orders::ERASE, &clock).await;
    for token in [buyer, seller] {
        let v = json_of(
            m.app
                .get(&format!("/api/v1/orders/{ended}"), Some(token))
                .await,
            200,
        )
        .await;
        assert!(
            v.get("delivery").is_none() && v["delivery_erased"] == true,
            "{v}"
        );
    }
    let v = json_of(
        m.app
            .get(&format!("/api/v1/orders/{open}"), Some(seller))
            .await,
        200,
    )
    .await;
    assert_eq!(
        v["delivery"]["address"], DELIVERY_ADDRESS,
        "an order still on its way keeps them"
    );
    // Nothing of the erased order's delivery is left in the database.
    let mut conn = m.app.conn().await;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let n: N = diesel_async::RunQueryDsl::get_result(
        diesel::sql_query(format!(
            "SELECT count(*) AS n FROM orders WHERE id = '{ended}' AND delivery_name IS NULL AND delivery_phone IS NULL \
             AND delivery_address IS NULL AND delivery_erased_at IS NOT NULL"
        )),
        &mut conn,
    )
    .await
    .unwrap();
    assert_eq!(n.n, 1);
    assert!(audit_of(&m, &ended)
        .await
        .last()
        .unwrap()
        .starts_with("order.delivery_erased"));
}

#[tokio::test]
async fn mail_to_the_seller_on_an_order_and_a_receipt_and_to_the_buyer_on_payment_and_shipping() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::builder()
        .var("SMTP_URL", &smtp.url())
        .var("BANGFU_JOB_WORKERS", "2")
        .spawn()
        .await;
    let m = Market::with_app(app).await;
    // The buyer reads English; the seller Chinese (the default).
    let r = m
        .app
        .request(
            reqwest::Method::PATCH,
            "/api/v1/me/notifications",
            Some(&m.donor.tokens.access),
        )
        .json(&json!({"language": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let product = m.listed(20).await;
    let (buyer, seller) = (&m.donor.tokens.access, &m.household.tokens.access);
    let id = id_of(m.order(buyer, &product, 3).await).await;
    let placed = smtp.mail_to(&m.household.email, "新订单").await;
    assert!(
        placed.text.contains(&format!("/orders/{id}")) && placed.text.contains("90.00"),
        "{}",
        placed.text
    );
    m.act(seller, &id, "paid", json!({})).await;
    smtp.mail_to(&m.donor.email, "Payment recorded").await;
    m.act(seller, &id, "ship", json!({"tracking_ref": "SF20261130"}))
        .await;
    let shipped = smtp.mail_to(&m.donor.email, "Shipped").await;
    assert!(shipped.text.contains("SF20261130"), "{}", shipped.text);
    m.act(
        buyer,
        &id,
        "receive",
        json!({"rating": 4, "review": "very fresh"}),
    )
    .await;
    let received = smtp.mail_to(&m.household.email, "买家已确认收货").await;
    assert!(
        received.text.contains("very fresh") && received.text.contains("4"),
        "{}",
        received.text
    );
    // No mail carries the delivery details, and officials hear nothing of orders.
    for mail in smtp.messages() {
        let all = format!("{}{}{}", mail.raw, mail.text, mail.html);
        assert!(
            !all.contains(DELIVERY_PHONE)
                && !mail.text.contains("花园路")
                && !mail.text.contains("陈晓明"),
            "{}",
            mail.text
        );
        if mail.text.contains("/orders/") {
            assert!(
                [&m.household.email, &m.donor.email].contains(&&mail.to),
                "order mail to {}",
                mail.to
            );
        }
    }
}
