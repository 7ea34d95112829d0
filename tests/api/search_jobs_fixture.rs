//! Job postings for the search tests: documents for the engine contract (`search_jobs.rs`), and
//! rows written straight into PostgreSQL with their index jobs for the HTTP tests
//! (`search_jobs_api.rs`). The postings' own flows (create, edit, close) are another part of the
//! jobs work; these helpers change rows the way its store must: the change and
//! `store::index_jobs::enqueue_job_posting` in one transaction.

use super::search_fixture::{engines_with, query};
use bangfu::search::job_document::JobDocument;
use bangfu::search::Engine;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use std::time::Duration as StdDuration;
use uuid::Uuid;

/// What a test posting looks like; the rest is filled in.
pub(crate) struct Job<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub village: &'a str,
    pub skills: &'a [&'a str],
    pub housing: bool,
    pub pay: (u64, u64, &'a str),
}

/// An open posting's document, for the engine contract.
pub(crate) fn job_doc(id: &str, j: &Job, valid_until: i64, created_at: i64) -> JobDocument {
    let skills: Vec<String> = j.skills.iter().map(|s| (*s).to_owned()).collect();
    let words: Vec<&str> = skills
        .iter()
        .filter_map(|s| bangfu::domain::employment::Skill::parse(s))
        .flat_map(|s| {
            bangfu::domain::employment::skill_words::words(s)
                .iter()
                .copied()
        })
        .collect();
    JobDocument {
        id: id.into(),
        title: j.title.into(),
        description: j.description.into(),
        organization: if j.village.starts_with("411224") {
            "卢氏县绿源服饰有限公司".into()
        } else {
            "渑池县建工集团".into()
        },
        status: "open".into(),
        region_code: j.village.into(),
        region_codes: bangfu::search::query::ancestry_of(j.village),
        province_name: "河南省".into(),
        city_name: "三门峡市".into(),
        county_name: String::new(),
        township_name: String::new(),
        village_name: String::new(),
        positions_left: 3,
        pay_min_fen: j.pay.0,
        pay_max_fen: j.pay.1,
        pay_period: j.pay.2.into(),
        skills,
        skill_words: words.join(" "),
        housing: j.housing,
        valid_until,
        created_at,
        version: 1,
    }
}

/// The engines of the search contract, holding these postings (and nothing else).
pub(crate) async fn job_engines(
    jobs: Vec<JobDocument>,
) -> Vec<(&'static str, Engine, Option<tempfile::TempDir>)> {
    let out = engines_with(vec![], vec![]).await;
    let n = jobs.len() as u64;
    for (_, e, _) in &out {
        e.upsert_jobs(jobs.clone()).await.unwrap();
        for _ in 0..100 {
            if e.search_jobs(query("")).await.unwrap().total == n {
                break;
            }
            tokio::time::sleep(StdDuration::from_millis(100)).await;
        }
    }
    out
}

/// A verified enterprise and its account, written directly (the tests need no sign-in).
pub(crate) async fn employer(
    conn: &mut AsyncPgConnection,
    name: &str,
    credit_code: &str,
) -> (Uuid, Uuid) {
    use bangfu::schema::{organizations, users};
    let (org, user) = (Uuid::new_v4(), Uuid::new_v4());
    diesel::insert_into(organizations::table)
        .values((
            organizations::id.eq(org),
            organizations::kind.eq("enterprise"),
            organizations::name.eq(name),
            organizations::credit_code.eq(credit_code),
            organizations::verified_at.eq(Some(Utc::now())),
        ))
        .execute(conn)
        .await
        .unwrap();
    diesel::insert_into(users::table)
        .values((
            users::id.eq(user),
            users::email.eq(format!("employer-{}@example.com", user.simple())),
            users::password_hash.eq("$argon2id$not-a-real-hash"),
            users::display_name.eq(name),
            users::role.eq("enterprise"),
            users::organization_id.eq(Some(org)),
        ))
        .execute(conn)
        .await
        .unwrap();
    (org, user)
}

/// Inserts an open posting closing `days` from now, and queues its index job in the same
/// transaction.
pub(crate) async fn post(
    conn: &mut AsyncPgConnection,
    (org, user): (Uuid, Uuid),
    j: &Job<'_>,
    days: i64,
) -> Uuid {
    use bangfu::schema::job_postings as jp;
    let id = Uuid::new_v4();
    let valid_until: DateTime<Utc> = Utc::now() + Duration::days(days);
    let skills: Vec<Option<String>> = j.skills.iter().map(|s| Some((*s).to_owned())).collect();
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        diesel::insert_into(jp::table)
            .values((
                jp::id.eq(id),
                jp::employer_id.eq(user),
                jp::organization_id.eq(org),
                jp::title.eq(j.title),
                jp::description.eq(j.description),
                jp::region_code.eq(j.village),
                jp::positions.eq(3),
                jp::pay_min_fen.eq(j.pay.0 as i64),
                jp::pay_max_fen.eq(j.pay.1 as i64),
                jp::pay_period.eq(j.pay.2),
                jp::skills.eq(skills),
                jp::housing.eq(j.housing),
                jp::valid_until.eq(valid_until),
            ))
            .execute(conn)
            .await?;
        bangfu::store::index_jobs::enqueue_job_posting(conn, id).await
    })
    .await
    .unwrap();
    id
}

/// Ends a posting (`filled`: every position hired; `closed`: by its employer), queuing its index
/// job in the same transaction.
pub(crate) async fn end(conn: &mut AsyncPgConnection, id: Uuid, status: &str) {
    use bangfu::schema::job_postings as jp;
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let now = Utc::now();
        let hired = if status == "filled" { 3 } else { 0 };
        diesel::update(jp::table.find(id))
            .set((
                jp::status.eq(status),
                jp::hired.eq(hired),
                jp::closed_at.eq(Some(now)),
                jp::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        bangfu::store::index_jobs::enqueue_job_posting(conn, id).await
    })
    .await
    .unwrap();
}
