//! The demo's own rows: finding the demo accounts and villages, and writing households, needs and
//! pledges straight into the states a demo shows (a real flow would take weeks to get there).

use super::households::NewHousehold;
use super::needs::NewNeed;
use super::pledges::NewPledge;
use super::Conn;
use crate::domain::pledge::PledgeStatus;
use crate::schema::{households, jurisdictions, needs, pledges, regions, users};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

/// The demo officials (`official.…@demo.bangfu.cn`) with their jurisdictions and emails, by email.
pub async fn officials(conn: &mut Conn) -> QueryResult<Vec<(Uuid, String, String)>> {
    users::table
        .inner_join(jurisdictions::table.on(jurisdictions::official_id.eq(users::id)))
        .filter(users::email.like("official.%@demo.bangfu.cn"))
        .order(users::email)
        .select((users::id, jurisdictions::region_code, users::email))
        .load(conn)
        .await
}

pub async fn households_created_by(conn: &mut Conn, officials: &[Uuid]) -> QueryResult<i64> {
    households::table
        .filter(households::created_by.eq_any(officials))
        .count()
        .get_result(conn)
        .await
}

/// Village codes under a region, in code order.
pub async fn villages_under(conn: &mut Conn, prefix: &str) -> QueryResult<Vec<String>> {
    regions::table
        .filter(regions::level.eq("village"))
        .filter(regions::code.like(format!("{prefix}%")))
        .order(regions::code)
        .select(regions::code)
        .load(conn)
        .await
}

/// Ids of these accounts, in email order (unknown emails are left out).
pub async fn user_ids(conn: &mut Conn, emails: &[&str]) -> QueryResult<Vec<Uuid>> {
    users::table
        .filter(users::email.eq_any(emails))
        .order(users::email)
        .select(users::id)
        .load(conn)
        .await
}

pub async fn insert_household(conn: &mut Conn, h: &NewHousehold<'_>) -> QueryResult<()> {
    diesel::insert_into(households::table)
        .values(h)
        .execute(conn)
        .await
        .map(|_| ())
}

/// A need already somewhere in its life: its pledged and confirmed quantities set.
pub async fn insert_need(
    conn: &mut Conn,
    n: &NewNeed<'_>,
    pledged: i32,
    confirmed: i32,
) -> QueryResult<()> {
    diesel::insert_into(needs::table)
        .values((
            n,
            needs::pledged_quantity.eq(pledged),
            needs::confirmed_quantity.eq(confirmed),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Where a demo pledge has got to.
pub struct PledgeProgress<'a> {
    pub status: PledgeStatus,
    pub receipt_code: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub delivery_note: Option<&'a str>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub confirmed_by: Option<Uuid>,
    pub rating: Option<i16>,
    pub thanks: Option<&'a str>,
}

pub async fn insert_pledge(
    conn: &mut Conn,
    p: &NewPledge<'_>,
    progress: PledgeProgress<'_>,
) -> QueryResult<()> {
    diesel::insert_into(pledges::table)
        .values((
            p,
            pledges::status.eq(progress.status),
            pledges::receipt_code.eq(progress.receipt_code),
            pledges::decided_by.eq(progress.decided_by),
            pledges::decided_at.eq(progress.decided_at),
            pledges::delivered_at.eq(progress.delivered_at),
            pledges::delivery_note.eq(progress.delivery_note),
            pledges::confirmed_at.eq(progress.confirmed_at),
            pledges::confirmed_by.eq(progress.confirmed_by),
            pledges::rating.eq(progress.rating),
            pledges::thanks.eq(progress.thanks),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}
