//! A campaign drive for the campaign tests: the needs world (Lushi County's officials and two
//! households, a donor, an unverified enterprise), plus an official of Sanmenxia city, a second
//! donor, and two verified Lushi enterprises that pledge matching funds.

use crate::helpers::app::Account;
use crate::helpers::TestApp;
use crate::needs_fixture::{need_body, World, OTHER_VILLAGE, VILLAGE};
use crate::products_fixture::LUSHI_CREDIT_CODES;
use reqwest::Response;
use serde_json::{json, Value};

pub struct Drive {
    pub w: World,
    /// An official of Sanmenxia city (4112), which holds Lushi County.
    pub city: Account,
    pub donor2: Account,
    /// Verified enterprises.
    pub ent: Account,
    pub ent2: Account,
}

/// A need open for pledges, and the token of its household (which confirms receipt).
pub struct OpenNeed {
    pub id: String,
    pub household: String,
}

pub fn at(hours_from_now: f64) -> String {
    (chrono::Utc::now() + chrono::Duration::seconds((hours_from_now * 3600.0) as i64)).to_rfc3339()
}

/// A campaign running from an hour ago for six days, over 杜关镇 (Lushi), every category.
pub fn campaign_body(regions: &[&str]) -> Value {
    json!({"name": "扶贫日爱心周", "description": "10 月 17 日扶贫日：企业配捐，爱心加倍。",
        "starts_at": at(-1.0), "ends_at": at(24.0 * 6.0), "regions": regions, "categories": []})
}

pub async fn json_of(r: Response, status: u16) -> Value {
    let s = r.status().as_u16();
    let body = r.text().await.unwrap();
    assert_eq!(s, status, "{body}");
    serde_json::from_str(&body).unwrap()
}

impl Drive {
    pub async fn new() -> Self {
        let w = World::new().await;
        let city = w.app.official(&w.admin, "4112").await;
        let donor2 = w.app.donor().await;
        let ent = w.app.enterprise(LUSHI_CREDIT_CODES[0]).await;
        let ent2 = w.app.enterprise(LUSHI_CREDIT_CODES[1]).await;
        let d = Self {
            w,
            city,
            donor2,
            ent,
            ent2,
        };
        d.verify(&d.ent).await;
        d.verify(&d.ent2).await;
        d
    }

    pub fn app(&self) -> &TestApp {
        &self.w.app
    }

    /// The admin verifies the organization of `account`.
    pub async fn verify(&self, account: &Account) {
        let me = json_of(
            self.app()
                .get("/api/v1/me", Some(&account.tokens.access))
                .await,
            200,
        )
        .await;
        let org = me["organization"]["id"].as_str().unwrap();
        let r = self
            .app()
            .post(
                &format!("/api/v1/admin/organizations/{org}/verify"),
                Some(&self.w.admin.tokens.access),
                &json!({}),
            )
            .await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }

    pub async fn sql(&self, q: &str) {
        let mut conn = self.app().conn().await;
        diesel_async::RunQueryDsl::execute(diesel::sql_query(q), &mut conn)
            .await
            .unwrap();
    }

    pub async fn sql_i64(&self, q: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = self.app().conn().await;
        let n: N = diesel_async::RunQueryDsl::get_result(diesel::sql_query(q), &mut conn)
            .await
            .unwrap();
        n.n
    }

    /// The admin opens a campaign; its id.
    pub async fn campaign(&self, body: Value) -> String {
        let v = json_of(
            self.app()
                .post(
                    "/api/v1/campaigns",
                    Some(&self.w.admin.tokens.access),
                    &body,
                )
                .await,
            201,
        )
        .await;
        v["id"].as_str().unwrap().to_owned()
    }

    pub async fn get(&self, campaign: &str) -> Value {
        json_of(
            self.app()
                .get(&format!("/api/v1/campaigns/{campaign}"), None)
                .await,
            200,
        )
        .await
    }

    pub async fn fund_as(&self, token: &str, campaign: &str, ratio: &str, cap: i64) -> Response {
        self.app()
            .post(
                &format!("/api/v1/campaigns/{campaign}/funds"),
                Some(token),
                &json!({"ratio": ratio, "cap_fen": cap}),
            )
            .await
    }

