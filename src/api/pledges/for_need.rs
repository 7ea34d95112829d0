//! `GET /api/v1/needs/{id}/pledges`: the public summary of a need's pledges — who (an organization's
//! name or a masked individual), how much, the state, and the household's thanks.

use super::views::PledgeSummary;
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::api::needs::load_visible as load_need;
use crate::auth::MaybeAuthUser;
use crate::domain::text::mask_name;
use crate::error::ApiResult;
use crate::schema::{organizations, pledges, users};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

type Row = (
    Uuid,
    i32,
    String,
    String,
    Option<i16>,
    Option<String>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    String,
    Option<String>,
    Option<DateTime<Utc>>,
);

#[utoipa::path(
    get, path = "/api/v1/needs/{id}/pledges", tag = "pledges",
    params(("id" = Uuid, Path), PageQuery),
    responses(
        (status = 200, description = "Active and confirmed pledges, newest first", body = Paginated<PledgeSummary>),
        (status = 404, description = "No such need for you", body = crate::error::Problem),
    )
)]
pub async fn need_pledges(
    state: web::Data<AppState>,
    auth: MaybeAuthUser,
    id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, auth.0.as_ref()).await?;
    let (need, _) = load_need(&mut conn, &actor, *id, false).await?;
    let active = ["pending_approval", "approved", "delivered", "confirmed"];
    let total: i64 = pledges::table
        .filter(pledges::need_id.eq(need.id))
        .filter(pledges::status.eq_any(active))
        .count()
        .get_result(&mut conn)
        .await?;
    let rows: Vec<Row> = pledges::table
        .inner_join(users::table.on(users::id.eq(pledges::supporter_id)))
        .left_join(organizations::table.on(organizations::id.nullable().eq(users::organization_id)))
        .filter(pledges::need_id.eq(need.id))
        .filter(pledges::status.eq_any(active))
        .order((pledges::created_at.desc(), pledges::id))
        .offset(page.offset())
        .limit(page.limit())
        .select((
            pledges::id,
            pledges::quantity,
            pledges::status,
            pledges::message,
            pledges::rating,
            pledges::thanks,
            pledges::created_at,
            pledges::confirmed_at,
            users::display_name,
            organizations::name.nullable(),
            organizations::verified_at.nullable(),
        ))
        .load(&mut conn)
        .await?;
    let items = rows
        .into_iter()
        .map(
            |(
                id,
                quantity,
                status,
                message,
                rating,
                thanks,
                created_at,
                confirmed_at,
                display,
                org,
                verified,
            )| PledgeSummary {
                id,
                quantity,
                status,
                supporter: org.clone().unwrap_or_else(|| mask_name(&display)),
                verified_organization: org.is_some() && verified.is_some(),
                message,
                rating,
                thanks,
                created_at,
                confirmed_at,
            },
        )
        .collect();
    Ok(HttpResponse::Ok().json(Paginated {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
