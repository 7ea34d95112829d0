//! Needs (their reviews: need_reviews.rs).

use crate::domain::need::{Category, NeedStatus, Urgency};
use crate::schema::needs;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

mod quantity;
pub use quantity::{confirm_quantity, release_quantity, take_quantity, TakeError};

#[derive(Debug, Clone, Queryable, Selectable, QueryableByName)]
#[diesel(table_name = needs)]
pub struct Need {
    pub id: Uuid,
    pub household_id: Uuid,
    pub region_code: String,
    pub posted_by: Uuid,
    pub title: String,
    pub description: String,
    pub category: Category,
    pub urgency: Urgency,
    pub quantity: i32,
    pub unit: String,
    pub estimated_value_fen: i64,
    pub deadline: DateTime<Utc>,
    pub status: NeedStatus,
    pub pledged_quantity: i32,
    pub confirmed_quantity: i32,
    pub rejection_reason: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Need {
    /// The need's content as the domain checks and compares it.
    pub fn content(&self) -> crate::domain::need_fields::NeedContent {
        use crate::domain::need_fields::NeedContent;
        NeedContent {
            title: self.title.clone(),
            description: self.description.clone(),
            category: self.category,
            quantity: self.quantity,
            unit: self.unit.clone(),
            estimated_value_fen: self.estimated_value_fen,
            urgency: self.urgency,
            deadline: self.deadline,
        }
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = needs)]
pub struct NewNeed<'a> {
    pub id: Uuid,
    pub household_id: Uuid,
    pub region_code: &'a str,
    pub posted_by: Uuid,
    pub title: &'a str,
    pub description: &'a str,
    pub category: Category,
    pub urgency: Urgency,
    pub quantity: i32,
    pub unit: &'a str,
    pub estimated_value_fen: i64,
    pub deadline: DateTime<Utc>,
    pub status: NeedStatus,
    pub rejection_reason: Option<&'a str>,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// The content columns, written whole by an edit.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = needs)]
pub struct NeedContentChange<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub category: Category,
    pub urgency: Urgency,
    pub quantity: i32,
    pub unit: &'a str,
    pub estimated_value_fen: i64,
    pub deadline: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn insert(conn: &mut Conn, new: &NewNeed<'_>) -> QueryResult<Need> {
    let need = diesel::insert_into(needs::table)
        .values(new)
        .returning(Need::as_returning())
        .get_result(conn)
        .await?;
    changed(conn, need.id).await?;
    Ok(need)
}

/// Every change of a need queues its index update in the same transaction.
async fn changed(conn: &mut Conn, id: Uuid) -> QueryResult<()> {
    super::index_jobs::enqueue_need(conn, id).await
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Need>> {
    needs::table
        .find(id)
        .select(Need::as_select())
        .first(conn)
        .await
        .optional()
}

/// Locks the row for the rest of the transaction: concurrent changes to one need go one at a time.
pub async fn find_for_update(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Need>> {
    needs::table
        .find(id)
        .select(Need::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

async fn update_content_row(
    conn: &mut Conn,
    id: Uuid,
    change: &NeedContentChange<'_>,
) -> QueryResult<Need> {
    diesel::update(needs::table.find(id))
        .set(change)
        .returning(Need::as_returning())
        .get_result(conn)
        .await
}

/// Moves a need from one of `from` to `to`, only if it is still in one of `from`: the database decides
/// races (two reviewers, a review and a withdrawal). `None` when the need had moved on. Approval
/// (`to` = open from pending_review) also stamps the publication time.
async fn transition_row(
    conn: &mut Conn,
    id: Uuid,
    from: &[NeedStatus],
    to: NeedStatus,
    rejection_reason: Option<&str>,
    now: DateTime<Utc>,
) -> QueryResult<Option<Need>> {
    let target = needs::table.find(id).filter(needs::status.eq_any(from));
    let common = (
        needs::status.eq(to),
        needs::rejection_reason.eq(rejection_reason),
        needs::updated_at.eq(now),
    );
    if to == NeedStatus::Open && from == [NeedStatus::PendingReview] {
        diesel::update(target)
            .set((common, needs::published_at.eq(now)))
            .returning(Need::as_returning())
            .get_result(conn)
            .await
            .optional()
    } else {
        diesel::update(target)
            .set(common)
            .returning(Need::as_returning())
            .get_result(conn)
            .await
            .optional()
    }
}

/// Other active needs of a household (for the duplicate check).
pub async fn active_of_household(
    conn: &mut Conn,
    household_id: Uuid,
    except: Uuid,
) -> QueryResult<Vec<Need>> {
    needs::table
        .filter(needs::household_id.eq(household_id))
        .filter(needs::id.ne(except))
        .filter(needs::status.eq_any(NeedStatus::ACTIVE))
        .select(Need::as_select())
        .load(conn)
        .await
}

#[derive(Debug, Default)]
pub struct NeedFilter {
    /// A region code prefix pattern (`411224%`): the jurisdiction or a narrower region inside it.
    pub region_like: Option<String>,
    pub household_id: Option<Uuid>,
    pub statuses: Vec<NeedStatus>,
    pub categories: Vec<Category>,
    pub oldest_first: bool,
    /// Leaves out needs this user posted (the review queue: see `domain::two_people`).
    pub not_posted_by: Option<Uuid>,
}

pub async fn list(
    conn: &mut Conn,
    f: &NeedFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Need>, i64)> {
    let build = || {
        let mut q = needs::table.into_boxed();
        if let Some(r) = &f.region_like {
            q = q.filter(needs::region_code.like(r.clone()));
        }
        if let Some(h) = f.household_id {
            q = q.filter(needs::household_id.eq(h));
        }
        if !f.statuses.is_empty() {
            q = q.filter(needs::status.eq_any(f.statuses.clone()));
        }
        if !f.categories.is_empty() {
            q = q.filter(needs::category.eq_any(f.categories.clone()));
        }
        if let Some(u) = f.not_posted_by {
            q = q.filter(needs::posted_by.ne(u));
        }
        q
    };
    let total: i64 = build().count().get_result(conn).await?;
    let q = build();
    let q = if f.oldest_first {
        q.order((needs::created_at.asc(), needs::id.asc()))
    } else {
        q.order((needs::created_at.desc(), needs::id.asc()))
    };
    let rows = q
        .offset(offset)
        .limit(limit)
        .select(Need::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Claims up to `limit` needs whose deadline passed while they still wait for review or pledges.
pub async fn due_for_expiry(
    conn: &mut Conn,
    now: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<Need>> {
    needs::table
        .filter(needs::deadline.lt(now))
        .filter(needs::status.eq_any(NeedStatus::EXPIRABLE))
        .order(needs::deadline)
        .limit(limit)
        .select(Need::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}

pub async fn update_content(
    conn: &mut Conn,
    id: Uuid,
    change: &NeedContentChange<'_>,
) -> QueryResult<Need> {
    let need = update_content_row(conn, id, change).await?;
    changed(conn, id).await?;
    Ok(need)
}

/// See [`transition_row`]: a conditional status change, queued for the index when it happened.
pub async fn transition(
    conn: &mut Conn,
    id: Uuid,
    from: &[NeedStatus],
    to: NeedStatus,
    rejection_reason: Option<&str>,
    now: DateTime<Utc>,
) -> QueryResult<Option<Need>> {
    let need = transition_row(conn, id, from, to, rejection_reason, now).await?;
    if need.is_some() {
        changed(conn, id).await?;
    }
    Ok(need)
}

pub async fn find_many(conn: &mut Conn, ids: &[Uuid]) -> QueryResult<Vec<Need>> {
    needs::table
        .filter(needs::id.eq_any(ids))
        .select(Need::as_select())
        .load(conn)
        .await
}

/// Locks these needs in id order, the one order every flow that locks several needs uses (pledge
/// expiry, allocation), so two of them never wait for each other's rows.
pub async fn lock_in_id_order(conn: &mut Conn, ids: &[Uuid]) -> QueryResult<Vec<Need>> {
    needs::table
        .filter(needs::id.eq_any(ids))
        .order(needs::id.asc())
        .select(Need::as_select())
        .for_update()
        .load(conn)
        .await
}
