//! A village for the crowdfunding tests: Lushi County's officials (two at county level, one of
//! 杜关村, one of another village, one of a neighbouring county), a verified social organization
//! that hosts, a second verified social organization, an unverified one, donors with real-looking
//! names (which must never reach the public ledger), an enterprise, a household and an admin.

use crate::evidence_fixture::{jpeg, multipart, with_exif_gps, BOUNDARY};
use crate::helpers::app::{unique_email, Account, PASSWORD};
use crate::helpers::TestApp;
use crate::products_fixture::LUSHI_CREDIT_CODES;
use bangfu::clock::ManualClock;
use bangfu::jobs::{Registry, Runner};
use chrono::{DateTime, Duration, Utc};
use reqwest::{Method, Response};
use serde_json::{json, Value};
use std::sync::Arc;
use uuid::Uuid;

pub const VILLAGE: &str = "411224101200"; // 杜关镇 杜关村
pub const OTHER_VILLAGE: &str = "411224100001"; // 城关镇 和平里社区
pub const HOST_CODE: &str = "53411224MJ0000001N";
pub const OTHER_ORG_CODE: &str = "53411224MJ0000002R";
pub const UNVERIFIED_CODE: &str = "53411224MJ0000003W";
pub const DONOR_NAME: &str = "李秀英";
pub const HOST_NAME: &str = "卢氏县乡村振兴促进会";

pub struct Village {
    pub app: TestApp,
    pub admin: Account,
    /// Proposes (an official of 杜关村).
    pub proposer: Account,
    /// Another official of 杜关村.
    pub village2: Account,
    /// Reviews (Lushi County).
    pub county: Account,
    pub county2: Account,
    pub other_village: Account,
    pub neighbour: Account,
    pub host: Account,
    pub host_org: String,
    pub other_org: Account,
    pub unverified_org: Account,
    pub unverified_org_id: String,
    pub donor: Account,
    pub donor2: Account,
    pub enterprise: Account,
    pub household: Account,
}

async fn org_account(app: &TestApp, code: &str, name: &str) -> Account {
    app.register(
        json!({"email": unique_email("org"), "password": PASSWORD, "display_name": "王会长",
        "role": "social_org", "organization": {"name": name, "credit_code": code}}),
    )
    .await
}

async fn named_donor(app: &TestApp, name: &str) -> Account {
    app.register(json!({"email": unique_email("donor"), "password": PASSWORD,
        "display_name": name, "role": "donor"}))
        .await
}

impl Village {
    pub async fn new() -> Self {
        let app = TestApp::spawn().await;
        let admin = app.admin().await;
        let proposer = app.official(&admin, VILLAGE).await;
        let village2 = app.official(&admin, VILLAGE).await;
        let county = app.official(&admin, "411224").await;
        let county2 = app.official(&admin, "411224").await;
        let other_village = app.official(&admin, OTHER_VILLAGE).await;
        let neighbour = app.official(&admin, "411221").await;
        let host = org_account(&app, HOST_CODE, HOST_NAME).await;
        let other_org = org_account(&app, OTHER_ORG_CODE, "卢氏县爱心志愿者协会").await;
        let unverified_org = org_account(&app, UNVERIFIED_CODE, "卢氏县未核验协会").await;
        let donor = named_donor(&app, DONOR_NAME).await;
        let donor2 = named_donor(&app, "赵德胜").await;
        let enterprise = app.enterprise(LUSHI_CREDIT_CODES[0]).await;
        let household = app.household(VILLAGE).await;
        let mut v = Self {
            app,
            admin,
            proposer,
            village2,
            county,
            county2,
            other_village,
            neighbour,
            host,
            host_org: String::new(),
            other_org,
            unverified_org,
            unverified_org_id: String::new(),
            donor,
            donor2,
            enterprise,
            household,
        };
        v.host_org = v.verify(&v.host).await;
        v.verify(&v.other_org).await;
        v.unverified_org_id = v.org_id(&v.unverified_org).await;
        v
    }

    pub async fn org_id(&self, account: &Account) -> String {
        let me = json_of(
            self.app
                .get("/api/v1/me", Some(&account.tokens.access))
                .await,
            200,
        )
        .await;
        me["organization"]["id"].as_str().unwrap().to_owned()
    }

    /// The admin verifies the organization of `account`; its id.
    pub async fn verify(&self, account: &Account) -> String {
        let org = self.org_id(account).await;
        let r = self
            .app
            .post(
                &format!("/api/v1/admin/organizations/{org}/verify"),
                Some(&self.admin.tokens.access),
                &json!({}),
            )
            .await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        org
    }

    /// A cistern of 3,000 yuan: cement 2,000 and labour 1,000.
    pub fn proposal(&self) -> Value {
        json!({
            "title": "杜关村蓄水池",
            "description": "为全村 120 户修建一座 200 立方米的蓄水池",
            "region_code": VILLAGE,
            "host_organization_id": self.host_org,
            "target_fen": 300_000,
            "deadline": (Utc::now() + Duration::days(30)).to_rfc3339(),
            "budget": [
                {"item": "水泥和砂石", "amount_fen": 200_000},
                {"item": "人工", "amount_fen": 100_000}
            ]
        })
    }

    pub async fn propose(&self, token: &str, body: &Value) -> Response {
        self.app.post("/api/v1/projects", Some(token), body).await
    }

