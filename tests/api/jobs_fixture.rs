//! A small labour market for the jobs tests (who can work, matches, retention checks, figures):
//! Lushi County's officials (county and township), a neighbouring county's official, a household
//! with an account, two enterprises and a donor. Job postings and applications are rows written
//! here by SQL: their API lives in another part of the jobs work.

use crate::helpers::app::Account;
use crate::helpers::TestApp;
use diesel::sql_types::BigInt;
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use reqwest::{Method, Response};
use serde_json::Value;
use uuid::Uuid;

pub const VILLAGE: &str = "411224101200"; // 杜关镇 杜关村
pub const SAME_TOWNSHIP: &str = "411224101201"; // 杜关镇 龙王庙村
pub const OTHER_TOWNSHIP: &str = "411224102200"; // 五里川镇 五里川村
pub const OTHER_COUNTY: &str = "411282101201"; // 灵宝市 阎李村
/// Valid unified social credit codes of Lushi County (411224) organizations.
pub const CREDIT_CODES: [&str; 2] = ["91411224MA45BF0Q7T", "91411224MA46L05H19"];

pub struct Board {
    pub app: TestApp,
    pub admin: Account,
    pub county: Account,
    pub township: Account,
    pub neighbour: Account,
    pub household: Account,
    pub household_id: Uuid,
    pub enterprise: Account,
    pub enterprise2: Account,
    pub donor: Account,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
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
            .parse()
            .unwrap();
        let enterprise = app.enterprise(CREDIT_CODES[0]).await;
        let enterprise2 = app.enterprise(CREDIT_CODES[1]).await;
        let donor = app.donor().await;
        Self {
            app,
            admin,
            county,
            township,
            neighbour,
            household,
            household_id,
            enterprise,
            enterprise2,
            donor,
        }
    }

    pub async fn exec(&self, sql: &str) {
        let mut conn = self.app.conn().await;
        diesel::sql_query(sql)
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{e}: {sql}"));
    }

    /// `sql` selects one bigint named `n`.
    pub async fn count(&self, sql: &str) -> i64 {
        let mut conn = self.app.conn().await;
        diesel::sql_query(sql)
            .get_result::<Count>(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{e}: {sql}"))
            .n
    }

    /// A job of `employer`'s organization at `region`, asking `skills`, paid by `period`.
    pub async fn job(
        &self,
        employer: &Account,
        region: &str,
        skills: &[&str],
        period: &str,
    ) -> Uuid {
        let id = Uuid::new_v4();
        let skills = format!("{{{}}}", skills.join(","));
        self.exec(&format!(
            "INSERT INTO job_postings (id, employer_id, organization_id, title, region_code, positions,
                 pay_min_fen, pay_max_fen, pay_period, skills, valid_until)
             SELECT '{id}', u.id, u.organization_id, '扶贫车间 缝纫工', '{region}', 10, 200000, 300000,
                    '{period}', '{skills}', now() + interval '30 days'
             FROM users u WHERE u.id = '{}'",
            employer.id
        ))
        .await;
        id
    }

    /// A household without an account, in `village`.
    pub async fn household_row(&self, village: &str) -> Uuid {
        let id = Uuid::new_v4();
        self.exec(&format!(
            "INSERT INTO households (id, head_name, region_code) VALUES ('{id}', '李四', '{village}')"
        ))
        .await;
        id
    }

    /// Records who in `household` can work, as its official would.
    pub async fn work(&self, household: Uuid, able: i16, skills: &[&str], travel: &str) {
        self.exec(&format!(
            "INSERT INTO household_work (household_id, region_code, able_to_work, skills,
                 willing_to_travel, updated_by)
             SELECT h.id, h.region_code, {able}, '{{{}}}', '{travel}', '{}' FROM households h
             WHERE h.id = '{household}'",
            skills.join(","),
            self.county.id
        ))
        .await;
    }

    /// A household with a work profile, in one call.
    pub async fn worker(&self, village: &str, able: i16, skills: &[&str], travel: &str) -> Uuid {
        let id = self.household_row(village).await;
        self.work(id, able, skills, travel).await;
        id
    }

    /// An application of `household` to `job` in `status`; a hire starts `started_days_ago` days
    /// ago at `pay_fen`.
    pub async fn application(
        &self,
        job: Uuid,
        household: Uuid,
        status: &str,
        started_days_ago: i64,
        pay_fen: i64,
    ) -> Uuid {
        let id = Uuid::new_v4();
        let hire = if status == "hired" {
            format!("now(), current_date - {started_days_ago}, {pay_fen}")
        } else {
            "NULL, NULL, NULL".to_owned()
        };
        self.exec(&format!(
            "INSERT INTO job_applications (id, job_id, household_id, region_code, applied_by, age_band,
                 status, hired_at, start_date, pay_fen)
             SELECT '{id}', '{job}', h.id, h.region_code, '{}', '25_34', '{status}', {hire}
             FROM households h WHERE h.id = '{household}'",
            self.county.id
        ))
        .await;
        id
    }

    /// Schedules the retention checks of a hire through the store function the hire flow calls.
    pub async fn schedule_checks(&self, application: Uuid, village: &str, started_days_ago: i64) {
        let mut conn = self.app.conn().await;
        let start = chrono::Utc::now().date_naive() - chrono::Days::new(started_days_ago as u64);
        bangfu::store::job_retention_checks::schedule(&mut conn, application, village, start)
            .await
            .unwrap();
    }

    pub async fn get(&self, token: Option<&str>, path: &str) -> Response {
        self.app.get(path, token).await
    }

    pub async fn patch(&self, token: Option<&str>, path: &str, body: &Value) -> Response {
        self.app
            .request(Method::PATCH, path, token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn json(resp: Response, status: u16) -> Value {
        let got = resp.status();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        assert_eq!(got.as_u16(), status, "{body}");
        body
    }

    pub async fn audit_count(&self, action: &str, subject: Uuid) -> i64 {
        self.count(&format!(
            "SELECT count(*) AS n FROM audit_events WHERE action = '{action}' AND subject_id = '{subject}'"
        ))
        .await
    }
}
