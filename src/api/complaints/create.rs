//! `POST /api/v1/complaints`: any signed-in user complains about a need or a pledge it can see.

use super::ComplaintView;
use crate::api::extract::Body;
use crate::api::{actor, idempotency, needs as need_api, pledges as pledge_api};
use crate::auth::AuthUser;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;
use crate::store::audit;
use crate::store::complaints::{self, NewComplaint};
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateComplaintRequest {
    /// `need` or `pledge`.
    pub subject_type: String,
    pub subject_id: Uuid,
    /// What is wrong (5–2,000 characters).
    pub body: String,
}

#[utoipa::path(
    post, path = "/api/v1/complaints", tag = "complaints",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "A UUID; a replay returns the stored response")),
    request_body = CreateComplaintRequest,
    responses(
        (status = 201, description = "Filed", body = ComplaintView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 404, description = "No such need or pledge for you", body = crate::error::Problem),
    )
)]
pub async fn create_complaint(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    body: Body<CreateComplaintRequest>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    idempotency::run(&state, &auth, &req, &raw, false, async |conn: &mut Conn| {
        create(conn, &auth, input).await
    })
    .await
}

async fn create(
    conn: &mut Conn,
    auth: &AuthUser,
    input: CreateComplaintRequest,
) -> ApiResult<(StatusCode, Value)> {
    let mut errors = Vec::new();
    if !matches!(input.subject_type.as_str(), "need" | "pledge") {
        errors.push(FieldError::new(
            "subject_type",
            "invalid_subject_type",
            "`need` or `pledge`",
        ));
    }
    let body = text::bounded(&input.body, 5, 2000)
        .map_err(|(c, m)| errors.push(FieldError::new("body", c, m)))
        .ok();
    let (Some(body), true) = (body, errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    let actor = actor::load(conn, Some(auth)).await?;
    let region = if input.subject_type == "need" {
        need_api::load_visible(conn, &actor, input.subject_id, false)
            .await?
            .0
            .region_code
    } else {
        pledge_api::load_visible(conn, &actor, input.subject_id, false)
            .await?
            .0
            .region_code
    };
    let complaint = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let c = complaints::insert(
                conn,
                &NewComplaint {
                    id: Uuid::new_v4(),
                    subject_type: &input.subject_type,
                    subject_id: input.subject_id,
                    region_code: &region,
                    complainant_id: auth.id,
                    body: &body,
                    created_at: Utc::now(),
                },
            )
            .await?;
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::of_code(&c.region_code),
                    actor_id: Some(auth.id),
                    action: "complaint.filed",
                    subject_type: "complaint",
                    subject_id: c.id,
                    details: json!({ "about": c.subject_type, "subject_id": c.subject_id, "role": auth.role.as_str() }),
                },
            )
            .await?;
            Ok(c)
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        serde_json::to_value(ComplaintView::from(complaint)).map_err(ApiError::internal)?,
    ))
}
