//! A project's ledger rows: pledges, receipts (money received against a pledge), spending (against a
//! budget line, with a receipt image, in [`super::project_spending`]) and refunds (against a received pledge). A pledge's
//! `received_fen` and `refunded_fen` are kept by conditional updates, like the project's totals.

use crate::domain::crowdfunding::ProjectPledgeStatus;
use crate::schema::{
    organizations, project_pledges, project_receipts, project_refunds, project_spending, users,
};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = project_pledges)]
pub struct ProjectPledge {
    pub id: Uuid,
    pub project_id: Uuid,
    pub supporter_id: Uuid,
    pub amount_fen: i64,
    pub received_fen: i64,
    pub refunded_fen: i64,
    pub message: String,
    pub anonymous: bool,
    pub status: ProjectPledgeStatus,
    pub lapsed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = project_pledges)]
pub struct NewProjectPledge<'a> {
    pub id: Uuid,
    pub project_id: Uuid,
    pub supporter_id: Uuid,
    pub amount_fen: i64,
    pub message: &'a str,
    pub anonymous: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A row of money moving: a receipt or a refund.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = project_receipts)]
pub struct Receipt {
    pub id: Uuid,
    pub project_id: Uuid,
    pub pledge_id: Uuid,
    pub amount_fen: i64,
    pub received_on: NaiveDate,
    pub recorded_by: Uuid,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = project_receipts)]
pub struct NewReceipt {
    pub id: Uuid,
    pub project_id: Uuid,
    pub pledge_id: Uuid,
    pub amount_fen: i64,
    pub received_on: NaiveDate,
    pub recorded_by: Uuid,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = project_refunds)]
pub struct Refund {
    pub id: Uuid,
    pub project_id: Uuid,
    pub pledge_id: Uuid,
    pub amount_fen: i64,
    pub refunded_on: NaiveDate,
    pub recorded_by: Uuid,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = project_refunds)]
pub struct NewRefund {
    pub id: Uuid,
    pub project_id: Uuid,
    pub pledge_id: Uuid,
    pub amount_fen: i64,
    pub refunded_on: NaiveDate,
    pub recorded_by: Uuid,
    pub created_at: DateTime<Utc>,
}

pub use super::project_spending::{NewSpending, Spending};

pub async fn insert_pledge(
    conn: &mut Conn,
    new: &NewProjectPledge<'_>,
) -> QueryResult<ProjectPledge> {
    diesel::insert_into(project_pledges::table)
        .values(new)
        .returning(ProjectPledge::as_returning())
        .get_result(conn)
        .await
}

pub async fn find_pledge(
    conn: &mut Conn,
    project_id: Uuid,
    id: Uuid,
) -> QueryResult<Option<ProjectPledge>> {
    project_pledges::table
        .find(id)
        .filter(project_pledges::project_id.eq(project_id))
        .select(ProjectPledge::as_select())
        .first(conn)
        .await
        .optional()
}

