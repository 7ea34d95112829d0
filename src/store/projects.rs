//! Crowdfunding projects (扶贫众筹) and their budget lines. Every status change and every change of
//! a total is one conditional `UPDATE` whose `WHERE` repeats the rule (status, target, what was
//! received), so racing requests get one winner and the totals never break their limits.

use crate::domain::crowdfunding::ProjectStatus;
use crate::schema::{project_budget_lines, projects};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = projects)]
pub struct Project {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub region_code: String,
    pub proposed_by: Uuid,
    pub host_organization_id: Uuid,
    pub target_fen: i64,
    pub deadline: DateTime<Utc>,
    pub status: ProjectStatus,
    pub pledged_fen: i64,
    pub received_fen: i64,
    pub spent_fen: i64,
    pub refunded_fen: i64,
    pub reviewed_by: Option<Uuid>,
    pub approved_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub rejection_reason: Option<String>,
    pub closed_by: Option<Uuid>,
    pub closed_at: Option<DateTime<Utc>>,
    pub close_reason: Option<String>,
    pub report: Option<String>,
    pub settled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// An official's pending request to cancel a project that received money, which a second
    /// official of the county confirms.
    pub cancel_requested_by: Option<Uuid>,
    pub cancel_requested_at: Option<DateTime<Utc>>,
    pub cancel_request_reason: Option<String>,
}

impl Project {
    pub fn totals(&self) -> crate::domain::crowdfunding::money::Totals {
        crate::domain::crowdfunding::money::Totals {
            target: self.target_fen,
            pledged: self.pledged_fen,
            received: self.received_fen,
            spent: self.spent_fen,
            refunded: self.refunded_fen,
        }
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = projects)]
pub struct NewProject<'a> {
    pub id: Uuid,
    pub title: &'a str,
    pub description: &'a str,
    pub region_code: &'a str,
    pub proposed_by: Uuid,
    pub host_organization_id: Uuid,
    pub target_fen: i64,
    pub deadline: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The columns a status change writes; unset ones stay as they are.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = projects)]
pub struct ProjectChange<'a> {
    pub status: Option<ProjectStatus>,
    pub reviewed_by: Option<Option<Uuid>>,
    pub reviewed_at: Option<Option<DateTime<Utc>>>,
    pub approved_at: Option<Option<DateTime<Utc>>>,
    pub rejection_reason: Option<Option<&'a str>>,
    pub closed_by: Option<Option<Uuid>>,
    pub closed_at: Option<Option<DateTime<Utc>>>,
    pub close_reason: Option<Option<&'a str>>,
    pub report: Option<Option<&'a str>>,
    pub settled_at: Option<Option<DateTime<Utc>>>,
    pub updated_at: Option<DateTime<Utc>>,
    pub cancel_requested_by: Option<Option<Uuid>>,
    pub cancel_requested_at: Option<Option<DateTime<Utc>>>,
    pub cancel_request_reason: Option<Option<&'a str>>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = project_budget_lines)]
pub struct BudgetLine {
    pub id: Uuid,
    pub project_id: Uuid,
    pub position: i32,
    pub item: String,
    pub amount_fen: i64,
    pub spent_fen: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = project_budget_lines)]
pub struct NewBudgetLine<'a> {
    pub id: Uuid,
    pub project_id: Uuid,
    pub position: i32,
    pub item: &'a str,
    pub amount_fen: i64,
}

