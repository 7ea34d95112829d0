//! The checks 30 and 180 days after a hire: whether the member is still employed.

use crate::domain::employment::RETENTION_CHECK_DAYS;
use crate::schema::job_retention_checks;
use chrono::{Duration, NaiveDate, NaiveTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

/// Schedules a hire's checks, [`RETENTION_CHECK_DAYS`] after its start (at 00:00 UTC).
pub async fn schedule(
    conn: &mut Conn,
    application_id: Uuid,
    region_code: &str,
    start_date: NaiveDate,
) -> QueryResult<()> {
    let rows: Vec<_> = RETENTION_CHECK_DAYS
        .iter()
        .map(|days| {
            let due = (start_date + Duration::days(i64::from(*days)))
                .and_time(NaiveTime::MIN)
                .and_utc();
            (
                job_retention_checks::id.eq(Uuid::new_v4()),
                job_retention_checks::application_id.eq(application_id),
                job_retention_checks::region_code.eq(region_code),
                job_retention_checks::days_after_hire.eq(*days),
                job_retention_checks::due_at.eq(due),
            )
        })
        .collect();
    diesel::insert_into(job_retention_checks::table)
        .values(&rows)
        .execute(conn)
        .await
        .map(|_| ())
}
