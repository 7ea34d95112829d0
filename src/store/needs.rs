//! Needs and their reviews.

use crate::domain::need::{Category, NeedStatus, Urgency};
use crate::schema::{need_reviews, needs};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::Value;
use uuid::Uuid;

use super::Conn;

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
    pub fn content(&self) -> crate::domain::need::NeedContent {
        use crate::domain::need::NeedContent;
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

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = need_reviews)]
pub struct NeedReview {
    pub id: Uuid,
    pub need_id: Uuid,
    pub official_id: Uuid,
    pub decision: String,
    pub reason: Option<String>,
    pub flags: Value,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = need_reviews)]
pub struct NewNeedReview<'a> {
    pub id: Uuid,
    pub need_id: Uuid,
    pub official_id: Uuid,
    pub decision: &'a str,
    pub reason: Option<&'a str>,
    pub flags: Value,
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
    super::jobs::enqueue_need(conn, id).await
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

pub async fn insert_review(conn: &mut Conn, new: &NewNeedReview<'_>) -> QueryResult<NeedReview> {
    diesel::insert_into(need_reviews::table)
        .values(new)
        .returning(NeedReview::as_returning())
        .get_result(conn)
        .await
}

pub async fn reviews_of(conn: &mut Conn, need_id: Uuid) -> QueryResult<Vec<NeedReview>> {
    need_reviews::table
        .filter(need_reviews::need_id.eq(need_id))
        .order(need_reviews::created_at)
        .select(NeedReview::as_select())
        .load(conn)
        .await
}

/// Why a pledge could not take quantity from a need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TakeError {
    NotFound,
    NotOpen(NeedStatus),
    Insufficient { remaining: i32 },
}

/// Takes `quantity` from an open need in one conditional UPDATE: the database, not a check in Rust,
/// guarantees that active pledges never add up to more than the need's quantity, whatever runs at
/// the same time. The need becomes `fully_pledged` when nothing remains. (The status literals in this
/// statement and the two below are [`NeedStatus`] names: one UPDATE must test and set them in SQL.)
async fn take_quantity_row(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Result<Need, TakeError>> {
    use diesel::sql_types::{Integer, Timestamptz, Uuid as SqlUuid};
    let taken: Option<Need> = diesel::sql_query(
        "UPDATE needs SET pledged_quantity = pledged_quantity + $2, \
             status = CASE WHEN pledged_quantity + $2 = quantity THEN 'fully_pledged' ELSE status END, \
             updated_at = $3 \
         WHERE id = $1 AND status = 'open' AND pledged_quantity + $2 <= quantity RETURNING *",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Integer, _>(quantity)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await
    .optional()?;
    if let Some(need) = taken {
        return Ok(Ok(need));
    }
    Ok(Err(match find(conn, id).await? {
        None => TakeError::NotFound,
        Some(n) if n.status != NeedStatus::Open => TakeError::NotOpen(n.status),
        Some(n) => TakeError::Insufficient {
            remaining: n.quantity - n.pledged_quantity,
        },
    }))
}

/// Gives back quantity of a pledge that ended without delivery; a fully pledged need opens again.
async fn release_quantity_row(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Need> {
    use diesel::sql_types::{Integer, Timestamptz, Uuid as SqlUuid};
    diesel::sql_query(
        "UPDATE needs SET pledged_quantity = pledged_quantity - $2, \
             status = CASE WHEN status = 'fully_pledged' THEN 'open' ELSE status END, \
             updated_at = $3 \
         WHERE id = $1 RETURNING *",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Integer, _>(quantity)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await
}

/// Counts a confirmed delivery; the need is `fulfilled` once its whole quantity is confirmed.
async fn confirm_quantity_row(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Need> {
    use diesel::sql_types::{Integer, Timestamptz, Uuid as SqlUuid};
    diesel::sql_query(
        "UPDATE needs SET confirmed_quantity = confirmed_quantity + $2, \
             status = CASE WHEN confirmed_quantity + $2 = quantity THEN 'fulfilled' ELSE status END, \
             updated_at = $3 \
         WHERE id = $1 RETURNING *",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Integer, _>(quantity)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
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

/// See [`take_quantity_row`].
pub async fn take_quantity(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Result<Need, TakeError>> {
    let taken = take_quantity_row(conn, id, quantity, now).await?;
    if taken.is_ok() {
        changed(conn, id).await?;
    }
    Ok(taken)
}

/// See [`release_quantity_row`].
pub async fn release_quantity(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Need> {
    let need = release_quantity_row(conn, id, quantity, now).await?;
    changed(conn, id).await?;
    Ok(need)
}

/// See [`confirm_quantity_row`].
pub async fn confirm_quantity(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Need> {
    let need = confirm_quantity_row(conn, id, quantity, now).await?;
    changed(conn, id).await?;
    Ok(need)
}

pub async fn find_many(conn: &mut Conn, ids: &[Uuid]) -> QueryResult<Vec<Need>> {
    needs::table
        .filter(needs::id.eq_any(ids))
        .select(Need::as_select())
        .load(conn)
        .await
}

/// Open needs an allocation may serve, in the order it serves them (most urgent, nearest deadline,
/// longest waiting, then id), optionally locked (`FOR UPDATE`, in that same order, so concurrent
/// allocations lock shared needs in one order).
pub async fn open_for_allocation(
    conn: &mut Conn,
    category: Category,
    region_prefix: &str,
    now: DateTime<Utc>,
    limit: i64,
    lock: bool,
) -> QueryResult<Vec<Need>> {
    use diesel::dsl::sql;
    use diesel::sql_types::Integer;
    let query = needs::table
        .filter(needs::status.eq(NeedStatus::Open))
        .filter(needs::category.eq(category))
        .filter(needs::region_code.like(format!("{region_prefix}%")))
        .filter(needs::pledged_quantity.lt(needs::quantity))
        .filter(needs::deadline.gt(now))
        .order((
            // The [`Urgency`] names, most urgent first: SQL orders by them before it limits.
            sql::<Integer>("CASE urgency WHEN 'critical' THEN 3 WHEN 'urgent' THEN 2 ELSE 1 END")
                .desc(),
            needs::deadline.asc(),
            needs::published_at.asc(),
            needs::id.asc(),
        ))
        .limit(limit)
        .select(Need::as_select());
    if lock {
        query.for_update().load(conn).await
    } else {
        query.load(conn).await
    }
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
