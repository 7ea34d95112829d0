//! Pledges.

use crate::domain::pledge::PledgeStatus;
use crate::schema::pledges;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pledges)]
pub struct Pledge {
    pub id: Uuid,
    pub need_id: Uuid,
    pub supporter_id: Uuid,
    pub region_code: String,
    pub quantity: i32,
    pub message: String,
    pub status: PledgeStatus,
    pub receipt_code: Option<String>,
    pub receipt_code_failures: i32,
    pub receipt_locked_until: Option<DateTime<Utc>>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub rejection_reason: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub delivery_note: Option<String>,
    pub tracking_ref: Option<String>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub confirmed_by: Option<Uuid>,
    pub rating: Option<i16>,
    pub thanks: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub offer_id: Option<Uuid>,
    /// What the offer gave in its own unit, when that is not `quantity` (公斤 for a need in 斤).
    pub offer_quantity: Option<i32>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = pledges)]
pub struct NewPledge<'a> {
    pub id: Uuid,
    pub need_id: Uuid,
    pub supporter_id: Uuid,
    pub region_code: &'a str,
    pub quantity: i32,
    pub message: &'a str,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub offer_id: Option<Uuid>,
    /// What the offer gave in its own unit, when that is not `quantity` (公斤 for a need in 斤).
    pub offer_quantity: Option<i32>,
}

/// The columns a transition writes; unset ones stay as they are.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = pledges)]
pub struct PledgeChange<'a> {
    pub status: Option<PledgeStatus>,
    pub receipt_code: Option<&'a str>,
    pub receipt_code_failures: Option<i32>,
    pub receipt_locked_until: Option<Option<DateTime<Utc>>>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub rejection_reason: Option<&'a str>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub delivery_note: Option<&'a str>,
    pub tracking_ref: Option<&'a str>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub confirmed_by: Option<Uuid>,
    pub rating: Option<i16>,
    pub thanks: Option<&'a str>,
    pub closed_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

pub async fn insert(conn: &mut Conn, new: &NewPledge<'_>) -> QueryResult<Pledge> {
    diesel::insert_into(pledges::table)
        .values(new)
        .returning(Pledge::as_returning())
        .get_result(conn)
        .await
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Pledge>> {
    pledges::table
        .find(id)
        .select(Pledge::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn find_for_update(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Pledge>> {
    pledges::table
        .find(id)
        .select(Pledge::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Applies a change only if the pledge is still in `from` (the row is locked by the caller too).
pub async fn change(
    conn: &mut Conn,
    id: Uuid,
    from: PledgeStatus,
    c: &PledgeChange<'_>,
) -> QueryResult<Option<Pledge>> {
    diesel::update(pledges::table.find(id).filter(pledges::status.eq(from)))
        .set(c)
        .returning(Pledge::as_returning())
        .get_result(conn)
        .await
        .optional()
}

/// Records the household's rating (and thanks, when given) on a confirmed pledge not rated yet;
/// `None` when it is not confirmed or already rated (the row is locked by the caller too).
pub async fn rate(
    conn: &mut Conn,
    id: Uuid,
    rating: i16,
    thanks: Option<&str>,
    now: DateTime<Utc>,
) -> QueryResult<Option<Pledge>> {
    let target = pledges::table
        .find(id)
        .filter(pledges::status.eq(PledgeStatus::Confirmed))
        .filter(pledges::rating.is_null());
    let set = (
        pledges::rating.eq(Some(rating)),
        pledges::updated_at.eq(now),
    );
    match thanks {
        Some(t) => diesel::update(target)
            .set((set, pledges::thanks.eq(Some(t))))
            .returning(Pledge::as_returning())
            .get_result(conn)
            .await
            .optional(),
        None => diesel::update(target)
            .set(set)
            .returning(Pledge::as_returning())
            .get_result(conn)
            .await
            .optional(),
    }
}

#[derive(Debug, Default)]
pub struct PledgeFilter {
    pub need_id: Option<Uuid>,
    pub supporter_id: Option<Uuid>,
    pub region_like: Option<String>,
    pub statuses: Vec<PledgeStatus>,
    pub oldest_first: bool,
}

pub async fn list(
    conn: &mut Conn,
    f: &PledgeFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Pledge>, i64)> {
    let build = || {
        let mut q = pledges::table.into_boxed();
        if let Some(n) = f.need_id {
            q = q.filter(pledges::need_id.eq(n));
        }
        if let Some(s) = f.supporter_id {
            q = q.filter(pledges::supporter_id.eq(s));
        }
        if let Some(r) = &f.region_like {
            q = q.filter(pledges::region_code.like(r.clone()));
        }
        if !f.statuses.is_empty() {
            q = q.filter(pledges::status.eq_any(f.statuses.clone()));
        }
        q
    };
    let total = build().count().get_result(conn).await?;
    let q = if f.oldest_first {
        build().order((pledges::created_at.asc(), pledges::id))
    } else {
        build().order((pledges::created_at.desc(), pledges::id))
    };
    let rows = q
        .offset(offset)
        .limit(limit)
        .select(Pledge::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Pledges past their expiry that are still waiting for approval or delivery, locked for the job.
pub async fn due_for_expiry(
    conn: &mut Conn,
    now: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<Pledge>> {
    pledges::table
        .filter(pledges::status.eq_any(PledgeStatus::EXPIRABLE))
        .filter(pledges::expires_at.lt(now))
        .order(pledges::expires_at)
        .limit(limit)
        .select(Pledge::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}