    /// Proposed by the village's official: its id.
    pub async fn proposed(&self) -> String {
        let body = self.proposal();
        id_of(self.propose(&self.proposer.tokens.access, &body).await).await
    }

    pub async fn review(&self, token: &str, project: &str, body: Value) -> Response {
        self.app
            .post(
                &format!("/api/v1/projects/{project}/review"),
                Some(token),
                &body,
            )
            .await
    }

    /// Proposed and approved by the county: its id.
    pub async fn open(&self) -> String {
        let id = self.proposed().await;
        let r = self
            .review(
                &self.county.tokens.access,
                &id,
                json!({"decision": "approve"}),
            )
            .await;
        json_of(r, 200).await;
        id
    }

    pub async fn pledge_with(
        &self,
        token: &str,
        project: &str,
        body: &Value,
        key: &str,
    ) -> Response {
        self.app
            .request(
                Method::POST,
                &format!("/api/v1/projects/{project}/pledges"),
                Some(token),
            )
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// `token` pledges `amount` fen: the pledge's id.
    pub async fn pledged(&self, token: &str, project: &str, amount: i64) -> String {
        let r = self
            .pledge_with(token, project, &json!({"amount_fen": amount}), &new_key())
            .await;
        id_of(r).await
    }

    pub async fn receipt(&self, token: &str, project: &str, pledge: &str, amount: i64) -> Response {
        let body = json!({"pledge_id": pledge, "amount_fen": amount, "received_on": today()});
        self.app
            .post(
                &format!("/api/v1/projects/{project}/receipts"),
                Some(token),
                &body,
            )
            .await
    }

    pub async fn refund(&self, token: &str, project: &str, pledge: &str, amount: i64) -> Response {
        let body = json!({"pledge_id": pledge, "amount_fen": amount, "refunded_on": today()});
        self.app
            .post(
                &format!("/api/v1/projects/{project}/refunds"),
                Some(token),
                &body,
            )
            .await
    }

    /// Pledged by the donor and received in full by the host: the pledge's id.
    pub async fn funded_by_donor(&self, project: &str, amount: i64) -> String {
        let p = self
            .pledged(&self.donor.tokens.access, project, amount)
            .await;
        let r = self
            .receipt(&self.host.tokens.access, project, &p, amount)
            .await;
        json_of(r, 201).await;
        p
    }

    /// Records spending with a fresh `Idempotency-Key`.
    pub async fn spend(
        &self,
        token: Option<&str>,
        project: &str,
        line: &str,
        amount: i64,
        file: &[u8],
    ) -> Response {
        let key = new_key();
        self.spend_keyed(token, project, line, amount, file, Some(&key))
            .await
    }

    pub async fn spend_keyed(
        &self,
        token: Option<&str>,
        project: &str,
        line: &str,
        amount: i64,
        file: &[u8],
        key: Option<&str>,
    ) -> Response {
        let amount = amount.to_string();
        let date = today();
        let body = multipart(&[
            ("budget_line_id", None, "text/plain", line.as_bytes()),
            ("amount_fen", None, "text/plain", amount.as_bytes()),
            (
                "description",
                None,
                "text/plain",
                "购买水泥 40 袋".as_bytes(),
            ),
            ("spent_on", None, "text/plain", date.as_bytes()),
            ("file", Some("receipt.jpg"), "image/jpeg", file),
        ]);
        let mut r = self
            .app
            .request(
                Method::POST,
                &format!("/api/v1/projects/{project}/spending"),
                token,
            )
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            );
        if let Some(key) = key {
            r = r.header("Idempotency-Key", key);
        }
        r.body(body).send().await.unwrap()
    }

    pub async fn close(&self, token: &str, project: &str, body: Value) -> Response {
        self.app
            .post(
                &format!("/api/v1/projects/{project}/close"),
                Some(token),
                &body,
            )
            .await
    }

    pub async fn page(&self, token: Option<&str>, project: &str) -> Response {
        self.app
            .get(&format!("/api/v1/projects/{project}"), token)
            .await
    }

    /// The project's page as the host sees it.
    pub async fn seen(&self, project: &str) -> Value {
        json_of(
            self.page(Some(&self.host.tokens.access), project).await,
            200,
        )
        .await
    }

    /// The ids of the project's budget lines, in order.
    pub async fn lines(&self, project: &str) -> Vec<String> {
        self.seen(project).await["budget"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["id"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Runs every waiting job of `kind` with the clock at `now`.
    pub async fn run_job(&self, kind: &str, now: DateTime<Utc>) {
        let mut conn = self.app.conn().await;
        bangfu::jobs::enqueue(&mut conn, kind, json!({}))
            .await
            .unwrap();
        let runner = Runner::new(self.app.pool.clone(), Registry::standard())
            .clock(Arc::new(ManualClock::new(now)));
        while runner.run_once_of(kind).await.unwrap() {}
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
}

/// A receipt photo with GPS in its EXIF block, a different image at each call (one project
/// refuses the same image twice).
pub fn receipt_photo() -> Vec<u8> {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    with_exif_gps(&jpeg(1200 + n % 400, 900))
}

pub fn today() -> String {
    Utc::now().date_naive().to_string()
}

pub fn new_key() -> String {
    Uuid::new_v4().to_string()
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
