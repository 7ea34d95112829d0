//! A story's photos: the rows naming their media keys and whether each shows a face.

use super::Conn;
use crate::domain::story::StoryStatus;
use crate::schema::{stories, story_photos};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = story_photos)]
pub struct StoryPhoto {
    pub id: Uuid,
    pub story_id: Uuid,
    pub position: i32,
    pub display_key: String,
    pub thumb_key: String,
    pub width: i32,
    pub height: i32,
    pub sha256: String,
    pub shows_face: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = story_photos)]
pub struct NewStoryPhoto<'a> {
    pub id: Uuid,
    pub story_id: Uuid,
    pub position: i32,
    pub display_key: &'a str,
    pub thumb_key: &'a str,
    pub width: i32,
    pub height: i32,
    pub sha256: &'a str,
    pub shows_face: bool,
    pub created_at: DateTime<Utc>,
}

pub async fn insert(conn: &mut Conn, new: &NewStoryPhoto<'_>) -> QueryResult<StoryPhoto> {
    diesel::insert_into(story_photos::table)
        .values(new)
        .returning(StoryPhoto::as_returning())
        .get_result(conn)
        .await
}

/// How many photos a story has, how many show a face, and the position the next one takes.
pub async fn counts(conn: &mut Conn, story_id: Uuid) -> QueryResult<(i64, i64, i32)> {
    let rows: Vec<(bool, i32)> = story_photos::table
        .filter(story_photos::story_id.eq(story_id))
        .select((story_photos::shows_face, story_photos::position))
        .load(conn)
        .await?;
    let faces = rows.iter().filter(|r| r.0).count();
    let next = rows
        .iter()
        .map(|r| r.1)
        .max()
        .map_or(0, |m| m.saturating_add(1));
    Ok((rows.len() as i64, faces as i64, next))
}

/// The photos of these stories, each story's in order.
pub async fn of_stories(
    conn: &mut Conn,
    story_ids: &[Uuid],
) -> QueryResult<HashMap<Uuid, Vec<StoryPhoto>>> {
    let rows: Vec<StoryPhoto> = story_photos::table
        .filter(story_photos::story_id.eq_any(story_ids))
        .order((story_photos::story_id, story_photos::position.asc()))
        .select(StoryPhoto::as_select())
        .load(conn)
        .await?;
    let mut out: HashMap<Uuid, Vec<StoryPhoto>> = HashMap::new();
    for r in rows {
        out.entry(r.story_id).or_default().push(r);
    }
    Ok(out)
}

/// One photo of one story.
pub async fn find(conn: &mut Conn, story_id: Uuid, id: Uuid) -> QueryResult<Option<StoryPhoto>> {
    story_photos::table
        .filter(story_photos::id.eq(id))
        .filter(story_photos::story_id.eq(story_id))
        .select(StoryPhoto::as_select())
        .first(conn)
        .await
        .optional()
}

/// A photo by id with what decides whether the public sees it: its story's status, whether it
/// shows a face, and whether the household allowed faces.
pub async fn visibility(
    conn: &mut Conn,
    id: Uuid,
) -> QueryResult<Option<(StoryStatus, bool, bool)>> {
    story_photos::table
        .inner_join(stories::table)
        .filter(story_photos::id.eq(id))
        .select((
            stories::status,
            story_photos::shows_face,
            stories::faces_allowed,
        ))
        .first(conn)
        .await
        .optional()
}

/// Removes one photo of one story; whether it was there.
pub async fn delete(conn: &mut Conn, story_id: Uuid, id: Uuid) -> QueryResult<bool> {
    diesel::delete(
        story_photos::table
            .filter(story_photos::id.eq(id))
            .filter(story_photos::story_id.eq(story_id)),
    )
    .execute(conn)
    .await
    .map(|n| n > 0)
}

/// The ids of a story's photos.
pub async fn ids_of(conn: &mut Conn, story_id: Uuid) -> QueryResult<Vec<Uuid>> {
    story_photos::table
        .filter(story_photos::story_id.eq(story_id))
        .select(story_photos::id)
        .load(conn)
        .await
}

/// Marks these photos of a story as showing a face (a mark is never taken back here: a photo
/// either the writer or the reviewer marked shows a face); how many rows changed.
pub async fn mark_faces(conn: &mut Conn, story_id: Uuid, ids: &[Uuid]) -> QueryResult<usize> {
    diesel::update(
        story_photos::table
            .filter(story_photos::story_id.eq(story_id))
            .filter(story_photos::id.eq_any(ids))
            .filter(story_photos::shows_face.eq(false)),
    )
    .set(story_photos::shows_face.eq(true))
    .execute(conn)
    .await
}
