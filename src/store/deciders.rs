//! Who decided about a complaint's subject, for the two-people rule (`domain::two_people`).

use super::Conn;
use crate::schema::{need_reviews, pledges};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

/// The officials who decided about a complaint's subject: for a need, everyone who reviewed it
/// (every round, a resubmitted need is reviewed again); for a pledge, the official who approved or
/// rejected it and the one who confirmed its receipt (a household confirming is no official).
pub async fn of_subject(
    conn: &mut Conn,
    subject_type: &str,
    subject_id: Uuid,
) -> QueryResult<Vec<Uuid>> {
    match subject_type {
        "need" => {
            need_reviews::table
                .filter(need_reviews::need_id.eq(subject_id))
                .select(need_reviews::official_id)
                .distinct()
                .load(conn)
                .await
        }
        "pledge" => {
            let row: Option<(Option<Uuid>, Option<Uuid>)> = pledges::table
                .find(subject_id)
                .select((pledges::decided_by, pledges::confirmed_by))
                .first(conn)
                .await
                .optional()?;
            Ok(row
                .map(|(d, c)| d.into_iter().chain(c).collect())
                .unwrap_or_default())
        }
        _ => Ok(Vec::new()),
    }
}
