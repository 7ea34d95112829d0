//! A project's spending rows: each with a receipt image reviewed before it is public (`pending`,
//! `published`, `withheld`), or a reversal (a negative amount, no image, a reason) of one earlier
//! row. Rows are never edited or deleted except for the receipt's review and its replacement; the
//! totals a reversal gives back are taken by conditional updates that the CHECKs back.

use crate::domain::crowdfunding::{ProjectStatus, ReceiptStatus};
use crate::schema::{project_budget_lines, project_spending, projects};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::projects::{BudgetLine, Project};
use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = project_spending)]
pub struct Spending {
    pub id: Uuid,
    pub project_id: Uuid,
    pub budget_line_id: Uuid,
    /// Negative on a reversal.
    pub amount_fen: i64,
    pub description: String,
    pub spent_on: NaiveDate,
    /// The receipt image (none on a reversal).
    pub image_id: Option<Uuid>,
    pub display_key: Option<String>,
    pub thumb_key: Option<String>,
    pub sha256: Option<String>,
    pub recorded_by: Uuid,
    pub created_at: DateTime<Utc>,
    /// The row this one reverses.
    pub reverses_id: Option<Uuid>,
    pub reversal_reason: Option<String>,
    pub receipt_status: Option<ReceiptStatus>,
    pub receipt_reviewed_by: Option<Uuid>,
    pub receipt_reviewed_at: Option<DateTime<Utc>>,
    pub receipt_withheld_reason: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = project_spending)]
pub struct NewSpending<'a> {
    pub id: Uuid,
    pub project_id: Uuid,
    pub budget_line_id: Uuid,
    pub amount_fen: i64,
    pub description: &'a str,
    pub spent_on: NaiveDate,
    pub image_id: Option<Uuid>,
    pub display_key: Option<&'a str>,
    pub thumb_key: Option<&'a str>,
    pub sha256: Option<&'a str>,
    pub recorded_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub reverses_id: Option<Uuid>,
    pub reversal_reason: Option<&'a str>,
    pub receipt_status: Option<ReceiptStatus>,
}

pub async fn insert(conn: &mut Conn, new: &NewSpending<'_>) -> QueryResult<Spending> {
    diesel::insert_into(project_spending::table)
        .values(new)
        .returning(Spending::as_returning())
        .get_result(conn)
        .await
}

/// A spending row of the project, locked.
pub async fn find_for_update(
    conn: &mut Conn,
    project_id: Uuid,
    id: Uuid,
) -> QueryResult<Option<Spending>> {
    project_spending::table
        .find(id)
        .filter(project_spending::project_id.eq(project_id))
        .select(Spending::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Whether the project already holds a receipt image with these bytes.
pub async fn has_image(conn: &mut Conn, project_id: Uuid, sha256: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        project_spending::table
            .filter(project_spending::project_id.eq(project_id))
            .filter(project_spending::sha256.eq(sha256)),
    ))
    .get_result(conn)
    .await
}

/// The reversal of a row, if any.
pub async fn reversal_of(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Spending>> {
    project_spending::table
        .filter(project_spending::reverses_id.eq(id))
        .select(Spending::as_select())
        .first(conn)
        .await
        .optional()
}

/// Publishes or withholds a pending receipt image (only while it is pending).
pub async fn review(
    conn: &mut Conn,
    id: Uuid,
    to: ReceiptStatus,
    reason: Option<&str>,
    official: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<Option<Spending>> {
    diesel::update(
        project_spending::table
            .find(id)
            .filter(project_spending::receipt_status.eq(ReceiptStatus::Pending)),
    )
    .set((
        project_spending::receipt_status.eq(to),
        project_spending::receipt_withheld_reason.eq(reason),
        project_spending::receipt_reviewed_by.eq(official),
        project_spending::receipt_reviewed_at.eq(now),
    ))
    .returning(Spending::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// The image that replaces a withheld one.
pub struct Replacement<'a> {
    pub image_id: Uuid,
    pub display_key: &'a str,
    pub thumb_key: &'a str,
    pub sha256: &'a str,
}

/// Replaces a withheld receipt image (only while withheld): pending again, the review cleared.
pub async fn replace_image(
    conn: &mut Conn,
    id: Uuid,
    new: &Replacement<'_>,
) -> QueryResult<Option<Spending>> {
    diesel::update(
        project_spending::table
            .find(id)
            .filter(project_spending::receipt_status.eq(ReceiptStatus::Withheld)),
    )
    .set((
        project_spending::image_id.eq(new.image_id),
        project_spending::display_key.eq(new.display_key),
        project_spending::thumb_key.eq(new.thumb_key),
        project_spending::sha256.eq(new.sha256),
        project_spending::receipt_status.eq(ReceiptStatus::Pending),
        project_spending::receipt_withheld_reason.eq(None::<String>),
        project_spending::receipt_reviewed_by.eq(None::<Uuid>),
        project_spending::receipt_reviewed_at.eq(None::<DateTime<Utc>>),
    ))
    .returning(Spending::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Gives back a reversed amount to an open project's spent total, never below zero.
pub async fn take_back_spent(
    conn: &mut Conn,
    project_id: Uuid,
    amount: i64,
    now: DateTime<Utc>,
) -> QueryResult<Option<Project>> {
    diesel::update(
        projects::table
            .find(project_id)
            .filter(projects::status.eq(ProjectStatus::Open))
            .filter(projects::spent_fen.ge(amount)),
    )
    .set((
        projects::spent_fen.eq(projects::spent_fen - amount),
        projects::updated_at.eq(now),
    ))
    .returning(Project::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Gives back a reversed amount to its budget line, never below zero.
pub async fn take_back_line_spent(
    conn: &mut Conn,
    project_id: Uuid,
    line_id: Uuid,
    amount: i64,
) -> QueryResult<Option<BudgetLine>> {
    diesel::update(
        project_budget_lines::table
            .find(line_id)
            .filter(project_budget_lines::project_id.eq(project_id))
            .filter(project_budget_lines::spent_fen.ge(amount)),
    )
    .set(project_budget_lines::spent_fen.eq(project_budget_lines::spent_fen - amount))
    .returning(BudgetLine::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Who may see a receipt image that is not public: the project and its receipt's status.
pub async fn image_owner(
    conn: &mut Conn,
    image_id: Uuid,
) -> QueryResult<Option<(Uuid, ReceiptStatus)>> {
    let row: Option<(Uuid, Option<ReceiptStatus>)> = project_spending::table
        .filter(project_spending::image_id.eq(image_id))
        .select((
            project_spending::project_id,
            project_spending::receipt_status,
        ))
        .first(conn)
        .await
        .optional()?;
    Ok(row.and_then(|(p, s)| s.map(|s| (p, s))))
}

/// Pending receipts of open or closed projects whose village starts with `region_prefix`, oldest
/// first, with the project's proposer (the queue hides what the caller may not decide).
pub async fn pending_in(
    conn: &mut Conn,
    region_prefix: &str,
    limit: i64,
) -> QueryResult<Vec<(Spending, String, String, Uuid)>> {
    project_spending::table
        .inner_join(projects::table.on(projects::id.eq(project_spending::project_id)))
        .filter(project_spending::receipt_status.eq(ReceiptStatus::Pending))
        .filter(projects::region_code.like(format!("{region_prefix}%")))
        .order((project_spending::created_at, project_spending::id))
        .limit(limit)
        .select((
            Spending::as_select(),
            projects::title,
            projects::region_code,
            projects::proposed_by,
        ))
        .load(conn)
        .await
}
