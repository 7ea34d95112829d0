//! Pledge queries of the lists and jobs around pledges: a household's pledges, a need's public
//! summary, and the expiry reminders. (The pledge row and its changes live in `pledges.rs`.)

use super::pledges::Pledge;
use super::Conn;
use crate::domain::pledge::PledgeStatus;
use crate::schema::{needs, organizations, pledges, users};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

/// The pledges to a household's needs, newest first, optionally of some statuses; and their total.
pub async fn of_household(
    conn: &mut Conn,
    household_id: Uuid,
    statuses: &[PledgeStatus],
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Pledge>, i64)> {
    let build = || {
        let mut q = pledges::table
            .inner_join(needs::table)
            .filter(needs::household_id.eq(household_id))
            .into_boxed();
        if !statuses.is_empty() {
            q = q.filter(pledges::status.eq_any(statuses.to_vec()));
        }
        q
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((pledges::created_at.desc(), pledges::id))
        .offset(offset)
        .limit(limit)
        .select(Pledge::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// One pledge as the public sees it on its need's page, with who stands behind it.
#[derive(Debug, Queryable)]
pub struct PublicPledge {
    pub id: Uuid,
    pub quantity: i32,
    pub status: PledgeStatus,
    pub message: String,
    pub rating: Option<i16>,
    pub thanks: Option<String>,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The supporter's display name (callers mask it).
    pub display_name: String,
    pub organization: Option<String>,
    pub organization_verified_at: Option<DateTime<Utc>>,
}

/// A need's pledges of `statuses`, newest first, with their supporters; and their total.
pub async fn public_of_need(
    conn: &mut Conn,
    need_id: Uuid,
    statuses: &[PledgeStatus],
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<PublicPledge>, i64)> {
    let total: i64 = pledges::table
        .filter(pledges::need_id.eq(need_id))
        .filter(pledges::status.eq_any(statuses))
        .count()
        .get_result(conn)
        .await?;
    let rows = pledges::table
        .inner_join(users::table.on(users::id.eq(pledges::supporter_id)))
        .left_join(organizations::table.on(organizations::id.nullable().eq(users::organization_id)))
        .filter(pledges::need_id.eq(need_id))
        .filter(pledges::status.eq_any(statuses))
        .order((pledges::created_at.desc(), pledges::id))
        .offset(offset)
        .limit(limit)
        .select((
            pledges::id,
            pledges::quantity,
            pledges::status,
            pledges::message,
            pledges::rating,
            pledges::thanks,
            pledges::created_at,
            pledges::confirmed_at,
            users::display_name,
            organizations::name.nullable(),
            organizations::verified_at.nullable(),
        ))
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Approved pledges that expire in `(now, until]` and whose supporter was not reminded yet, with
/// their need's title; at most `limit`.
pub async fn due_reminders(
    conn: &mut Conn,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<(Pledge, String)>> {
    pledges::table
        .inner_join(needs::table)
        .filter(pledges::status.eq(PledgeStatus::Approved))
        .filter(pledges::reminded_at.is_null())
        .filter(pledges::expires_at.gt(now))
        .filter(pledges::expires_at.le(until))
        .select((Pledge::as_select(), needs::title))
        .limit(limit)
        .load(conn)
        .await
}

/// Claims a pledge's reminder by a conditional update: with several workers, one reminder per
/// pledge. True when this caller won.
pub async fn claim_reminder(conn: &mut Conn, id: Uuid, now: DateTime<Utc>) -> QueryResult<bool> {
    let claimed = diesel::update(
        pledges::table
            .find(id)
            .filter(pledges::reminded_at.is_null()),
    )
    .set(pledges::reminded_at.eq(now))
    .execute(conn)
    .await?;
    Ok(claimed == 1)
}
