//! Stories of help (扶贫展示): the rows, their conditional changes, and the lists (public by region,
//! a need's, a household's, a writer's, a reviewer's queue).

use super::Conn;
use crate::domain::story::{StoryStatus, StorySubject};
use crate::schema::stories;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = stories)]
pub struct Story {
    pub id: Uuid,
    pub subject_type: StorySubject,
    pub subject_id: Uuid,
    pub household_id: Uuid,
    pub region_code: String,
    pub need_id: Option<Uuid>,
    pub written_by: Uuid,
    pub title: String,
    pub body: String,
    pub status: StoryStatus,
    pub consent_at: Option<DateTime<Utc>>,
    pub consent_by: Option<Uuid>,
    pub consent_spoken: Option<bool>,
    pub consent_note: Option<String>,
    pub faces_allowed: bool,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<Uuid>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub rejection_reason: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = stories)]
pub struct NewStory<'a> {
    pub id: Uuid,
    pub subject_type: StorySubject,
    pub subject_id: Uuid,
    pub household_id: Uuid,
    pub region_code: &'a str,
    pub need_id: Option<Uuid>,
    pub written_by: Uuid,
    pub title: &'a str,
    pub body: &'a str,
    pub status: StoryStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The columns a change writes; unset ones stay as they are.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = stories)]
pub struct StoryChange<'a> {
    pub title: Option<&'a str>,
    pub body: Option<&'a str>,
    pub status: Option<StoryStatus>,
    pub consent_at: Option<Option<DateTime<Utc>>>,
    pub consent_by: Option<Option<Uuid>>,
    pub consent_spoken: Option<Option<bool>>,
    pub consent_note: Option<Option<&'a str>>,
    pub faces_allowed: Option<bool>,
    pub submitted_at: Option<Option<DateTime<Utc>>>,
    pub reviewed_by: Option<Option<Uuid>>,
    pub reviewed_at: Option<Option<DateTime<Utc>>>,
    pub rejection_reason: Option<Option<&'a str>>,
    pub published_at: Option<Option<DateTime<Utc>>>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl StoryChange<'_> {
    /// An edit withdraws the household's consent: it consented to the story as it stood.
    pub fn without_consent(mut self) -> Self {
        self.consent_at = Some(None);
        self.consent_by = Some(None);
        self.consent_spoken = Some(None);
        self.consent_note = Some(None);
        self.faces_allowed = Some(false);
        self
    }
}

pub async fn insert(conn: &mut Conn, new: &NewStory<'_>) -> QueryResult<Story> {
    diesel::insert_into(stories::table)
        .values(new)
        .returning(Story::as_returning())
        .get_result(conn)
        .await
}

pub async fn find(conn: &mut Conn, id: Uuid, for_update: bool) -> QueryResult<Option<Story>> {
    let q = stories::table.find(id).select(Story::as_select());
    if for_update {
        q.for_update().first(conn).await.optional()
    } else {
        q.first(conn).await.optional()
    }
}

/// Changes a story only while it is in one of `from`; `None` when another change came first.
pub async fn change(
    conn: &mut Conn,
    id: Uuid,
    from: &[StoryStatus],
    change: &StoryChange<'_>,
) -> QueryResult<Option<Story>> {
    diesel::update(
        stories::table
            .filter(stories::id.eq(id))
            .filter(stories::status.eq_any(from.to_vec())),
    )
    .set(change)
    .returning(Story::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Which stories a list shows.
pub enum Scope<'a> {
    /// Published, in a region's subtree (a `LIKE` prefix pattern), newest first.
    Published { region_like: &'a str },
    /// Published, about one need, newest first.
    OfNeed(Uuid),
    /// Every story of one household, newest first.
    OfHousehold(Uuid),
    /// The stories one official wrote that it still sees, newest first: in its jurisdiction (a `LIKE`
    /// pattern) or published (`domain::story::access`).
    WrittenBy { writer: Uuid, region_like: &'a str },
    /// Waiting for review in a jurisdiction (a `LIKE` pattern), not written by `reviewer`, oldest
    /// first.
    Queue {
        region_like: &'a str,
        reviewer: Uuid,
    },
}

/// One page of a list and its total.
pub async fn list(
    conn: &mut Conn,
    scope: Scope<'_>,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Story>, i64)> {
    let filtered = || {
        let q = stories::table.into_boxed();
        match &scope {
            Scope::Published { region_like } => q
                .filter(stories::status.eq(StoryStatus::Published))
                .filter(stories::region_code.like(region_like.to_string())),
            Scope::OfNeed(id) => q
                .filter(stories::status.eq(StoryStatus::Published))
                .filter(stories::need_id.eq(*id)),
            Scope::OfHousehold(id) => q.filter(stories::household_id.eq(*id)),
            Scope::WrittenBy {
                writer,
                region_like,
            } => q.filter(stories::written_by.eq(*writer)).filter(
                stories::status
                    .eq(StoryStatus::Published)
                    .or(stories::region_code.like(region_like.to_string())),
            ),
            Scope::Queue {
                region_like,
                reviewer,
            } => q
                .filter(stories::status.eq(StoryStatus::InReview))
                .filter(stories::region_code.like(region_like.to_string()))
                .filter(stories::written_by.ne(*reviewer)),
        }
    };
    let total = filtered().count().get_result(conn).await?;
    let q = filtered().select(Story::as_select());
    let q = match scope {
        Scope::Published { .. } | Scope::OfNeed(_) => {
            q.order((stories::published_at.desc(), stories::id.asc()))
        }
        Scope::Queue { .. } => q.order((stories::submitted_at.asc(), stories::id.asc())),
        _ => q.order((stories::created_at.desc(), stories::id.asc())),
    };
    let rows = q.offset(offset).limit(limit).load(conn).await?;
    Ok((rows, total))
}
