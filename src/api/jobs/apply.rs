//! `POST /api/v1/jobs/{id}/applications`: a household applies for itself, or an official for a
//! household of its jurisdiction (`household_id`). An application names no one: an age band,
//! skills and a note. An `Idempotency-Key` is honoured; the key keeps only the application's id
//! (the answer shows the household's phone to its own side), and a replay renders it afresh.

use crate::api::applications::views::{view, ApplicationView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::employment::application::ApplicationParty;
use crate::domain::employment::application_fields::application_from;
use crate::error::{ApiError, ApiResult};
use crate::service::job_applications;
use crate::state::AppState;
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplyRequest {
    /// Officials only (a household's own account may leave it out): the household of their
    /// jurisdiction they apply for.
    pub household_id: Option<Uuid>,
    /// `16_24`, `25_34`, `35_44`, `45_54` or `55_64`: never a name or a birth date.
    pub age_band: Option<String>,
    /// Up to 8 skills from the one list, no repeats.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Up to 500 characters for the employer; no phone or ID numbers.
    pub note: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/jobs/{id}/applications", tag = "jobs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header, description = "Optional: a UUID; a replay returns the application afresh")),
    request_body = ApplyRequest,
    responses(
        (status = 201, description = "Applied", body = ApplicationView),
        (status = 400, description = "Invalid fields, every violation at once", body = crate::error::Problem),
        (status = 403, description = "Not a household nor an official; unverified email", body = crate::error::Problem),
        (status = 404, description = "No such job", body = crate::error::Problem),
        (status = 409, description = "`job_not_open`; `no_able_member`: the household's members able to work all hold an application or a job", body = crate::error::Problem),
    )
)]
pub async fn apply_for_job(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: Body<ApplyRequest>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    let job_id = *id;
    idempotency::run_by_reference(
        &state,
        &auth,
        &req,
        &raw,
        false,
        replay,
        async |conn: &mut Conn| {
            let actor = actor::load(conn, Some(&auth)).await?;
            job_applications::ensure_may_apply(&actor)?;
            let mut errors = Vec::new();
            let content = application_from(
                input.age_band.as_deref(),
                &input.skills,
                input.note.as_deref(),
                &mut errors,
            );
            let Some(content) = content.filter(|_| errors.is_empty()) else {
                return Err(ApiError::validation(errors));
            };
            let a =
                job_applications::apply(conn, &auth, &actor, job_id, input.household_id, &content)
                    .await?;
            let (a, job, party) = job_applications::load_visible(conn, &actor, a.id, false).await?;
            debug_assert_eq!(party, ApplicationParty::Household);
            let v = view(conn, a, &job, party).await?;
            Ok((
                StatusCode::CREATED,
                serde_json::to_value(v).map_err(ApiError::internal)?,
            ))
        },
    )
    .await
}

fn replay<'c>(
    conn: &'c mut Conn,
    auth: &'c AuthUser,
    id: Uuid,
) -> futures_util::future::BoxFuture<'c, ApiResult<Value>> {
    Box::pin(async move {
        let actor = actor::load(conn, Some(auth)).await?;
        let (a, job, party) = job_applications::load_visible(conn, &actor, id, false).await?;
        serde_json::to_value(view(conn, a, &job, party).await?).map_err(ApiError::internal)
    })
}
