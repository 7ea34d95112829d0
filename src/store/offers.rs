//! Offers: what supporters can give. Their quantity is taken by pledges made from them the same way
//! a need's is: one conditional UPDATE.

use crate::domain::need::Category;
use crate::domain::offer::OfferStatus;
use crate::schema::offers;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::index_jobs::enqueue_offer;
use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = offers)]
pub struct Offer {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub title: String,
    pub description: String,
    pub category: Category,
    pub quantity: i32,
    pub unit: String,
    pub service_area_code: Option<String>,
    pub valid_until: DateTime<Utc>,
    pub value_per_unit_fen: Option<i64>,
    pub status: OfferStatus,
    pub pledged_quantity: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = offers)]
pub struct NewOffer<'a> {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub title: &'a str,
    pub description: &'a str,
    pub category: Category,
    pub quantity: i32,
    pub unit: &'a str,
    pub service_area_code: Option<&'a str>,
    pub valid_until: DateTime<Utc>,
    pub value_per_unit_fen: Option<i64>,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = offers)]
pub struct OfferChange<'a> {
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub quantity: Option<i32>,
    pub unit: Option<&'a str>,
    pub valid_until: Option<DateTime<Utc>>,
    pub value_per_unit_fen: Option<Option<i64>>,
    pub status: Option<OfferStatus>,
    pub updated_at: Option<DateTime<Utc>>,
}

pub async fn insert(conn: &mut Conn, new: &NewOffer<'_>) -> QueryResult<Offer> {
    let offer = diesel::insert_into(offers::table)
        .values(new)
        .returning(Offer::as_returning())
        .get_result(conn)
        .await?;
    enqueue_offer(conn, offer.id).await?;
    Ok(offer)
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Offer>> {
    offers::table
        .find(id)
        .select(Offer::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn find_for_update(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Offer>> {
    offers::table
        .find(id)
        .select(Offer::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

pub async fn update(conn: &mut Conn, id: Uuid, change: &OfferChange<'_>) -> QueryResult<Offer> {
    let offer = diesel::update(offers::table.find(id))
        .set(change)
        .returning(Offer::as_returning())
        .get_result(conn)
        .await?;
    enqueue_offer(conn, id).await?;
    Ok(offer)
}

/// Takes quantity from an active, valid offer; `None` when it is not active, expired, or short.
pub async fn take_quantity(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Option<Offer>> {
    let taken = diesel::update(
        offers::table
            .find(id)
            .filter(offers::status.eq(OfferStatus::Active))
            .filter(offers::valid_until.gt(now))
            .filter((offers::pledged_quantity + quantity).le(offers::quantity)),
    )
    .set((
        offers::pledged_quantity.eq(offers::pledged_quantity + quantity),
        offers::updated_at.eq(now),
    ))
    .returning(Offer::as_returning())
    .get_result(conn)
    .await
    .optional()?;
    if taken.is_some() {
        enqueue_offer(conn, id).await?;
    }
    Ok(taken)
}

pub async fn release_quantity(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(offers::table.find(id))
        .set((
            offers::pledged_quantity.eq(offers::pledged_quantity - quantity),
            offers::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
    enqueue_offer(conn, id).await
}

/// Marks active offers past their validity as expired (taking them out of the index); returns how
/// many.
pub async fn expire_lapsed(conn: &mut Conn, now: DateTime<Utc>) -> QueryResult<usize> {
    let ids: Vec<Uuid> = diesel::update(
        offers::table
            .filter(offers::status.eq(OfferStatus::Active))
            .filter(offers::valid_until.le(now)),
    )
    .set((
        offers::status.eq(OfferStatus::Expired),
        offers::updated_at.eq(now),
    ))
    .returning(offers::id)
    .get_results(conn)
    .await?;
    for id in &ids {
        enqueue_offer(conn, *id).await?;
    }
    Ok(ids.len())
}

/// Queues the offers of an organization's accounts for indexing (their verified mark changed).
pub async fn enqueue_of_organization(conn: &mut Conn, organization: Uuid) -> QueryResult<()> {
    use crate::schema::users;
    let ids: Vec<Uuid> = offers::table
        .inner_join(users::table.on(users::id.eq(offers::owner_id)))
        .filter(users::organization_id.eq(organization))
        .select(offers::id)
        .load(conn)
        .await?;
    for id in ids {
        enqueue_offer(conn, id).await?;
    }
    Ok(())
}

pub async fn list_by_owner(
    conn: &mut Conn,
    owner: Uuid,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Offer>, i64)> {
    let total = offers::table
        .filter(offers::owner_id.eq(owner))
        .count()
        .get_result(conn)
        .await?;
    let rows = offers::table
        .filter(offers::owner_id.eq(owner))
        .order((offers::created_at.desc(), offers::id))
        .offset(offset)
        .limit(limit)
        .select(Offer::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

pub async fn find_many(conn: &mut Conn, ids: &[Uuid]) -> QueryResult<Vec<Offer>> {
    offers::table
        .filter(offers::id.eq_any(ids))
        .select(Offer::as_select())
        .load(conn)
        .await
}