pub async fn insert(
    conn: &mut Conn,
    new: &NewProject<'_>,
    lines: &[NewBudgetLine<'_>],
) -> QueryResult<Project> {
    let p = diesel::insert_into(projects::table)
        .values(new)
        .returning(Project::as_returning())
        .get_result(conn)
        .await?;
    diesel::insert_into(project_budget_lines::table)
        .values(lines)
        .execute(conn)
        .await?;
    Ok(p)
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Project>> {
    projects::table
        .find(id)
        .select(Project::as_select())
        .first(conn)
        .await
        .optional()
}

/// A project's region code (its county or below), for its audit chain.
pub async fn region_code(conn: &mut Conn, id: Uuid) -> QueryResult<Option<String>> {
    projects::table
        .find(id)
        .select(projects::region_code)
        .first(conn)
        .await
        .optional()
}

pub async fn find_for_update(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Project>> {
    projects::table
        .find(id)
        .select(Project::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

pub async fn lines(conn: &mut Conn, project_id: Uuid) -> QueryResult<Vec<BudgetLine>> {
    project_budget_lines::table
        .filter(project_budget_lines::project_id.eq(project_id))
        .order(project_budget_lines::position)
        .select(BudgetLine::as_select())
        .load(conn)
        .await
}

/// Changes the status only if the project is still in `from`.
pub async fn change(
    conn: &mut Conn,
    id: Uuid,
    from: ProjectStatus,
    c: &ProjectChange<'_>,
) -> QueryResult<Option<Project>> {
    diesel::update(projects::table.find(id).filter(projects::status.eq(from)))
        .set(c)
        .returning(Project::as_returning())
        .get_result(conn)
        .await
        .optional()
}

/// Adds a pledge's amount while the project is open, before its deadline, and the pledges stay
/// within the target. `None` when any of that fails.
pub async fn add_pledged(
    conn: &mut Conn,
    id: Uuid,
    amount: i64,
    now: DateTime<Utc>,
) -> QueryResult<Option<Project>> {
    diesel::update(
        projects::table
            .find(id)
            .filter(projects::status.eq(ProjectStatus::Open))
            .filter(projects::deadline.gt(now))
            .filter((projects::pledged_fen + amount).le(projects::target_fen)),
    )
    .set((
        projects::pledged_fen.eq(projects::pledged_fen + amount),
        projects::updated_at.eq(now),
    ))
    .returning(Project::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Gives back a lapsed pledge's amount (any status: a closed project's pledges lapse too).
pub async fn release_pledged(
    conn: &mut Conn,
    id: Uuid,
    amount: i64,
    now: DateTime<Utc>,
) -> QueryResult<Option<Project>> {
    diesel::update(
        projects::table
            .find(id)
            .filter(projects::pledged_fen.ge(amount)),
    )
    .set((
        projects::pledged_fen.eq(projects::pledged_fen - amount),
        projects::updated_at.eq(now),
    ))
    .returning(Project::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Adds money received while the project is open (never more than pledged).
pub async fn add_received(
    conn: &mut Conn,
    id: Uuid,
    amount: i64,
    now: DateTime<Utc>,
) -> QueryResult<Option<Project>> {
    diesel::update(
        projects::table
            .find(id)
            .filter(projects::status.eq(ProjectStatus::Open))
            .filter((projects::received_fen + amount).le(projects::pledged_fen)),
    )
    .set((
        projects::received_fen.eq(projects::received_fen + amount),
        projects::updated_at.eq(now),
    ))
    .returning(Project::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Adds spending while the project is open, never beyond what was received and not refunded: the
/// one statement that keeps parallel spending from overdrawing.
pub async fn add_spent(
    conn: &mut Conn,
    id: Uuid,
    amount: i64,
    now: DateTime<Utc>,
) -> QueryResult<Option<Project>> {
    diesel::update(
        projects::table
            .find(id)
            .filter(projects::status.eq(ProjectStatus::Open))
            .filter(
                (projects::spent_fen + projects::refunded_fen + amount).le(projects::received_fen),
            ),
    )
    .set((
        projects::spent_fen.eq(projects::spent_fen + amount),
        projects::updated_at.eq(now),
    ))
    .returning(Project::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Adds a refund while the project is failed or cancelled, never beyond the balance; the refund
/// that brings the balance to zero settles the project.
pub async fn add_refunded(
    conn: &mut Conn,
    id: Uuid,
    amount: i64,
    now: DateTime<Utc>,
) -> QueryResult<Option<Project>> {
    let settled = diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>>(
        "CASE WHEN spent_fen + refunded_fen + ",
    )
    .bind::<diesel::sql_types::BigInt, _>(amount)
    .sql(" = received_fen THEN ")
    .bind::<diesel::sql_types::Timestamptz, _>(now)
    .sql(" ELSE NULL END");
    diesel::update(
        projects::table
            .find(id)
            .filter(projects::status.eq_any(ProjectStatus::REFUNDING))
            .filter(
                (projects::spent_fen + projects::refunded_fen + amount).le(projects::received_fen),
            ),
    )
    .set((
        projects::refunded_fen.eq(projects::refunded_fen + amount),
        projects::settled_at.eq(settled),
        projects::updated_at.eq(now),
    ))
    .returning(Project::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Adds spending to a budget line of the project, never beyond the line's amount.
pub async fn add_line_spent(
    conn: &mut Conn,
    project_id: Uuid,
    line_id: Uuid,
    amount: i64,
) -> QueryResult<Option<BudgetLine>> {
    diesel::update(
        project_budget_lines::table
            .find(line_id)
            .filter(project_budget_lines::project_id.eq(project_id))
            .filter(
                (project_budget_lines::spent_fen + amount).le(project_budget_lines::amount_fen),
            ),
    )
    .set(project_budget_lines::spent_fen.eq(project_budget_lines::spent_fen + amount))
    .returning(BudgetLine::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Open projects past their deadline short of their target, oldest deadline first, locked
/// (skipping those another worker holds, and those in `skipping`).
pub async fn due_to_fail(
    conn: &mut Conn,
    now: DateTime<Utc>,
    limit: i64,
    skipping: &[Uuid],
) -> QueryResult<Vec<Project>> {
    projects::table
        .filter(projects::status.eq(ProjectStatus::Open))
        .filter(projects::id.ne_all(skipping.to_vec()))
        .filter(projects::deadline.le(now))
        .filter(projects::received_fen.lt(projects::target_fen))
        .order((projects::deadline, projects::id))
        .limit(limit)
        .select(Project::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}
