//! A small world for the needs tests: Lushi County's officials, two households, supporters, and a
//! neighbouring county's official.

use crate::helpers::app::{Account, CREDIT_CODES, PASSWORD};
use crate::helpers::TestApp;
use reqwest::Response;
use serde_json::{json, Value};

pub const VILLAGE: &str = "411224101200"; // 杜关镇 杜关村
pub const OTHER_VILLAGE: &str = "411224100001"; // 城关镇
pub const HEAD_NAME: &str = "王秀兰";
pub const ID_NUMBER: &str = "411224198506120030";
pub const PHONE: &str = "13912345678";

pub struct World {
    pub app: TestApp,
    pub admin: Account,
    pub county: Account,
    pub township: Account,
    pub other_township: Account,
    pub neighbour: Account,
    pub household: Account,
    pub household_id: String,
    pub other_household: Account,
    pub donor: Account,
    pub enterprise: Account,
}

impl World {
    pub async fn new() -> Self {
        Self::with_app(TestApp::spawn().await).await
    }

    /// A world whose server runs job workers, so the search indexes follow every change.
    pub async fn with_workers() -> Self {
        Self::with_app(
            TestApp::builder()
                .var("BANGFU_JOB_WORKERS", "2")
                .spawn()
                .await,
        )
        .await
    }

    /// GETs `path` (a search) until it answers `total` (bounded), and returns that answer.
    pub async fn eventually_total(&self, path: &str, total: u64) -> Value {
        let mut last = Value::Null;
        for _ in 0..100 {
            last = self.app.get(path, None).await.json().await.unwrap();
            if last["total"] == total {
                return last;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("{path} never reached {total}: {last}");
    }

    pub async fn with_app(app: TestApp) -> Self {
        let admin = app.admin().await;
        let county = app.official(&admin, "411224").await;
        let township = app.official(&admin, "411224101").await;
        let other_township = app.official(&admin, "411224100").await;
        let neighbour = app.official(&admin, "411221").await;
        let household = app
            .register(json!({"email": crate::helpers::app::unique_email("hh"), "password": PASSWORD, "display_name": "王家",
                "role": "household", "household": {"head_name": HEAD_NAME, "region_code": VILLAGE, "id_number": ID_NUMBER,
                "phone": PHONE, "size": 5, "causes": ["illness", "disability"]}}))
            .await;
        let household_id = household.body["household"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let other_household = app.household(OTHER_VILLAGE).await;
        let donor = app.donor().await;
        let enterprise = app.enterprise(CREDIT_CODES[1]).await;
        // The county official registers the household as monitored (监测户).
        let r = app
            .request(
                reqwest::Method::PATCH,
                &format!("/api/v1/households/{household_id}"),
                Some(&county.tokens.access),
            )
            .json(&json!({"monitoring_status": "registered_poor"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        Self {
            app,
            admin,
            county,
            township,
            other_township,
            neighbour,
            household,
            household_id,
            other_household,
            donor,
            enterprise,
        }
    }

    pub async fn post_need(&self, token: &str, body: &Value) -> Response {
        self.app.post("/api/v1/needs", Some(token), body).await
    }

    /// A need posted by the household, waiting for review. Returns its id.
    pub async fn pending_need(&self, title: &str) -> String {
        let r = self
            .post_need(&self.household.tokens.access, &need_body(title, VILLAGE))
            .await;
        assert_eq!(r.status(), 201);
        r.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A need approved by the county official.
    pub async fn open_need(&self, title: &str) -> String {
        let id = self.pending_need(title).await;
        let r = self
            .review(
                &self.county.tokens.access,
                &id,
                json!({"decision": "approve"}),
            )
            .await;
        assert_eq!(r.status(), 200);
        id
    }

    pub async fn review(&self, token: &str, id: &str, body: Value) -> Response {
        self.app
            .post(&format!("/api/v1/needs/{id}/review"), Some(token), &body)
            .await
    }
}

pub fn deadline_in(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339()
}

pub fn need_body(title: &str, village: &str) -> Value {
    json!({"title": title, "description": "父亲因脑梗偏瘫，行动不便，需要轮椅出行就医。", "category": "care",
        "quantity": 1, "unit": "台", "estimated_value_fen": 80_000, "urgency": "urgent",
        "deadline": deadline_in(30), "region_code": village})
}
