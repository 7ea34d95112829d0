//! A small job board for the job posting and application tests: Lushi County's officials (county,
//! the township of 杜关, and a neighbouring county's), two households of Lushi (one in 杜关村, one
//! in another township), a verified Lushi enterprise that posts jobs, a second verified
//! enterprise, an unverified social organization, a donor and an admin.

use crate::helpers::app::{Account, CREDIT_CODES};
use crate::helpers::TestApp;
use crate::products_fixture::LUSHI_CREDIT_CODES;
use reqwest::{Method, Response};
use serde_json::{json, Value};
use uuid::Uuid;

pub const VILLAGE: &str = "411224101200"; // 杜关镇 杜关村
pub const OTHER_VILLAGE: &str = "411224100001"; // 城关镇 和平里社区
pub const PHONE: &str = "13912345678";
pub const OTHER_PHONE: &str = "13987654321";

pub struct Board {
    pub app: TestApp,
    pub admin: Account,
    pub county: Account,
    pub township: Account,
    pub neighbour: Account,
    pub household: Account,
    pub household_id: String,
    pub household2: Account,
    pub household2_id: String,
    pub employer: Account,
    pub enterprise2: Account,
    pub unverified: Account,
    pub donor: Account,
}

impl Board {
    pub async fn new() -> Self {
        let app = TestApp::spawn().await;
        let admin = app.admin().await;
        let county = app.official(&admin, "411224").await;
        let township = app.official(&admin, "411224101").await;
        let neighbour = app.official(&admin, "411221").await;
        let household = app.household(VILLAGE).await;
        let household_id = household.body["household"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let household2 = app.household(OTHER_VILLAGE).await;
        let household2_id = household2.body["household"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let employer = app.enterprise(LUSHI_CREDIT_CODES[0]).await;
        let enterprise2 = app.enterprise(LUSHI_CREDIT_CODES[1]).await;
        let unverified = app.social_org(CREDIT_CODES[3]).await;
        let donor = app.donor().await;
        let b = Self {
            app,
            admin,
            county,
            township,
            neighbour,
            household,
            household_id,
            household2,
            household2_id,
            employer,
            enterprise2,
            unverified,
            donor,
        };
        b.verify(&b.employer).await;
        b.verify(&b.enterprise2).await;
        b.set_work(&b.household_id, 2).await;
        b.set_work(&b.household2_id, 2).await;
        b.sql(&format!(
            "UPDATE households SET phone = '{PHONE}' WHERE id = '{}'",
            b.household_id
        ))
        .await;
        b.sql(&format!(
            "UPDATE households SET phone = '{OTHER_PHONE}' WHERE id = '{}'",
            b.household2_id
        ))
        .await;
        b
    }

    /// The admin verifies the organization of `account`.
    pub async fn verify(&self, account: &Account) {
        let me = json_of(
            self.app
                .get("/api/v1/me", Some(&account.tokens.access))
                .await,
            200,
        )
        .await;
        let org = me["organization"]["id"].as_str().unwrap();
        let r = self
            .app
            .post(
                &format!("/api/v1/admin/organizations/{org}/verify"),
                Some(&self.admin.tokens.access),
                &json!({}),
            )
            .await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }

    /// Records `able` members able to work (the household_work row another flow writes).
    pub async fn set_work(&self, household_id: &str, able: i32) {
        self.sql(&format!(
            "INSERT INTO household_work (household_id, region_code, able_to_work, skills, willing_to_travel, updated_by)
             SELECT h.id, h.region_code, {able}, '{{sewing}}', 'county', '{}' FROM households h WHERE h.id = '{household_id}'
             ON CONFLICT (household_id) DO UPDATE SET able_to_work = EXCLUDED.able_to_work",
            self.county.id
        ))
        .await;
    }

    pub async fn sql(&self, q: &str) {
        let mut conn = self.app.conn().await;
        diesel_async::RunQueryDsl::execute(diesel::sql_query(q), &mut conn)
            .await
            .unwrap();
    }

    /// A count from SQL.
    pub async fn count(&self, q: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = self.app.conn().await;
        let r: N = diesel_async::RunQueryDsl::get_result(diesel::sql_query(q), &mut conn)
            .await
            .unwrap();
        r.n
    }

    pub async fn post_job(&self, token: &str, body: &Value) -> Response {
        self.app.post("/api/v1/jobs", Some(token), body).await
    }

    /// An open job of the employer with `positions` positions.
    pub async fn job(&self, positions: i64) -> String {
        let mut b = workshop();
        b["positions"] = json!(positions);
        id_of(self.post_job(&self.employer.tokens.access, &b).await).await
    }

    pub async fn get(&self, token: Option<&str>, path: &str) -> Response {
        self.app.get(path, token).await
    }

    pub async fn patch(&self, token: &str, job: &str, body: &Value) -> Response {
        self.app
            .request(Method::PATCH, &format!("/api/v1/jobs/{job}"), Some(token))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn apply(&self, token: &str, job: &str, body: &Value) -> Response {
        self.app
            .post(
                &format!("/api/v1/jobs/{job}/applications"),
                Some(token),
                body,
            )
            .await
    }

    /// The household applies for itself: the application's id.
    pub async fn applied(&self, job: &str) -> String {
        id_of(
            self.apply(&self.household.tokens.access, job, &application())
                .await,
        )
        .await
    }

    pub async fn act(&self, token: &str, application: &str, action: &str, body: Value) -> Response {
        self.app
            .post(
                &format!("/api/v1/applications/{application}/{action}"),
                Some(token),
                &body,
            )
            .await
    }

    /// Applied, invited and accepted.
    pub async fn accepted(&self, job: &str) -> String {
        let a = self.applied(job).await;
        let e = &self.employer.tokens.access;
        json_of(self.act(e, &a, "invite", json!({})).await, 200).await;
        let h = &self.household.tokens.access;
        json_of(self.act(h, &a, "accept", json!({})).await, 200).await;
        a
    }
}

/// A village workshop (扶贫车间) in 杜关村.
pub fn workshop() -> Value {
    let until = (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339();
    json!({"title": "杜关村扶贫车间 缝纫工", "description": "来料加工，计件工资，包午饭。",
        "region_code": VILLAGE, "positions": 2, "pay_min_fen": 250_000, "pay_max_fen": 400_000,
        "pay_period": "month", "skills": ["sewing", "handicraft"], "housing": false,
        "valid_until": until})
}

pub fn application() -> Value {
    json!({"age_band": "35_44", "skills": ["sewing"], "note": "做过三年缝纫"})
}

pub fn hire_terms() -> Value {
    let start = (chrono::Utc::now() + chrono::Duration::days(7)).date_naive();
    json!({"start_date": start.to_string(), "pay_fen": 320_000})
}

pub async fn id_of(r: Response) -> String {
    json_of(r, 201).await["id"].as_str().unwrap().to_owned()
}

pub async fn json_of(r: Response, status: u16) -> Value {
    let s = r.status();
    let text = r.text().await.unwrap();
    assert_eq!(s, status, "{text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

pub fn new_key() -> String {
    Uuid::new_v4().to_string()
}
