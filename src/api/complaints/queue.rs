//! `GET /api/v1/review/complaints`: the open complaints an official handles, oldest first.

use super::ComplaintView;
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::access::{can_handle_complaint, Actor};
use crate::domain::two_people::Decision;
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::{complaints, deciders};
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/review/complaints", tag = "complaints",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "Open complaints the caller handles, oldest first", body = Paginated<ComplaintView>),
        (status = 403, description = "Not an official", body = crate::error::Problem),
    )
)]
pub async fn complaint_queue(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let Actor::Official { jurisdiction, .. } = &actor else {
        return Err(ApiError::forbidden("complaints are handled by officials"));
    };
    // Candidates in the jurisdiction, then the escalation rule decides which this official handles.
    let mut mine = complaints::open_in(&mut conn, &jurisdiction.like_pattern()).await?;
    mine.retain(|c| {
        can_handle_complaint(
            &actor,
            &RegionCode::from_trusted(c.region_code.clone()),
            c.escalation_level,
        )
    });
    // Nor a complaint about the official's own decision: another official answers that one.
    let mut offered = Vec::with_capacity(mine.len());
    for c in mine {
        let deciders = deciders::of_subject(&mut conn, &c.subject_type, c.subject_id).await?;
        if (Decision::AnswerComplaint {
            decided_by: &deciders,
        })
        .allows(auth.id)
        {
            offered.push(c);
        }
    }
    let mine = offered;
    let total = mine.len() as i64;
    let items = mine
        .into_iter()
        .skip(page.offset() as usize)
        .take(page.limit() as usize)
        .map(ComplaintView::from)
        .collect();
    Ok(HttpResponse::Ok().json(Paginated {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
