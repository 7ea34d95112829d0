//! Projects as lists see them (a read model in PostgreSQL): `GET /projects/search` over approved
//! projects (title words, region prefix, status, three orders) and `GET /me/projects` for the
//! village's officials and the host. The search engine may index projects later; until then
//! this is the one query.

use super::projects::Project;
use super::Conn;
use crate::domain::crowdfunding::{ProjectSort, ProjectStatus};
use crate::schema::projects;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

/// What a public search asks for.
#[derive(Debug, Clone, Default)]
pub struct ProjectQuery {
    /// Words that must all appear in the title (case-insensitive).
    pub words: Vec<String>,
    /// A region code prefix (a region and everything under it).
    pub region_prefix: Option<String>,
    pub status: Option<ProjectStatus>,
    pub sort: Option<ProjectSort>,
}

/// `%`, `_` and `\` taken literally in a LIKE pattern.
fn like_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn filtered<'a>(q: &'a ProjectQuery) -> projects::BoxedQuery<'a, Pg> {
    let mut query = projects::table
        .filter(projects::approved_at.is_not_null())
        .into_boxed();
    for w in &q.words {
        query = query.filter(projects::title.ilike(format!("%{}%", like_literal(w))));
    }
    if let Some(r) = &q.region_prefix {
        query = query.filter(projects::region_code.like(format!("{}%", like_literal(r))));
    }
    if let Some(s) = q.status {
        query = query.filter(projects::status.eq(s));
    }
    query
}

/// Approved projects matching `q`, one page, with the total.
pub async fn search(
    conn: &mut Conn,
    q: &ProjectQuery,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Project>, i64)> {
    let total = filtered(q).count().get_result(conn).await?;
    let query = filtered(q);
    let query = match q.sort.unwrap_or(ProjectSort::Newest) {
        ProjectSort::Newest => query.order((projects::approved_at.desc(), projects::id)),
        ProjectSort::Deadline => query.order((projects::deadline.asc(), projects::id)),
        ProjectSort::Progress => query.order((
            diesel::dsl::sql::<diesel::sql_types::Double>(
                "received_fen::float8 / target_fen::float8",
            )
            .desc(),
            projects::id,
        )),
    };
    let rows = query
        .offset(offset)
        .limit(limit)
        .select(Project::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Whose projects `GET /me/projects` lists.
#[derive(Debug, Clone)]
pub enum Mine {
    /// An official: every project in its jurisdiction (a region code prefix).
    Jurisdiction(String),
    /// A user of an organization: the projects it hosts.
    Host(Uuid),
}

fn mine_query(who: &Mine) -> projects::BoxedQuery<'_, Pg> {
    match who {
        Mine::Jurisdiction(prefix) => projects::table
            .filter(projects::region_code.like(format!("{}%", like_literal(prefix))))
            .into_boxed(),
        Mine::Host(org) => projects::table
            .filter(projects::host_organization_id.eq(*org))
            .into_boxed(),
    }
}

/// Projects of every status for an official or a host, newest first, with the total.
pub async fn mine(
    conn: &mut Conn,
    who: &Mine,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Project>, i64)> {
    let total = mine_query(who).count().get_result(conn).await?;
    let rows = mine_query(who)
        .order((projects::created_at.desc(), projects::id))
        .offset(offset)
        .limit(limit)
        .select(Project::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}
