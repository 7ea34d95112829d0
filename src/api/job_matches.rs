//! `GET /api/v1/jobs/{id}/matches`: the households in reach of a job, ranked, for the job's employer
//! and for officials whose jurisdiction covers its place of work; 404 for anyone else. No name,
//! phone or ID number: a masked label, the village, the members free to work, their skills and how
//! far they would go. Officials also get the household's id for the households they cover, so they
//! can apply on its behalf.

use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::employment::matching::{score, Distance, MatchFacts, MatchReason};
use crate::domain::employment::{JobStatus, Skill, Travel};
use crate::domain::{household_label, RegionCode};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::{job_matches, regions};
use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A household in reach of the job.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobMatchView {
    /// `某户 · 7F3A`: stable per household, identifies no one.
    pub household_label: String,
    /// Officials whose jurisdiction covers the household only; absent for the employer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub household_id: Option<Uuid>,
    /// The household's village.
    pub region_code: String,
    /// Its names, province first.
    pub region_path: String,
    /// Members able to work and not hired already.
    pub free_members: i64,
    pub skills: Vec<Skill>,
    pub willing_to_travel: Option<Travel>,
    /// 0–100.
    pub score: f64,
    pub reasons: Vec<MatchReason>,
}

#[utoipa::path(
    get, path = "/api/v1/jobs/{id}/matches", tag = "jobs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), PageQuery),
    responses(
        (status = 200, description = "Households in reach, best first, without personal data", body = Paginated<JobMatchView>),
        (status = 404, description = "No such job for you (its employer and officials covering its place of work only)", body = crate::error::Problem),
    )
)]
pub async fn job_matches(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let job = job_matches::job(&mut conn, *id)
        .await?
        .filter(|j| {
            j.employer_id == auth.id
                || actor.is_official_for(&RegionCode::from_trusted(j.region_code.clone()))
        })
        .ok_or_else(|| ApiError::not_found("job"))?;
    if job.status != JobStatus::Open {
        // Nobody is hired into a filled or closed job: no one to invite.
        return Err(ApiError::new(
            ErrorCode::JobNotOpen,
            "the job is filled or closed: no matches",
        ));
    }
    let job_skills: Vec<Skill> = job
        .skills
        .iter()
        .flatten()
        .filter_map(|s| Skill::parse(s))
        .collect();
    let (rows, total) =
        job_matches::page(&mut conn, &job, &job_skills, page.offset(), page.limit()).await?;
    let map = regions::ancestry_map(&mut conn, rows.iter().map(|r| r.region_code.as_str())).await?;
    let items = rows
        .into_iter()
        .map(|r| {
            let skills: Vec<Skill> = r.skills.iter().filter_map(|s| Skill::parse(s)).collect();
            let village = RegionCode::from_trusted(r.region_code.clone());
            let (points, reasons) = score(&MatchFacts {
                job_skills: &job_skills,
                household_skills: &skills,
                distance: Distance::between(&job.region_code, &r.region_code),
                free_members: r.free_members,
            });
            JobMatchView {
                household_label: household_label(r.household_id),
                household_id: actor.is_official_for(&village).then_some(r.household_id),
                region_path: regions::path_name(&map, &r.region_code),
                region_code: r.region_code,
                free_members: r.free_members,
                skills,
                willing_to_travel: Travel::parse(&r.willing_to_travel),
                score: points,
                reasons,
            }
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(Paginated {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        }))
}
