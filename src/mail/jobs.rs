//! Who hears about jobs: the employer of a new application, the household's account(s) of an
//! invitation, the officials covering the household's village of a hire. Public facts only — the
//! job's title, its employer's name, an age band, a start date, a link — never the household's
//! name, phone or ID number.

use super::notify::enqueue;
use super::templates::MailKind;
use crate::domain::RegionCode;
use crate::store::job_applications::JobApplication;
use crate::store::job_postings::JobPosting;
use crate::store::{organizations, users, Conn};
use diesel::QueryResult;
use serde_json::{json, Value};

async fn vars(conn: &mut Conn, job: &JobPosting, a: &JobApplication) -> QueryResult<Value> {
    let organization = organizations::find(conn, job.organization_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    Ok(json!({
        "job_title": job.title,
        "organization": organization,
        "age_band": a.age_band.as_str().replace('_', "–"),
        "start_date": a.start_date.map(|d| d.to_string()).unwrap_or_else(|| "-".to_owned()),
        "path": format!("/applications/{}", a.id),
    }))
}

/// A new application: its employer hears.
pub async fn application_received(
    conn: &mut Conn,
    job: &JobPosting,
    a: &JobApplication,
) -> QueryResult<()> {
    let v = vars(conn, job, a).await?;
    enqueue(conn, MailKind::JobApplicationReceived, job.employer_id, v).await
}

/// An invitation: the household's accounts hear (an official may have applied for it).
pub async fn invited(conn: &mut Conn, job: &JobPosting, a: &JobApplication) -> QueryResult<()> {
    let v = vars(conn, job, a).await?;
    for user in users::of_household(conn, a.household_id).await? {
        enqueue(conn, MailKind::JobInvitation, user, v.clone()).await?;
    }
    Ok(())
}

/// A hire: the officials whose jurisdiction covers the household's village hear (they answer
/// the retention checks).
pub async fn hired(conn: &mut Conn, job: &JobPosting, a: &JobApplication) -> QueryResult<()> {
    let v = vars(conn, job, a).await?;
    let region = RegionCode::from_trusted(a.region_code.clone());
    for official in users::officials_covering(conn, &region).await? {
        enqueue(conn, MailKind::JobHired, official, v.clone()).await?;
    }
    Ok(())
}