    /// `ent` pledges a fund; its id.
    pub async fn fund(&self, ent: &Account, campaign: &str, ratio: &str, cap: i64) -> String {
        let v = json_of(
            self.fund_as(&ent.tokens.access, campaign, ratio, cap).await,
            201,
        )
        .await;
        v["id"].as_str().unwrap().to_owned()
    }

    /// An approved need of `quantity` worth `value_fen` in all, in 杜关村 (`other` false) or in
    /// 城关镇 (`other` true).
    pub async fn need(
        &self,
        value_fen: i64,
        quantity: i64,
        category: &str,
        other: bool,
    ) -> OpenNeed {
        let (village, household) = if other {
            (OTHER_VILLAGE, &self.w.other_household)
        } else {
            (VILLAGE, &self.w.household)
        };
        let mut b = need_body("冬季棉被", village);
        b["quantity"] = json!(quantity);
        b["unit"] = json!("床");
        b["category"] = json!(category);
        b["estimated_value_fen"] = json!(value_fen);
        let v = json_of(self.w.post_need(&household.tokens.access, &b).await, 201).await;
        let id = v["id"].as_str().unwrap().to_owned();
        let r = self
            .w
            .review(
                &self.w.county.tokens.access,
                &id,
                json!({"decision": "approve"}),
            )
            .await;
        assert_eq!(r.status(), 200);
        OpenNeed {
            id,
            household: household.tokens.access.clone(),
        }
    }

    pub async fn act(&self, token: &str, pledge: &str, action: &str, body: Value) -> Response {
        self.app()
            .post(
                &format!("/api/v1/pledges/{pledge}/{action}"),
                Some(token),
                &body,
            )
            .await
    }

    /// A pledge of `quantity` by `supporter`, approved by the county official: its id and receipt
    /// code.
    pub async fn approved(
        &self,
        supporter: &Account,
        need: &OpenNeed,
        quantity: i64,
    ) -> (String, String) {
        let r = self
            .app()
            .request(
                reqwest::Method::POST,
                &format!("/api/v1/needs/{}/pledges", need.id),
                Some(&supporter.tokens.access),
            )
            .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
            .json(&json!({"quantity": quantity, "message": "一点心意"}))
            .send()
            .await
            .unwrap();
        let p = json_of(r, 201).await;
        let id = p["id"].as_str().unwrap().to_owned();
        let county = &self.w.county.tokens.access;
        let a = json_of(self.act(county, &id, "approve", json!({})).await, 200).await;
        (id, a["receipt_code"].as_str().unwrap().to_owned())
    }

    /// Approved and delivered (without the receipt code).
    pub async fn delivered(&self, supporter: &Account, need: &OpenNeed, quantity: i64) -> String {
        let (id, _) = self.approved(supporter, need, quantity).await;
        let body = json!({"note": "已送到村委会"});
        json_of(
            self.act(&supporter.tokens.access, &id, "deliver", body)
                .await,
            200,
        )
        .await;
        id
    }

    /// Delivered and confirmed by the household.
    pub async fn confirmed(&self, supporter: &Account, need: &OpenNeed, quantity: i64) -> String {
        let id = self.delivered(supporter, need, quantity).await;
        let v = json_of(
            self.act(&need.household, &id, "confirm", json!({})).await,
            200,
        )
        .await;
        assert_eq!(v["status"], "confirmed");
        id
    }

    /// The matches a pledge drew, as (fund id, amount), by fund id.
    pub async fn matches_of(&self, pledge: &str) -> Vec<(String, i64)> {
        #[derive(diesel::QueryableByName)]
        struct M {
            #[diesel(sql_type = diesel::sql_types::Text)]
            fund: String,
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            amount: i64,
        }
        let mut conn = self.app().conn().await;
        let rows: Vec<M> = diesel_async::RunQueryDsl::load(
            diesel::sql_query(format!(
                "SELECT fund_id::text AS fund, amount_fen AS amount FROM campaign_matches
                 WHERE pledge_id = '{pledge}' ORDER BY fund_id"
            )),
            &mut conn,
        )
        .await
        .unwrap();
        rows.into_iter().map(|m| (m.fund, m.amount)).collect()
    }
}