/// Records money received against a pledge that has not lapsed, never more than pledged.
pub async fn add_pledge_received(
    conn: &mut Conn,
    project_id: Uuid,
    id: Uuid,
    amount: i64,
    now: DateTime<Utc>,
) -> QueryResult<Option<ProjectPledge>> {
    diesel::update(
        project_pledges::table
            .find(id)
            .filter(project_pledges::project_id.eq(project_id))
            .filter(project_pledges::status.ne(ProjectPledgeStatus::Lapsed))
            .filter((project_pledges::received_fen + amount).le(project_pledges::amount_fen)),
    )
    .set((
        project_pledges::received_fen.eq(project_pledges::received_fen + amount),
        project_pledges::status.eq(ProjectPledgeStatus::Received),
        project_pledges::updated_at.eq(now),
    ))
    .returning(ProjectPledge::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Records a refund against a pledge, never more than was received from it.
pub async fn add_pledge_refunded(
    conn: &mut Conn,
    project_id: Uuid,
    id: Uuid,
    amount: i64,
    now: DateTime<Utc>,
) -> QueryResult<Option<ProjectPledge>> {
    diesel::update(
        project_pledges::table
            .find(id)
            .filter(project_pledges::project_id.eq(project_id))
            .filter((project_pledges::refunded_fen + amount).le(project_pledges::received_fen)),
    )
    .set((
        project_pledges::refunded_fen.eq(project_pledges::refunded_fen + amount),
        project_pledges::updated_at.eq(now),
    ))
    .returning(ProjectPledge::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Lapses a pledge with nothing received (only if it still is so).
pub async fn lapse(
    conn: &mut Conn,
    id: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<Option<ProjectPledge>> {
    diesel::update(
        project_pledges::table
            .find(id)
            .filter(project_pledges::status.eq(ProjectPledgeStatus::Pledged)),
    )
    .set((
        project_pledges::status.eq(ProjectPledgeStatus::Lapsed),
        project_pledges::lapsed_at.eq(now),
        project_pledges::updated_at.eq(now),
    ))
    .returning(ProjectPledge::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// What one supporter has pledged to a project with nothing received yet, in fen.
pub async fn unpaid_of_supporter(
    conn: &mut Conn,
    project_id: Uuid,
    supporter_id: Uuid,
) -> QueryResult<i64> {
    // A supporter holds a few pledges per project: summed here, not as NUMERIC in SQL.
    let amounts: Vec<i64> = project_pledges::table
        .filter(project_pledges::project_id.eq(project_id))
        .filter(project_pledges::supporter_id.eq(supporter_id))
        .filter(project_pledges::status.eq(ProjectPledgeStatus::Pledged))
        .select(project_pledges::amount_fen)
        .load(conn)
        .await?;
    Ok(amounts.iter().sum())
}

/// Pledges of a project with nothing received yet, in id order (what a close lapses).
pub async fn unreceived_of(conn: &mut Conn, project_id: Uuid) -> QueryResult<Vec<ProjectPledge>> {
    project_pledges::table
        .filter(project_pledges::project_id.eq(project_id))
        .filter(project_pledges::status.eq(ProjectPledgeStatus::Pledged))
        .order(project_pledges::id)
        .select(ProjectPledge::as_select())
        .for_update()
        .load(conn)
        .await
}

/// Pledges made before `cutoff` with nothing received: (pledge id, project id), oldest first.
pub async fn due_to_lapse(
    conn: &mut Conn,
    cutoff: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<(Uuid, Uuid)>> {
    project_pledges::table
        .filter(project_pledges::status.eq(ProjectPledgeStatus::Pledged))
        .filter(project_pledges::created_at.le(cutoff))
        .order((project_pledges::created_at, project_pledges::id))
        .limit(limit)
        .select((project_pledges::id, project_pledges::project_id))
        .load(conn)
        .await
}

pub async fn insert_receipt(conn: &mut Conn, new: &NewReceipt) -> QueryResult<Receipt> {
    diesel::insert_into(project_receipts::table)
        .values(new)
        .returning(Receipt::as_returning())
        .get_result(conn)
        .await
}

pub async fn insert_refund(conn: &mut Conn, new: &NewRefund) -> QueryResult<Refund> {
    diesel::insert_into(project_refunds::table)
        .values(new)
        .returning(Refund::as_returning())
        .get_result(conn)
        .await
}

/// A pledge with its supporter's public facts: display name and organization name (if any).
pub type PledgeRow = (ProjectPledge, String, Option<String>);

/// Everything on a project's ledger, oldest first.
pub struct Ledger {
    pub pledges: Vec<PledgeRow>,
    pub receipts: Vec<Receipt>,
    pub spending: Vec<Spending>,
    pub refunds: Vec<Refund>,
}

pub async fn ledger(conn: &mut Conn, project_id: Uuid) -> QueryResult<Ledger> {
    let pledges = project_pledges::table
        .inner_join(users::table.on(users::id.eq(project_pledges::supporter_id)))
        .left_join(organizations::table.on(users::organization_id.eq(organizations::id.nullable())))
        .filter(project_pledges::project_id.eq(project_id))
        .order((project_pledges::created_at, project_pledges::id))
        .select((
            ProjectPledge::as_select(),
            users::display_name,
            organizations::name.nullable(),
        ))
        .load(conn)
        .await?;
    let receipts = project_receipts::table
        .filter(project_receipts::project_id.eq(project_id))
        .order((project_receipts::created_at, project_receipts::id))
        .select(Receipt::as_select())
        .load(conn)
        .await?;
    let spending = project_spending::table
        .filter(project_spending::project_id.eq(project_id))
        .order((project_spending::created_at, project_spending::id))
        .select(Spending::as_select())
        .load(conn)
        .await?;
    let refunds = project_refunds::table
        .filter(project_refunds::project_id.eq(project_id))
        .order((project_refunds::created_at, project_refunds::id))
        .select(Refund::as_select())
        .load(conn)
        .await?;
    Ok(Ledger {
        pledges,
        receipts,
        spending,
        refunds,
    })
}
